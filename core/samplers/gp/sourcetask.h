#pragma once

#include "samplers/gp/gaussianprocess.h"

#include <Eigen/Dense>

#include <cstdint>
#include <optional>
#include <vector>

namespace tunescope {

/// How a study's objective relates to a warm start's source task: y ≈ offset + scale · f(x),
/// where f is a Gaussian process of the source's observations alone.
///
/// The bayes sampler models its own trials and the source's prior observations in one GP,
/// with the source's values mapped by this relation first: a per-study mean offset and scale,
/// so that a source whose objective is shifted or rescaled (another data set size, another
/// loss scale) still tells where the good region is without pulling the predicted values to
/// its own level. The relation is fitted on the study's own trials against the source model's
/// predictions at the same points (not on raw means, which depend on where each study
/// sampled): no own trial keeps the source as it is, one or two fit the offset alone, three or
/// more the offset and a scale, kept within [0.05, 20]: a source whose values run against the
/// study's (an unrelated task) is flattened and no longer steers the search. What the relation
/// leaves unexplained becomes the prior observations' noise: the residual variance of the
/// study's trials, at least 1 % of the mapped source values' variance (5 % with fewer than
/// three trials, whose residuals say nothing yet).
class SourceTask
{
public:
    struct Relation
    {
        double offset = 0.0;
        double scale = 1.0;
        /// Variance of what the relation leaves unexplained (the tasks' discrepancy), in the
        /// study's units squared: the prior observations' extra noise, so that where the
        /// study's own trials disagree with the source the model follows its own.
        double discrepancy = 0.0;
    };

    explicit SourceTask(std::vector<bool> categorical) : mCategorical(std::move(categorical)) {}

    /// Fits the source model (minimized values, encoded points); refitted only when `hash`
    /// differs from the last call's.
    void setSource(const Eigen::MatrixXd &X, const Eigen::VectorXd &y, std::uint64_t hash, std::uint64_t seed);
    bool hasSource() const { return mModel.has_value(); }

    /// The relation of the study's own complete observations (minimized) to the source.
    Relation relate(const Eigen::MatrixXd &X, const Eigen::VectorXd &y) const;

private:
    std::vector<bool> mCategorical;
    std::optional<GaussianProcess> mModel;
    std::uint64_t mHash = 0;
};

} // namespace tunescope
