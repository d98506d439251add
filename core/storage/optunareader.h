#pragma once

// Internal to core/storage: Storage's reads of an Optuna database. Not part of the public API.

#include "storage/schema.h"
#include "space/searchspace.h"
#include "storage/storage.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>
#include <utility>

namespace tunescope {

struct Connection;
struct OptunaDistribution;

/// Reads the studies of an Optuna RDB storage (SQLite or PostgreSQL, the schemas Optuna 3.0 to
/// 4.x write: alembic revisions v3.0.0.d and v3.2.0.a) as Tunescope's records, so that every
/// view, export and comparison works on them. Only ever reads; the connection was opened
/// read-only.
///
/// Each read is one indexed scan per Optuna table (trials, trial_params, trial_values, the
/// attributes and, when asked, the intermediate values), never a query per trial.
///
/// What a study becomes:
/// - its objectives: named by the study's metric names (Optuna 3.2's set_metric_names), else
///   "value" (one objective) or "values_0", "values_1", ... as Optuna's trials_dataframe names
///   them; directions as goals. Intermediate values are series of the first objective.
/// - its search space: the parameters its trials used, in the order they first appear, each
///   from its distribution; where trials of a define-by-run study used other bounds or steps
///   for one parameter, the parameter covering all of them (mergedParameter). A study
///   without any parameter yet gets the constant "(none)", since a search space has one.
/// - the study's own user attributes in its spec's description.
/// - method "tpe" in its spec (Optuna does not record its sampler; TPE is its default) and
///   "optuna" in its record, so listings say where it came from; the command a runner would
///   start is "(Optuna objective)", which no runner finds.
/// - trial states as Optuna names them (FAIL is FAILED); values with their infinities; a
///   failed trial's reason where Optuna kept one (fail_reason, before Optuna 3.0); user and
///   system attributes in Trial::attributes; start and end times, stored by Optuna in its
///   local time.
class OptunaReader
{
public:
    explicit OptunaReader(Connection &connection);
    ~OptunaReader();

    /// Whether the tables are an Optuna storage's: Kind::Optuna when this version reads its
    /// schema, Kind::Refused (the reason in the connection's lastError) for an older or newer
    /// one, nullopt when they are not Optuna's. Only reads.
    static std::optional<SchemaInspection> inspect(Connection &connection, const QSet<QString> &tables);

    std::optional<StudyRecord> findStudy(const QString &name);
    QList<StudySummary> studySummaries();
    /// With lastValueIds, the largest trial_intermediate_value_id read of each trial (the
    /// cursors of newValues).
    std::optional<QList<Trial>> trials(qint64 studyId, bool withIntermediate, QHash<qint64, qint64> *lastValueIds = nullptr);
    /// The intermediate values stored after each cursor, as Storage::readNewValues.
    std::optional<QHash<qint64, MetricSeries>> newValues(QList<ValueCursor> &cursors);
    std::optional<Trial> trial(qint64 studyId, int number, bool withIntermediate);
    /// The trials numbered after afterNumber and those named, without intermediate values, as
    /// Storage::trialsAfter (Optuna keeps no retry links).
    std::optional<QList<Trial>> trialsAfter(qint64 studyId, int afterNumber, const QList<int> &numbers);
    /// How many of the study's trials are numbered up to upToNumber.
    std::optional<int> trialCount(qint64 studyId, int upToNumber);

private:
    struct StudyHeader;
    /// Which of a study's trials a read takes: SQL appended to "... WHERE t.study_id = ?"
    /// over the trials table as t, and its values.
    struct TrialFilter
    {
        QString sql;
        QVariantList binds;
    };
    Connection &c;
    QHash<QByteArray, std::shared_ptr<const OptunaDistribution>> mDistributions; ///< by distribution_json
    /// The parameters of each study (or why they cannot be read), valid while trial_params
    /// keeps its largest param_id and its row count (mSpacesStamp).
    QHash<qint64, QList<Parameter>> mSpaces;
    QHash<qint64, QString> mSpaceErrors;
    std::optional<std::pair<qint64, qint64>> mSpacesStamp;

    QHash<qint64, qint64> mLocalOffsets; ///< UTC offsets (ms) of the local zone by hour of local time

    std::shared_ptr<const OptunaDistribution> distribution(const QByteArray &json, QString *error);
    /// Optuna's DateTime columns: "2024-05-01 12:34:56.123456" (SQLAlchemy on SQLite;
    /// PostgreSQL's text drops trailing zeros of the fraction), a naive time in the local zone
    /// of the process that wrote it, taken as this one's. Kept to the millisecond, as Tunescope
    /// keeps its own times.
    QDateTime localTime(const QVariant &v);
    std::optional<QList<StudyHeader>> studyHeaders(std::optional<qint64> studyId);
    /// SQL for a JSON text column read as UTF-8 bytes.
    QString jsonBytes(const QString &column) const;
    /// Fills mSpaces and mSpaceErrors unless trial_params is unchanged since; false on an error.
    bool readSpaces();
    std::optional<QByteArray> specYaml(const StudyHeader &header);
    std::optional<QList<Trial>> readTrials(qint64 studyId, const TrialFilter &filter, bool withIntermediate,
                                           QHash<qint64, qint64> *lastValueIds = nullptr);
    bool fail(const QString &message);
};

/// The text Storage refuses every write to an Optuna database with.
QString optunaReadOnlyReason(const QString &displayName);

} // namespace tunescope
