// What Tunescope's Slurm backend takes on a real cluster: N trials handed to SlurmClient at
// once (the way StudyRunner hands it a study's free slots), submitted as held jobs so that they
// stay queued, followed, then cancelled. Run it against the test cluster of
// scripts/start-slurm.sh (or any Slurm you may fill with held jobs):
//
//   export SLURM_CONF=$(scripts/start-slurm.sh | tail -n1)
//   bench_slurm [--jobs 1000] [--runs 3] [--anchor 50]
//
// Prints, per run and as medians:
//   - trials submitted per second and the sbatch calls it took (batches are job arrays), against
//     the anchor measured in the same run: one `sbatch --hold --wrap true` per trial;
//   - one squeue poll of the study (all N jobs) in wall time, against a poll of an empty study,
//     and the CPU time Tunescope spends per poll (parsing N lines, updating N jobs);
//   - trials cancelled per second (scancel in batches);
//   - the CPU time of one pass over the output files of N running jobs (what SlurmClient does
//     once a second), each of which wrote a line of metrics since the pass before, and of one
//     pass over N queued jobs (a look at each one's job.start, to notice a start between polls).

#include "execution/slurmclient.h"
#include "execution/slurmjob.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QEventLoop>

#include <algorithm>
#include <memory>

#include <sys/resource.h>

using namespace tunescope;

