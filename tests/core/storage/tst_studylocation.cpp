// Where a study's database and trial folders are, for the command line, the dashboard and
// the runner alike.

#include "storage/studylocation.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

class TestStudyLocation : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;

    QString path(const QString &relative) const { return QDir(mDir.path()).absoluteFilePath(relative); }

    /// Runs body with the current directory set to the temporary folder's "cwd" subfolder.
    template<typename Body>
    void inWorkingDirectory(Body body)
    {
        const QString before = QDir::currentPath();
        QVERIFY(QDir().mkpath(path(QStringLiteral("cwd"))));
        QVERIFY(QDir::setCurrent(path(QStringLiteral("cwd"))));
        body();
        QDir::setCurrent(before);
    }

private slots:
    void initTestCase() { QVERIFY(mDir.isValid()); }

    void isDatabaseUrl()
    {
        QVERIFY(tunescope::isDatabaseUrl(QStringLiteral("postgresql://u@h/db")));
        QVERIFY(tunescope::isDatabaseUrl(QStringLiteral("postgres://u@h/db")));
        QVERIFY(!tunescope::isDatabaseUrl(QStringLiteral("/data/tunescope.db")));
        QVERIFY(!tunescope::isDatabaseUrl(QStringLiteral("tunescope.db")));
    }

    void specStorage_data()
    {
        QTest::addColumn<QString>("storage");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("runs");
        QTest::newRow("default: beside the spec") << QString() << path(QStringLiteral("study/tunescope.db"))
                                                  << path(QStringLiteral("study/runs"));
        QTest::newRow("relative to the spec's folder") << QStringLiteral("data/s.db") << path(QStringLiteral("study/data/s.db"))
                                                       << path(QStringLiteral("study/data/runs"));
        QTest::newRow("up from the spec's folder") << QStringLiteral("../shared.db") << path(QStringLiteral("shared.db"))
                                                   << path(QStringLiteral("runs"));
        QTest::newRow("absolute") << path(QStringLiteral("elsewhere/e.db")) << path(QStringLiteral("elsewhere/e.db"))
                                  << path(QStringLiteral("elsewhere/runs"));
        // No local folder beside a server's database: trials run in the spec's folder.
        QTest::newRow("url") << QStringLiteral("postgresql://user:pw@host:5432/tune")
                             << QStringLiteral("postgresql://user:pw@host:5432/tune") << path(QStringLiteral("study/runs"));
    }
    void specStorage()
    {
        QFETCH(QString, storage);
        QFETCH(QString, database);
        QFETCH(QString, runs);
        inWorkingDirectory([&] {
            const StudyLocation location = resolveStudyLocation(path(QStringLiteral("study/study.yaml")), storage);
            QCOMPARE(location.database, database);
            QCOMPARE(location.runsDirectory, runs);
        });
    }

    /// A database given on the command line is relative to the current directory, not the spec.
    void overrideIsRelativeToTheCurrentDirectory()
    {
        inWorkingDirectory([&] {
            const QString spec = path(QStringLiteral("study/study.yaml"));
            const StudyLocation file = resolveStudyLocation(spec, QStringLiteral("ignored.db"), QStringLiteral("mine.db"));
            QCOMPARE(file.database, path(QStringLiteral("cwd/mine.db")));
            QCOMPARE(file.runsDirectory, path(QStringLiteral("cwd/runs")));
            const StudyLocation url = resolveStudyLocation(spec, QStringLiteral("ignored.db"), QStringLiteral("postgresql://h/db"));
            QCOMPARE(url.database, QStringLiteral("postgresql://h/db"));
            QCOMPARE(url.runsDirectory, path(QStringLiteral("study/runs")));
        });
    }

    void withoutSpecFile()
    {
        inWorkingDirectory([&] {
            const StudyLocation location = resolveStudyLocation(QString(), QString());
            QCOMPARE(location.database, path(QStringLiteral("cwd/tunescope.db")));
            QCOMPARE(location.runsDirectory, path(QStringLiteral("cwd/runs")));
        });
    }

    /// An already chosen database (a worker's argument, one open in the dashboard, the
    /// runner's storage).
    void chosenDatabase()
    {
        inWorkingDirectory([&] {
            const StudyLocation relative = studyLocation(QStringLiteral("sub/w.db"), path(QStringLiteral("study")));
            QCOMPARE(relative.database, path(QStringLiteral("cwd/sub/w.db")));
            QCOMPARE(relative.runsDirectory, path(QStringLiteral("cwd/sub/runs")));
            const StudyLocation url = studyLocation(QStringLiteral("postgresql://h/db"), path(QStringLiteral("study")));
            QCOMPARE(url.database, QStringLiteral("postgresql://h/db"));
            QCOMPARE(url.runsDirectory, path(QStringLiteral("study/runs")));
            const StudyLocation urlNoFolder = studyLocation(QStringLiteral("postgresql://h/db"), QString());
            QCOMPARE(urlNoFolder.runsDirectory, path(QStringLiteral("cwd/runs")));
        });
    }
};

QTEST_GUILESS_MAIN(TestStudyLocation)

#include "tst_studylocation.moc"
