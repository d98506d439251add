#pragma once

#include "analysis/studyexport.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace tunescope {

/// One study taking part in a comparison.
struct ComparedStudy
{
    StudyData data;
    QString label;   ///< shown name: the study name, with the database file when names clash
    QString source;  ///< the database it came from
    QString group;   ///< studies sharing a group are repeats of one setup (seeds); never empty
};

/// The best-so-far line of one group (a single study, or its repeats as mean and range).
struct BestSoFarSeries
{
    QString label;
    QStringList members;   ///< labels of the studies in the group
    QList<double> mean;    ///< [i]: best objective after i + 1 finished trials (NaN: none yet)
    QList<double> lower;   ///< min over the members (equals mean for one study)
    QList<double> upper;   ///< max over the members
};

/// The objective values of a study's complete trials, with the numbers a box plot needs.
struct ValueDistribution
{
    QString label;
    QList<double> values;  ///< finite objectives of complete trials, in trial order
    double min = 0.0, q1 = 0.0, median = 0.0, q3 = 0.0, max = 0.0, mean = 0.0;
    bool isEmpty() const { return values.isEmpty(); }
};

/// A row of a side-by-side table: one cell per study; `differs` when the cells are not all equal.
struct ComparisonRow
{
    QString name;
    QStringList cells;
    bool differs = false;
};

/// Everything the compare view and the compare report show about two or more studies: the
/// best-so-far curves (a group of repeated studies as its mean with a min-max band), the
/// distribution of final values per study, the best configuration of each study side by
/// side, and the settings (method, metric, budget, search space) with the differences marked.
///
/// Groups: studies whose names differ only by a seed suffix ("-seed3", "_s3", "-rep3",
/// "-run3", see seedGroup()) are treated as repeats of one setup when grouping is on; the GUI
/// can also set ComparedStudy::group by hand. A group's curve ends where its shortest member
/// ends, so that every point averages the same studies.
class StudyComparison
{
public:
    StudyComparison() = default;
    explicit StudyComparison(QList<ComparedStudy> studies);

    /// Base name without a trailing seed suffix ("spirals-seed3" -> "spirals"), else the name.
    static QString seedGroup(const QString &name);
    /// Fills label (name, or "name (file)" when a name occurs in two databases) and group
    /// (seedGroup(name) when grouping, else the label).
    static void assignLabels(QList<ComparedStudy> &studies, bool groupSeeds);

    const QList<ComparedStudy> &studies() const { return mStudies; }
    /// The goal of the first study; the others are compared by the same goal.
    Goal goal() const;
    QString metricName() const;
    /// Reasons the comparison may mislead ("studies optimize different metrics").
    QStringList warnings() const;

    QList<BestSoFarSeries> bestSoFar() const;
    QList<ValueDistribution> distributions() const;
    /// Rows: best value, trial number, then one per parameter (union over the studies).
    QList<ComparisonRow> bestConfigurations() const;
    /// Rows: metric, goal, method, budget, trials, repeats, parallel, seed, early stopping,
    /// then one per parameter of any search space ("log-uniform 0.001 .. 0.3").
    QList<ComparisonRow> settings() const;
    /// One row per trial of every study: study, group, number, state, value, value_std, one
    /// column per parameter (union), duration_s, reason.
    QByteArray toCsv() const;

private:
    QList<ComparedStudy> mStudies;
};

/// Best objective after each finished trial (interrupted ones do not count), NaN until the
/// first complete trial.
QList<double> bestSoFarValues(const QList<Trial> &trials, Goal goal);
/// Short description of a parameter's range ("log-uniform 0.001 .. 0.3", "{sgd, adam}").
QString describeParameter(const Parameter &p);
/// The study's budget as text ("30 trials", "grid (24 points)", "unlimited").
QString describeBudget(const StudySpec &spec);
/// The early-termination settings as text ("hyperband min_iter=3 eta=3", "none").
QString describeEarlyTermination(const StudySpec &spec);
/// The sampler's settings as text ("candidate_sets=1 n_startup_trials=20", "defaults"):
/// two studies of one method that differ only here must not look alike.
QString describeMethodOptions(const StudySpec &spec);
/// The warm start as text ("the 5 best configurations of a.db#s run first", "none"), with
/// passwords of URLs left out.
QString describeWarmStart(const WarmStartSpec &warmStart);

} // namespace tunescope
