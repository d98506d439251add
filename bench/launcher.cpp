// Launcher throughput: trials of a program that prints one metric and exits, run through the
// same StudyRunner as `tunescope run`, every trial and value stored in SQLite.
//
//   bench_launcher [--trials N] [--parallel P] [--runs R] [--program PATH]
//
// Prints trials per second for each run and the median. Target (issue 2): >= 200 trials/s for
// 1,000 trials at parallel 4 on a 2-core machine. Then what a trial process leaves behind in the
// vector registers: the CPU of a loop of libm calls after a QProcess, and after one event through
// the filter of clearUpperVectorStateBeforeEachEvent (as tunescope's main thread has).

#include "common/vectorstate.h"
#include "storage/storage.h"
#include "execution/studyrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <memory>

using namespace tunescope;

namespace {

double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// 2,000,000 calls each of exp and log1p, the kind of libm call the samplers and log axes make.
double libmLoopSeconds()
{
    const double start = threadCpuSeconds();
    volatile double sink = 0;
    double sum = 0;
    for (int i = 0; i < 2000000; ++i)
        sum += std::exp(-1e-6 * i) + std::log1p(1e-6 * i);
    sink = sum;
    (void)sink;
    return threadCpuSeconds() - start;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"trials", "Trials per run.", "N", "1000"});
    parser.addOption({"parallel", "Trials at once.", "P", "4"});
    parser.addOption({"runs", "Repetitions (median reported).", "R", "5"});
    parser.addOption({"program", "Trial program (prints loss=...).", "PATH", "/bin/echo"});
    parser.process(app);
    const int trials = parser.value("trials").toInt();
    const int parallel = parser.value("parallel").toInt();
    const int runs = parser.value("runs").toInt();

    const QByteArray specText = "name: launcher\nprogram: " + parser.value("program").toUtf8()
                                + "\ncommand: [\"${program}\", \"loss=${x}\"]\nmethod: random\nmetric: {name: loss}\n"
                                  "parameters: {x: {min: 0.0, max: 1.0}}\n";
    const SpecLoadResult loaded = parseStudySpec(specText, "launcher.yaml");
    if (!loaded.spec) {
        QTextStream(stderr) << loaded.errors.join('\n') << Qt::endl;
        return 1;
    }
    QTextStream out(stdout);
    out << "launcher: " << trials << " trials of '" << parser.value("program") << " loss=X', parallel " << parallel
        << ", SQLite, " << runs << " runs" << Qt::endl;
    QList<double> rates;
    for (int run = 0; run < runs; ++run) {
        QTemporaryDir dir;
        QString error;
        auto storage = Storage::open(dir.filePath("bench.db"), &error);
        StudySpec spec = *loaded.spec;
        spec.workingDirectory = dir.path();
        RunOptions options;
        options.budget = trials;
        options.parallel = parallel;
        StudyRunner runner(spec, storage.get(), options);
        if (!runner.prepare(&error)) {
            QTextStream(stderr) << error << Qt::endl;
            return 1;
        }
        QElapsedTimer clock;
        clock.start();
        QObject::connect(&runner, &StudyRunner::finished, &app, &QCoreApplication::quit);
        runner.start();
        app.exec();
        const double seconds = clock.nsecsElapsed() / 1e9;
        const auto stored = storage->trials(runner.studyId(), true).value_or(QList<Trial>());
        const int complete = int(std::count_if(stored.begin(), stored.end(), [](const Trial &t) {
            return t.state == TrialState::Complete && t.intermediate.value("loss").size() == 1;
        }));
        rates << trials / seconds;
        out << QStringLiteral("  run %1: %2 s, %3 trials/s, %4/%5 complete with their value stored")
                   .arg(run + 1).arg(seconds, 0, 'f', 2).arg(trials / seconds, 0, 'f', 0).arg(complete).arg(trials)
            << Qt::endl;
    }
    std::sort(rates.begin(), rates.end());
    out << QStringLiteral("median: %1 trials/s (%2 ms per trial)").arg(rates[rates.size() / 2], 0, 'f', 0)
               .arg(1000.0 / rates[rates.size() / 2], 0, 'f', 2)
        << Qt::endl;

    QList<double> dirty, clean;
    for (int run = 0; run < runs; ++run) {
        clearUpperVectorState();
        QProcess trial;
        trial.start(QStringLiteral("/bin/true"), {});
        trial.waitForFinished();
        dirty << libmLoopSeconds();
        std::unique_ptr<QObject> filter(clearUpperVectorStateBeforeEachEvent(app));
        QObject target;
        QEvent event(QEvent::User);
        QCoreApplication::sendEvent(&target, &event);
        clean << libmLoopSeconds();
    }
    std::sort(dirty.begin(), dirty.end());
    std::sort(clean.begin(), clean.end());
    const std::optional<bool> known = upperVectorStateDirty();
    out << QStringLiteral("2,000,000 exp and log1p after a trial process: %1 s CPU; after one event through the filter: "
                          "%2 s (medians of %3; this CPU %4 tell the register state)")
               .arg(dirty[dirty.size() / 2], 0, 'f', 3).arg(clean[clean.size() / 2], 0, 'f', 3).arg(runs)
               .arg(known ? QStringLiteral("can") : QStringLiteral("cannot"))
        << Qt::endl;
    return 0;
}
