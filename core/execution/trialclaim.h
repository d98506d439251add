#pragma once

#include "common/trial.h"
#include "storage/storage.h"

#include <functional>
#include <optional>

namespace tunescope {

class Sampler;

/// What claimNextTrial did.
struct ClaimOutcome
{
    enum class Kind {
        Claimed,       ///< trial holds the stored trial
        NothingLeft,   ///< every grid point is held (by trials of any worker, in any state)
        BudgetReached, ///< the study counts its budget of trials
        Failed         ///< a storage error, in error
    };
    Kind kind = Kind::Failed;
    std::optional<Trial> trial;
    QString error;
};

/// The study's trials as the caller knows them, every state included: `fresh` asks for a
/// read of the storage now instead of what the caller holds.
using StudyTrials = std::function<std::optional<QList<Trial>>(bool fresh)>;

/// Stores the next trial so that no other worker's claim is missed, on any backend and with
/// any number of processes. A trial queued by hand (Storage::claimQueuedTrial) is taken first,
/// whatever the budget; otherwise the sampler is asked:
/// - a grid sampler picks its point inside the claim from the points every worker holds;
/// - a sampler that reads only the trial number is asked inside the claim with the number
///   the trial gets;
/// - a model-based sampler suggests from `trials` and the claim goes through only when no
///   trial was claimed since (its view had every other worker's RUNNING trials as pending,
///   and its suggestion was seeded with the number the trial gets); otherwise it suggests
///   again from a fresh read.
ClaimOutcome claimNextTrial(Storage &storage, qint64 studyId, Sampler &sampler, const ClaimRequest &request,
                            const StudyTrials &trials);

/// Records the grid points of trials stored without one (by a version before grid_index),
/// so that claims see them held. Conflicting duplicates (the old race) keep none.
void adoptGridPoints(Storage &storage, const Sampler &sampler, const QList<Trial> &trials);

} // namespace tunescope
