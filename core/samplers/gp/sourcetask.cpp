#include "samplers/gp/sourcetask.h"

#include <algorithm>
#include <cmath>

namespace tunescope {

void SourceTask::setSource(const Eigen::MatrixXd &X, const Eigen::VectorXd &y, std::uint64_t hash, std::uint64_t seed)
{
    if (mModel && mHash == hash)
        return;
    mModel.reset();
    mHash = hash;
    if (X.rows() == 0)
        return;
    GaussianProcess gp(mCategorical);
    gp.setData(X, y);
    GpFitOptions options;
    options.seed = seed;
    options.minNoiseVar = 1e-6;
    gp.fit(GpHyperparameters::defaults(int(X.cols())), options);
    mModel = std::move(gp);
}

SourceTask::Relation SourceTask::relate(const Eigen::MatrixXd &X, const Eigen::VectorXd &y) const
{
    Relation r;
    const Eigen::Index n = X.rows();
    if (!mModel || n == 0)
        return r;
    Eigen::VectorXd mean, var;
    mModel->predict(X, mean, var);
    // predict() answers in the model's standardized units.
    const Eigen::VectorXd f = mean.array() * mModel->outputScale() + mModel->outputMean();
    const double sourceVar = mModel->outputScale() * mModel->outputScale();
    bool fitted = false;
    if (n >= 3) {
        const double fMean = f.mean(), yMean = y.mean();
        const double fVar = (f.array() - fMean).square().sum();
        if (fVar > 1e-12 * std::max(1.0, fMean * fMean)) {
            const double cov = ((f.array() - fMean) * (y.array() - yMean)).sum();
            r.scale = std::clamp(cov / fVar, 0.05, 20.0);
            r.offset = yMean - r.scale * fMean;
            fitted = true;
        }
    }
    if (!fitted)
        r.offset = (y - f).mean();
    const Eigen::ArrayXd residual = y.array() - r.offset - r.scale * f.array();
    const double floor = (n >= 3 ? 0.01 : 0.05) * r.scale * r.scale * sourceVar;
    r.discrepancy = std::max(n >= 3 ? residual.square().sum() / double(std::max<Eigen::Index>(n - 2, 1)) : 0.0, floor);
    return r;
}

} // namespace tunescope
