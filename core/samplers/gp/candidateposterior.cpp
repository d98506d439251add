#include "samplers/gp/candidateposterior.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace tunescope {

namespace {

bool sameBits(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool sameBits(const Eigen::VectorXd &a, const Eigen::VectorXd &b)
{
    if (a.size() != b.size())
        return false;
    for (Eigen::Index i = 0; i < a.size(); ++i)
        if (!sameBits(a[i], b[i]))
            return false;
    return true;
}

bool sameRow(const Eigen::MatrixXd &a, Eigen::Index i, const Eigen::MatrixXd &b, Eigen::Index j)
{
    for (Eigen::Index d = 0; d < a.cols(); ++d)
        if (!sameBits(a(i, d), b(j, d)))
            return false;
    return true;
}

} // namespace

void CandidatePosterior::clear()
{
    mX.resize(0, 0);
    mNoise.resize(0);
    mK.resize(0, 0);
    mV.resize(0, 0);
    mSumSq.resize(0);
    mReused = 0;
}

void CandidatePosterior::perturbForTest(int row, int candidate, double delta)
{
    if (row < 0 || row >= mV.rows() || candidate < 0 || candidate >= mV.cols())
        return;
    const double before = mV(row, candidate);
    mV(row, candidate) += delta;
    mSumSq[candidate] += mV(row, candidate) * mV(row, candidate) - before * before;
}

void CandidatePosterior::setCandidates(const Eigen::MatrixXd &candidates, std::uint64_t key)
{
    if (mKey == key && candidates.rows() == mC.rows() && candidates.cols() == mC.cols())
        return;
    mC = candidates;
    mKey = key;
    clear();
}

void CandidatePosterior::kernelRow(const GaussianProcess &gp, const Eigen::VectorXd &x, Eigen::ArrayXd &out) const
{
    // Elementwise over the candidates, the columns summed in order: every value is the same
    // whichever call computes it (no matrix-product blocking that depends on the shapes).
    const GpHyperparameters &h = gp.hyperparameters();
    const double s2 = std::exp(h.logSignalVar);
    const Eigen::Index m = mC.rows();
    out.setZero(m);
    for (int d = 0; d < gp.dimension(); ++d) {
        const double w = std::exp(h.logInvSqLengthscales[d]);
        if (gp.categorical()[d]) {
            out += (mC.col(d).array() != x[d]).select(Eigen::ArrayXd::Constant(m, w), 0.0);
        } else {
            const Eigen::ArrayXd t = mC.col(d).array() - x[d];
            out += w * t * t;
        }
    }
    GaussianProcess::scaledMatern52(out, s2, out); // r is evaluated from out before out is written
}

void CandidatePosterior::update(const GaussianProcess &gp, int rows)
{
    rows = std::clamp(rows, 0, gp.size());
    const Eigen::Index m = mC.rows();
    const Eigen::VectorXd hyper = gp.hyperparameters().packed();
    int keep = 0;
    if (mX.cols() == gp.dimension() && sameBits(hyper, mHyper) && sameBits(gp.jitter(), mJitter)) {
        const int cached = std::min(int(mX.rows()), rows);
        while (keep < cached && sameRow(mX, keep, gp.inputs(), keep) && sameBits(mNoise[keep], gp.extraNoise()[keep]))
            ++keep;
    }
    mReused = keep;
    mHyper = hyper;
    mJitter = gp.jitter();
    if (keep < mX.rows()) {
        // An earlier row changed (or the model did): everything from it on goes, and the
        // sum of squares is accumulated again over the rows kept, in the same order.
        mX.conservativeResize(keep, gp.dimension());
        mNoise.conservativeResize(keep);
        mK.conservativeResize(keep, m);
        mV.conservativeResize(keep, m);
        mSumSq.setZero(m);
        for (int i = 0; i < keep; ++i)
            mSumSq += mV.row(i).array().transpose().square();
    }
    if (mSumSq.size() != m)
        mSumSq.setZero(m);
    if (keep == rows)
        return;

    const Eigen::MatrixXd &L = gp.choleskyFactor();
    mX.conservativeResize(rows, gp.dimension());
    mNoise.conservativeResize(rows);
    mK.conservativeResize(rows, m);
    mV.conservativeResize(rows, m);
    Eigen::ArrayXd k, v;
    for (int i = keep; i < rows; ++i) {
        mX.row(i) = gp.inputs().row(i);
        mNoise[i] = gp.extraNoise()[i];
        kernelRow(gp, gp.inputs().row(i).transpose(), k);
        mK.row(i) = k.transpose();
        // Forward substitution, one row: v_i = (k_i - sum_j<i L_ij v_j) / L_ii, elementwise.
        v = k;
        for (int j = 0; j < i; ++j)
            v -= L(i, j) * mV.row(j).array().transpose();
        v /= L(i, i);
        mV.row(i) = v.transpose();
        mSumSq += v.square();
    }
}

void CandidatePosterior::predict(const GaussianProcess &gp, int count, Eigen::VectorXd &mean, Eigen::VectorXd &var) const
{
    const Eigen::Index m = mC.rows();
    count = int(std::clamp<Eigen::Index>(count, 0, m));
    const double s2 = std::exp(gp.hyperparameters().logSignalVar);
    const int cached = int(mX.rows());
    const int n = gp.size();
    Eigen::ArrayXd mu = Eigen::ArrayXd::Zero(m);
    Eigen::ArrayXd sumSq = mSumSq.size() == m ? mSumSq : Eigen::ArrayXd::Zero(m);
    // The mean from the kept kernel rows with the current weights (the outputs are
    // standardized afresh on every call).
    for (int i = 0; i < cached; ++i)
        mu += gp.weights()[i] * mK.row(i).array().transpose();
    if (n > cached) {
        // Rows after the cached ones (fantasies): the same arithmetic, not kept.
        const Eigen::MatrixXd &L = gp.choleskyFactor();
        RowMatrix extra(n - cached, m);
        Eigen::ArrayXd k, v;
        for (int i = cached; i < n; ++i) {
            kernelRow(gp, gp.inputs().row(i).transpose(), k);
            mu += gp.weights()[i] * k;
            v = k;
            for (int j = 0; j < i; ++j) {
                if (j < cached)
                    v -= L(i, j) * mV.row(j).array().transpose();
                else
                    v -= L(i, j) * extra.row(j - cached).array().transpose();
            }
            v /= L(i, i);
            extra.row(i - cached) = v.transpose();
            sumSq += v.square();
        }
    }
    mean = mu.head(count).matrix();
    var = (s2 - sumSq.head(count)).cwiseMax(1e-12 * s2).matrix();
}

} // namespace tunescope
