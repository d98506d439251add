#include "analysis/studyexport.h"
#include "execution/metricparser.h"
#include "execution/studyrunner.h"
#include "execution/trialartifact.h"
#include "storage/storage.h"
#include "support/runnerfixture.h"
#include "support/storagefixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

/// Files a trial declares with `artifact=PATH`: the parser's line, confinement to the trial
/// folder (every way out refused), and a real study run storing them on SQLite and PostgreSQL,
/// the refusals in the trial's log and the declared files in the JSON export.
class TestArtifactProtocol : public QObject
{
    Q_OBJECT

private:
    fixture::Databases mDatabases;
    QTemporaryDir mDir;

private slots:
    void initTestCase() { QVERIFY(mDir.isValid() && mDatabases.isValid()); }

    void parser_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QStringList>("artifacts");
        QTest::addColumn<int>("reports");
        QTest::newRow("plain") << QByteArray("artifact=plots/loss.png\n") << QStringList{"plots/loss.png"} << 0;
        QTest::newRow("spaces around and inside")
            << QByteArray("  artifact=my plot.png  \n") << QStringList{"my plot.png"} << 0;
        QTest::newRow("'=' in the path") << QByteArray("artifact=a=b.csv\n") << QStringList{"a=b.csv"} << 0;
        QTest::newRow("a number is a path, not a metric") << QByteArray("artifact=3\n") << QStringList{"3"} << 0;
        QTest::newRow("empty") << QByteArray("artifact=\n") << QStringList{} << 0;
        QTest::newRow("not alone on its line")
            << QByteArray("loss=0.5 artifact=x.png\n") << QStringList{} << 1;
        QTest::newRow("another key") << QByteArray("my_artifact=x.png\n") << QStringList{} << 0;
        QTest::newRow("invalid UTF-8") << QByteArray("artifact=\xff\xfe.png\n") << QStringList{} << 0;
        QTest::newRow("several, between reports, last without newline")
            << QByteArray("loss=1\nartifact=a.png\r\nloss=2\nartifact=b.json")
            << QStringList{"a.png", "b.json"} << 2;
    }

    void parser()
    {
        QFETCH(QByteArray, output);
        QFETCH(QStringList, artifacts);
        QFETCH(int, reports);
        for (const bool custom : {false, true}) {
            MetricParser parser;
            if (custom)
                QVERIFY(parser.setCustomRegex(QStringLiteral("loss=(?<value>\\S+)")));
            int reported = 0;
            QStringList declared;
            // Byte by byte: a declaration split across chunks still counts once.
            for (char c : output) {
                reported += int(parser.feed(QByteArray(1, c)).size());
                declared += parser.takeArtifacts();
            }
            reported += int(parser.finish().size());
            declared += parser.takeArtifacts();
            QCOMPARE(declared, artifacts);
            QCOMPARE(reported, reports);
            QVERIFY(parser.takeArtifacts().isEmpty());
        }
    }

    void confinement_data()
    {
        QTest::addColumn<QString>("declared");
        QTest::addColumn<QString>("relative"); // empty: refused
        QTest::newRow("file") << "loss.png" << "loss.png";
        QTest::newRow("below") << "./sub/a.csv" << "sub/a.csv";
        QTest::newRow("down and up again") << "sub/../loss.png" << "loss.png";
        QTest::newRow("not written yet") << "later/model.pt" << "later/model.pt";
        QTest::newRow("absolute inside") << "@/sub/a.csv" << "sub/a.csv";
        QTest::newRow("link inside to inside") << "inner-link.png" << "inner-link.png";
        QTest::newRow("the folder itself") << "." << "";
        QTest::newRow("parent") << ".." << "";
        QTest::newRow("up and out") << "../other/x.png" << "";
        QTest::newRow("sibling trial by absolute path") << "@/../other/x.png" << "";
        QTest::newRow("absolute elsewhere") << "/etc/passwd" << "";
        QTest::newRow("link to a file outside") << "outer-link.png" << "";
        QTest::newRow("through a folder link outside") << "outdir/x.png" << "";
    }

    void confinement()
    {
        QFETCH(QString, declared);
        QFETCH(QString, relative);
        const QString root = mDir.filePath(QStringLiteral("confine"));
        const QString trial = root + QStringLiteral("/trial-1");
        const QString other = root + QStringLiteral("/other");
        QVERIFY(QDir().mkpath(trial + QStringLiteral("/sub")) && QDir().mkpath(other));
        QVERIFY(fixture::writeFile(trial + QStringLiteral("/loss.png"), "png"));
        QVERIFY(fixture::writeFile(trial + QStringLiteral("/sub/a.csv"), "a\n"));
        QVERIFY(fixture::writeFile(other + QStringLiteral("/x.png"), "secret"));
        QFile::link(trial + QStringLiteral("/loss.png"), trial + QStringLiteral("/inner-link.png"));
        QFile::link(other + QStringLiteral("/x.png"), trial + QStringLiteral("/outer-link.png"));
        QFile::link(other, trial + QStringLiteral("/outdir"));
        declared.replace(QStringLiteral("@"), trial);

        QString error;
        const auto confined = confineArtifact(declared, trial, &error);
        if (relative.isEmpty()) {
            QVERIFY2(!confined, qPrintable(confined.value_or(QString())));
            QVERIFY2(error.contains(QStringLiteral("refused")) && error.contains(declared), qPrintable(error));
        } else {
            QVERIFY2(confined, qPrintable(error));
            QCOMPARE(*confined, relative);
        }
    }

    void runnerStoresArtifacts_data() { fixture::addBackendRows(); }

    /// A study whose trials write files and declare them (and some paths that lead out): each
    /// trial's confined files are stored, the refusals are lines in its stderr.log, the JSON
    /// export carries them, and a declaration made twice is stored once.
    void runnerStoresArtifacts()
    {
        QFETCH(QString, backend);
        if (backend == QLatin1String("postgres") && mDatabases.postgresUrl().isEmpty())
            QSKIP("TUNESCOPE_TEST_POSTGRES_URL is not set");
        QString error;
        auto store = Storage::open(mDatabases.freshLocation(backend), &error);
        QVERIFY2(store, qPrintable(error));

        const QString script = QStringLiteral(
            "cd \"$TUNESCOPE_TRIAL_DIR\" && mkdir -p plots && echo png > plots/loss.png && echo a > table.csv"
            " && echo artifact=plots/loss.png && echo artifact=../escape.txt"
            " && echo \"artifact=$TUNESCOPE_TRIAL_DIR/table.csv\" && echo artifact=/etc/passwd"
            " && echo artifact=table.csv 1>&2 && echo loss=$1");
        const QByteArray text = QStringLiteral("name: art\nprogram: sh\ncommand: [\"/bin/sh\", \"-c\", \"%1\", \"sh\", \"${x}\"]\n"
                                               "metric: {name: loss}\nmethod: grid\nparameters:\n  x: {values: [1, 2]}\n")
                                    .arg(QString(script).replace('"', QStringLiteral("\\\"")))
                                    .toUtf8();
        const StudySpec spec = fixture::specIn(mDir.path(), text);
        RunOptions options;
        options.runsDirectory = mDir.filePath(QStringLiteral("runs-") + backend);
        StudyRunner runner(spec, store.get(), options);
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        QSignalSpy done(&runner, &StudyRunner::finished);
        QSignalSpy failed(&runner, &StudyRunner::errorOccurred);
        runner.start();
        QVERIFY(done.wait(30000));
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));

        const auto trials = store->trials(runner.studyId(), false);
        QVERIFY(trials);
        QCOMPARE(trials->size(), 2);
        const auto artifacts = store->trialArtifacts(runner.studyId());
        QVERIFY2(artifacts, qPrintable(store->lastError()));
        QCOMPARE(artifacts->size(), 2);
        for (const Trial &t : *trials) {
            QCOMPARE(t.state, TrialState::Complete);
            QStringList files = artifacts->value(t.id);
            files.sort();
            QCOMPARE(files, (QStringList{"plots/loss.png", "table.csv"}));
            const QByteArray log = fixture::readAll(runner.trialDirectory(t.number) + QStringLiteral("/stderr.log"));
            QVERIFY2(log.contains("tunescope: artifact '../escape.txt' refused"), log.constData());
            QVERIFY2(log.contains("tunescope: artifact '/etc/passwd' refused"), log.constData());
        }
        QVERIFY(!QFile::exists(options.runsDirectory + QStringLiteral("/escape.txt")));

        const auto data = loadStudyData(*store, QStringLiteral("art"), &error);
        QVERIFY2(data, qPrintable(error));
        const QJsonArray rows = studyToJson(*data).value(QStringLiteral("trials")).toArray();
        QCOMPARE(rows.size(), 2);
        for (const auto &row : rows) {
            QStringList files;
            for (const auto &f : row.toObject().value(QStringLiteral("artifacts")).toArray())
                files << f.toString();
            files.sort();
            QCOMPARE(files, (QStringList{"plots/loss.png", "table.csv"}));
        }
    }
};

QTEST_GUILESS_MAIN(TestArtifactProtocol)
#include "tst_artifactprotocol.moc"
