#include "execution/trialclaim.h"

#include "samplers/gridsampler.h"

#include <algorithm>

namespace tunescope {

namespace {

// A model-based claim loses only to a claim made while it was suggesting; each round some
// worker wins, so this many lost rounds in a row means something else is wrong.
constexpr int maxStaleSuggestions = 200;

ClaimOutcome refused(Storage &storage)
{
    ClaimOutcome out;
    switch (storage.lastRefusal()) {
    case ClaimRefusal::Budget: out.kind = ClaimOutcome::Kind::BudgetReached; break;
    case ClaimRefusal::Declined: out.kind = ClaimOutcome::Kind::NothingLeft; break;
    case ClaimRefusal::None:
    case ClaimRefusal::Taken:
        out.kind = ClaimOutcome::Kind::Failed;
        out.error = storage.lastError();
        break;
    }
    return out;
}

ClaimOutcome claimed(const Trial &trial)
{
    ClaimOutcome out;
    out.kind = ClaimOutcome::Kind::Claimed;
    out.trial = trial;
    return out;
}

ClaimOutcome failed(const QString &error)
{
    ClaimOutcome out;
    out.error = error;
    return out;
}

} // namespace

ClaimOutcome claimNextTrial(Storage &storage, qint64 studyId, Sampler &sampler, const ClaimRequest &request,
                            const StudyTrials &trials)
{
    // Trials queued by hand (enqueue, retry) run before the sampler is asked, budget or not.
    if (const std::optional<Trial> queued = storage.claimQueuedTrial(studyId, request))
        return claimed(*queued);
    if (storage.lastRefusal() != ClaimRefusal::Declined)
        return refused(storage);

    if (const auto *grid = dynamic_cast<const GridSampler *>(&sampler)) {
        ClaimRequest gridRequest = request;
        gridRequest.readsGridPoints = true;
        for (;;) {
            const auto trial = storage.claimTrial(studyId, gridRequest, [&](int number, const QSet<qint64> &held)
                                                  -> std::optional<TrialClaim> {
                const std::optional<qint64> index = grid->freeIndex(held, number);
                if (!index)
                    return std::nullopt;
                return TrialClaim{grid->space().gridPoint(*index), index};
            });
            if (trial)
                return claimed(*trial);
            // Taken: a trial of an older version held the point without recording it, and
            // recorded it since (adoptGridPoints); the next claim sees it.
            if (storage.lastRefusal() != ClaimRefusal::Taken)
                return refused(storage);
        }
    }

    if (!sampler.readsTrials()) {
        const auto trial = storage.claimTrial(studyId, request, [&](int number, const QSet<qint64> &)
                                              -> std::optional<TrialClaim> {
            const std::optional<QVariantMap> params = sampler.suggest({}, number);
            if (!params)
                return std::nullopt;
            return TrialClaim{*params, std::nullopt};
        });
        if (trial)
            return claimed(*trial);
        return refused(storage);
    }

    int expected = 0; ///< the number the last refused claim would have had
    for (int round = 0; round < maxStaleSuggestions; ++round) {
        const std::optional<QList<Trial>> all = trials(round > 0);
        if (!all)
            return failed(storage.lastError());
        QList<Trial> known;
        known.reserve(all->size());
        int next = expected;
        for (const Trial &t : *all) {
            next = std::max(next, t.number + 1);
            // Out-of-space values have no place in a sampler's model of the space.
            if (!isInterrupted(t) && !t.outOfSpace)
                known.append(t);
        }
        const std::optional<QVariantMap> params = sampler.suggest(known, next);
        if (!params) {
            ClaimOutcome out;
            out.kind = ClaimOutcome::Kind::NothingLeft;
            return out;
        }
        bool stale = false;
        const auto trial = storage.claimTrial(studyId, request, [&](int number, const QSet<qint64> &)
                                              -> std::optional<TrialClaim> {
            stale = number != next;
            expected = number;
            if (stale)
                return std::nullopt;
            return TrialClaim{*params, std::nullopt};
        });
        if (trial)
            return claimed(*trial);
        if (!stale || storage.lastRefusal() != ClaimRefusal::Declined)
            return refused(storage);
    }
    return failed(QStringLiteral("other workers claimed a trial before this one %1 times in a row").arg(maxStaleSuggestions));
}

void adoptGridPoints(Storage &storage, const Sampler &sampler, const QList<Trial> &trials)
{
    if (!dynamic_cast<const GridSampler *>(&sampler))
        return;
    for (const Trial &t : trials) {
        if (t.gridIndex || isInterrupted(t))
            continue;
        if (const auto index = sampler.space().gridIndex(t.params))
            storage.setTrialGridIndex(t.id, *index);
    }
}

} // namespace tunescope
