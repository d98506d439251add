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

    struct Result
    {
        int code = -1;
        QString out;
        QString err;
    };

    Result tunescope(const QStringList &args, int timeoutMs = 60000)
    {
        QProcess p;
        p.setWorkingDirectory(mDir->path());
        p.start(QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/tunescope"), args);
        if (!p.waitForFinished(timeoutMs))
            p.kill();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    void writeFile(const QString &name, const QByteArray &text)
    {
        QFile f(mDir->filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
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
        QCOMPARE(lines.first(), QByteArray("number,state,value,lr,hidden,layers,optimizer,activation,epochs,duration_s,reason"));
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
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(mDir->filePath("runs/slow/trial-0001/stdout.log")), 10000);
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
