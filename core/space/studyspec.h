#pragma once

#include "common/trial.h"
#include "space/backendspec.h"
#include "space/searchspace.h"
#include "space/specissue.h"
#include "space/warmstartspec.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>

namespace tunescope {

/// The methods a study file can name, in the order the form offers them: the one list the
/// parser, the sampler factory and the form read.
const QStringList &studyMethods();
/// "grid, random, random-grid, sobol, tpe or bayes", for messages.
QString studyMethodsText();

/// The metric a study optimizes.
struct MetricSpec
{
    QString name;
    Goal goal = Goal::Minimize;
    bool useBest = false; ///< objective = best reported value instead of the last one
    /// W&B's target: no new trial starts once a trial reports a value at least this good.
    std::optional<double> target{};
    /// W&B's impute: the value model-based samplers (tpe, bayes) see for a failed or pruned
    /// trial: worst (default; the worst value any finished trial reported), best (its own
    /// best report) or latest (its last report).
    QString impute{};
    /// W&B's impute_while_running: latest, best or worst makes running trials count with their
    /// reports so far (a trial without reports gets impute's value); empty: they are pending.
    QString imputeWhileRunning{};
};

/// GPU slots for local trials.
struct ResourceSpec
{
    QList<int> gpus;       ///< device indices; empty: CPU slots only
    int trialsPerGpu = 1;
};

/// A whole study as written in the study file (a superset of the W&B sweep YAML).
struct StudySpec
{
    QString name;
    QString description;
    QString program;
    QStringList command;   ///< with macros; empty means the W&B default
    QString method = QStringLiteral("random"); ///< grid | random | random-grid | sobol | tpe | bayes
    QList<MetricSpec> metrics; ///< first is the objective; more make it multi-objective
    SearchSpace space;
    QVariantMap earlyTerminate; ///< {type: hyperband|asha|median, ...} as written
    QVariantMap methodOptions;  ///< sampler settings (e.g. n_startup_trials)
    bool costAware = false;     ///< `cost_aware: true`: bayes and tpe favour cheap configurations
    int runCap = 0;             ///< trial budget; 0 = grid size for grid methods, else unlimited
    int parallel = 1;
    int trialTimeoutSeconds = 0; ///< 0 = none
    int heartbeatIntervalSeconds = 5; ///< how often a runner marks its trials alive
    int heartbeatGraceSeconds = 30;   ///< a trial without a heartbeat this long is redone by others
    quint64 seed = 0;
    int repeats = 1;
    ResourceSpec resources;
    BackendSpec backend;
    QString storage;            ///< SQLite path (relative to the spec) or postgresql://...
    QString metricRegex;        ///< user regex replacing the built-in parsers
    QString workingDirectory;   ///< directory the spec was loaded from; program paths resolve here
    /// working_directory: the folder trials run in, relative to workingDirectory (NNI's
    /// trialCodeDirectory); empty: workingDirectory.
    QString trialWorkingDirectory;
    /// max_duration: the study's wall-clock budget, counted across resumes (StudyLimits); no
    /// trial starts once it is used or the next trial would not fit (0 = no limit).
    int maxDurationSeconds = 0;
    /// max_duration_hard: trials still running when max_duration is used up are stopped (FAILED,
    /// their reports kept) instead of running to their end.
    bool maxDurationHard = false;
    /// trial_api: "nni" puts Tunescope's nni module on the trials' PYTHONPATH and sets NNI's
    /// variables, so NNI trial code runs unchanged; empty for Tunescope's own protocol.
    QString trialApi;
    WarmStartSpec warmStart;    ///< warm_start: other studies this one starts from

    const MetricSpec &objective() const { return metrics.first(); }
    QStringList effectiveCommand() const;
    /// The folder trials run in: trialWorkingDirectory resolved against workingDirectory.
    QString runDirectory() const;
};

/// Result of loading a study file: the spec, or the errors that stop it; warnings either way.
struct SpecLoadResult
{
    std::optional<StudySpec> spec;
    QList<SpecIssue> issues; ///< errors and warnings in the order found, each at its key path
    /// The issues as the command line prints them (formatSpecIssues with the file name):
    QStringList errors;   ///< "study.yaml: parameters.lr.min: must be > 0 for log_uniform_values"
    QStringList warnings; ///< "study.yaml: foo: unknown key (ignored)"
};

/// Parses YAML or JSON text. `sourceName` prefixes every message in errors and warnings.
SpecLoadResult parseStudySpec(const QByteArray &text, const QString &sourceName);
/// Reads and parses a file; workingDirectory is set to its folder.
SpecLoadResult loadStudySpec(const QString &path);
/// Writes YAML that parseStudySpec reads back to an equal spec, but for a password in a
/// storage URL, which is left out (redactedLocation).
QByteArray studySpecToYaml(const StudySpec &spec);

/// The `parameters` mapping of a study file for a search space alone.
QByteArray searchSpaceToYaml(const SearchSpace &space);

/// Parses durations such as "90", "90s", "10m", "1h30m", "01:00:00"; nullopt when malformed.
std::optional<int> parseDurationSeconds(const QString &text);

QString goalName(Goal g); ///< "minimize" | "maximize"

} // namespace tunescope
