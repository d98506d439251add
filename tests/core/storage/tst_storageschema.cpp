// Opening databases, SQLite always, PostgreSQL when TUNESCOPE_TEST_POSTGRES_URL is set: the
// schema of an older version upgraded in place; newer, foreign and non-databases refused and
// left byte for byte as they were; what opening a bad location says.

#include "storage/storage.h"
#include "support/storagefixture.h"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace tunescope;
using namespace fixture;

class TestStorageSchema : public QObject
{
    Q_OBJECT

private:
    Databases mDatabases;

private slots:
    void initTestCase()
    {
        QVERIFY(mDatabases.isValid());
        if (mDatabases.postgresUrl().isEmpty())
            qInfo("PostgreSQL cases skipped: TUNESCOPE_TEST_POSTGRES_URL not set");
    }

    void upgradesSchemaOne_data() { addBackendRows(); }
    void upgradesSchemaOne()
    {
        // A database of schema 1 (no trials.pgid) is upgraded in place and keeps its trials.
        FRESH_LOCATION(location);
        {
            OPEN_STORAGE(storage, location);
            const auto study = storage->createStudy(makeStudy(QStringLiteral("old")));
            QVERIFY(study);
            QVERIFY(storage->startTrial(study->id, {{QStringLiteral("x"), 1.5}}));
        }
        QString error;
        rawSql(location, {QStringLiteral("ALTER TABLE trials DROP COLUMN pgid"), QStringLiteral("ALTER TABLE trials DROP COLUMN job"),
                          QStringLiteral("ALTER TABLE trials DROP COLUMN queue_reason"),
                          QStringLiteral("UPDATE meta SET value = '1' WHERE key = 'schema_version'")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        {
            OPEN_STORAGE(storage, location);
            const auto study = storage->findStudy(QStringLiteral("old"));
            QVERIFY(study);
            const auto trials = storage->trials(study->id);
            QVERIFY(trials && trials->size() == 1);
            QCOMPARE(trials->first().params.value(QStringLiteral("x")).toDouble(), 1.5);
            QVERIFY2(storage->setTrialProcessGroup(trials->first().id, 4242), qPrintable(storage->lastError()));
        }
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")}, &error),
                 QStringList{QString::number(Storage::schemaVersion)});
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT pgid FROM trials")}, &error), QStringList{QStringLiteral("4242")});
        // Schema 5's columns came with the upgrade, empty for old trials.
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT job || '/' || queue_reason FROM trials")}, &error), QStringList{QStringLiteral("/")});
    }

    void refuseNewerSchema_data() { addBackendRows(); }
    void refuseNewerSchema()
    {
        FRESH_LOCATION(location);
        {
            OPEN_STORAGE(storage, location);
            QVERIFY(storage->createStudy(makeStudy(QStringLiteral("future"))));
        }
        QString error;
        rawSql(location, {QStringLiteral("UPDATE meta SET value = '%1' WHERE key = 'schema_version'").arg(Storage::schemaVersion + 1)}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QByteArray before = backend == QLatin1String("sqlite") ? readAll(location) : QByteArray();

        auto storage = Storage::open(location, &error);
        QVERIFY(!storage);
        QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));

        if (backend == QLatin1String("sqlite")) {
            QVERIFY(!before.isEmpty());
            QCOMPARE(readAll(location), before);
        }
        error.clear();
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")}, &error),
                 QStringList{QString::number(Storage::schemaVersion + 1)});
        QCOMPARE(rawSql(location, {QStringLiteral("SELECT name FROM studies")}), QStringList{QStringLiteral("future")});
    }

    void refuseForeignSqlite_data()
    {
        QTest::addColumn<QStringList>("statements");
        QTest::newRow("other application") << QStringList{
            QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)"),
            QStringLiteral("INSERT INTO people (name) VALUES ('ada')")};
        QTest::newRow("our table names, no meta") << QStringList{
            QStringLiteral("CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT)")};
        QTest::newRow("meta of another application") << QStringList{
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"),
            QStringLiteral("INSERT INTO meta VALUES ('application', 'somethingelse'), ('schema_version', '1')")};
        QTest::newRow("meta of another shape") << QStringList{
            QStringLiteral("CREATE TABLE meta (a INTEGER)")};
    }
    void refuseForeignSqlite()
    {
        QFETCH(QStringList, statements);
        const QString path = mDatabases.newPath(QStringLiteral("foreign%1.sqlite"));
        QString error;
        rawSql(path, statements, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());

        auto storage = Storage::open(path, &error);
        QVERIFY(!storage);
        QVERIFY2(error.contains(path) && error.contains(QLatin1String("refusing")), qPrintable(error));
        QCOMPARE(readAll(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void refuseNonDatabase_data()
    {
        QTest::addColumn<QByteArray>("content");
        QByteArray noise(8192, '\0');
        QRandomGenerator gen(42);
        for (char &c : noise)
            c = char(gen.bounded(256));
        QTest::newRow("text") << QByteArray("name: digits-mlp\nmethod: bayes\n").repeated(200);
        QTest::newRow("noise") << noise;
        QTest::newRow("sqlite magic then noise") << QByteArray("SQLite format 3", 16) + noise;
    }
    void refuseNonDatabase()
    {
        QFETCH(QByteArray, content);
        const QString path = mDatabases.newPath(QStringLiteral("notadb%1.db"));
        QVERIFY(writeFile(path, content));
        QString error;
        auto storage = Storage::open(path, &error);
        QVERIFY(!storage);
        QVERIFY2(error.contains(path) && !error.isEmpty(), qPrintable(error));
        if (QByteArray(QTest::currentDataTag()) == "text")
            QVERIFY2(error.contains(QLatin1String("file is not a database")), qPrintable(error));
        QCOMPARE(readAll(path), content);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void emptyFileBecomesDatabase()
    {
        const QString path = mDatabases.newPath(QStringLiteral("empty%1.db"));
        QVERIFY(writeFile(path, QByteArray()));
        OPEN_STORAGE(storage, path);
        QVERIFY(storage->createStudy(makeStudy(QStringLiteral("e"))));
        QCOMPARE(rawSql(path, {QStringLiteral("PRAGMA journal_mode")}), QStringList{QStringLiteral("wal")});
    }

    void openErrors_data()
    {
        QTest::addColumn<QString>("location");
        QTest::newRow("empty") << QString();
        QTest::newRow("missing folder") << QStringLiteral("/nonexistent-tunescope-folder/x.db");
        QTest::newRow("directory") << QStringLiteral("/tmp");
        QTest::newRow("postgres without database") << QStringLiteral("postgresql://user@127.0.0.1:1/");
        QTest::newRow("postgres unreachable") << QStringLiteral("postgresql://user:secret@127.0.0.1:1/db?connect_timeout=2");
    }
    void openErrors()
    {
        QFETCH(QString, location);
        QString error;
        QVERIFY(!Storage::open(location, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(QLatin1String("secret")), qPrintable(error)); // passwords stay out of messages
    }
};

QTEST_GUILESS_MAIN(TestStorageSchema)

#include "tst_storageschema.moc"
