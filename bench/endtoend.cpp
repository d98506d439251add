// End-to-end benchmark: `tunescope run` on studies of the suite, a process per trial
// (bench_trial evaluates the objective), every trial stored in SQLite; against the seconds
// Optuna's GPSampler takes in-process for the same budget (optuna_reference.py's file).
//
//   bench_endtoend [--functions a,b] [--seeds 3] [--trials 100] [--method bayes]
//                  [--option KEY=VALUE] [--reference FILE] [--tunescope PATH]
//
// For each function it prints the median wall and CPU seconds of a study (CPU: the run and
// its trial processes), the regret of the recommended trial, and where the time goes: the
// sampler (the same suggestions replayed in-process: the sampler is deterministic), launching
// the trial processes (the same number of bench_trial runs, measured alone), and the rest
// (storage, the runner, the metric parser, process start of tunescope itself). First it prints
// the runner's own CPU per trial, measured on random-search studies (no sampler to subtract).

#include "benchfunctions.h"
#include "common/heapreuse.h"
#include "judge.h"
#include "samplers/gp/gpsampler.h"
#include "samplers/sampler.h"
#include "space/studyspec.h"
#include "storage/storage.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QTemporaryDir>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <map>

using namespace tunescope;
using namespace tunescope::bench;

namespace {

double childCpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double median(std::vector<double> v)
{
    return quantile(std::move(v), 0.5);
}

// method_options for every study (--option KEY=VALUE).
QVariantMap gOptions;

StudySpec studySpec(const BenchFunction &fn, const QString &method, quint64 seed, int trials, const QString &trialProgram)
{
    StudySpec spec;
    spec.methodOptions = gOptions;
    spec.name = QStringLiteral("%1-seed%2").arg(fn.name).arg(seed);
    spec.method = method;
    spec.space = fn.space;
    spec.metrics = {MetricSpec{QStringLiteral("value"), Goal::Minimize, false}};
    spec.seed = seed;
    spec.runCap = trials;
    spec.parallel = 1;
    spec.command = {trialProgram, fn.name, QString::number(seed), QStringLiteral("${args}")};
    return spec;
}

struct EndToEnd
{
    double wall = 0.0, cpu = 0.0;
    double samplerCpu = 0.0, fitCpu = 0.0, acquisitionCpu = 0.0;
    Judgement judgement;
    bool ok = false;
};

// The study in-process, with the values the trial program would print: the same suggestions
// as the run (the sampler is a function of the trials and the seed), timed alone.
void replaySampler(const BenchFunction &fn, const StudySpec &spec, EndToEnd &e)
{
    QString error;
    std::unique_ptr<Sampler> sampler = createSampler(spec, &error);
    const auto *gp = dynamic_cast<const GpSampler *>(sampler.get());
    QList<Trial> trials;
    const std::clock_t start = std::clock();
    for (int number = 0; number < spec.runCap; ++number) {
        const std::optional<QVariantMap> p = sampler->suggest(trials, number);
        if (!p)
            break;
        if (gp) {
            e.fitCpu += gp->lastDiagnostics().fitSeconds;
            e.acquisitionCpu += gp->lastDiagnostics().acquisitionSeconds;
        }
        Trial t;
        t.number = number;
        t.state = TrialState::Complete;
        t.params = *p;
        const Objective &o = *fn.objective;
        double v = o.f(objectiveInput(o, *p).data());
        if (o.noise > 0)
            v += o.noise * objectiveNoise(spec.seed, number);
        t.value = v;
        trials.append(t);
    }
    e.samplerCpu = double(std::clock() - start) / CLOCKS_PER_SEC;
}

EndToEnd runOne(const BenchFunction &fn, const QString &method, quint64 seed, int trials, const QString &tunescope,
                const QString &trialProgram)
{
    EndToEnd e;
    QTemporaryDir dir;
    const StudySpec spec = studySpec(fn, method, seed, trials, trialProgram);
    QFile file(dir.filePath(QStringLiteral("study.yaml")));
    if (!file.open(QIODevice::WriteOnly))
        return e;
    file.write(studySpecToYaml(spec));
    file.close();
    const QString db = dir.filePath(QStringLiteral("study.db"));

    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    const double cpu0 = childCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    run.start(tunescope, {QStringLiteral("run"), file.fileName(), QStringLiteral("--db"), db});
    run.waitForFinished(-1);
    e.wall = timer.nsecsElapsed() * 1e-9;
    e.cpu = childCpuSeconds() - cpu0;
    const QString output = QString::fromUtf8(run.readAll());
    if (run.exitCode() != 0) {
        std::fprintf(stderr, "%s seed %llu: tunescope run failed:\n%s\n", qPrintable(fn.name),
                     (unsigned long long)seed, qPrintable(output));
        return e;
    }
    // The recommended trial as `run` reports it (the best observed one where no model
    // recommends).
    static const QRegularExpression recommended(QStringLiteral("^recommended trial (\\d+)"),
                                                QRegularExpression::MultilineOption);
    static const QRegularExpression best(QStringLiteral("^best trial (\\d+)"), QRegularExpression::MultilineOption);
    QRegularExpressionMatch m = recommended.match(output);
    if (!m.hasMatch())
        m = best.match(output);
    QString error;
    auto storage = Storage::open(db, &error);
    const QList<StudySummary> studies = storage ? storage->studySummaries() : QList<StudySummary>();
    if (!m.hasMatch() || studies.isEmpty()) {
        std::fprintf(stderr, "%s: no result in the output or database:\n%s\n", qPrintable(fn.name), qPrintable(output));
        return e;
    }
    const auto stored = storage->trials(studies.first().study.id);
    const int chosen = m.captured(1).toInt();
    for (const Trial &t : stored.value_or(QList<Trial>()))
        if (t.number == chosen)
            e.judgement = judge(*fn.objective, objectiveInput(*fn.objective, t.params));
    replaySampler(fn, spec, e);
    e.ok = true;
    return e;
}

// CPU seconds of launching `count` trial processes one after the other, as the runner does,
// without anything else. QProcess (Qt 6.4 with pidfd) starts a trial with clone(CLONE_VM |
// CLONE_VFORK), as strace shows: no page tables copied, whatever the runner's heap. So does
// posix_spawn here; a fork() would copy this process's page tables, which grow with the
// replays, and charge that to the launches.
double launchCpuSeconds(const QString &trialProgram, const BenchFunction &fn, int count)
{
    const QByteArray program = trialProgram.toLocal8Bit();
    QByteArrayList args = {program, fn.name.toUtf8(), "0"};
    const QVariantMap params = fn.space.decode(std::vector<double>(fn.space.dimension(), 0.5));
    for (auto it = params.begin(); it != params.end(); ++it)
        args << QStringLiteral("--%1=%2").arg(it.key(), it->toString()).toUtf8();
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const double cpu0 = childCpuSeconds();
    for (int i = 0; i < count; ++i) {
        pid_t pid = 0;
        if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0)
            continue;
        int status = 0;
        waitpid(pid, &status, 0);
    }
    const double cpu = childCpuSeconds() - cpu0;
    posix_spawn_file_actions_destroy(&actions);
    return cpu;
}

