#include "storage/sqlitelockwait.h"

#include "storage/connection.h"

#include <QDateTime>
#include <QDebug>
#include <QFile>
#include <QSqlDriver>
#include <QThread>

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <limits>
#include <memory>

namespace tunescope {

namespace {

// UNIX_SHM_BASE in SQLite's os_unix.c: the first lock byte of the -shm file; the write lock is
// lock 0 of the eight.
constexpr qint64 kWalWriteLockByte = 120;

// When this process last reported a long wait (ms since the epoch).
std::atomic<qint64> lastLockReportMs{0};

QString processName(qint64 pid)
{
    QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
    return comm.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(comm.readAll()).trimmed() : QString();
}

QString holderText(const QString &path)
{
    const std::optional<qint64> pid = sqliteWriteLockHolder(path);
    if (!pid)
        return QStringLiteral("another process");
    const QString name = processName(*pid);
    return name.isEmpty() ? QStringLiteral("process %1").arg(*pid) : QStringLiteral("process %1 (%2)").arg(*pid).arg(name);
}

// SQLite's busy handler: `count` is how often it was called for this lock already.
int waitForLock(void *context, int count)
{
    auto *wait = static_cast<SqliteLockWait *>(context);
    const Connection &c = *wait->connection;
    if (count == 0) {
        wait->statement.start();
        // A wait that begins within write()'s backoff (at most a second) of the last timeout
        // goes on with it.
        if (!wait->timedOut.isValid() || wait->timedOut.elapsed() > 2000)
            wait->total.start();
        wait->timedOut.invalidate();
    }
    if (wait->statement.elapsed() >= wait->timeoutMs) {
        wait->timedOut.start();
        return 0; // SQLITE_BUSY: write() backs off and runs its transaction again
    }
    const qint64 waited = wait->total.elapsed();
    // Once per long wait and process, then again every few such waits: write() retries after
    // each timeout, and a runner waits on more than one connection, so one frozen holder
    // would otherwise be reported several times every timeoutMs.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 last = lastLockReportMs.load();
    if (waited >= c.lockWaitReportMs && now - last >= 3 * c.lockWaitReportMs
        && lastLockReportMs.compare_exchange_strong(last, now)) {
        qWarning().noquote() << QStringLiteral("warning: %1: waited %2 s for the database's write lock, held by %3; "
                                               "a process stopped (Ctrl-Z, SIGSTOP, a debugger) inside a write keeps it "
                                               "until it resumes")
                                    .arg(c.location)
                                    .arg(waited / 1000.0, 0, 'f', 1)
                                    .arg(holderText(c.location));
    }
    // SQLite's own busy timeout sleeps in these steps.
    static constexpr int kDelaysMs[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    QThread::msleep(kDelaysMs[std::min<int>(count, int(std::size(kDelaysMs)) - 1)]);
    return 1;
}

} // namespace

sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

std::optional<qint64> sqliteWriteLockHolder(const QString &path)
{
    struct stat shm {};
    if (::stat(QFile::encodeName(path + QStringLiteral("-shm")).constData(), &shm) != 0)
        return std::nullopt;
    QFile locks(QStringLiteral("/proc/locks"));
    if (!locks.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray table = locks.readAll(); // its size reads 0: QFile::atEnd() is true at once
    // "1: POSIX  ADVISORY  WRITE 4242 08:01:1312 120 120": kind, mode, access, pid,
    // major:minor:inode, first and last byte. Lines with "->" are waiters, not holders. The
    // inode alone is matched: the kernel's device numbers there are those of the filesystem
    // that holds the inode, which stat() does not report the same way on every filesystem.
    const QByteArray inode = ':' + QByteArray::number(qulonglong(shm.st_ino));
    for (const QByteArray &line : table.split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 8 || f.contains("->") || f[3] != "WRITE" || !f[5].endsWith(inode))
            continue;
        bool okPid = false, okFirst = false;
        const qint64 pid = f[4].toLongLong(&okPid);
        const qint64 first = f[6].toLongLong(&okFirst);
        const qint64 last = f[7] == "EOF" ? std::numeric_limits<qint64>::max() : f[7].toLongLong();
        if (okPid && okFirst && pid > 0 && first <= kWalWriteLockByte && kWalWriteLockByte <= last)
            return pid;
    }
    return std::nullopt;
}

void waitForSqliteLocks(Connection &c, int timeoutMs)
{
    sqlite3 *handle = sqliteHandle(c.db);
    if (!handle)
        return;
    auto state = std::make_unique<SqliteLockWait>();
    state->connection = &c;
    state->timeoutMs = timeoutMs;
    sqlite3_busy_handler(handle, &waitForLock, state.get());
    c.lockWaitState = std::move(state);
}

} // namespace tunescope
