#include "storage/storage.h"
#include "analysis/studyexport.h"
#include "common/safepath.h"
#include "execution/studyrunner.h"
#include "storage/studylocation.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cerrno>
#include <cmath>
#include <csignal>

using namespace tunescope;

namespace {

/// A study whose trial is a shell script run as an argv (sh -c SCRIPT sh ARGS...).
QByteArray shellStudy(const QString &script, const QString &extra = {})
{
    QString quoted = script;
    quoted.replace('\\', "\\\\").replace('"', "\\\"");
    return QStringLiteral("name: hostile\nprogram: sh\ncommand: [\"/bin/sh\", \"-c\", \"%1\", \"sh\", \"${args}\"]\n"
                          "method: random\nmetric: {name: loss}\nparameters:\n  x: {min: 0.0, max: 1.0}\n%2\n")
        .arg(quoted, extra)
        .toUtf8();
}

/// Resident memory of this process in kB, from /proc/self/status.
qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

bool alive(qint64 pid)
{
    if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno == ESRCH))
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    return line.mid(line.lastIndexOf(')') + 2, 1) != "Z";
}

} // namespace

/// Trial programs that misbehave in every way users' programs do. Each trial must end in a
/// clear state with a clear reason, and the study must carry on to its budget.
class TestHostileTrials : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    int mCounter = 0;

    struct Outcome
    {
        QList<Trial> trials;
        bool finished = false;
        double seconds = 0;
        QString runsDirectory;
        QString database;
    };

    Outcome run(const QByteArray &specText, int budget, int timeoutMs = 60000,
                const std::function<void(StudyRunner &)> &during = {})
    {
        Outcome o;
        const SpecLoadResult r = parseStudySpec(specText, "hostile.yaml");
        if (!r.spec) {
            qWarning("%s", qPrintable(r.errors.join('\n')));
            return o;
        }
        StudySpec spec = *r.spec;
        spec.workingDirectory = mDir.path();
        QString error;
        o.database = mDir.filePath(QStringLiteral("h%1.db").arg(++mCounter));
        auto store = Storage::open(o.database, &error);
        if (!store) {
            qWarning("%s", qPrintable(error));
            return o;
        }
        RunOptions options;
        options.budget = budget;
        options.killGraceMs = 300;
        options.runsDirectory = mDir.filePath(QStringLiteral("runs%1").arg(mCounter));
        o.runsDirectory = options.runsDirectory;
        StudyRunner runner(spec, store.get(), options);
        if (!runner.prepare(&error)) {
            qWarning("%s", qPrintable(error));
            return o;
        }
        QSignalSpy done(&runner, &StudyRunner::finished);
        QElapsedTimer clock;
        clock.start();
        if (during)
            during(runner);
        runner.start();
        o.finished = done.wait(timeoutMs);
        o.seconds = clock.elapsed() / 1000.0;
        o.trials = store->trials(runner.studyId(), true).value_or(QList<Trial>());
        return o;
    }