// CPU seconds of one `tunescope run` of a random-search study of `trials` trials (tunescope
// and its trial processes), or a negative number when it failed.
double randomStudyCpu(const BenchFunction &fn, int trials, const QString &tunescope, const QString &trialProgram)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("study.yaml")));
    if (!file.open(QIODevice::WriteOnly))
        return -1.0;
    StudySpec spec = studySpec(fn, QStringLiteral("random"), 0, trials, trialProgram);
    spec.methodOptions.clear(); // --option is for the measured method
    file.write(studySpecToYaml(spec));
    file.close();
    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    const double cpu0 = childCpuSeconds();
    run.start(tunescope, {QStringLiteral("run"), file.fileName(), QStringLiteral("--db"), dir.filePath(QStringLiteral("study.db"))});
    run.waitForFinished(-1);
    return run.exitCode() == 0 ? childCpuSeconds() - cpu0 : -1.0;
}

// The runner's own CPU per trial, without any sampler: a random-search study of `trials`
// trials less a study of one (tunescope's start, the database's creation), less the launches
// of the trial processes, per trial. Medians of `runs`.
double runnerCpuPerTrial(const BenchFunction &fn, int trials, int runs, const QString &tunescope,
                         const QString &trialProgram)
{
    std::vector<double> many, one, launches;
    for (int i = 0; i < runs; ++i) {
        many.push_back(randomStudyCpu(fn, trials, tunescope, trialProgram));
        one.push_back(randomStudyCpu(fn, 1, tunescope, trialProgram));
        launches.push_back(launchCpuSeconds(trialProgram, fn, trials - 1));
    }
    return (median(many) - median(one) - median(launches)) / double(trials - 1);
}

