// An Optuna database on the command line, end to end: the studies, export and compare
// commands read it; run, worker, ask and tell refuse to write to it and leave it byte for
// byte; `tunescope import` copies a study into a Tunescope database, where ask, tell and run
// continue it. The database is a copy of the fixture Optuna 4.7 wrote
// (tests/core/storage/optuna), so no Python is needed here.

#include "tunescopecli.h"
#include "support/optunafixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace fixture;

class TestOptunaCli : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> mDir;
    QString mOptuna; ///< the fixture, copied into mDir
    QJsonObject mReport;

    using Result = CliResult;
    Result tunescope(const QStringList &args, int timeoutMs = 60000) { return runTunescope(mDir->path(), args, {}, timeoutMs); }

    QString writeFile(const QString &name, const QByteArray &text) { return writeTestFile(mDir->filePath(name), text); }

private slots:
    void initTestCase() { mReport = readReport(optuna4Report()); }

    void init()
    {
        mDir = std::make_unique<QTemporaryDir>();
        QVERIFY(mDir->isValid());
        mOptuna = mDir->filePath(QStringLiteral("optuna.db"));
        QVERIFY(QFile::copy(optuna4Database(), mOptuna));
    }

    void cleanup() { mDir.reset(); }

    void readsEveryStudy()
    {
        const Result studies = tunescope({"studies", mOptuna});
        QCOMPARE(studies.code, 0);
        for (const QJsonValue &s : mReport.value(QStringLiteral("studies")).toArray())
            QVERIFY2(studies.out.contains(s.toObject().value(QStringLiteral("name")).toString()), qPrintable(studies.out));
        QVERIFY(studies.out.contains(QLatin1String("optuna")));

        // JSON export: the objective values of the multi-objective study as Optuna stores them.
        const Result exported = tunescope({"export", mOptuna, "--study", "multi", "--format", "json"});
        QCOMPARE(exported.code, 0);
        const QJsonArray trials = QJsonDocument::fromJson(exported.out.toUtf8()).object().value(QStringLiteral("trials")).toArray();
        const QJsonArray expected = reportStudy(mReport, QStringLiteral("multi")).value(QStringLiteral("trials")).toArray();
        QCOMPARE(trials.size(), expected.size());
        for (qsizetype i = 0; i < trials.size(); ++i)
            QCOMPARE(trials.at(i).toObject().value(QStringLiteral("values")).toArray(),
                     expected.at(i).toObject().value(QStringLiteral("values")).toArray());
        // The metric names Optuna 4 keeps with the study.
        QVERIFY(exported.out.contains(QLatin1String("latency_ms")));

        const Result csv = tunescope({"export", mOptuna, "--study", "quadratic", "--format", "csv"});
        QCOMPARE(csv.code, 0);
        QCOMPARE(csv.out.count(u'\n'), 31); // a header and 30 trials
        const Result compared = tunescope({"compare", mOptuna, "--study", "quadratic", "--study", "single minimize", "--format", "csv"});
        QVERIFY2(compared.code == 0, qPrintable(compared.err));
    }

    void writesAreRefused()
    {
        const QByteArray before = fileHash(mOptuna);
        const QString spec = writeFile(QStringLiteral("quadratic.yaml"),
                                       "name: quadratic\nprogram: /bin/sh\ncommand: [\"/bin/sh\", \"-c\", \"echo value=0.5\"]\n"
                                       "method: tpe\nmetric: {name: value}\nparameters: {x: {min: 0.0, max: 1.0}, y: {min: 0.0, max: 1.0}}\n");
        const QList<QStringList> commands{
            {"run", spec, "--db", mOptuna, "--trials", "1"},
            {"worker", mOptuna, "--study", "quadratic"},
            {"ask", mOptuna, "--study", "quadratic"},
            {"tell", mOptuna, "--study", "single minimize", "--trial", "18", "--value", "1"},
        };
        for (const QStringList &args : commands) {
            const Result r = tunescope(args);
            QVERIFY2(r.code != 0, qPrintable(args.first()));
            QVERIFY2(r.err.contains(QLatin1String("an Optuna database, opened read-only")), qPrintable(args.first() + QStringLiteral(": ") + r.err));
            QVERIFY2(r.err.contains(QLatin1String("tunescope import")), qPrintable(r.err));
        }
        QCOMPARE(fileHash(mOptuna), before);
        QCOMPARE(QDir(mDir->path()).entryList({QStringLiteral("optuna.db*")}, QDir::Files), QStringList{QStringLiteral("optuna.db")});
    }

    void importAndContinue()
    {
        const QString ours = mDir->filePath(QStringLiteral("ours.db"));
        const Result imported = tunescope({"import", mOptuna, "--study", "quadratic", "-o", ours});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        QVERIFY2(imported.out.contains(QLatin1String("imported 30 trials")), qPrintable(imported.out));

        // Ask and tell continue it: the next trial is number 30.
        const Result asked = tunescope({"ask", ours, "--study", "quadratic"});
        QVERIFY2(asked.code == 0, qPrintable(asked.err));
        const QJsonObject suggestion = QJsonDocument::fromJson(asked.out.toUtf8()).object();
        QCOMPARE(suggestion.value(QStringLiteral("trial")).toInt(), 30);
        QVERIFY(suggestion.value(QStringLiteral("params")).toObject().contains(QStringLiteral("x")));
        QCOMPARE(tunescope({"tell", ours, "--study", "quadratic", "--trial", "30", "--value", "0.01"}).code, 0);

        // A program continues it up to its budget: the imported trials count.
        const QString spec = writeFile(QStringLiteral("quadratic.yaml"),
                                       "name: quadratic\nprogram: /bin/sh\ncommand: [\"/bin/sh\", \"-c\", \"echo value=0.5\"]\n"
                                       "method: tpe\nmetric: {name: value}\nrun_cap: 33\n"
                                       "parameters: {x: {min: 0.0, max: 1.0}, y: {min: 0.0, max: 1.0}}\n");
        const Result run = tunescope({"run", spec, "--db", ours, "--quiet"});
        QVERIFY2(run.code == 0, qPrintable(run.err + run.out));
        QVERIFY2(run.out.contains(QLatin1String("33 trials")), qPrintable(run.out));
        const Result exported = tunescope({"export", ours, "--study", "quadratic", "--format", "json"});
        const QJsonArray trials = QJsonDocument::fromJson(exported.out.toUtf8()).object().value(QStringLiteral("trials")).toArray();
        QCOMPARE(trials.size(), 33);
        const QJsonArray original = reportStudy(mReport, QStringLiteral("quadratic")).value(QStringLiteral("trials")).toArray();
        for (qsizetype i = 0; i < original.size(); ++i) {
            QCOMPARE(trials.at(i).toObject().value(QStringLiteral("value")),
                     original.at(i).toObject().value(QStringLiteral("values")).toArray().first());
            QCOMPARE(trials.at(i).toObject().value(QStringLiteral("params")), original.at(i).toObject().value(QStringLiteral("params")));
        }
        QCOMPARE(trials.at(32).toObject().value(QStringLiteral("value")).toDouble(), 0.5);
    }

    void importMistakes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no study") << QStringList{"import", "OPTUNA", "-o", "ours.db"} << QStringLiteral("--study NAME and -o DB are required");
        QTest::newRow("no output") << QStringList{"import", "OPTUNA", "--study", "quadratic"} << QStringLiteral("--study NAME and -o DB are required");
        QTest::newRow("unknown study") << QStringList{"import", "OPTUNA", "--study", "nope", "-o", "ours.db"} << QStringLiteral("no study named 'nope'");
        QTest::newRow("unknown method") << QStringList{"import", "OPTUNA", "--study", "quadratic", "-o", "ours.db", "--method", "cmaes"}
                                        << QStringLiteral("--method must be");
        QTest::newRow("method and spec") << QStringList{"import", "OPTUNA", "--study", "quadratic", "-o", "ours.db", "--method", "tpe", "--spec", "x.yaml"}
                                         << QStringLiteral("--method goes with no --spec");
        QTest::newRow("study file lacks y") << QStringList{"import", "OPTUNA", "--study", "quadratic", "-o", "ours.db", "--spec", "SPEC"}
                                            << QStringLiteral("parameters: the Optuna study 'quadratic' has the parameter 'y'");
        QTest::newRow("not an Optuna database") << QStringList{"import", "OURS", "--study", "quadratic", "-o", "again.db"}
                                                << QStringLiteral("not an Optuna database");
    }
    void importMistakes()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString spec = writeFile(QStringLiteral("spec.yaml"), "name: q\nprogram: /bin/sh\nmethod: tpe\nmetric: {name: value}\n"
                                                                    "parameters: {x: {min: 0.0, max: 1.0}}\n");
        const QString ours = mDir->filePath(QStringLiteral("ours.db"));
        if (args.contains(QStringLiteral("OURS")))
            QCOMPARE(tunescope({"import", mOptuna, "--study", "quadratic", "-o", ours}).code, 0);
        args.replaceInStrings(QStringLiteral("OPTUNA"), mOptuna);
        args.replaceInStrings(QStringLiteral("OURS"), ours);
        args.replaceInStrings(QStringLiteral("SPEC"), spec);
        const Result r = tunescope(args);
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        // A failed import leaves no database behind where there was none.
        if (const qsizetype o = args.indexOf(QStringLiteral("-o")); o >= 0 && args.at(o + 1) != ours)
            QVERIFY(QDir(mDir->path()).entryList({args.at(o + 1) + u'*'}, QDir::Files).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestOptunaCli)
#include "tst_optunacli.moc"
