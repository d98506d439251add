#include "tunescopecli.h"
#include "storage/storage.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

/// The tunescope command line, end to end, as a user runs it. Each test function works in a
/// folder of its own (init) and makes the studies it reads itself, so any one of them runs
/// alone (`tst_cli listsStudies`) and in any order.
class TestCli : public QObject
{
    Q_OBJECT

private:
    QByteArray mExample;                 ///< the bundled example study file
    std::unique_ptr<QTemporaryDir> mDir; ///< the current test function's folder
    QString mSpec;                       ///< the example, copied into mDir

    using Result = CliResult;
    Result tunescope(const QStringList &args, int timeoutMs = 60000) { return runTunescope(mDir->path(), args, {}, timeoutMs); }

    void writeFile(const QString &name, const QByteArray &text)
    {
        QVERIFY(!writeTestFile(mDir->filePath(name), text).isEmpty());
    }

    /// Runs the example study to `trials` trials in the test's folder (its database:
    /// tunescope.db there).
    Result runExample(int trials) { return tunescope({"run", mSpec, "--trials", QString::number(trials)}); }

    QString database() const { return mDir->filePath("tunescope.db"); }

private slots:
    void initTestCase()
    {
        QFile src(TUNESCOPE_SOURCE_DIR "/examples/spirals/study.yaml");
        QVERIFY(src.open(QIODevice::ReadOnly));
        mExample = src.readAll();
    }

    void init()
    {
        mDir = std::make_unique<QTemporaryDir>();
        QVERIFY(mDir->isValid());
        // The bundled example, copied so its database lands in the temporary folder.
        mSpec = mDir->filePath("study.yaml");
        writeFile("study.yaml", mExample);
    }

    void cleanup() { mDir.reset(); }

    void runsTheExampleAndPrintsTheBest()
    {
        const Result r = tunescope({"run", mSpec, "--trials", "8"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("8 trials: 8 complete, 0 pruned, 0 failed"), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("best trial \\d+: val_accuracy=0\\.\\d+")));
        QVERIFY(QFile::exists(database()));
    }

    void bayesPrintsTheRecommendedTrial()
    {
        // method: bayes names the trial of best posterior mean after the best observed one;
        // on exact values (this parabola) it is the same trial.
        writeFile("bayes.yaml", "name: parabola\nprogram: /bin/sh\n"
                                "command: [\"/bin/sh\", \"-c\", \"x=${1#--x=}; awk -v x=$x 'BEGIN { print \\\"loss=\\\" (x - 0.3) ^ 2 }'\", \"sh\", \"${args}\"]\n"
                                "method: bayes\nmethod_options: {n_startup_trials: 4}\nmetric: {name: loss}\n"
                                "parameters: {x: {min: 0.0, max: 1.0}}\nrun_cap: 8\n");
        const Result r = tunescope({"run", mDir->filePath("bayes.yaml"), "--db", mDir->filePath("bayes.db")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        const QRegularExpressionMatch best = QRegularExpression("best trial (\\d+): loss=").match(r.out);
        QVERIFY2(best.hasMatch(), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("recommended trial " + best.captured(1)
                                                   + ": loss=\\S+ \\(best posterior mean, the best observed\\)")),
                 qPrintable(r.out));
    }

    void resumesToTheBudget()
    {
        const Result first = runExample(8);
        QVERIFY2(first.code == 0, qPrintable(first.out + first.err));
        const Result r = runExample(10);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("resuming after 8"), qPrintable(r.out));
        QVERIFY(r.out.contains("10 trials: 10 complete"));
    }

    void listsStudies()
    {
        const Result setup = runExample(10);
        QVERIFY2(setup.code == 0, qPrintable(setup.out + setup.err));
        const Result r = tunescope({"studies", database()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QRegularExpression("spirals-random\\s+random\\s+10\\s+10\\s+0\\s+0\\s+0\\s+0\\s+0\\.\\d+")), qPrintable(r.out));
    }

