#pragma once

// Internal to core/storage: waiting for a SQLite database's write lock, and saying who holds
// it when the wait is long. Not part of the public API.

#include <QElapsedTimer>
#include <QString>

#include <optional>

struct sqlite3;
class QSqlDatabase;

namespace tunescope {

struct Connection;

/// The context of a connection's busy handler (waitForSqliteLocks); the connection owns it.
struct SqliteLockWait
{
    Connection *connection = nullptr;
    int timeoutMs = 0;
    QElapsedTimer statement; ///< since this statement began to wait
    QElapsedTimer total;     ///< since the wait began, across write()'s retries
    QElapsedTimer timedOut;  ///< since the last statement gave up waiting (invalid: it did not)
};

/// The sqlite3 handle under a QSQLITE connection, or nullptr.
sqlite3 *sqliteHandle(const QSqlDatabase &db);

/// The process holding the write lock of the SQLite database at `path` in WAL mode, from the
/// kernel's table of file locks (/proc/locks); nullopt when nobody holds it or it cannot be
/// told. The lock is byte 120 of the -shm file, where SQLite's Unix VFS keeps WAL_WRITE_LOCK.
std::optional<qint64> sqliteWriteLockHolder(const QString &path);

/// Makes the connection's statements wait for a lock the way SQLite's busy timeout does (up
/// to `timeoutMs` per statement, then SQLITE_BUSY for write() to retry), and print a warning
/// once the wait passes c.lockWaitReportMs: which process holds the lock and why it may never
/// let go. Without it a worker frozen inside a write (Ctrl-Z, SIGSTOP, a debugger) stalls
/// every other process on the file in silence.
void waitForSqliteLocks(Connection &c, int timeoutMs);

} // namespace tunescope
