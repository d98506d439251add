#pragma once

#include "space/specissue.h"

#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace YAML {
class Node;
}

namespace tunescope {

/// What each trial's Slurm job asks for, as the study file's `backend` says: the sbatch options
/// Tunescope passes on, and how it follows the jobs.
struct SlurmSettings
{
    QString partition;   ///< --partition
    QString time;        ///< --time, in Slurm's syntax (minutes, h:mm:ss, d-hh:mm:ss, ...)
    QString gres;        ///< --gres, e.g. gpu:1
    int cpusPerTask = 0; ///< --cpus-per-task; 0: Slurm's default
    QString mem;         ///< --mem, e.g. 8G
    QString account;     ///< --account
    QString qos;         ///< --qos
    QString constraint;  ///< --constraint
    QStringList extra;   ///< further sbatch options, one argument each ("--exclusive")
    int pollIntervalSeconds = 5;        ///< squeue for all jobs of the study at this interval
    int controllerTimeoutSeconds = 300; ///< the study stops when Slurm stays unreachable this long

    bool operator==(const SlurmSettings &other) const = default;
};

/// Where trials run: this machine, or one Slurm job per trial.
struct BackendSpec
{
    QString type = QStringLiteral("local"); ///< local | slurm
    SlurmSettings slurm;                    ///< for type slurm

    bool isSlurm() const { return type == QLatin1String("slurm"); }
    bool operator==(const BackendSpec &other) const = default;
};

/// Reads the study file's `backend` (a scalar `local` / `slurm`, or a mapping with `type`);
/// every key and value is checked, each problem reported at its key path under `backend`.
QList<SpecIssue> parseBackendSpec(const YAML::Node &node, BackendSpec *backend);
/// The `backend` mapping as a study file writes it (type and the keys that differ from the
/// defaults); empty for the default local backend.
QVariantMap backendSpecToMap(const BackendSpec &backend);

/// sbatch options a user may not pass in backend.extra, because Tunescope sets them itself or a
/// key of its own says it (the key path to use instead, or empty).
struct ReservedSbatchOption
{
    QString option;    ///< "--output"
    QString shortName; ///< "-o", or empty
    QString key;       ///< "backend.partition" for --partition; empty when Tunescope owns it
};
const QList<ReservedSbatchOption> &reservedSbatchOptions();

/// Whether a text is a Slurm time limit: minutes, minutes:seconds, hours:minutes:seconds,
/// days-hours, days-hours:minutes, days-hours:minutes:seconds, UNLIMITED or INFINITE.
bool isSlurmTime(const QString &text);

} // namespace tunescope