namespace {

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double cpuMs()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

/// Runs the event loop until done() or the timeout; false on timeout. Sleeps between checks,
/// so that the CPU time measured is Tunescope's, not the waiting's.
template <typename Done>
bool waitFor(Done done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

QString run(const QString &program, const QStringList &args, int *rc = nullptr)
{
    QProcess p;
    p.start(program, args);
    p.waitForFinished(120000);
    if (rc)
        *rc = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

/// Wall milliseconds of one squeue poll of a study's jobs, as SlurmClient runs it.
double squeueMs(const QString &jobName)
{
    QElapsedTimer t;
    t.start();
    run(QStringLiteral("squeue"), squeueArguments(jobName));
    return t.nsecsElapsed() / 1e6;
}

struct Figures
{
    double submitRate = 0;    ///< trials per second through SlurmClient
    int sbatchCalls = 0;
    double anchorRate = 0;    ///< trials per second, one sbatch each
    double pollMs = 0;        ///< one squeue of N jobs
    double emptyPollMs = 0;   ///< one squeue of none
    double cpuPerPollMs = 0;  ///< Tunescope's CPU per poll while following N jobs
    double cancelRate = 0;    ///< trials cancelled per second
    double followMs = 0;      ///< CPU of one pass over N running jobs' output files
    double queuedLookMs = 0;  ///< CPU of one pass over N queued jobs (their job.start)
};

/// CPU milliseconds of one pass of SlurmClient's over N queued jobs (median of 10 passes):
/// none has begun, so each is a look for its job.start. No cluster involved.
double queuedLookCost(int jobs)
{
    QTemporaryDir dir;
    std::vector<std::unique_ptr<SlurmJob>> trials;
    SlurmJobStatus pending;
    pending.state = QStringLiteral("PENDING");
    pending.reason = QStringLiteral("Priority");
    for (int i = 0; i < jobs; ++i) {
        TrialLaunch launch;
        launch.trialDirectory = dir.filePath(QStringLiteral("trial-%1").arg(i));
        QDir().mkpath(launch.trialDirectory);
        auto job = std::make_unique<SlurmJob>(launch, nullptr, 0, QString());
        SlurmJobRecord record;
        record.jobId = QString::number(i + 1);
        job->attach(record);
        pending.id = record.jobId;
        job->onStatus(&pending);
        trials.push_back(std::move(job));
    }
    QList<double> passes;
    for (int pass = 0; pass < 10; ++pass) {
        const double before = cpuMs();
        for (auto &job : trials)
            job->followOutput();
        passes << cpuMs() - before;
    }
    return median(passes);
}

/// CPU milliseconds of one pass over the output of N running jobs (median of 10 passes), each
/// job having written one line of metrics since the last pass. The jobs are told they run
/// (no cluster involved): what is measured is the reading and parsing of their files.
double followCost(int jobs)
{
    QTemporaryDir dir;
    std::vector<std::unique_ptr<SlurmJob>> trials;
    std::vector<std::unique_ptr<QFile>> logs;
    qint64 reports = 0;
    SlurmJobStatus running;
    running.state = QStringLiteral("RUNNING");
    for (int i = 0; i < jobs; ++i) {
        TrialLaunch launch;
        launch.trialDirectory = dir.filePath(QStringLiteral("trial-%1").arg(i));
        QDir().mkpath(launch.trialDirectory);
        auto log = std::make_unique<QFile>(launch.trialDirectory + QStringLiteral("/stdout.log"));
        log->open(QIODevice::WriteOnly | QIODevice::Unbuffered);
        logs.push_back(std::move(log));
        auto job = std::make_unique<SlurmJob>(launch, nullptr, 0, QString());
        QObject::connect(job.get(), &TrialLauncher::metricsReported, job.get(),
                         [&reports](const QList<MetricReport> &r) { reports += r.size(); });
        SlurmJobRecord record;
        record.jobId = QString::number(i + 1);
        job->attach(record);
        running.id = record.jobId;
        job->onStatus(&running);
        trials.push_back(std::move(job));
    }
    QList<double> passes;
    for (int pass = 0; pass < 10; ++pass) {
        for (auto &log : logs)
            log->write(QStringLiteral("epoch=%1 val_loss=0.%2 val_accuracy=0.9\n").arg(pass).arg(pass + 1).toUtf8());
        const double before = cpuMs();
        for (auto &job : trials)
            job->followOutput();
        passes << cpuMs() - before;
    }
    if (reports != qint64(jobs) * 10 * 3)
        QTextStream(stderr) << "followed " << reports << " reports, expected " << qint64(jobs) * 30 << Qt::endl;
    return median(passes);
}

bool oneRun(int jobs, int anchor, int runIndex, Figures *f)
{
    QTemporaryDir dir;
    QTextStream err(stderr);
    const QString name = QStringLiteral("bench-slurm-%1-%2").arg(QCoreApplication::applicationPid()).arg(runIndex);

    // The anchor: one sbatch per trial, as a launcher without batches would do it.
    QElapsedTimer clock;
    clock.start();
    QStringList anchorIds;
    for (int i = 0; i < anchor; ++i) {
        int rc = -1;
        const QString id = run(QStringLiteral("sbatch"), {QStringLiteral("--parsable"), QStringLiteral("--hold"),
                                                          QStringLiteral("--job-name=%1-anchor").arg(name), QStringLiteral("--output=/dev/null"),
                                                          QStringLiteral("--wrap=true")}, &rc);
        if (rc != 0) {
            err << "sbatch failed: " << id << Qt::endl;
            return false;
        }
        anchorIds << id;
    }
    f->anchorRate = anchor / (clock.nsecsElapsed() / 1e9);
    run(QStringLiteral("scancel"), anchorIds);

    SlurmClient::Setup setup;
    setup.settings.extra = {QStringLiteral("--hold")}; // queued, never run: what is measured is Tunescope and slurmctld
    setup.settings.pollIntervalSeconds = 1;
    setup.jobName = name;
    setup.workingDirectory = dir.path();
    setup.logDirectory = dir.filePath(QStringLiteral("slurm"));
    SlurmClient client(setup);
    QString why;
    if (!client.check(&why)) {
        err << why << Qt::endl;
        return false;
    }
    std::vector<std::unique_ptr<SlurmJob>> trials;
    int finished = 0;
    for (int i = 0; i < jobs; ++i) {
        TrialLaunch launch;
        launch.argv = {QStringLiteral("/bin/true")};
        launch.workingDirectory = dir.path();
        launch.trialDirectory = dir.filePath(QStringLiteral("trial-%1").arg(i, 4, 10, QLatin1Char('0')));
        auto job = std::make_unique<SlurmJob>(launch, &client, 0, QStringLiteral("bench trial %1").arg(i));
        QObject::connect(job.get(), &TrialLauncher::finished, job.get(), [&finished] { ++finished; });
        trials.push_back(std::move(job));
    }
    const double emptyBefore = squeueMs(name);
    clock.restart();
    for (auto &job : trials)
        job->start();
    const bool submitted = waitFor([&] {
        return std::all_of(trials.begin(), trials.end(), [](const auto &j) { return j->record().isSubmitted(); });
    }, 600000);
    if (!submitted) {
        err << "not every trial was submitted within 10 minutes" << Qt::endl;
        return false;
    }
    f->submitRate = jobs / (clock.nsecsElapsed() / 1e9);
    f->sbatchCalls = client.sbatchCalls();

    // Polls of the full queue: squeue's own time, and Tunescope's CPU per poll over ten polls.
    QList<double> polls;
    for (int i = 0; i < 5; ++i)
        polls << squeueMs(name);
    f->pollMs = median(polls);
    f->emptyPollMs = emptyBefore;
    int polled = 0;
    QObject::connect(&client, &SlurmClient::polled, &client, [&polled] { ++polled; });
    waitFor([&] { return polled >= 1; }, 60000);
    const int first = polled;
    const double cpuBefore = cpuMs();
    waitFor([&] { return polled >= first + 10; }, 120000);
    f->cpuPerPollMs = (cpuMs() - cpuBefore) / double(polled - first);

    clock.restart();
    for (auto &job : trials)
        job->stop(QStringLiteral("bench over"));
    if (!waitFor([&] { return finished == jobs; }, 600000)) {
        err << "not every trial ended after its cancel within 10 minutes (" << finished << ")" << Qt::endl;
        return false;
    }
    f->cancelRate = jobs / (clock.nsecsElapsed() / 1e9);
    f->followMs = followCost(jobs);
    f->queuedLookMs = queuedLookCost(jobs);
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"jobs", "Trials handed to Slurm at once.", "N", "1000"});
    parser.addOption({"runs", "Repetitions (medians reported).", "R", "3"});
    parser.addOption({"anchor", "Trials submitted one sbatch each, for the anchor.", "K", "50"});
    parser.process(app);
    const int jobs = parser.value("jobs").toInt();
    const int runs = parser.value("runs").toInt();
    const int anchor = parser.value("anchor").toInt();
    QTextStream out(stdout);
    if (qEnvironmentVariableIsEmpty("SLURM_CONF") && !qEnvironmentVariableIsEmpty("TUNESCOPE_TEST_SLURM"))
        qputenv("SLURM_CONF", qgetenv("TUNESCOPE_TEST_SLURM"));

    QList<double> submit, anchorRates, poll, emptyPoll, cpu, cancel, follow, queuedLook;
    for (int r = 0; r < runs; ++r) {
        Figures f;
        if (!oneRun(jobs, anchor, r, &f))
            return 1;
        submit << f.submitRate;
        anchorRates << f.anchorRate;
        poll << f.pollMs;
        emptyPoll << f.emptyPollMs;
        cpu << f.cpuPerPollMs;
        cancel << f.cancelRate;
        follow << f.followMs;
        queuedLook << f.queuedLookMs;
        out << QStringLiteral("run %1: %2 trials submitted in %3 sbatch calls, %4 trials/s (one sbatch each: %5/s); "
                              "squeue of %2 jobs %6 ms (of none %7 ms), Tunescope %8 ms CPU per poll; %9 trials cancelled/s; "
                              "%10 ms CPU to read the output of %2 running jobs once, %11 ms to look at %2 queued ones\n")
                   .arg(r + 1)
                   .arg(jobs)
                   .arg(f.sbatchCalls)
                   .arg(f.submitRate, 0, 'f', 0)
                   .arg(f.anchorRate, 0, 'f', 1)
                   .arg(f.pollMs, 0, 'f', 0)
                   .arg(f.emptyPollMs, 0, 'f', 0)
                   .arg(f.cpuPerPollMs, 0, 'f', 1)
                   .arg(f.cancelRate, 0, 'f', 0)
                   .arg(f.followMs, 0, 'f', 1)
                   .arg(f.queuedLookMs, 0, 'f', 1);
        out.flush();
    }
    out << QStringLiteral("median of %1 runs, %2 jobs: %3 trials submitted/s (%4x one sbatch per trial, %5/s); "
                          "squeue poll %6 ms (%7 polls/s at most; empty %8 ms); Tunescope %9 ms CPU per poll; "
                          "%10 trials cancelled/s; %11 ms CPU per second to follow the output of %2 running jobs, "
                          "%12 ms to look at %2 queued ones\n")
               .arg(runs)
               .arg(jobs)
               .arg(median(submit), 0, 'f', 0)
               .arg(median(submit) / median(anchorRates), 0, 'f', 0)
               .arg(median(anchorRates), 0, 'f', 1)
               .arg(median(poll), 0, 'f', 0)
               .arg(1000.0 / median(poll), 0, 'f', 1)
               .arg(median(emptyPoll), 0, 'f', 0)
               .arg(median(cpu), 0, 'f', 1)
               .arg(median(cancel), 0, 'f', 0)
               .arg(median(follow), 0, 'f', 1)
               .arg(median(queuedLook), 0, 'f', 1);
    return 0;
}
