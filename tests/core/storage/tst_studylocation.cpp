// Where a study's database and trial folders are, for the command line, the dashboard and
// the runner alike.

#include "storage/studylocation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

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

    // An installed example (/usr/share/tunescope/examples/...) is read-only for its user: the
    // study goes to the user's data folder, one per study folder, and says so. Root writes
    // anywhere, so as root this is checked end to end by scripts/check-installed-package.sh
    // (an ordinary user runs the installed example) instead.
    void readOnlyFolderMovesToTheDataFolder()
    {
        if (::geteuid() == 0)
            QSKIP("root can write a read-only folder; scripts/check-installed-package.sh covers this as a user");
        QStandardPaths::setTestModeEnabled(true);
        const QString folder = path(QStringLiteral("readonly-example"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
        const StudyLocation moved = resolveStudyLocation(folder + QStringLiteral("/study.yaml"), QString());
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
        QVERIFY2(moved.database.startsWith(data + QStringLiteral("/tunescope/studies/readonly-example-")), qPrintable(moved.database));
        QVERIFY(moved.database.endsWith(QStringLiteral("/tunescope.db")));
        QCOMPARE(moved.runsDirectory, QFileInfo(moved.database).absolutePath() + QStringLiteral("/runs"));
        QVERIFY(moved.relocatedBecause.contains(folder));
        // Another read-only folder of the same name elsewhere gets its own database.
        const QString other = path(QStringLiteral("elsewhere/readonly-example"));
        QVERIFY(QDir().mkpath(other));
        QVERIFY(QFile::setPermissions(other, QFile::ReadOwner | QFile::ExeOwner));
        const StudyLocation second = resolveStudyLocation(other + QStringLiteral("/study.yaml"), QString());
        QFile::setPermissions(other, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(second.database != moved.database);
        QString error;
        QVERIFY2(prepareStudyLocation(moved, &error), qPrintable(error));
        QVERIFY(QFileInfo(QFileInfo(moved.database).absolutePath()).isDir());
    }

    void writableFolderStaysPut()
    {
        const QString folder = path(QStringLiteral("writable"));
        QVERIFY(QDir().mkpath(folder));
        const StudyLocation here = resolveStudyLocation(folder + QStringLiteral("/study.yaml"), QString());
        QCOMPARE(here.database, folder + QStringLiteral("/tunescope.db"));
        QVERIFY(here.relocatedBecause.isEmpty());
        QString error;
        QVERIFY(prepareStudyLocation(here, &error));
    }

    void redactsPasswords_data()
    {
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("shown");
        QTest::addColumn<bool>("warned");
        QTest::newRow("user info") << "postgresql://alice:s3cret-pw@db.example:5432/tune"
                                   << "postgresql://alice@db.example:5432/tune" << true;
        QTest::newRow("option") << "postgresql://alice@db.example/tune?sslmode=require&password=s3cret-pw"
                                << "postgresql://alice@db.example/tune?sslmode=require" << true;
        QTest::newRow("both, encoded") << "postgres://alice:s3cret-pw%40x@db.example/tune?password=s3cret-pw"
                                       << "postgres://alice@db.example/tune" << true;
        QTest::newRow("no password") << "postgresql://alice@db.example/tune" << "postgresql://alice@db.example/tune" << false;
        QTest::newRow("service") << "postgresql:///tune?service=lab" << "postgresql:///tune?service=lab" << false;
        QTest::newRow("file") << "/home/alice/s3cret-pw.db" << "/home/alice/s3cret-pw.db" << false;
    }

    void redactsPasswords()
    {
        QFETCH(QString, location);
        QFETCH(QString, shown);
        QFETCH(bool, warned);
        QCOMPARE(redactedLocation(location), shown);
        const QString warning = passwordWarning(location);
        QCOMPARE(!warning.isEmpty(), warned);
        if (warned) {
            QVERIFY2(!warning.contains(QLatin1String("s3cret")), qPrintable(warning));
            QVERIFY2(warning.contains(QLatin1String("~/.pgpass")) && warning.contains(QLatin1String("PGPASSWORD")), qPrintable(warning));
        }
    }

    void unreadableUrlShowsNothingOfItsUserInfo()
    {
        const QString shown = redactedLocation(QStringLiteral("postgresql://alice:s3cret pw@db ex ample/tune"));
        QVERIFY2(!shown.contains(QLatin1String("s3cret")) && shown.startsWith(QLatin1String("postgresql://")), qPrintable(shown));
    }

    /// One folder per study whatever its name: a slug plus the id, never outside runs.
    void studyFoldersOfHostileNames()
    {
        const QString runs = path(QStringLiteral("hostile/runs"));
        QVERIFY(QDir().mkpath(runs));
        const QStringList names = {"../../../tmp/sec-evil", "/etc", QString::fromUtf16(u"nul\0byte", 8), "two\nlines",
                                   QString(300, u'x'), "Mnist", "mnist", "mnist.", "..", ""};
        QSet<QString> folded; // as a case-insensitive file system would see them
        for (qsizetype i = 0; i < names.size(); ++i) {
            const QString folder = studyRunsFolder(runs, names.at(i), qint64(i + 1));
            QCOMPARE(QFileInfo(folder).absolutePath(), runs);
            QVERIFY2(folder.endsWith(QStringLiteral("-%1").arg(i + 1)), qPrintable(folder));
            folded.insert(folder.toLower());
            const QString trial = trialFolder(runs, names.at(i), qint64(i + 1), 7);
            QCOMPARE(trial, folder + QStringLiteral("/trial-0007"));
        }
        QCOMPARE(folded.size(), names.size());
    }

    /// Trial folders an older Tunescope made (runs/<name>) are still found; never through a
    /// link that leads out.
    void olderStudyFoldersAreFound()
    {
        const QString runs = path(QStringLiteral("older/runs"));
        QVERIFY(QDir().mkpath(runs + QStringLiteral("/spirals/trial-0000")));
        QCOMPARE(studyRunsFolder(runs, QStringLiteral("spirals"), 4), runs + QStringLiteral("/spirals"));
        QCOMPARE(studyRunsFolder(runs, QStringLiteral("other"), 5), runs + QStringLiteral("/other-5"));
        QTemporaryDir outside;
        QVERIFY(QFile::link(outside.path(), runs + QStringLiteral("/linked")));
        QCOMPARE(studyRunsFolder(runs, QStringLiteral("linked"), 6), runs + QStringLiteral("/linked-6"));
    }

    /// Deleting a study's trial folders: a link planted in a trial folder is removed as a
    /// link; the folder it points to survives.
    void studyDeletionStaysInItsFolder()
    {
        const QString runs = path(QStringLiteral("delete/runs"));
        const QString trial = trialFolder(runs, QStringLiteral("../evil"), 3, 0);
        QVERIFY(QDir().mkpath(trial));
        QTemporaryDir outside;
        QFile precious(outside.filePath(QStringLiteral("precious.txt")));
        QVERIFY(precious.open(QIODevice::WriteOnly));
        precious.close();
        QVERIFY(QFile::link(outside.path(), trial + QStringLiteral("/planted")));
        QString error;
        QVERIFY2(removeStudyFolder(runs, QStringLiteral("../evil"), 3, &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(studyRunsFolder(runs, QStringLiteral("../evil"), 3)));
        QVERIFY(QFileInfo::exists(outside.filePath(QStringLiteral("precious.txt"))));
        QVERIFY(QFileInfo::exists(runs));
    }
};

QTEST_GUILESS_MAIN(TestStudyLocation)

#include "tst_studylocation.moc"
