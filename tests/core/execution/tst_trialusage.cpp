#include "analysis/studycost.h"
#include "analysis/studyexport.h"
#include "execution/gpusampler.h"
#include "execution/nvidiasmisource.h"
#include "execution/processtreesampler.h"
#include "execution/studyrunner.h"
#include "storage/storage.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include <sys/resource.h>

using namespace tunescope;

namespace {

/// A study whose trial runs /usr/bin/python3 with a script: argv, no shell line.
QByteArray pythonStudy(const QString &scriptPath, const QString &extra = {})
{
    return QStringLiteral("name: u\nprogram: %1\ncommand: [\"/usr/bin/python3\", \"${program}\", \"${args}\"]\n"
                          "metric: {name: loss}\nmethod: random\nparameters:\n  x: {min: 0.0, max: 1.0}\n%2\n")
        .arg(scriptPath, extra)
        .toUtf8();
}

bool writeFile(const QString &path, const QByteArray &text, bool executable = false)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(text) != text.size())
        return false;
    if (executable)
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
    return true;
}

// Burns `cpu` seconds of CPU in a child process it waits for (the group's waited-for time)
// and in a grandchild left to init (sampled), holds `mb` MiB resident, then reports.
const QByteArray kBurner = R"(import os, sys, time
cpu = float(os.environ.get("BURN_S", "1.0"))
mb = int(os.environ.get("HOLD_MB", "200"))
def burn(seconds):
    end = time.process_time() + seconds
    x = 0
    while time.process_time() < end:
        x += 1
pid = os.fork()
if pid == 0:
    burn(cpu / 2)
    time.sleep(1.2)  # sampled with all its CPU before its parent reaps it: counted once
    os._exit(0)
os.waitpid(pid, 0)
block = bytearray(mb * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
burn(cpu / 2)
print("loss=0.5", flush=True)
time.sleep(1.5)  # one more sample after the work
)";

// Burns BURN_S seconds of CPU in the program itself and exits at once: everything after the
// last /proc sample (all of it, for a trial shorter than one interval) is only in what the
// kernel counts when the program is reaped (ReapedChildren).
const QByteArray kShortBurner = R"(import os, time
cpu = float(os.environ.get("BURN_S", "1.0"))
end = time.process_time() + cpu
x = 0
while time.process_time() < end:
    x += 1
print("loss=0.5", flush=True)
)";

} // namespace

