// Early stopping benchmark: the same study with and without a pruner, several seeds.
// Reports total trial-seconds (compute spent) and the best objective reached.
//
//   bench_pruning [--seeds N] [--trials N] [--trainer PATH]
//
// Study: the bundled spirals trainer (C++/Eigen MLP), random search over lr, hidden units,
// layers, optimizer and activation, 60 epochs. Pruned study: ASHA (min_resource 4, eta 3).
// Target (issue 5): at least 2x less compute for a best value within noise.

#include "storage/storage.h"
#include "execution/studyrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace tunescope;

namespace {

struct Outcome
{
    double trialSeconds = 0;
    double best = 0;
    int pruned = 0;
};

Outcome runStudy(QCoreApplication &app, const QString &trainer, quint64 seed, int trials, bool prune)
{
    QByteArray text = "name: b\nprogram: " + trainer.toUtf8()
                      + "\ncommand: [\"${program}\", \"${args}\"]\nmethod: random\nmetric: {name: val_accuracy, goal: maximize}\n"
                        "parameters:\n"
                        "  lr: {distribution: log_uniform_values, min: 0.001, max: 0.3}\n"
                        "  hidden: {distribution: int_uniform, min: 4, max: 64}\n"
                        "  layers: {values: [1, 2]}\n"
                        "  optimizer: {values: [sgd, momentum, adam]}\n"
                        "  activation: {values: [tanh, relu]}\n"
                        "  epochs: {value: 60}\n"
                        "parallel: 2\n";
    if (prune)
        text += "early_terminate: {type: asha, min_resource: 4, reduction_factor: 3}\n";
    StudySpec spec = *parseStudySpec(text, "bench.yaml").spec;
    spec.seed = seed;
    QTemporaryDir dir;
    spec.workingDirectory = dir.path();
    QString error;
    auto storage = Storage::open(dir.filePath("b.db"), &error);
    RunOptions options;
    options.budget = trials;
    options.killGraceMs = 200;
    StudyRunner runner(spec, storage.get(), options);
    if (!runner.prepare(&error))
        qFatal("%s", qPrintable(error));
    QObject::connect(&runner, &StudyRunner::finished, &app, &QCoreApplication::quit);
    runner.start();
    app.exec();
    Outcome o;
    for (const Trial &t : runner.trials()) {
        o.trialSeconds += t.durationSeconds();
        o.pruned += t.state == TrialState::Pruned;
        if (t.state == TrialState::Complete && t.value)
            o.best = std::max(o.best, *t.value);
    }
    return o;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"seeds", "Seeds (0..N-1).", "N", "5"});
    parser.addOption({"trials", "Trial budget per study.", "N", "40"});
    parser.addOption({"trainer", "The spirals trainer.", "PATH", QCoreApplication::applicationDirPath() + "/../bin/spirals-trainer"});
    parser.process(app);
    const int seeds = parser.value("seeds").toInt();
    const int trials = parser.value("trials").toInt();
    const QString trainer = parser.value("trainer");

    QTextStream out(stdout);
    out << "pruning: spirals trainer, random search, " << trials << " trials, 60 epochs, parallel 2, seeds 0.." << seeds - 1 << Qt::endl;
    out << QStringLiteral("%1 %2 %3 %4 %5 %6").arg("seed", 4).arg("plain s", 9).arg("asha s", 9).arg("plain best", 11)
               .arg("asha best", 10).arg("pruned", 7)
        << Qt::endl;
    QList<double> ratios, plainBest, ashaBest;
    for (int seed = 0; seed < seeds; ++seed) {
        const Outcome plain = runStudy(app, trainer, quint64(seed), trials, false);
        const Outcome asha = runStudy(app, trainer, quint64(seed), trials, true);
        ratios << plain.trialSeconds / asha.trialSeconds;
        plainBest << plain.best;
        ashaBest << asha.best;
        out << QStringLiteral("%1 %2 %3 %4 %5 %6").arg(seed, 4).arg(plain.trialSeconds, 9, 'f', 2).arg(asha.trialSeconds, 9, 'f', 2)
                   .arg(plain.best, 11, 'f', 3).arg(asha.best, 10, 'f', 3).arg(asha.pruned, 7)
            << Qt::endl;
    }
    out << QStringLiteral("median compute ratio (plain / asha): %1x; median best: plain %2, asha %3")
               .arg(median(ratios), 0, 'f', 2).arg(median(plainBest), 0, 'f', 3).arg(median(ashaBest), 0, 'f', 3)
        << Qt::endl;
    return 0;
}
