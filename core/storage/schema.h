#pragma once

// Internal to core/storage: creating, recognising and upgrading Tunescope's tables.

namespace tunescope {

struct Connection;

/// What a database holds, as far as Tunescope is concerned.
struct SchemaInspection
{
    enum class Kind {
        Empty,  ///< nothing of anyone's (SQLite) or nothing of ours (PostgreSQL): ours to create
        Ours,   ///< a Tunescope database this version reads (version: its schema version)
        Optuna, ///< an Optuna storage of a schema OptunaReader reads: opened read-only
        Refused ///< someone else's, unreadable or newer: left alone, the reason in lastError
    };
    Kind kind = Kind::Refused;
    int version = 0;
    bool optuna = false; ///< Optuna's tables (Kind::Optuna, or Refused for their revision)
};

/// Decides whether the database is new, a Tunescope database we can read, or something to
/// leave alone. Only reads.
SchemaInspection inspectSchema(Connection &connection);

/// Inside a write transaction: checks again (another process may have created or claimed the
/// database since), then creates the schema when still empty or brings an older one up to
/// date.
bool ensureSchema(Connection &connection);

} // namespace tunescope
