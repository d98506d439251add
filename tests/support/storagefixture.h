#pragma once

// Shared by the storage suites (tst_storage, tst_storagesharing, tst_storageschema): fresh
// databases of each backend, raw SQL behind Storage's back, and exact double comparison.
// PostgreSQL cases run when TUNESCOPE_TEST_POSTGRES_URL is set
// (export TUNESCOPE_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n1)).
#include "storage/storage.h"

#include <QByteArray>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <bit>
#include <cmath>

namespace fixture {

using namespace tunescope;

inline quint64 bits(double v)
{
    return std::bit_cast<quint64>(v);
}

/// Same double, bit for bit (so -0.0 != 0.0), with every NaN equal to every NaN.
inline bool sameDouble(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || bits(a) == bits(b);
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

/// Executes SQL on a database behind Storage's back (to set up foreign or odd databases).
/// Returns the first column of the last statement's rows.
inline QStringList rawSql(const QString &location, const QStringList &statements, QString *error = nullptr)
{
    static int counter = 0;
    const QString name = QStringLiteral("tst-raw-%1").arg(++counter);
    QStringList rows;
    {
        QSqlDatabase db;
        if (location.startsWith(QLatin1String("postgresql://"))) {
            const QUrl url(location);
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(url.host());
            db.setPort(url.port(5432));
            db.setDatabaseName(url.path().mid(1));
            db.setUserName(url.userName());
            db.setPassword(url.password());
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(location);
        }
        if (!db.open()) {
            if (error)
                *error = db.lastError().text();
        } else {
            for (const QString &sql : statements) {
                QSqlQuery q(db);
                if (!q.exec(sql)) {
                    if (error)
                        *error = sql + QStringLiteral(": ") + q.lastError().text();
                    break;
                }
                rows.clear();
                while (q.next())
                    rows << q.value(0).toString();
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

/// Test databases: fresh SQLite files in a temporary folder, and the PostgreSQL test database.
class Databases
{
public:
    bool isValid() const { return mDir.isValid(); }
    /// The PostgreSQL test database's URL; empty when none is configured.
    const QString &postgresUrl() const { return mPgUrl; }
    /// A new file name in the temporary folder.
    QString newPath(const QString &pattern = QStringLiteral("db%1.sqlite"))
    {
        return mDir.filePath(pattern.arg(++mCounter));
    }

    /// A new, empty database of the backend: a fresh file, or the PostgreSQL test database
    /// with Tunescope's tables dropped.
    QString freshLocation(const QString &backend)
    {
        if (backend == QLatin1String("sqlite"))
            return newPath();
        QString error;
        rawSql(mPgUrl, {QStringLiteral("DROP TABLE IF EXISTS trial_artifacts, study_runs, study_workers, trial_values, trials, studies, meta CASCADE")}, &error);
        if (!error.isEmpty())
            qWarning() << "resetting PostgreSQL:" << error;
        return mPgUrl;
    }

private:
    QTemporaryDir mDir;
    int mCounter = 0;
    const QString mPgUrl = qEnvironmentVariable("TUNESCOPE_TEST_POSTGRES_URL");
};

inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

inline StudyRecord makeStudy(const QString &name, const QString &goal = QStringLiteral("minimize"))
{
    StudyRecord s;
    s.name = name;
    s.method = QStringLiteral("tpe");
    s.metricName = QStringLiteral("val_loss");
    s.goal = goal;
    s.specYaml = QByteArrayLiteral("name: ") + name.toUtf8() + "\nmethod: tpe\n";
    return s;
}

} // namespace fixture

// A data-driven case's database of its "backend" column, from the suite's Databases
// mDatabases; QSKIP must be called from the test function itself.
#define FRESH_LOCATION(var)                                                                        \
    QFETCH(QString, backend);                                                                      \
    if (backend == QLatin1String("postgres") && mDatabases.postgresUrl().isEmpty())                \
        QSKIP("TUNESCOPE_TEST_POSTGRES_URL not set (run scripts/start-postgres.sh)");              \
    const QString var = mDatabases.freshLocation(backend)

#define OPEN_STORAGE(var, location)                                                                \
    QString var##Error;                                                                            \
    auto var = Storage::open(location, &var##Error);                                               \
    QVERIFY2(var, qPrintable(var##Error))
