#pragma once

#include "samplers/sampler.h"

#include <QElapsedTimer>

#include <memory>
#include <optional>

namespace tunescope {

/// The trial a study's sampler recommends as its result (Sampler::recommendedTrial), for
/// views that show the best trial: with `method: bayes` on a noisy objective that is the
/// trial with the best posterior mean, which need not be the best observed one.
///
/// Keeps one sampler per spec (its model cache makes the next answer cheap) and recomputes
/// only when the finished trials changed, at most once per `minIntervalMs` and never more
/// than 5% of the time (a GP over thousands of trials takes a fraction of a second), so a
/// live view can ask on every refresh.
class Recommender
{
public:
    explicit Recommender(int minIntervalMs = 2000) : mMinIntervalMs(minIntervalMs) {}

    /// The recommended trial's number, or nullopt when the method has no model of its own
    /// (the best observed trial stands) or nothing finished yet.
    std::optional<int> recommended(const StudySpec &spec, const QList<Trial> &trials);

private:
    std::unique_ptr<Sampler> mSampler;
    QByteArray mSpecKey;
    quint64 mTrialsKey = 0;
    std::optional<int> mLast;
    QElapsedTimer mSince;
    int mMinIntervalMs = 2000;
    qint64 mIntervalMs = 2000; ///< the wait before the next recomputation
};

} // namespace tunescope
