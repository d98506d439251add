// What measuring a trial costs: the CPU time of one ProcessTreeSampler scan of /proc (every
// second per running trial) with the processes this machine has, median of several runs.
//
//   bench_usage [--scans N] [--runs R]

#include "execution/processtreesampler.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <ctime>
#include <vector>

#include <csignal>
#include <unistd.h>

using namespace tunescope;

namespace {

double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int scans = args.contains("--scans") ? args.value(args.indexOf("--scans") + 1).toInt() : 200;
    const int runs = args.contains("--runs") ? args.value(args.indexOf("--runs") + 1).toInt() : 5;
    QTextStream out(stdout);

    // A trial stand-in: a shell in a group of its own with two children.
    QProcess trial;
    trial.setChildProcessModifier([] { ::setpgid(0, 0); });
    trial.start("/bin/sh", {"-c", "sleep 30 & sleep 30 & wait"});
    if (!trial.waitForStarted()) {
        out << "cannot start /bin/sh\n";
        return 1;
    }
    QThread::msleep(200);
    const int processes = int(QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot).filter(QRegularExpression("^\\d+$")).size());

    std::vector<double> perScanMs;
    for (int r = 0; r < runs; ++r) {
        ProcessTreeSampler sampler;
        sampler.start(trial.processId(), 1000000); // the timer never fires: scans by hand
        const double before = cpuSeconds();
        for (int i = 0; i < scans; ++i)
            sampler.sample();
        perScanMs.push_back((cpuSeconds() - before) * 1000.0 / scans);
        if (r == 0 && sampler.alivePids().size() != 3)
            out << "warning: the sampler saw " << sampler.alivePids().size() << " processes of the trial, not 3\n";
    }
    std::sort(perScanMs.begin(), perScanMs.end());
    out << "processes on this machine: " << processes << "\n"
        << "one scan of /proc (CPU ms, median of " << runs << " runs of " << scans << "): "
        << QString::number(perScanMs[perScanMs.size() / 2], 'f', 3) << " (min " << QString::number(perScanMs.front(), 'f', 3)
        << ", max " << QString::number(perScanMs.back(), 'f', 3) << ")\n"
        << "per running trial, sampled every second: " << QString::number(perScanMs[perScanMs.size() / 2] / 10.0, 'f', 3)
        << " % of one core\n";
    ::kill(-trial.processId(), SIGKILL);
    trial.waitForFinished();
    return 0;
}
