#pragma once

#include "samplers/gp/gaussianprocess.h"

#include <Eigen/Core>

#include <optional>
#include <vector>

namespace tunescope {

/// The second model of cost-aware bayes (`cost_aware: true`): a GaussianProcess on the log of
/// what each finished trial cost, over the same encoded points as the objective's model. The
/// acquisition subtracts its posterior mean from log expected improvement, which maximizes
/// expected improvement per unit of cost (EIpu, Snoek et al. 2012): of two points equally
/// promising, the one predicted k times cheaper scores log k higher.
///
/// The cost is the trial's run time (wall seconds its program ran, TrialUsage::runSeconds):
/// what a study's budget (max_duration, GPU-hours) is spent in, and known for every trial,
/// local or Slurm, where CPU seconds are not (a GPU trial's CPU time is not its cost).
class CostModel
{
public:
    /// Fewer observed costs than this: no model (EI alone).
    static constexpr int kMinObservations = 3;

    /// Fits the model on rows of X with their costs (seconds, > 0; smaller ones are clamped
    /// to 1 ms). Nullopt with fewer than kMinObservations rows.
    static std::optional<CostModel> fit(const Eigen::MatrixXd &X, const std::vector<double> &costSeconds,
                                        const std::vector<bool> &categorical);

    /// Predicted log cost at x relative to the mean observed log cost (0 = a typical trial,
    /// -log 2 = half as costly), with its gradient w.r.t. x.
    double relativeLogCost(const Eigen::VectorXd &x, Eigen::VectorXd *gradient = nullptr) const;
    /// The same at the rows of X.
    Eigen::VectorXd relativeLogCosts(const Eigen::MatrixXd &X) const;

    const GaussianProcess &process() const { return mGp; }

private:
    explicit CostModel(GaussianProcess gp) : mGp(std::move(gp)) {}

    GaussianProcess mGp;
};

} // namespace tunescope