// GPSampler's CPU seconds per study, by function.
std::map<std::string, std::vector<double>> loadReferenceCpu(const QString &path, int budget)
{
    std::map<std::string, std::vector<double>> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    while (!file.atEnd()) {
        const QJsonObject r = QJsonDocument::fromJson(file.readLine()).object();
        if (r.value(QStringLiteral("method")).toString() != QLatin1String("gp")
            || r.value(QStringLiteral("budget")).toInt() != budget)
            continue;
        out[r.value(QStringLiteral("function")).toString().toStdString()].push_back(
            r.value(QStringLiteral("cpu")).toDouble());
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    // The replayed suggestions run with the runner's heap settings: otherwise glibc's page
    // faults on the sampler's temporaries count as sampler CPU here and not in the run.
    keepFreedHeapForReuse();
    QCoreApplication app(argc, argv);
    QStringList only, references;
    int seeds = 3, trials = 100;
    QString method = QStringLiteral("bayes");
    QString tunescope = QDir(app.applicationDirPath()).filePath(QStringLiteral("../bin/tunescope"));
    const QString trialProgram = QDir(app.applicationDirPath()).filePath(QStringLiteral("bench_trial"));
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool value = i + 1 < args.size();
        if (a == QLatin1String("--functions") && value)
            only = args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (a == QLatin1String("--seeds") && value)
            seeds = args[++i].toInt();
        else if (a == QLatin1String("--trials") && value)
            trials = args[++i].toInt();
        else if (a == QLatin1String("--method") && value)
            method = args[++i];
        else if (a == QLatin1String("--reference") && value)
            references << args[++i];
        else if (a == QLatin1String("--tunescope") && value)
            tunescope = args[++i];
        else if (a == QLatin1String("--option") && value) {
            const QStringList kv = args[++i].split(QLatin1Char('='));
            gOptions.insert(kv.value(0), kv.value(1));
        } else {
            std::fprintf(stderr, "usage: bench_endtoend [--functions a,b] [--seeds N] [--trials N] [--method M] "
                                 "[--option KEY=VALUE] [--reference FILE] [--tunescope PATH]\n");
            return 2;
        }
    }
    std::map<std::string, std::vector<double>> referenceCpu;
    for (const QString &r : references)
        for (auto &[name, cpu] : loadReferenceCpu(r, trials))
            referenceCpu[name].insert(referenceCpu[name].end(), cpu.begin(), cpu.end());

    std::printf("`tunescope run`, method %s, %d trials, a bench_trial process per trial, SQLite; %d seeds, medians. "
                "CPU: tunescope and its trial processes. Where the CPU goes: sampler (the same suggestions "
                "in-process), trial launches (posix_spawn+exec+wait of bench_trial alone, vfork-like as "
                "QProcess), the rest (storage, runner, parsing, tunescope's own start). Speed-up: GPSampler's in-process CPU seconds for the same budget "
                "over ours; free sampler: the speed-up if the sampler cost nothing (GPSampler's CPU over "
                "launches + rest). Target: 20x GPSampler's CPU.\n\n",
                qPrintable(method), trials, seeds);
    if (const QList<BenchFunction> suite = suiteFunctions(); !suite.isEmpty()) {
        // Launches are measured in their own loop; the runner's figure is what is left.
        const BenchFunction &first = suite.first();
        const double perTrial = runnerCpuPerTrial(first, trials, 7, tunescope, trialProgram);
        std::printf("Runner per trial (random search on %s, %d-trial study less a 1-trial one, less the trial "
                    "launches; medians of 7): %.2f ms CPU\n\n",
                    qPrintable(first.name), trials, perTrial * 1e3);
    }
    std::printf("| function | D | wall s | CPU s | sampler | fit | acquisition | launches | rest | regret | "
                "GPSampler CPU s | speed-up | speed-up, free sampler | target |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (const BenchFunction &fn : suiteFunctions()) {
        if (!only.isEmpty() && !only.contains(fn.name))
            continue;
        std::vector<double> wall, cpu, sampler, fit, acq, regret;
        for (int s = 0; s < seeds; ++s) {
            const EndToEnd e = runOne(fn, method, quint64(s), trials, tunescope, trialProgram);
            if (!e.ok)
                return 1;
            wall.push_back(e.wall);
            cpu.push_back(e.cpu);
            sampler.push_back(e.samplerCpu);
            fit.push_back(e.fitCpu);
            acq.push_back(e.acquisitionCpu);
            regret.push_back(e.judgement.regret);
        }
        const double launches = launchCpuSeconds(trialProgram, fn, trials);
        const double c = median(cpu), w = median(wall), s = median(sampler);
        const auto it = referenceCpu.find(fn.name.toStdString());
        QString refCells = QStringLiteral("| | | |");
        // CPU against CPU: the reference's wall seconds were taken under `nice` beside other
        // work (hartmann6 seed 0: 54.8 s wall for 6.1 s CPU; 6.08 s wall for 5.95 s CPU on an
        // idle core), and a single-threaded study's wall time is its CPU time when it has a core.
        if (it != referenceCpu.end() && !it->second.empty()) {
            const double rc = median(it->second);
            // The most this study could gain from a faster sampler: GPSampler's CPU over what
            // the launches and the rest (storage, runner) cost without any sampler at all.
            const double bound = rc / std::max(c - s, 1e-9);
            refCells = QStringLiteral("%1 | %2x | %3x | %4 |")
                           .arg(rc, 0, 'f', 2).arg(rc / c, 0, 'f', 1)
                           .arg(bound, 0, 'f', 1)
                           .arg(rc / c >= 20.0 ? QStringLiteral("met") : QStringLiteral("**missed** (20x)"));
        }
        std::printf("| %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3g | %s\n", qPrintable(fn.name),
                    fn.space.dimension(), w, c, s, median(fit), median(acq), launches, std::max(c - s - launches, 0.0),
                    median(regret), qPrintable(refCells));
        std::fflush(stdout);
    }
    return 0;
}
