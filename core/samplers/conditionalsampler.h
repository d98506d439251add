#pragma once

#include "samplers/sampler.h"

#include <functional>
#include <map>
#include <memory>

namespace tunescope {

/// Samples a conditional space (parameters that exist only for some value of a choice) with a
/// sampler made for spaces without conditions. Two ways, chosen by the method:
///
/// - Grouped (tpe): the space splits into groups of parameters that exist together (the
///   unconditional ones; those of one value of one choice). Groups are sampled in order, each
///   by its own sampler that sees only the trials in which the group existed, restricted to
///   its parameters; a group is sampled only when the values drawn so far make it exist.
///   This is Optuna's group decomposition of TPE (TPESampler(group=True)).
/// - Neutral (bayes): one sampler over every parameter; trials get each parameter they lack
///   at the value of the middle of its range (unit coordinate 0.5), so trials that share a
///   choice are compared on the parameters they have, and the suggestion keeps only the
///   parameters its choices make exist.
class ConditionalSampler : public Sampler
{
public:
    using Factory = std::function<std::unique_ptr<Sampler>(const SearchSpace &space, quint64 seed)>;

    /// Groups, each sampled by a sampler from factory.
    static std::unique_ptr<ConditionalSampler> grouped(SearchSpace space, Goal goal, quint64 seed, Factory factory);
    /// The whole space sampled by inner, inactive parameters at their neutral value.
    static std::unique_ptr<ConditionalSampler> neutral(std::unique_ptr<Sampler> inner);

    std::optional<QVariantMap> suggest(const QList<Trial> &trials, int number) override;
    bool readsTrials() const override { return true; }
    std::optional<int> recommendedTrial(const QList<Trial> &trials) override;

    /// The groups (indices into space().parameters()), in the order they are sampled.
    const std::vector<std::vector<int>> &groups() const { return mGroups; }

private:
    ConditionalSampler(SearchSpace space, Goal goal, quint64 seed);
    std::optional<QVariantMap> suggestGrouped(const QList<Trial> &trials, int number);
    std::optional<QVariantMap> suggestNeutral(const QList<Trial> &trials, int number);
    /// The trials with each parameter they lack at its neutral value (unit coordinate 0.5).
    QList<Trial> withNeutralValues(const QList<Trial> &trials) const;
    /// Whether group g exists for these values (its parameters' shared condition holds).
    bool groupActive(size_t g, const QVariantMap &values) const;

    Factory mFactory;
    std::unique_ptr<Sampler> mInner;                  ///< neutral
    std::vector<std::vector<int>> mGroups;            ///< grouped
    std::map<size_t, std::unique_ptr<Sampler>> mGroupSamplers;
};

} // namespace tunescope