    void exportsJsonAndCsv()
    {
        const Result setup = runExample(10);
        QVERIFY2(setup.code == 0, qPrintable(setup.out + setup.err));
        const Result json = tunescope({"export", database(), "--format", "json"});
        QCOMPARE(json.code, 0);
        const QJsonObject doc = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(doc["study"]["name"].toString(), QStringLiteral("spirals-random"));
        QCOMPARE(doc["study"]["metric"]["goal"].toString(), QStringLiteral("maximize"));
        const QJsonArray trials = doc["trials"].toArray();
        QCOMPARE(trials.size(), 10);
        const QJsonObject t0 = trials.first().toObject();
        QCOMPARE(t0["state"].toString(), QStringLiteral("COMPLETE"));
        QVERIFY(t0["params"]["lr"].isDouble());
        QVERIFY(t0["params"]["optimizer"].isString());
        QCOMPARE(t0["intermediate"]["val_accuracy"].toArray().size(), 30);
        QCOMPARE(t0["intermediate"]["val_accuracy"].toArray().last().toArray().at(1).toDouble(), t0["value"].toDouble());

        const Result csv = tunescope({"export", database(), "--format", "csv", "-o", mDir->filePath("t.csv")});
        QCOMPARE(csv.code, 0);
        QFile f(mDir->filePath("t.csv"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 11);
        QCOMPARE(lines.first(), QByteArray("number,state,value,lr,hidden,layers,optimizer,activation,epochs,duration_s,reason,cpu_s,max_rss_mb,gpu_s,max_gpu_mem_mb,gpu_util_mean,wait_s,run_s"));
    }

    void exportsReportsAndComparisons()
    {
        if (tunescope({"--has-gui"}).code != 0)
            QSKIP("this build has no report renderer (TUNESCOPE_BUILD_UI=OFF, as in the sanitizer build)");
        const Result setup = runExample(10);
        QVERIFY2(setup.code == 0, qPrintable(setup.out + setup.err));
        const QString db = database();
        const Result html = tunescope({"export", db, "--study", "spirals-random", "--format", "html", "-o", mDir->filePath("r.html")});
        QVERIFY2(html.code == 0, qPrintable(html.err));
        QFile page(mDir->filePath("r.html"));
        QVERIFY(page.open(QIODevice::ReadOnly));
        const QByteArray text = page.readAll();
        QVERIFY(text.contains("spirals-random") && text.contains("data:image/png;base64,"));
        const Result pdf = tunescope({"export", db, "--study", "spirals-random", "--format", "pdf", "-o", mDir->filePath("r.pdf")});
        QVERIFY2(pdf.code == 0, qPrintable(pdf.err));
        QFile document(mDir->filePath("r.pdf"));
        QVERIFY(document.open(QIODevice::ReadOnly));
        QVERIFY(document.read(5) == "%PDF-");
        // A second study of the same model (another seed) to compare with.
        QFile spec(mSpec);
        QVERIFY(spec.open(QIODevice::ReadOnly));
        writeFile("other.yaml", spec.readAll().replace("name: spirals-random", "name: spirals-other"));
        QCOMPARE(tunescope({"run", mDir->filePath("other.yaml"), "--db", db, "--trials", "3", "--seed", "5"}).code, 0);
        const Result csv = tunescope({"compare", db, "--study", "spirals-random", "--study", "spirals-other", "--format", "csv"});
        QVERIFY2(csv.code == 0, qPrintable(csv.err));
        const QStringList rows = csv.out.trimmed().split('\n');
        QVERIFY2(rows.first().contains("study"), qPrintable(rows.first()));
        QCOMPARE(rows.size(), 1 + 10 + 3);
        const Result missing = tunescope({"export", db, "--study", "nope", "--format", "html"});
        QVERIFY(missing.code != 0);
        QVERIFY2(missing.err.contains("nope"), qPrintable(missing.err));
    }

    void askAndTell()
    {
        const Result setup = runExample(10);
        QVERIFY2(setup.code == 0, qPrintable(setup.out + setup.err));
        const QString db = database();
        const Result ask = tunescope({"ask", db, "--study", "spirals-random"});
        QVERIFY2(ask.code == 0, qPrintable(ask.err));
        const QJsonObject o = QJsonDocument::fromJson(ask.out.toUtf8()).object();
        QCOMPARE(o["trial"].toInt(), 10);
        QVERIFY(o["params"]["hidden"].isDouble());
        const Result tell = tunescope({"tell", db, "--study", "spirals-random", "--trial", "10", "--value", "0.99"});
        QVERIFY2(tell.code == 0, qPrintable(tell.err));
        const Result again = tunescope({"tell", db, "--study", "spirals-random", "--trial", "10", "--value", "0.5"});
        QCOMPARE(again.code, 2);
        QVERIFY(again.err.contains("already COMPLETE"));
        const Result studies = tunescope({"studies", db});
        QVERIFY2(studies.out.contains("0.99"), qPrintable(studies.out));
    }

    void badInputGetsOneClearMessage_data()
    {
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QString>("message");
        QTest::newRow("malformed") << QByteArray("method: [") << "bad.yaml:";
        QTest::newRow("log min 0") << QByteArray("program: true\nmethod: random\nmetric: {name: m}\n"
                                                 "parameters: {lr: {distribution: log_uniform_values, min: 0, max: 1}}\n")
                                   << "parameters.lr.min: must be > 0 for log_uniform_values";
        QTest::newRow("grid over a range") << QByteArray("program: /bin/true\nmethod: grid\nmetric: {name: m}\n"
                                                         "parameters: {lr: {min: 0.1, max: 1.0}}\n")
                                           << "parameters.lr: a grid needs discrete values";
        QTest::newRow("missing program") << QByteArray("program: ./nope.py\nmethod: random\nmetric: {name: m}\n"
                                                       "parameters: {lr: {min: 0.1, max: 1.0}}\n")
                                         << "nope.py";
    }
    void badInputGetsOneClearMessage()
    {
        QFETCH(QByteArray, spec);
        QFETCH(QString, message);
        writeFile("bad.yaml", spec);
        const Result r = tunescope({"run", mDir->filePath("bad.yaml"), "--db", mDir->filePath("bad.db")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        // Nothing half-written: no study was created.
        if (QFile::exists(mDir->filePath("bad.db"))) {
            const Result studies = tunescope({"studies", mDir->filePath("bad.db")});
            QVERIFY2(!studies.out.contains("bad"), qPrintable(studies.out));
        }
    }

    void ctrlCStopsTrialsAndRecordsThem()
    {
        writeFile("slow.yaml", "name: slow\nprogram: /bin/sh\ncommand: [\"/bin/sh\", \"-c\", \"echo loss=1; sleep 30\"]\n"
                               "method: grid\nmetric: {name: loss}\nparameters: {x: {values: [1, 2, 3]}}\nparallel: 2\n");
        QProcess run;
        run.setWorkingDirectory(mDir->path());
        run.start(QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/tunescope"), {"run", mDir->filePath("slow.yaml"), "--db", mDir->filePath("slow.db")});
        QVERIFY(run.waitForStarted());
        // Wait until both trials run (their logs exist), then press Ctrl-C.
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(mDir->filePath("runs/slow-1/trial-0001/stdout.log")), 10000);
        QTest::qWait(300);
        ::kill(pid_t(run.processId()), SIGINT);
        QVERIFY(run.waitForFinished(15000));
        QCOMPARE(run.exitCode(), 130);
        const QString err = QString::fromUtf8(run.readAllStandardError());
        QVERIFY2(err.contains("stopping"), qPrintable(err));
        const Result exported = tunescope({"export", mDir->filePath("slow.db"), "--format", "json"});
        const QJsonArray trials = QJsonDocument::fromJson(exported.out.toUtf8())["trials"].toArray();
        QCOMPARE(trials.size(), 2);
        for (const QJsonValue &t : trials) {
            QCOMPARE(t["state"].toString(), QStringLiteral("FAILED"));
            QVERIFY(t["reason"].toString().startsWith("interrupted"));
            // What the trial reported before it was stopped is kept.
            QCOMPARE(t["intermediate"]["loss"].toArray().size(), 1);
        }
    }

    /// The issue's own case: a study file naming its study "../../../sec-evil", run from a
    /// subfolder, writes its trial folders in runs/ and nowhere else.
    void studyFileNamesStayInTheRunsFolder()
    {
        QVERIFY(QDir().mkpath(mDir->filePath("sub")));
        writeFile("sub/evil.yaml", "name: \"../../../sec-evil\"\nprogram: /bin/sh\n"
                                   "command: [\"/bin/sh\", \"-c\", \"echo loss=1\"]\n"
                                   "method: grid\nmetric: {name: loss}\nparameters: {x: {values: [1]}}\n");
        const Result r = tunescope({"run", mDir->filePath("sub/evil.yaml")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("study '../../../sec-evil'"), qPrintable(r.out)); // shown as written
        QVERIFY(QFileInfo::exists(mDir->filePath("sub/runs/sec-evil-1/trial-0000/stdout.log")));
        QVERIFY(!QFileInfo::exists(QDir::cleanPath(mDir->filePath("sub/runs/../../../sec-evil"))));
        QCOMPARE(QDir(mDir->filePath("sub/runs")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{"sec-evil-1"});
    }

    /// Names read from a database another tool (or person) filled: a worker runs the study
    /// in runs/, ask and tell take the name as it is and write no file.
    void foreignDatabaseNamesStayInTheRunsFolder()
    {
        const QString name = QStringLiteral("../../foreign\nevil");
        const QString db = mDir->filePath("foreign.db");
        {
            QString error;
            auto storage = tunescope::Storage::open(db, &error);
            QVERIFY2(storage, qPrintable(error));
            tunescope::StudyRecord record;
            record.name = name;
            record.method = "grid";
            record.metricName = "loss";
            record.specYaml = "name: \"../../foreign\\nevil\"\nprogram: /bin/sh\n"
                              "command: [\"/bin/sh\", \"-c\", \"echo loss=2\"]\n"
                              "method: grid\nmetric: {name: loss}\nparameters: {x: {values: [1, 2, 3]}}\n";
            QVERIFY2(storage->createStudy(record), qPrintable(storage->lastError()));
        }
        const Result worker = tunescope({"worker", db, "--study", name, "--trials", "1"});
        QVERIFY2(worker.code == 0, qPrintable(worker.out + worker.err));
        QVERIFY(QFileInfo::exists(mDir->filePath("runs/foreign_evil-1/trial-0000/stdout.log")));
        QCOMPARE(QDir(mDir->filePath("runs")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{"foreign_evil-1"});

        const QStringList before = QDir(mDir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        const Result ask = tunescope({"ask", db, "--study", name});
        QVERIFY2(ask.code == 0, qPrintable(ask.err));
        const int trial = QJsonDocument::fromJson(ask.out.toUtf8())["trial"].toInt();
        const Result tell = tunescope({"tell", db, "--study", name, "--trial", QString::number(trial), "--value", "0.5"});
        QVERIFY2(tell.code == 0, qPrintable(tell.err));
        for (const char *hostile : {"../../../etc", "/etc/passwd", "a\nb", "../foreign.db"}) {
            const Result refused = tunescope({"ask", db, "--study", QString::fromUtf8(hostile)});
            QVERIFY(refused.code != 0);
            QVERIFY2(refused.err.contains("no study named"), qPrintable(refused.err));
        }
        QStringList after = QDir(mDir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        after.removeAll("foreign.db-shm"); // SQLite's own, as the database is opened
        after.removeAll("foreign.db-wal");
        QStringList expected = before;
        expected.removeAll("foreign.db-shm");
        expected.removeAll("foreign.db-wal");
        QCOMPARE(after, expected);
    }

    /// A password in a database URL reaches no message: the storage layer's, the command
    /// line's, or the one-time warning that suggests ~/.pgpass.
    void passwordsNeverReachMessages()
    {
        const QString url = QStringLiteral("postgresql://alice:PLANTED-pw@127.0.0.1:1/tune?connect_timeout=1");
        const QString option = QStringLiteral("postgresql://alice@127.0.0.1:1/tune?connect_timeout=1&password=PLANTED-pw");
        const QList<QStringList> commands = {
            {"studies", url},
            {"export", url, "--format", "json"},
            {"compare", url, option, "--format", "csv"},
            {"ask", option, "--study", "x"},
            {"worker", url, "--study", "x"},
            {"run", mSpec, "--db", url},
        };
        for (const QStringList &args : commands) {
            const Result r = tunescope(args);
            QVERIFY2(r.code != 0, qPrintable(args.join(' ')));
            QVERIFY2(!(r.out + r.err).contains("PLANTED"), qPrintable(r.out + r.err));
            QVERIFY2(r.err.contains("alice@127.0.0.1:1/tune"), qPrintable(r.err));
            QCOMPARE(r.err.count("~/.pgpass"), 1);
        }
    }

    /// Every export format of a study whose file carried a password and local paths: the
    /// password is not in the database or any export; --no-local-paths leaves out every
    /// absolute path of this machine.
    void exportsCarryNoPasswordAndNoLocalPaths()
    {
        writeFile("train.sh", "#!/bin/sh\necho loss=0.25\n");
        QVERIFY(QFile::setPermissions(mDir->filePath("train.sh"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QVERIFY(QDir().mkpath(mDir->filePath("db")));
        const QString db = mDir->filePath("db/p.db");
        writeFile("secret.yaml", "name: secret\nprogram: " + mDir->filePath("train.sh").toUtf8()
                                     + "\ncommand: [\"${program}\", \"--out=" + mDir->filePath("out").toUtf8() + "\"]\n"
                                     "storage: postgresql://alice:PLANTED-pw@db.example/tune\n"
                                     "method: grid\nmetric: {name: loss}\nparameters: {x: {values: [1, 2]}}\n");
        const Result run = tunescope({"run", mDir->filePath("secret.yaml"), "--db", db});
        QVERIFY2(run.code == 0, qPrintable(run.out + run.err));
        QVERIFY2(!(run.out + run.err).contains("PLANTED"), qPrintable(run.out + run.err));
        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("PLANTED"));
        QFile wal(db + "-wal");
        if (wal.open(QIODevice::ReadOnly))
            QVERIFY(!wal.readAll().contains("PLANTED"));

        const bool reports = tunescope({"--has-gui"}).code == 0;
        QStringList formats = {"csv", "json"};
        if (reports)
            formats << "html" << "pdf";
        const QByteArray home = mDir->path().toUtf8();
        for (const QString &format : std::as_const(formats)) {
            for (const bool shared : {false, true}) {
                const QString out = mDir->filePath(QStringLiteral("export-%1-%2.%3").arg(shared).arg(format, format));
                QStringList args = {"export", db, "--format", format, "-o", out};
                if (shared)
                    args << "--no-local-paths";
                const Result r = tunescope(args);
                QVERIFY2(r.code == 0, qPrintable(r.err));
                QByteArray text;
                if (format == "pdf") {
                    QProcess pdftotext;
                    pdftotext.start("pdftotext", {out, "-"});
                    if (!pdftotext.waitForFinished(30000) || pdftotext.exitCode() != 0)
                        QSKIP("pdftotext is needed to read the PDF's text");
                    text = pdftotext.readAllStandardOutput();
                    QVERIFY(text.contains("secret"));
                } else {
                    QFile f(out);
                    QVERIFY(f.open(QIODevice::ReadOnly));
                    text = f.readAll();
                }
                QVERIFY2(!text.contains("PLANTED"), qPrintable(format));
                if (format == "html" || format == "pdf") {
                    // The database lies in the report's base folder: named relative to it.
                    QVERIFY2(text.contains("p.db"), qPrintable(format));
                    QCOMPARE(text.contains(home), !shared); // the program lies elsewhere
                    if (shared)
                        QVERIFY2(text.contains("train.sh") && text.contains("--out=out"), text.constData());
                }
            }
        }
        if (reports) {
            const Result compare = tunescope({"compare", db, db, "--format", "html", "--no-local-paths", "--no-group"});
            QVERIFY2(compare.code == 0, qPrintable(compare.err));
            QVERIFY(!compare.out.toUtf8().contains(home) && !compare.out.contains("PLANTED"));
        }
    }

    void usageErrors()
    {
        QCOMPARE(tunescope({"frobnicate"}).code, 2);
        QCOMPARE(tunescope({"run"}).code, 2);
        QCOMPARE(tunescope({"run", mSpec, "--trials", "zero"}).code, 2);
        const Result missingDb = tunescope({"studies", mDir->filePath("none.db")});
        QCOMPARE(missingDb.code, 1);
        QVERIFY(missingDb.err.contains("no such database"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
