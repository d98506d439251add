#include "support/runnerfixture.h"
#include "storage/storage.h"
#include "execution/studyrunner.h"

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

using fixture::runToEnd;
using fixture::shellStudy;

/// The study runner with real child processes and a real SQLite file.
class TestStudyRunner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;

    StudySpec spec(const QByteArray &text) { return fixture::specIn(mDir.path(), text); }
    std::unique_ptr<Storage> storage(const QString &name) { return fixture::openStorage(mDir.filePath(name)); }

private slots:
    void initTestCase() { QVERIFY(mDir.isValid()); }

    void runsTheSpiralsExample()
    {
        const SpecLoadResult loaded = loadStudySpec(TUNESCOPE_SOURCE_DIR "/examples/spirals/study.yaml");
        QVERIFY2(loaded.spec, qPrintable(loaded.errors.join('\n')));
        StudySpec s = *loaded.spec;
        s.program = QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/spirals-trainer");
        auto store = storage("spirals.db");
        RunOptions options;
        options.budget = 6;
        options.runsDirectory = mDir.filePath("runs");
        StudyRunner runner(s, store.get(), options);
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        QSignalSpy finishedTrials(&runner, &StudyRunner::trialFinished);
        const QList<Trial> trials = runToEnd(runner, *store);
        QCOMPARE(trials.size(), 6);
        QCOMPARE(finishedTrials.size(), 6);
        for (const Trial &t : trials) {
            QCOMPARE(t.state, TrialState::Complete);
            QVERIFY(t.value && *t.value >= 0 && *t.value <= 1);
            const QList<MetricPoint> acc = t.intermediate.value("val_accuracy");
            QCOMPARE(acc.size(), 30);
            QCOMPARE(acc.last().value, *t.value);
            QCOMPARE(acc.first().step, 1);
            QCOMPARE(t.exitCode.value_or(-1), 0);
            QVERIFY(QFile::exists(runner.trialDirectory(t.number) + "/stdout.log"));
        }
        QVERIFY(runner.bestTrial());
    }

    void failuresAreRecordedWithReasons_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("reason");
        QTest::newRow("non-zero exit") << "echo loss=1; exit 3" << "" << "exited with code 3";
        QTest::newRow("segfault") << "kill -SEGV $$" << "" << "killed by signal 11";
        QTest::newRow("metric never printed") << "echo accuracy=0.5 epoch=1" << ""
                                              << "metric 'loss' was never reported (it reported: accuracy, epoch)";
        QTest::newRow("nothing printed") << "true" << "" << "metric 'loss' was never reported (the program reported no metrics)";
        QTest::newRow("nan objective") << "echo loss=nan" << "" << "metric 'loss' is NaN";
        QTest::newRow("timeout") << "echo loss=2; sleep 30" << "trial_timeout: 1s" << "timed out after 1 s";
    }
    void failuresAreRecordedWithReasons()
    {
        QFETCH(QString, script);
        QFETCH(QString, extra);
        QFETCH(QString, reason);
        static int counter = 0;
        auto store = storage(QStringLiteral("fail%1.db").arg(counter++));
        StudySpec s = spec(shellStudy(script, "  x: {min: 0.0, max: 1.0}", "method: random\n" + extra));
        RunOptions options;
        options.budget = 2;
        options.killGraceMs = 500;
        StudyRunner runner(s, store.get(), options);
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        const QList<Trial> trials = runToEnd(runner, *store);
        QCOMPARE(trials.size(), 2);
        for (const Trial &t : trials) {
            QCOMPARE(t.state, TrialState::Failed);
            QVERIFY2(t.reason.startsWith(reason), qPrintable(t.reason));
        }
        // What a failed trial reported before it ended is kept.
        if (script.startsWith("echo loss=1"))
            QCOMPARE(trials.first().intermediate.value("loss").size(), 1);
    }

    void argumentsNeverReachAShell()
    {
        const QString marker = mDir.filePath("pwned");
        auto store = storage("inject.db");
        const QString hostile = QStringLiteral("$(touch %1); rm -rf ~").arg(marker);
        StudySpec s = spec(shellStudy("printf '%s\\n' \"$@\" > \"$TUNESCOPE_TRIAL_DIR/args\"; echo loss=1",
                                      QStringLiteral("  evil: {values: ['%1']}").arg(hostile), "method: grid\n"));
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        const QList<Trial> trials = runToEnd(runner, *store);
        QCOMPARE(trials.size(), 1);
        QCOMPARE(trials.first().state, TrialState::Complete);
        QFile args(runner.trialDirectory(0) + "/args");
        QVERIFY(args.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(args.readAll()), "--evil=" + hostile + "\n");
        QVERIFY(!QFile::exists(marker));
    }

    void environmentAndGpuSlots()
    {
        auto store = storage("gpu.db");
        StudySpec s = spec(shellStudy(
            "echo \"$TUNESCOPE_STUDY $TUNESCOPE_TRIAL $TUNESCOPE_PARAMS\" > \"$TUNESCOPE_TRIAL_DIR/env\"; "
            "echo gpu=${CUDA_VISIBLE_DEVICES:-9} loss=1; sleep 0.3",
            "  x: {values: [1, 2, 3, 4]}", "method: grid\nparallel: 2\nresources: {gpus: [0, 1], trials_per_gpu: 1}\n"));
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        int maxRunning = 0;
        connect(&runner, &StudyRunner::trialStarted, this, [&] { maxRunning = std::max(maxRunning, runner.runningCount()); });
        const QList<Trial> trials = runToEnd(runner, *store);
        QCOMPARE(trials.size(), 4);
        QCOMPARE(maxRunning, 2);
        QSet<QString> gpusAtOnce;
        for (const Trial &t : trials) {
            QCOMPARE(t.state, TrialState::Complete);
            QVERIFY(t.gpu == "0" || t.gpu == "1");
            QCOMPARE(QString::number(t.intermediate.value("gpu").first().value), t.gpu);
            QFile env(runner.trialDirectory(t.number) + "/env");
            QVERIFY(env.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(env.readAll()).trimmed();
            QCOMPARE(text, QStringLiteral("s %1 {\"x\":%2}").arg(t.number).arg(t.params.value("x").toLongLong()));
        }
        QCOMPARE(trials[0].gpu == trials[1].gpu, false);
    }

    void cpuTrialsSeeNoGpu()
    {
        auto store = storage("cpu.db");
        StudySpec s = spec(shellStudy("test -z \"$CUDA_VISIBLE_DEVICES\" && test \"${CUDA_VISIBLE_DEVICES+set}\" = set && echo loss=1",
                                      "  x: {values: [1]}", "method: grid\n"));
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY(runner.prepare(&error));
        QCOMPARE(runToEnd(runner, *store).first().state, TrialState::Complete);
    }

    void stopThenResumeFinishesTheGridExactly()
    {
        auto store = storage("resume.db");
        StudySpec s = spec(shellStudy("v=${1#--x=}; echo loss=$v; sleep 0.4", "  x: {values: [1, 2, 3, 4, 5, 6]}",
                                      "method: random-grid\nparallel: 2\n"));
        {
            RunOptions options;
            options.killGraceMs = 300;
            StudyRunner runner(s, store.get(), options);
            QString error;
            QVERIFY(runner.prepare(&error));
            QSignalSpy done(&runner, &StudyRunner::finished);
            QSignalSpy finishedOne(&runner, &StudyRunner::trialFinished);
            runner.start();
            QTRY_VERIFY_WITH_TIMEOUT(finishedOne.size() >= 2, 10000);
            QTRY_COMPARE(runner.runningCount(), 2);
            runner.stop();
            QVERIFY(done.wait(10000));
        }
        QList<Trial> first = store->trials(store->findStudy("s")->id).value();
        const int interrupted = int(std::count_if(first.begin(), first.end(), isInterrupted));
        QCOMPARE(interrupted, 2);

        StudyRunner again(s, store.get());
        QString error;
        QVERIFY(again.prepare(&error));
        const QList<Trial> all = runToEnd(again, *store);
        QSet<qlonglong> done;
        int complete = 0;
        for (const Trial &t : all) {
            if (t.state == TrialState::Complete) {
                ++complete;
                QVERIFY2(!done.contains(t.params.value("x").toLongLong()), "a grid point ran twice");
                done.insert(t.params.value("x").toLongLong());
                QCOMPARE(*t.value, double(t.params.value("x").toLongLong()));
            }
        }
        QCOMPARE(complete, 6);
        QCOMPARE(all.size(), 6 + interrupted);
    }

    void trialsOfADeadProcessAreMarkedInterrupted()
    {
        auto store = storage("dead.db");
        StudySpec s = spec(shellStudy("echo loss=1", "  x: {values: [1, 2, 3]}", "method: grid\n"));
        {
            StudyRunner first(s, store.get());
            QString error;
            QVERIFY(first.prepare(&error));
        }
        // A process starts a trial and dies without finishing it, as a killed run would.
        QProcess killedRun;
        killedRun.start(QCoreApplication::applicationFilePath(), {"--start-trial-and-exit", mDir.filePath("dead.db")});
        QVERIFY(killedRun.waitForFinished());
        QCOMPARE(killedRun.exitCode(), 0);
        QCOMPARE(store->trials(store->findStudy("s")->id)->first().state, TrialState::Running);
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY(runner.prepare(&error));
        const QList<Trial> all = runToEnd(runner, *store);
        QCOMPARE(all.first().state, TrialState::Failed);
        QVERIFY(isInterrupted(all.first()));
        int complete = 0;
        for (const Trial &t : all)
            complete += t.state == TrialState::Complete;
        QCOMPARE(complete, 3);
    }

    void relativeProgramPathRunsFromTheSpecFolder()
    {
        // The runner's own working directory is elsewhere: "./x.sh" means the spec's folder.
        QFile script(mDir.filePath("rel.sh"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho loss=1\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        auto store = storage("relative.db");
        StudySpec s = spec("name: r\nprogram: rel.sh\ncommand: [\"./rel.sh\", \"${args}\"]\nmethod: grid\n"
                           "metric: {name: loss}\nparameters: {x: {values: [1]}}\n");
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        QCOMPARE(runToEnd(runner, *store).first().state, TrialState::Complete);
    }

    void badProgramIsRefusedBeforeAnythingIsWritten()
    {
        auto store = storage("missing.db");
        StudySpec s = spec("name: m\nprogram: no-such-program-here\ncommand: [\"${program}\", \"${args}\"]\nmethod: random\n"
                           "metric: {name: loss}\nparameters: {x: {min: 0.0, max: 1.0}}\n");
        StudyRunner runner(s, store.get());
        QString error;
        QVERIFY(!runner.prepare(&error));
        QVERIFY2(error.contains("no-such-program-here") && error.startsWith("program:"), qPrintable(error));
        QVERIFY(!store->findStudy("m"));
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc == 3 && QByteArray(argv[1]) == "--start-trial-and-exit") {
        QString error;
        auto store = Storage::open(QString::fromLocal8Bit(argv[2]), &error);
        const auto study = store ? store->findStudy("s") : std::nullopt;
        return study && store->startTrial(study->id, {{"x", qlonglong(1)}}) ? 0 : 1;
    }
    TestStudyRunner test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_studyrunner.moc"
