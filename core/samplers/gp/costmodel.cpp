#include "samplers/gp/costmodel.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

std::optional<CostModel> CostModel::fit(const Eigen::MatrixXd &X, const std::vector<double> &costSeconds,
                                        const std::vector<bool> &categorical)
{
    const int n = int(costSeconds.size());
    if (n < kMinObservations || X.rows() != n)
        return std::nullopt;
    Eigen::VectorXd logCost(n);
    for (int i = 0; i < n; ++i)
        logCost[i] = std::log(std::max(costSeconds[size_t(i)], 1e-3));
    GaussianProcess gp(categorical);
    gp.setData(X, logCost);
    GpFitOptions options;
    options.maxIterations = 30;
    options.maxFitPoints = 160;
    // Run times of one configuration vary by a few percent at least: a noise floor keeps
    // the model from chasing that jitter.
    options.minNoiseVar = 1e-4;
    gp.fit(GpHyperparameters::defaults(int(X.cols())), options);
    return CostModel(std::move(gp));
}

double CostModel::relativeLogCost(const Eigen::VectorXd &x, Eigen::VectorXd *gradient) const
{
    double mean = 0.0, var = 0.0;
    Eigen::VectorXd dMean, dVar;
    mGp.predict(x, mean, var, dMean, dVar);
    // Standardized mean back to log seconds, less the mean log cost: scale only.
    if (gradient)
        *gradient = mGp.outputScale() * dMean;
    return mGp.outputScale() * mean;
}

Eigen::VectorXd CostModel::relativeLogCosts(const Eigen::MatrixXd &X) const
{
    return mGp.outputScale() * mGp.predictMean(X);
}

} // namespace tunescope