private slots:
    void initTestCase() { QVERIFY(mDir.isValid()); }

    void misbehavingTrial_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("reason");  // prefix; empty for a complete trial
        QTest::addColumn<double>("value");    // objective of a complete trial
        const double none = qQNaN();

        QTest::newRow("exits non-zero") << "echo loss=1; exit 3" << "" << "FAILED" << "exited with code 3" << none;
        QTest::newRow("segfaults") << "echo loss=1; kill -SEGV $$" << "" << "FAILED" << "killed by signal 11 (SIGSEGV)" << none;
        QTest::newRow("aborts") << "kill -ABRT $$" << "" << "FAILED" << "killed by signal 6 (SIGABRT)" << none;
        QTest::newRow("hangs") << "echo loss=1; sleep 60" << "trial_timeout: 1s" << "FAILED" << "timed out after 1 s" << none;
        QTest::newRow("ignores SIGTERM") << "trap '' TERM; echo loss=1; while :; do sleep 0.05; done"
                                         << "trial_timeout: 1s" << "FAILED" << "timed out after 1 s" << none;
        QTest::newRow("child ignores SIGTERM") << "sh -c \"trap '' TERM; while :; do sleep 0.05; done\" & echo loss=1; sleep 60"
                                               << "trial_timeout: 1s" << "FAILED" << "timed out after 1 s" << none;
        QTest::newRow("forks children that outlive it")
            << "sleep 60 >/dev/null 2>&1 & echo $! > \"$TUNESCOPE_TRIAL_DIR/child\"; echo loss=0.5" << "" << "COMPLETE" << "" << 0.5;
        QTest::newRow("daemonizes with setsid")
            << "setsid sleep 60 >/dev/null 2>&1 & echo loss=0.5" << "" << "COMPLETE" << "" << 0.5;
        QTest::newRow("binary garbage")
            << "head -c 200000 /dev/urandom; printf '\\n\\377\\376loss=7 \\303\\050\\n\\000\\001\\002\\n'; echo loss=0.25"
            << "" << "COMPLETE" << "" << 0.25;
        QTest::newRow("invalid UTF-8 around the metric") << "printf 'loss=\\3772\\n'; printf 'lo\\377ss=3\\n'; echo loss=0.75"
                                                        << "" << "COMPLETE" << "" << 0.75;
        QTest::newRow("NaN") << "echo loss=nan" << "" << "FAILED" << "metric 'loss' is NaN" << none;
        QTest::newRow("inf") << "echo loss=inf" << "" << "COMPLETE" << "" << qInf();
        QTest::newRow("-inf") << "echo loss=-inf" << "" << "COMPLETE" << "" << -qInf();
        QTest::newRow("1e308") << "echo loss=1e308" << "" << "COMPLETE" << "" << 1e308;
        QTest::newRow("1e309 overflows") << "echo loss=1e309" << "" << "COMPLETE" << "" << qInf();
        QTest::newRow("name without value") << "echo loss=; echo 'loss:'; echo '{\"loss\": }'" << "" << "FAILED"
                                            << "metric 'loss' was never reported" << none;
        QTest::newRow("closes stdout early, keeps running")
            << "echo loss=0.5; exec 1>&- 2>&-; sleep 1.2; exit 0" << "" << "COMPLETE" << "" << 0.5;
        QTest::newRow("exits before printing anything") << "exit 0" << "" << "FAILED"
                                                        << "metric 'loss' was never reported (the program reported no metrics)" << none;
        QTest::newRow("exits non-zero before printing") << "exit 1" << "" << "FAILED" << "exited with code 1" << none;
        QTest::newRow("reads stdin") << "read line; echo loss=0.5" << "" << "COMPLETE" << "" << 0.5;
        QTest::newRow("huge line before the metric")
            << "head -c 3000000 /dev/zero | tr '\\000' 7; echo; echo loss=0.5" << "" << "COMPLETE" << "" << 0.5;
    }
    void misbehavingTrial()
    {
        QFETCH(QString, script);
        QFETCH(QString, extra);
        QFETCH(QString, state);
        QFETCH(QString, reason);
        QFETCH(double, value);
        constexpr int budget = 2;
        const Outcome o = run(shellStudy(script, extra), budget);
        QVERIFY(o.finished);
        QCOMPARE(o.trials.size(), budget); // the study carried on past the bad trial
        for (const Trial &t : o.trials) {
            QCOMPARE(trialStateName(t.state), state);
            QVERIFY2(t.reason.startsWith(reason), qPrintable(t.reason));
            QVERIFY(t.finished.isValid());
            if (state == QLatin1String("COMPLETE")) {
                QVERIFY(t.reason.isEmpty());
                QVERIFY(t.value);
                QCOMPARE(*t.value, value);
            }
        }
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        if (tag.startsWith(QLatin1String("closes stdout"))) // not judged before it really exited
            QVERIFY2(o.trials.first().durationSeconds() >= 1.0, qPrintable(QString::number(o.trials.first().durationSeconds())));
        if (tag.contains(QLatin1String("SIGTERM"))) // SIGKILL after the grace period, not never
            QVERIFY2(o.seconds < 10, qPrintable(QString::number(o.seconds)));
        if (tag.startsWith(QLatin1String("forks children"))) {
            for (int n = 0; n < budget; ++n) {
                QFile f(trialFolder(o.runsDirectory, "hostile", 1, n) + "/child");
                QVERIFY(f.open(QIODevice::ReadOnly));
                const qint64 child = f.readAll().trimmed().toLongLong();
                QTRY_VERIFY2(!alive(child), "a child of the trial outlived it");
            }
        }
    }

    /// A study name is text from whoever wrote the study file: it never leads the trial
    /// folders out of the runs folder, and the study keeps it as written.
    void hostileStudyNamesStayInTheRunsFolder_data()
    {
        QTest::addColumn<QByteArray>("yamlName");
        QTest::addColumn<QString>("name");
        QTest::newRow("parent folders") << QByteArray("\"../../../tmp/sec-evil\"") << QStringLiteral("../../../tmp/sec-evil");
        QTest::newRow("absolute") << QByteArray("\"/tmp/sec-abs\"") << QStringLiteral("/tmp/sec-abs");
        QTest::newRow("NUL") << QByteArray("\"nul\\0byte\"") << QString::fromUtf16(u"nul\0byte", 8);
        QTest::newRow("newline") << QByteArray("\"two\\nlines\"") << QStringLiteral("two\nlines");
        QTest::newRow("300 characters") << QByteArray(300, 'n') << QString(300, u'n');
        QTest::newRow("case") << QByteArray("Hostile") << QStringLiteral("Hostile");
        QTest::newRow("trailing dot") << QByteArray("\"hostile.\"") << QStringLiteral("hostile.");
    }

    void hostileStudyNamesStayInTheRunsFolder()
    {
        QFETCH(QByteArray, yamlName);
        QFETCH(QString, name);
        QByteArray text = shellStudy(QStringLiteral("touch \"$TUNESCOPE_TRIAL_DIR/made\"; echo loss=1"));
        text.replace("name: hostile", "name: " + yamlName);
        QString folder;
        const Outcome o = run(text, 1, 60000, [&](StudyRunner &runner) { folder = runner.trialDirectory(0); });
        QVERIFY(o.finished);
        QCOMPARE(o.trials.size(), 1);
        QCOMPARE(o.trials.first().state, TrialState::Complete);
        QVERIFY2(isInsideFolder(folder, o.runsDirectory), qPrintable(folder));
        // runs/<study folder>/trial-0000: exactly two levels below the runs folder.
        QCOMPARE(QFileInfo(QFileInfo(folder).absolutePath()).absolutePath(), QDir(o.runsDirectory).absolutePath());
        QVERIFY(QFileInfo::exists(folder + "/made"));
        QVERIFY(QFileInfo::exists(folder + "/stdout.log"));
        // Where the name alone would have led: nothing there.
        const QString naive = QDir::cleanPath(o.runsDirectory + "/" + name + "/trial-0000");
        if (!isInsideFolder(naive, o.runsDirectory))
            QVERIFY2(!QFileInfo::exists(naive), qPrintable(naive));
        // The display name is the name as written.
        QString error;
        auto store = Storage::open(o.database, &error);
        QVERIFY2(store, qPrintable(error));
        const auto record = store->findStudy(name);
        QVERIFY2(record, qPrintable(store->lastError()));
        QCOMPARE(record->name, name);
    }

    /// 1 GB of output without a newline: the log gets all of it, memory stays bounded, the
    /// metric printed after it still counts.
    void floodKeepsMemoryBounded()
    {
        const qint64 before = residentKb();
        QVERIFY(before > 0);
        qint64 peak = before;
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] { peak = std::max(peak, residentKb()); });
        sampler.start(20);
        const Outcome o = run(shellStudy("head -c 1000000000 /dev/zero | tr '\\000' x; echo; echo loss=0.5"), 1, 120000);
        sampler.stop();
        QVERIFY(o.finished);
        QCOMPARE(o.trials.size(), 1);
        QCOMPARE(o.trials.first().state, TrialState::Complete);
        QCOMPARE(*o.trials.first().value, 0.5);
        const QFileInfo log(trialFolder(o.runsDirectory, "hostile", 1, 0) + "/stdout.log");
        QCOMPARE(log.size(), qint64(1000000000 + 1 + 9));
        qInfo("1 GB flood: %.1f s, resident memory %lld kB before, peak %lld kB", o.seconds, before, peak);
        QVERIFY2(peak - before < 200 * 1024, qPrintable(QStringLiteral("grew by %1 kB").arg(peak - before)));
        QFile::remove(log.filePath());
    }

    /// Parameter values never reach a shell, and hostile values (empty, huge, newlines,
    /// quotes, =, {}, non-ASCII) survive spec -> argv -> storage -> export unchanged.
    void hostileValuesArriveIntact()
    {
        const QString marker = mDir.filePath("pwned");
        const QStringList values = {
            QStringLiteral("$(touch %1); rm -rf ~").arg(marker),
            QStringLiteral("`touch %1`").arg(marker),
            QString(),
            QStringLiteral("two\nlines"),
            QStringLiteral("it's \"quoted\""),
            QStringLiteral("a=b=c"),
            QStringLiteral("{\"json\": [1, 2]}"),
            QStringLiteral("${x} ${args}"),
            QStringLiteral("gr\u00fc\u00dfe \u03b1\u03b2 \U0001F600"),
            QString(100000, u'h'),
        };
        // JSON is YAML too, and spells every one of these unambiguously.
        QJsonArray list;
        for (const QString &v : values)
            list.append(v);
        const QByteArray json = QJsonDocument(list).toJson(QJsonDocument::Compact);
        const QByteArray spec = "{\"name\": \"values\", \"program\": \"sh\", \"method\": \"grid\", "
                                "\"command\": [\"/bin/sh\", \"-c\", \"printf '%s' \\\"$1\\\" > \\\"$TUNESCOPE_TRIAL_DIR/arg\\\"; "
                                "printf '%s' \\\"$#\\\" > \\\"$TUNESCOPE_TRIAL_DIR/argc\\\"; echo loss=1\", \"sh\", \"${v}\"], "
                                "\"metric\": {\"name\": \"loss\"}, \"parameters\": {\"v\": {\"values\": " + json + "}}}";
        const SpecLoadResult r = parseStudySpec(spec, "values.json");
        QVERIFY2(r.spec, qPrintable(r.errors.join('\n')));
        const Outcome o = run(spec, 100);
        QVERIFY(o.finished);
        QCOMPARE(o.trials.size(), values.size());
        QStringList seen;
        for (const Trial &t : o.trials) {
            QCOMPARE(t.state, TrialState::Complete);
            const QString v = t.params.value("v").toString();
            seen << v;
            const QString dir = trialFolder(o.runsDirectory, "values", 1, t.number);
            QFile arg(dir + "/arg"), argc(dir + "/argc");
            QVERIFY(arg.open(QIODevice::ReadOnly) && argc.open(QIODevice::ReadOnly));
            QCOMPARE(argc.readAll(), QByteArray("1")); // one argument, whatever it holds
            QCOMPARE(QString::fromUtf8(arg.readAll()), v);
        }
        QStringList expected = values;
        std::sort(expected.begin(), expected.end());
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen, expected);
        QVERIFY(!QFile::exists(marker));

        // Export: JSON holds each value exactly; CSV has one record per trial.
        QString error;
        auto store = Storage::open(o.database, &error);
        QVERIFY2(store, qPrintable(error));
        const auto data = loadStudyData(*store, QStringLiteral("values"), &error);
        QVERIFY2(data, qPrintable(error));
        const QJsonObject exported = QJsonDocument::fromJson(QJsonDocument(studyToJson(*data)).toJson()).object();
        QStringList fromJson;
        for (const QJsonValue &t : exported.value("trials").toArray())
            fromJson << t.toObject().value("params").toObject().value("v").toString();
        std::sort(fromJson.begin(), fromJson.end());
        QCOMPARE(fromJson, expected);
        const QByteArray csv = studyToCsv(*data);
        QVERIFY(csv.contains("\"two\nlines\""));
        QVERIFY(csv.contains("\"it's \"\"quoted\"\"\""));
    }
};

QTEST_GUILESS_MAIN(TestHostileTrials)
#include "tst_hostiletrials.moc"
