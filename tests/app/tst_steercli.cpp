#include "tunescopecli.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

/// Steering a study from the command line, end to end: enqueue before a run (the run takes the
/// queued configuration first), retry, note (from stdin), tag, rename and delete, each seen
/// by a later command (a restart) and in the export.
class TestSteerCli : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> mDir;

    using Result = CliResult;
    Result tunescope(const QStringList &args, const QByteArray &input = {}) { return runTunescope(mDir->path(), args, input); }

    QString db() const { return mDir->filePath("tunescope.db"); }

    QJsonObject exported()
    {
        const Result r = tunescope({"export", db(), "--format", "json"});
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

private slots:
    void init()
    {
        mDir = std::make_unique<QTemporaryDir>();
        QVERIFY(mDir->isValid());
        // A trial program that fails when lr is above 0.05 and reports loss = lr otherwise.
        QFile spec(mDir->filePath("study.yaml"));
        QVERIFY(spec.open(QIODevice::WriteOnly));
        QFile program(mDir->filePath("trial.sh"));
        QVERIFY(program.open(QIODevice::WriteOnly));
        program.write("awk -v lr=\"$1\" 'BEGIN { if (lr > 0.05) exit 3; print \"loss=\" lr }'\n");
        program.close();
        spec.write("name: steer\n"
                   "program: trial.sh\n"
                   "command: [/bin/sh, \"${program}\", \"${lr}\"]\n"
                   "method: random\n"
                   "seed: 3\n"
                   "metric: {name: loss}\n"
                   "parameters:\n"
                   "  lr: {min: 0.001, max: 0.1}\n"
                   "  opt: {values: [sgd, adam]}\n"
                   "run_cap: 3\n");
    }

    void enqueueRetryNotesTagsRenameDelete()
    {
        Result r = tunescope({"run", "study.yaml", "--trials", "1", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));

        // Out of the space: refused, naming the parameter; nothing stored.
        r = tunescope({"enqueue", db(), "--study", "steer", "--param", "lr=0.5", "--param", "opt=adam"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("parameters.lr: 0.5, outside its range"), qPrintable(r.err));
        r = tunescope({"enqueue", db(), "--study", "steer", "--param", "lr=0.08", "--param", "opt=adam"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("\"trial\": 1"), qPrintable(r.out));
        QFile file(mDir->filePath("p.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"lr": 0.002, "opt": "sgd"})");
        file.close();
        r = tunescope({"enqueue", db(), "--study", "steer", "--param-file", "p.json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        // The run takes both queued trials before sampling; the budget of 3 is then spent.
        r = tunescope({"run", "study.yaml", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QJsonArray trials = exported()["trials"].toArray();
        QCOMPARE(trials.size(), 3);
        QCOMPARE(trials.at(1)["origin"].toString(), QStringLiteral("enqueued"));
        QCOMPARE(trials.at(1)["state"].toString(), QStringLiteral("FAILED")); // lr 0.08 > 0.05
        QCOMPARE(trials.at(2)["params"]["lr"].toDouble(), 0.002);
        QCOMPARE(trials.at(2)["value"].toDouble(), 0.002);

        r = tunescope({"retry", db(), "--study", "steer", "--trial", "2"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("COMPLETE"), qPrintable(r.err));
        r = tunescope({"retry", db(), "--study", "steer", "--failed"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("\"retry_of\": 1"), qPrintable(r.out));
        // The retry counts in the budget instead of the original: the run evaluates it, nothing more.
        r = tunescope({"run", "study.yaml", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        trials = exported()["trials"].toArray();
        QCOMPARE(trials.size(), 4);
        QCOMPARE(trials.at(1)["retried_as"].toInt(), 3);
        QCOMPARE(trials.at(3)["retry_of"].toInt(), 1);
        QCOMPARE(trials.at(3)["state"].toString(), QStringLiteral("FAILED")); // same parameters, same failure

        r = tunescope({"note", db(), "--study", "steer", "-"}, "# Week 2\nlr above 0.05 *diverges*\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = tunescope({"note", db(), "--study", "steer", "--trial", "1", "bad lr"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = tunescope({"note", db(), "--study", "steer", "--trial", "9", "x"});
        QCOMPARE(r.code, 2);
        r = tunescope({"tag", db(), "--study", "steer", "mlp", "week2,baseline"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = tunescope({"tag", db(), "--study", "steer", "--remove", "baseline"});
        QCOMPARE(r.out.trimmed(), QStringLiteral("mlp week2"));
        const QJsonObject json = exported();
        QCOMPARE(json["study"]["note"].toString(), QStringLiteral("# Week 2\nlr above 0.05 *diverges*\n"));
        QCOMPARE(json["study"]["tags"].toArray().size(), 2);
        QCOMPARE(json["trials"].toArray().at(1)["note"].toString(), QStringLiteral("bad lr"));
        r = tunescope({"export", db(), "--format", "csv"});
        QVERIFY2(r.out.section('\n', 0, 0).endsWith("origin,retry_of,out_of_space,note,cpu_s,max_rss_mb,gpu_s,max_gpu_mem_mb,gpu_util_mean,wait_s,run_s"), qPrintable(r.out));
        // The study list shows the tags and the note's first line, as the dashboard's does.
        r = tunescope({"studies", db()});
        QVERIFY2(r.out.contains("    tags: mlp, week2\n") && r.out.contains("    note: Week 2\n"), qPrintable(r.out));

        // Next week's study starts from this one: its best configuration runs first.
        QFile next(mDir->filePath("next.yaml"));
        QVERIFY(next.open(QIODevice::WriteOnly));
        next.write("name: next\nprogram: trial.sh\ncommand: [/bin/sh, \"${program}\", \"${lr}\"]\nmethod: random\n"
                   "metric: {name: loss}\nparameters:\n  lr: {min: 0.001, max: 0.1}\n  opt: {values: [sgd, adam]}\n"
                   "run_cap: 2\nwarm_start: {from: tunescope.db#steer, top_k: 1}\n");
        next.close();
        r = tunescope({"run", "next.yaml"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("warm start: ") && r.out.contains("tunescope.db#steer: 2 finished trials, 1 best enqueued first"),
                 qPrintable(r.out));
        r = tunescope({"export", db(), "--study", "next"});
        const QJsonObject nextJson = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(nextJson["study"]["warm_start"]["mode"].toString(), QStringLiteral("best_first"));
        QCOMPARE(nextJson["trials"].toArray().at(0)["origin"].toString(), QStringLiteral("best_first"));
        QCOMPARE(nextJson["trials"].toArray().at(0)["params"]["lr"].toDouble(), 0.002);
        r = tunescope({"run", "next.yaml"}); // resumed: nothing enqueued again, nothing more to run
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        r = tunescope({"export", db(), "--study", "next"});
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["trials"].toArray().size(), 2);
        r = tunescope({"delete", db(), "--study", "next", "--yes", "--remove-folders"});
        QVERIFY2(r.code == 0, qPrintable(r.err));

        r = tunescope({"rename", db(), "--study", "steer", "steer-2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFileInfo(mDir->filePath("runs")).isDir());
        QVERIFY(!QDir(mDir->filePath("runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).filter("steer-2-").isEmpty());
        r = tunescope({"delete", db(), "--study", "steer-2"});
        QCOMPARE(r.code, 2); // asks for --yes
        r = tunescope({"delete", db(), "--study", "steer-2", "--yes", "--remove-folders"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = tunescope({"studies", db()});
        QVERIFY(!r.out.contains("steer"));
        QVERIFY(QDir(mDir->filePath("runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSteerCli)
#include "tst_steercli.moc"
