#pragma once

// Optuna databases for the suites that open them: written at test time by Debian's
// python3-optuna (3.1) through tests/core/storage/optuna/make_optuna_studies.py, or the
// committed Optuna 4.7 fixture written once by the same script; and the report of what Optuna
// itself read back from them, to compare Tunescope's reading with.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <cmath>
#include <limits>

namespace fixture {

/// Debian's interpreter, with python3-optuna: a bare `python3` may be another one.
inline const QString &debianPython()
{
    static const QString path = QStringLiteral("/usr/bin/python3");
    return path;
}

inline QString optunaFixtureDir()
{
    return QStringLiteral(TUNESCOPE_SOURCE_DIR "/tests/core/storage/optuna");
}

/// The committed database Optuna 4.7 wrote (schema revision v3.2.0.a), and its report.
inline QString optuna4Database()
{
    return optunaFixtureDir() + QStringLiteral("/optuna-4.7.db");
}

inline QString optuna4Report()
{
    return optunaFixtureDir() + QStringLiteral("/optuna-4.7.json");
}

/// Runs /usr/bin/python3 with a script or `-c` code; false with what it printed on failure.
inline bool runPython(const QStringList &arguments, QString *error, int timeoutMs = 300000)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(debianPython(), arguments);
    if (!p.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(debianPython(), p.errorString());
        return false;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        *error = QStringLiteral("%1 did not finish").arg(arguments.join(u' '));
        return false;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QString::fromUtf8(p.readAll().right(4000));
        return false;
    }
    return true;
}

/// Whether Debian's Python has Optuna (and psycopg2 for PostgreSQL); why not otherwise.
inline QString optunaMissing(bool postgres = false)
{
    QString error;
    const QString code = postgres ? QStringLiteral("import optuna, psycopg2") : QStringLiteral("import optuna");
    if (runPython({QStringLiteral("-c"), code}, &error, 60000))
        return {};
    return QStringLiteral("Debian's %1 cannot import Optuna%2 (scripts/install-deps.sh installs python3-optuna and "
                          "python3-psycopg2): %3")
        .arg(debianPython(), postgres ? QStringLiteral(" and psycopg2") : QString(), error.trimmed());
}

/// Writes the test studies into an Optuna storage (SQLAlchemy URL) and Optuna's report of them.
inline bool writeOptunaStudies(const QString &storageUrl, const QString &reportPath, QString *error)
{
    return runPython({optunaFixtureDir() + QStringLiteral("/make_optuna_studies.py"), storageUrl, reportPath}, error);
}

inline QJsonObject readReport(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// The report's study of that name.
inline QJsonObject reportStudy(const QJsonObject &report, const QString &name)
{
    for (const QJsonValue &s : report.value(QStringLiteral("studies")).toArray()) {
        if (s.toObject().value(QStringLiteral("name")).toString() == name)
            return s.toObject();
    }
    return {};
}

/// A float of the report: a number, or "inf", "-inf", "nan" (JSON has no spelling for them).
inline double reportNumber(const QJsonValue &v)
{
    if (v.isString()) {
        const QString s = v.toString();
        if (s == QLatin1String("inf"))
            return std::numeric_limits<double>::infinity();
        if (s == QLatin1String("-inf"))
            return -std::numeric_limits<double>::infinity();
        return std::numeric_limits<double>::quiet_NaN();
    }
    return v.toDouble();
}

/// Optuna's naive local time ("2026-01-02T03:04:05.678901") to the millisecond, in UTC.
inline QDateTime reportTime(const QJsonValue &v)
{
    if (!v.isString())
        return {};
    return QDateTime::fromString(v.toString().left(23), Qt::ISODateWithMs).toUTC();
}

inline QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

/// The files of a folder with their hashes: what a read-only open must leave as it found.
inline QStringList folderState(const QString &folder)
{
    QStringList state;
    const QDir dir(folder);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name))
        state << name + QLatin1Char(' ') + QString::fromLatin1(fileHash(dir.filePath(name)));
    return state;
}

} // namespace fixture
