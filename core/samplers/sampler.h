#pragma once

#include "space/searchspace.h"
#include "space/studyspec.h"
#include "common/trial.h"

#include <QList>
#include <QVariantMap>

#include <memory>
#include <optional>

namespace tunescope {

/// Suggests parameters for new trials (ask/tell through the list of known trials).
///
/// A sampler is stateless between calls as far as results go: everything it learns comes
/// from `trials`, so a resumed study, a second worker or a restarted app suggests the same
/// as an uninterrupted run. Randomness is seeded from (seed, trial number).
class Sampler
{
public:
    Sampler(SearchSpace space, Goal goal, quint64 seed)
        : mSpace(std::move(space)), mGoal(goal), mSeed(seed) {}
    virtual ~Sampler() = default;

    /// Parameters (constants included) for trial `number`, given every trial of the study so
    /// far in any state (running ones included, so parallel suggestions can avoid them).
    /// nullopt when the sampler has nothing left to suggest (a finished grid).
    virtual std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) = 0;

    /// Whether suggest() looks at the trials (a model of the results so far). One that looks
    /// only at the number is asked inside the claiming transaction, with the number the
    /// trial gets; one that models must be asked outside and its claim checked for staleness.
    virtual bool readsTrials() const { return true; }

    /// The trial this sampler recommends as the study's result, or nullopt when it has no
    /// model of its own and the best observed trial (common/trial's bestTrial) stands. A model
    /// of noisy values recommends by its posterior mean rather than by the luckiest draw.
    virtual std::optional<int> recommendedTrial(const QList<Trial> &trials)
    {
        Q_UNUSED(trials);
        return std::nullopt;
    }

    /// A warm start's prior observations: finished trials of other studies (Trial::source set,
    /// negative numbers), given once before the first suggestion. Samplers that model the
    /// trials (tpe, bayes) learn from them as from another task; the others never get any
    /// (the study file refuses `mode: prior` for them). They are never this study's trials:
    /// not in `trials`, not counted, never recommended.
    virtual void setPriorTrials(const QList<Trial> &prior) { mPrior = prior; }
    const QList<Trial> &priorTrials() const { return mPrior; }

    /// How many distinct suggestions exist (grid size), or nullopt when unbounded.
    virtual std::optional<qint64> capacity() const { return std::nullopt; }

    const SearchSpace &space() const { return mSpace; }
    Goal goal() const { return mGoal; }
    quint64 seed() const { return mSeed; }

    /// A seed for trial `number` derived from the study seed (splitmix64).
    quint64 trialSeed(int number, quint64 salt = 0) const;

protected:
    SearchSpace mSpace;
    Goal mGoal;
    quint64 mSeed;
    QList<Trial> mPrior;
};

/// The sampler for spec.method, or nullptr with the reason in *error.
std::unique_ptr<Sampler> createSampler(const StudySpec &spec, QString *error);

} // namespace tunescope
