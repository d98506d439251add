#pragma once

#include "space/studyspec.h"
#include "common/trial.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>
#include <optional>

namespace tunescope {

/// A decision to stop a trial early, with the reason stored on the trial.
struct PruneDecision
{
    bool prune = false;
    QString reason; ///< "pruned at step 9 by asha: 0.41 is not in the top 1/3 of 7 trials at rung 9"
};

/// Stops hopeless trials as their intermediate values arrive.
///
/// Stateless: every decision is computed from the trials' stored intermediate values of the
/// objective metric, so a resumed study or a second worker decides the same way.
class Pruner
{
public:
    Pruner(QString metric, Goal goal) : mMetric(std::move(metric)), mGoal(goal) {}
    virtual ~Pruner() = default;

    /// Called after `trial` reported new values of the objective (its intermediate values hold
    /// every report so far). `trials` is the whole study, `trial` included or not.
    virtual PruneDecision decide(const Trial &trial, const QList<Trial> &trials) const = 0;

    virtual QString name() const = 0;

protected:
    /// The objective's reports of a trial, with values turned so that lower is better.
    QList<MetricPoint> series(const Trial &trial) const;
    /// Value at the first reported step >= step, or nullopt when the trial never got there.
    std::optional<double> valueAtOrAfter(const Trial &trial, qint64 step) const;
    /// A value in the user's direction (undoes the lower-is-better turn), for messages.
    double shown(double lowerIsBetter) const { return mGoal == Goal::Maximize ? -lowerIsBetter : lowerIsBetter; }

    QString mMetric;
    Goal mGoal;
};

/// The pruner for spec.earlyTerminate, or nullptr when there is none (or on error, with *error).
std::unique_ptr<Pruner> createPruner(const StudySpec &spec, QString *error);

/// Errors in an early_terminate mapping, each at its key ("early_terminate.eta": "must be >= 2").
QList<SpecIssue> validateEarlyTerminate(const QVariantMap &config);

} // namespace tunescope
