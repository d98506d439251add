#include "samplers/conditionalsampler.h"

#include "common/splitmix.h"

namespace tunescope {

ConditionalSampler::ConditionalSampler(SearchSpace space, Goal goal, quint64 seed)
    : Sampler(std::move(space), goal, seed)
{
    // Parameters sharing a condition (the same parent and value, or none) form a group; groups
    // are ordered by their first parameter, so a choice is drawn before what depends on it.
    const QList<Parameter> &params = mSpace.parameters();
    for (int i = 0; i < params.size(); ++i) {
        const Parameter &p = params.at(i);
        auto same = std::find_if(mGroups.begin(), mGroups.end(), [&](const std::vector<int> &g) {
            const Parameter &first = params.at(g.front());
            if (first.parent != p.parent)
                return false;
            if (!p.isConditional())
                return true;
            const Parameter *parent = mSpace.find(p.parent);
            return parent && parent->choiceIndex(first.parentValue) == parent->choiceIndex(p.parentValue);
        });
        if (same == mGroups.end())
            mGroups.push_back({i});
        else
            same->push_back(i);
    }
}

std::unique_ptr<ConditionalSampler> ConditionalSampler::grouped(SearchSpace space, Goal goal, quint64 seed, Factory factory)
{
    std::unique_ptr<ConditionalSampler> s(new ConditionalSampler(std::move(space), goal, seed));
    s->mFactory = std::move(factory);
    return s;
}

std::unique_ptr<ConditionalSampler> ConditionalSampler::neutral(std::unique_ptr<Sampler> inner)
{
    std::unique_ptr<ConditionalSampler> s(new ConditionalSampler(inner->space(), inner->goal(), inner->seed()));
    s->mInner = std::move(inner);
    return s;
}

bool ConditionalSampler::groupActive(size_t g, const QVariantMap &values) const
{
    return mSpace.isActive(mSpace.parameters().at(mGroups[g].front()), values);
}

std::optional<QVariantMap> ConditionalSampler::suggest(const QList<Trial> &trials, int number)
{
    return mInner ? suggestNeutral(trials, number) : suggestGrouped(trials, number);
}

std::optional<QVariantMap> ConditionalSampler::suggestGrouped(const QList<Trial> &trials, int number)
{
    const QList<Parameter> &params = mSpace.parameters();
    QVariantMap out;
    for (size_t g = 0; g < mGroups.size(); ++g) {
        if (!groupActive(g, out))
            continue;
        auto &sampler = mGroupSamplers[g];
        if (!sampler) {
            QList<Parameter> members;
            for (int i : mGroups[g]) {
                Parameter p = params.at(i);
                p.parent.clear(); // within its group, a parameter always exists
                p.parentValue = QVariant();
                members << p;
            }
            sampler = mFactory(SearchSpace(members), splitmix64(mSeed ^ splitmix64(0x67726f7570ULL + g)));
        }
        // The trials in which the group existed, with only its parameters.
        QList<Trial> seen;
        for (const Trial &t : trials) {
            if (!groupActive(g, t.params))
                continue;
            Trial restricted = t;
            restricted.params.clear();
            for (int i : mGroups[g]) {
                const QString &name = params.at(i).name;
                if (t.params.contains(name))
                    restricted.params.insert(name, t.params.value(name));
            }
            seen << restricted;
        }
        const std::optional<QVariantMap> values = sampler->suggest(seen, number);
        if (!values)
            return std::nullopt;
        for (auto it = values->constBegin(); it != values->constEnd(); ++it)
            out.insert(it.key(), it.value());
    }
    return out;
}

QList<Trial> ConditionalSampler::withNeutralValues(const QList<Trial> &trials) const
{
    QList<Trial> filled = trials;
    for (Trial &t : filled) {
        if (t.params.isEmpty())
            continue; // a waiting trial not yet given parameters
        for (const Parameter &p : mSpace.parameters()) {
            if (p.type != Parameter::Type::Constant && !t.params.contains(p.name))
                t.params.insert(p.name, p.fromUnit(0.5));
        }
    }
    return filled;
}

std::optional<int> ConditionalSampler::recommendedTrial(const QList<Trial> &trials)
{
    // Grouped samplers (tpe) have no model of the whole space to recommend by.
    return mInner ? mInner->recommendedTrial(withNeutralValues(trials)) : std::nullopt;
}

std::optional<QVariantMap> ConditionalSampler::suggestNeutral(const QList<Trial> &trials, int number)
{
    const QList<Trial> filled = withNeutralValues(trials);
    std::optional<QVariantMap> values = mInner->suggest(filled, number);
    if (!values)
        return std::nullopt;
    // Keep what the drawn choices make exist (parents come before their parameters).
    QVariantMap out;
    for (const Parameter &p : mSpace.parameters()) {
        if (values->contains(p.name) && mSpace.isActive(p, out))
            out.insert(p.name, values->value(p.name));
    }
    return out;
}

} // namespace tunescope
