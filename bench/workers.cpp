// Claim throughput of many workers on one grid study: WORKERS processes (this program, in
// claimer mode) released at the same instant claim every point of a grid through
// claimNextTrial, the code StudyRunner uses, and finish each trial at once, so that what is
// measured is the claiming, not trial programs.
//
//   bench_workers [--workers 8] [--points 1000] [--runs 5] [--postgres URL]
//
// Prints trials claimed per second for each run and the median, on SQLite (a fresh file per
// run) and, with --postgres (or TUNESCOPE_TEST_POSTGRES_URL), on PostgreSQL (a study per run).
// Each run also checks that every point was claimed exactly once.

#include "execution/trialclaim.h"
#include "samplers/sampler.h"
#include "space/studyspec.h"
#include "storage/storage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cmath>

using namespace tunescope;

namespace {

QByteArray gridSpec(const QString &name, int points)
{
    // Two parameters whose grid has at least `points` points; the budget cuts the rest.
    const int side = int(std::ceil(std::sqrt(double(points))));
    QStringList values;
    for (int i = 0; i < side; ++i)
        values << QString::number(i);
    return QStringLiteral("name: %1\nprogram: sh\nmethod: grid\nrun_cap: %2\nmetric: {name: loss}\n"
                          "parameters:\n  a: {values: [%3]}\n  b: {values: [%3]}\n")
        .arg(name)
        .arg(points)
        .arg(values.join(QStringLiteral(", ")))
        .toUtf8();
}

/// Claimer mode: waits for the gate file, then claims and finishes until the grid is done.
int claim(const QString &location, const QString &study, const QString &gate)
{
    QString error;
    auto storage = Storage::open(location, &error);
    if (!storage) {
        QTextStream(stderr) << error << Qt::endl;
        return 1;
    }
    const auto record = storage->findStudy(study);
    const SpecLoadResult loaded = record ? parseStudySpec(record->specYaml, study) : SpecLoadResult{};
    auto sampler = loaded.spec ? createSampler(*loaded.spec, &error) : nullptr;
    if (!sampler) {
        QTextStream(stderr) << "no study or sampler: " << error << Qt::endl;
        return 1;
    }
    while (!QFile::exists(gate))
        QThread::usleep(500);
    ClaimRequest request;
    request.budget = loaded.spec->runCap;
    for (;;) {
        const ClaimOutcome outcome = claimNextTrial(*storage, record->id, *sampler, request, [&](bool) {
            return storage->trials(record->id);
        });
        if (outcome.kind == ClaimOutcome::Kind::Failed) {
            QTextStream(stderr) << outcome.error << Qt::endl;
            return 1;
        }
        if (outcome.kind != ClaimOutcome::Kind::Claimed)
            return 0;
        if (!storage->finishTrial(outcome.trial->id, TrialState::Complete, 0.0, 0, QString())) {
            QTextStream(stderr) << storage->lastError() << Qt::endl;
            return 1;
        }
    }
}

/// One run: trials per second, or a negative number when something went wrong.
double run(const QString &location, const QString &study, int workers, int points, const QString &gateDir)
{
    QString error;
    auto storage = Storage::open(location, &error);
    if (!storage) {
        QTextStream(stderr) << error << Qt::endl;
        return -1;
    }
    const QByteArray yaml = gridSpec(study, points);
    StudyRecord record;
    record.name = study;
    record.method = QStringLiteral("grid");
    record.metricName = QStringLiteral("loss");
    record.specYaml = yaml;
    const auto created = storage->createStudy(record);
    if (!created) {
        QTextStream(stderr) << storage->lastError() << Qt::endl;
        return -1;
    }
    const QString gate = gateDir + QStringLiteral("/go-") + study;
    QList<QProcess *> procs;
    for (int i = 0; i < workers; ++i) {
        auto *p = new QProcess;
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QCoreApplication::applicationFilePath(), {"--claimer", location, study, gate});
        procs << p;
    }
    for (QProcess *p : procs)
        p->waitForStarted();
    QThread::msleep(300); // every claimer has opened the database and waits at the gate
    QElapsedTimer timer;
    timer.start();
    QFile(gate).open(QIODevice::WriteOnly);
    bool ok = true;
    for (QProcess *p : procs) {
        ok = p->waitForFinished(600000) && p->exitCode() == 0 && ok;
        delete p;
    }
    const double seconds = timer.nsecsElapsed() / 1e9;
    const QList<Trial> trials = storage->trials(created->id).value_or(QList<Trial>{});
    QSet<qint64> held;
    for (const Trial &t : trials) {
        if (t.gridIndex)
            held.insert(*t.gridIndex);
    }
    if (!ok || trials.size() != points || held.size() != points) {
        QTextStream(stderr) << "run failed: " << trials.size() << " trials, " << held.size() << " distinct points" << Qt::endl;
        return -1;
    }
    return points / seconds;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 5 && QByteArray(argv[1]) == "--claimer")
        return claim(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]), QString::fromLocal8Bit(argv[4]));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"workers", "Claiming processes.", "N", "8"});
    parser.addOption({"points", "Grid points (trials) per run.", "N", "1000"});
    parser.addOption({"runs", "Repetitions (median reported).", "R", "5"});
    parser.addOption({"postgres", "PostgreSQL URL (default: $TUNESCOPE_TEST_POSTGRES_URL).", "URL",
                      qEnvironmentVariable("TUNESCOPE_TEST_POSTGRES_URL")});
    parser.process(app);
    const int workers = parser.value("workers").toInt();
    const int points = parser.value("points").toInt();
    const int runs = parser.value("runs").toInt();
    QTemporaryDir dir;
    QTextStream out(stdout);

    QList<QPair<QString, QString>> backends{{QStringLiteral("sqlite"), QString()}};
    if (!parser.value("postgres").isEmpty())
        backends.append({QStringLiteral("postgresql"), parser.value("postgres")});
    for (const auto &[backend, url] : backends) {
        QList<double> rates;
        for (int r = 0; r < runs; ++r) {
            const QString study = QStringLiteral("bench-workers-%1-%2").arg(QCoreApplication::applicationPid()).arg(r);
            const QString location = url.isEmpty() ? dir.filePath(study + QStringLiteral(".db")) : url;
            const double rate = run(location, study, workers, points, dir.path());
            if (rate < 0)
                return 1;
            rates << rate;
            out << QStringLiteral("%1 run %2: %3 trials/s\n").arg(backend).arg(r + 1).arg(rate, 0, 'f', 0);
            out.flush();
        }
        out << QStringLiteral("%1: %2 workers, %3 points: median %4 trials claimed per second\n")
                   .arg(backend)
                   .arg(workers)
                   .arg(points)
                   .arg(median(rates), 0, 'f', 0);
        out.flush();
    }
    return 0;
}