/// Measured resource use of trials: CPU of the whole process tree, peak memory, wait and
/// run time, live sys/* metrics, GPU figures through a fake nvidia-smi, and the cost summary.
class TestTrialUsage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;

    /// CPU seconds (user and system) of `argv` and the children it waited for, run to its end.
    static double directCpuSeconds(const QStringList &argv)
    {
        const auto childCpu = [] {
            rusage r{};
            getrusage(RUSAGE_CHILDREN, &r);
            return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) * 1e-6;
        };
        const double before = childCpu();
        QProcess p;
        p.start(argv.first(), argv.mid(1));
        if (!p.waitForFinished(60000))
            qFatal("%s did not finish", qPrintable(argv.join(u' ')));
        return childCpu() - before;
    }

    StudySpec spec(const QByteArray &text)
    {
        const SpecLoadResult r = parseStudySpec(text, "test.yaml");
        if (!r.spec)
            qFatal("%s", qPrintable(r.errors.join('\n')));
        StudySpec s = *r.spec;
        s.workingDirectory = mDir.path();
        return s;
    }

    QList<Trial> run(const StudySpec &s, const QString &db, int budget = 1)
    {
        QString error;
        auto store = Storage::open(mDir.filePath(db), &error);
        if (!store)
            qFatal("%s", qPrintable(error));
        RunOptions options;
        options.budget = budget;
        StudyRunner runner(s, store.get(), options);
        if (!runner.prepare(&error))
            qFatal("%s", qPrintable(error));
        QSignalSpy done(&runner, &StudyRunner::finished);
        runner.start();
        if (!done.wait(60000))
            qWarning("runner did not finish in time");
        return store->trials(runner.studyId(), true).value_or(QList<Trial>());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        QVERIFY(writeFile(mDir.filePath("burn.py"), kBurner));
        QVERIFY(writeFile(mDir.filePath("shortburn.py"), kShortBurner));
    }

    void cpuUpToTheLastInstruction_data()
    {
        QTest::addColumn<double>("burn");
        QTest::newRow("1.5 s: the last interval") << 1.5;
        QTest::newRow("0.3 s: shorter than an interval") << 0.3;
    }

    void cpuUpToTheLastInstruction()
    {
        QFETCH(double, burn);
        qputenv("BURN_S", QByteArray::number(burn));
        const QList<Trial> trials = run(spec(pythonStudy(mDir.filePath("shortburn.py"))),
                                        QStringLiteral("short%1.db").arg(burn));
        qunsetenv("BURN_S");
        QCOMPARE(trials.size(), 1);
        const TrialUsage &u = trials.first().usage;
        QCOMPARE(trials.first().state, TrialState::Complete);
        QVERIFY(u.cpuSeconds);
        qInfo("%.2f s CPU measured for %.1f s burnt", *u.cpuSeconds, burn);
        // What it burnt plus Python's start-up (about 0.03 s); from /proc samples alone the
        // 1.5 s trial read up to a second less and the 0.3 s one nothing at all.
        QVERIFY2(*u.cpuSeconds >= burn && *u.cpuSeconds < burn + 0.25, qPrintable(QString::number(*u.cpuSeconds)));
    }

    void cpuAndMemoryOfTheWholeTree()
    {
        qputenv("BURN_S", "3.0");
        qputenv("HOLD_MB", "300");
        // The kernel's count for the same program run directly (its forked child included: it
        // is waited for). Beyond the 3 s burnt, faulting in 300 MB costs 0.2 s on one machine
        // and 1 s on another, so the figure is checked against this and not a fixed bound.
        const double direct = directCpuSeconds({QStringLiteral("/usr/bin/python3"), mDir.filePath("burn.py")});
        const QList<Trial> trials = run(spec(pythonStudy(mDir.filePath("burn.py"))), "cpu.db");
        qunsetenv("BURN_S");
        qunsetenv("HOLD_MB");
        QCOMPARE(trials.size(), 1);
        const Trial &t = trials.first();
        QCOMPARE(t.state, TrialState::Complete);
        const TrialUsage &u = t.usage;
        QVERIFY(u.cpuSeconds && u.maxRssMb && u.runSeconds && u.waitSeconds);
        // 3 s burnt, half in a child the program waited for, plus start-up and page faults: what
        // the kernel counted directly, within the noise of two runs. The child counted twice (once
        // sampled alive, once in its parent's reaped total) would read 1.5 s more.
        qInfo("%.2f s CPU measured, %.2f s counted by the kernel for a direct run", *u.cpuSeconds, direct);
        QVERIFY2(*u.cpuSeconds >= 2.9 && std::abs(*u.cpuSeconds - direct) < 0.5,
                 qPrintable(QStringLiteral("%1 measured, %2 direct").arg(*u.cpuSeconds).arg(direct)));
        QVERIFY2(*u.maxRssMb >= 300 && *u.maxRssMb < 400, qPrintable(QString::number(*u.maxRssMb)));
        QVERIFY2(*u.runSeconds >= 4.0, qPrintable(QString::number(*u.runSeconds)));
        QVERIFY(*u.waitSeconds >= 0 && *u.waitSeconds < 2.0);
        QVERIFY(!u.gpuSeconds); // no GPU: not measured, not zero
        // Live system metrics, stored beside the program's own.
        const QList<MetricPoint> cpu = t.intermediate.value("sys/cpu_percent");
        const QList<MetricPoint> rss = t.intermediate.value("sys/rss_mb");
        QVERIFY2(cpu.size() >= 2, qPrintable(QString::number(cpu.size())));
        QCOMPARE(rss.size(), cpu.size());
        double peak = 0;
        for (const MetricPoint &p : rss)
            peak = std::max(peak, p.value);
        QVERIFY2(peak >= 290, qPrintable(QString::number(peak)));
        // The objective is still the program's: sys/* never becomes the value.
        QCOMPARE(*t.value, 0.5);
    }

    void exportsCarryUsage()
    {
        QString error;
        auto store = Storage::open(mDir.filePath("cpu.db"), &error);
        QVERIFY2(store, qPrintable(error));
        const std::optional<StudyData> data = loadStudyData(*store, "u", &error, true);
        QVERIFY2(data, qPrintable(error));
        const QJsonObject usage = studyToJson(*data)["trials"].toArray().first()["usage"].toObject();
        for (const char *key : {"cpu_s", "max_rss_mb", "gpu_s", "max_gpu_mem_mb", "gpu_util_mean"})
            QVERIFY2(usage.contains(QLatin1String(key)), key);
        QVERIFY(usage["cpu_s"].toDouble() >= 2.9);
        QVERIFY(usage["gpu_s"].isNull());
        const QList<QByteArray> csv = studyToCsv(*data).split('\n');
        QVERIFY2(csv.first().endsWith("cpu_s,max_rss_mb,gpu_s,max_gpu_mem_mb,gpu_util_mean,wait_s,run_s"), csv.first().constData());
        const QList<QByteArray> row = csv.at(1).split(',');
        QVERIFY(row.at(row.size() - 7).toDouble() >= 2.9);
        QVERIFY(row.at(row.size() - 5).isEmpty()); // gpu_s: not measured
    }

    /// The same machine scripted for both GPU sources: a fake nvidia-smi first on the PATH,
    /// printing what the real one prints for these queries with --format=csv,noheader,nounits,
    /// and a fake libnvidia-ml.so.1 (tests/support/fakenvml.cpp) answering from the same lines.
    /// The trial writes its own line of compute apps (its pid on GPU-1111, 2048 MiB); another
    /// process holds 64 MiB on GPU-2222; GPU-1111 is 75 % busy. Both sources give the same figures.
    void gpuFigures_data()
    {
        QTest::addColumn<QString>("source");
        QTest::newRow("nvidia-smi (no NVML)") << QStringLiteral("nvidia-smi");
        QTest::newRow("NVML (no nvidia-smi)") << QStringLiteral("nvml");
    }
    void gpuFigures()
    {
        QFETCH(QString, source);
        const bool nvml = source == QLatin1String("nvml");
        const QString bin = mDir.filePath("fakebin-" + source);
        QVERIFY(QDir().mkpath(bin));
        const QString apps = mDir.filePath("apps-" + source + ".csv");
        const QString gpus = mDir.filePath("gpus.csv");
        QVERIFY(writeFile(gpus, "GPU-1111, 75, 2100\nGPU-2222, 5, 64\n"));
        if (!nvml) {
            QVERIFY(writeFile(QDir(bin).filePath("nvidia-smi"),
                              QStringLiteral("#!/bin/sh\ncase \"$1\" in\n"
                                             "  --query-compute-apps=pid,gpu_uuid,used_memory) cat '%1' 2>/dev/null; exit 0 ;;\n"
                                             "  --query-gpu=uuid,utilization.gpu,memory.used) cat '%2' ;;\n"
                                             "  *) exit 9 ;;\nesac\n").arg(apps, gpus).toUtf8(),
                              true));
        }
        const QString script = mDir.filePath("gpu-" + source + ".py");
        QVERIFY(writeFile(script, QStringLiteral("import os, time\nopen('%1', 'w').write('%d, GPU-1111, 2048\\n999999, GPU-2222, 64\\n' % os.getpid())\n"
                                                 "time.sleep(5)\nprint('loss=0.25', flush=True)\n").arg(apps).toUtf8()));
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.toUtf8() + ':' + path);
        qputenv("TUNESCOPE_NVML_LIBRARY", nvml ? QByteArray(FAKE_NVML_LIBRARY) : QByteArray("/nonexistent/libnvidia-ml.so.1"));
        qputenv("FAKE_NVML_GPUS", gpus.toUtf8());
        qputenv("FAKE_NVML_APPS", apps.toUtf8());
        auto restore = qScopeGuard([&] {
            qputenv("PATH", path);
            for (const char *name : {"TUNESCOPE_NVML_LIBRARY", "FAKE_NVML_GPUS", "FAKE_NVML_APPS"})
                qunsetenv(name);
        });
        {
            GpuSampler sampler;
            QVERIFY(sampler.start(100));
            QCOMPARE(sampler.sourceName(), source);
        }
        const QList<Trial> trials = run(spec(pythonStudy(script)), "gpu-" + source + ".db");
        QCOMPARE(trials.size(), 1);
        const TrialUsage &u = trials.first().usage;
        QVERIFY2(u.gpuSeconds && *u.gpuSeconds >= 2.0 && *u.gpuSeconds <= 6.5, qPrintable(QString::number(u.gpuSeconds.value_or(-1))));
        QCOMPARE(u.maxGpuMemMb.value_or(-1), 2048.0); // its own process, not the other one's 64
        QCOMPARE(u.gpuUtilMean.value_or(-1), 75.0);
        const QList<MetricPoint> util = trials.first().intermediate.value("sys/gpu_util");
        QVERIFY(!util.isEmpty());
        QCOMPARE(util.first().value, 75.0);
        QCOMPARE(trials.first().intermediate.value("sys/gpu_mem_mb").first().value, 2048.0);
    }

    void parsesNvidiaSmiOutput()
    {
        const QList<GpuProcessUse> apps = NvidiaSmiSource::parseComputeApps("1234, GPU-aa, 1530\n\n5678, GPU-bb, [N/A]\n");
        QCOMPARE(apps.size(), 1); // memory unknown: left out
        QCOMPARE(apps.first().pid, 1234);
        QCOMPARE(apps.first().gpuUuid, QStringLiteral("GPU-aa"));
        QCOMPARE(apps.first().usedMemoryMb, 1530.0);
        const QList<GpuState> gpus = NvidiaSmiSource::parseGpus("GPU-aa, 37, 1530\nGPU-bb, [N/A], 0\n");
        QCOMPARE(gpus.size(), 2);
        QCOMPARE(gpus.at(0).utilizationPercent, 37.0);
        QCOMPARE(gpus.at(1).utilizationPercent, 0.0);
    }

    /// NVML's answers read as nvidia-smi's: many processes (the array grown after
    /// NVML_ERROR_INSUFFICIENT_SIZE), memory NVML cannot tell left out, MiB from bytes.
    void readsNvml()
    {
        const QString gpus = mDir.filePath("nvml-gpus.csv"), apps = mDir.filePath("nvml-apps.csv");
        QByteArray lines;
        for (int pid = 100; pid < 120; ++pid)
            lines += QByteArray::number(pid) + ", GPU-aa, " + QByteArray::number(pid) + "\n";
        lines += "500, GPU-aa, [N/A]\n600, GPU-bb, 7\n";
        QVERIFY(writeFile(apps, lines));
        QVERIFY(writeFile(gpus, "GPU-aa, 37, 1530\nGPU-bb, 0, 7\n"));
        qputenv("TUNESCOPE_NVML_LIBRARY", FAKE_NVML_LIBRARY);
        qputenv("FAKE_NVML_GPUS", gpus.toUtf8());
        qputenv("FAKE_NVML_APPS", apps.toUtf8());
        auto restore = qScopeGuard([] {
            for (const char *name : {"TUNESCOPE_NVML_LIBRARY", "FAKE_NVML_GPUS", "FAKE_NVML_APPS"})
                qunsetenv(name);
        });
        GpuSampler sampler;
        QSignalSpy sampled(&sampler, &GpuSampler::sampled);
        QVERIFY(sampler.start(60000));
        QCOMPARE(sampler.sourceName(), QStringLiteral("nvml"));
        QCOMPARE(sampled.size(), 1); // in-process: answered at once
        const auto processes = sampled.first().at(0).value<QList<GpuProcessUse>>();
        const auto states = sampled.first().at(1).value<QHash<QString, GpuState>>();
        QCOMPARE(processes.size(), 21);
        QCOMPARE(processes.at(19).pid, 119);
        QCOMPARE(processes.at(19).usedMemoryMb, 119.0);
        QCOMPARE(processes.last().gpuUuid, QStringLiteral("GPU-bb"));
        QCOMPARE(states.size(), 2);
        QCOMPARE(states.value("GPU-aa").utilizationPercent, 37.0);
        QCOMPARE(states.value("GPU-aa").memoryUsedMb, 1530.0);
        // A library that loads but finds no driver is no source.
        qunsetenv("FAKE_NVML_GPUS");
        GpuSampler noDriver;
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        QVERIFY(!noDriver.start(100));
        qputenv("PATH", path);
        QVERIFY(noDriver.sourceName().isEmpty());
    }

    void noNvidiaSmiMeansNoGpuFigures()
    {
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        qputenv("TUNESCOPE_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1");
        GpuSampler sampler;
        QVERIFY(!sampler.start(100));
        qputenv("PATH", path);
        qunsetenv("TUNESCOPE_NVML_LIBRARY");
        QVERIFY(!sampler.isActive());
    }

    void costByStateAndPruningSaved()
    {
        QList<Trial> trials;
        auto make = [&](TrialState state, double cpu, qint64 steps) {
            Trial t;
            t.number = int(trials.size());
            t.state = state;
            t.usage.cpuSeconds = cpu;
            t.usage.runSeconds = cpu;
            for (qint64 s = 1; s <= steps; ++s)
                t.intermediate["loss"].append({s, 1.0 / double(s)});
            trials << t;
        };
        make(TrialState::Complete, 3600, 10);
        make(TrialState::Complete, 7200, 10);
        make(TrialState::Pruned, 720, 2);  // 360 s a step, 8 steps left: 2880 s saved
        make(TrialState::Failed, 360, 1);
        const StudyCost cost = StudyCost::of(trials, "loss");
        QCOMPARE(cost.byState[StudyCost::Complete].cpuHours, 3.0);
        QCOMPARE(cost.byState[StudyCost::Pruned].cpuHours, 0.2);
        QCOMPARE(cost.byState[StudyCost::Failed].cpuHours, 0.1);
        QCOMPARE(cost.total.cpuHours, 3.3);
        QCOMPARE(cost.prunedWithSteps, 1);
        QCOMPARE(cost.savedCpuHours, 0.8);
        QCOMPARE(cost.savedGpuHours, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestTrialUsage)
#include "tst_trialusage.moc"
