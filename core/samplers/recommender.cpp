#include "samplers/recommender.h"

#include "common/splitmix.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace tunescope {

namespace {

// What the recommendation depends on: the finished trials' numbers, states and values.
quint64 trialsKey(const QList<Trial> &trials)
{
    quint64 key = 0x7265636fULL;
    for (const Trial &t : trials) {
        if (!isFinished(t.state))
            continue;
        key = splitmix64(key ^ splitmix64(quint64(qint64(t.number)) ^ (quint64(t.state) << 40)));
        key = splitmix64(key ^ std::bit_cast<quint64>(t.value.value_or(std::nan(""))));
    }
    return key;
}

} // namespace

std::optional<int> Recommender::recommended(const StudySpec &spec, const QList<Trial> &trials)
{
    if (spec.method != QLatin1String("bayes") || spec.metrics.size() != 1)
        return std::nullopt;
    const QByteArray specKey = studySpecToYaml(spec);
    const quint64 key = trialsKey(trials);
    if (specKey == mSpecKey && key == mTrialsKey)
        return mLast;
    if (specKey == mSpecKey && mSince.isValid() && mSince.elapsed() < mIntervalMs)
        return mLast; // finished trials changed; the next refresh after the interval catches up
    if (specKey != mSpecKey) {
        QString error;
        mSampler = createSampler(spec, &error);
        mSpecKey = specKey;
    }
    mTrialsKey = key;
    mSince.start();
    mLast = mSampler ? mSampler->recommendedTrial(trials) : std::nullopt;
    mIntervalMs = std::max<qint64>(mMinIntervalMs, 20 * mSince.elapsed());
    mSince.start();
    return mLast;
}

} // namespace tunescope
