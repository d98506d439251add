#include "samplers/gp/gaussianprocess.h"

#include "common/splitmix.h"

#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace tunescope {

namespace {

constexpr double kLog2Pi = 1.8378770664093453;


// Priors in the natural variables (log densities up to constants). They keep the MAP fit away
// from the degenerate corners the likelihood alone can reach with few points: length scales
// far outside the unit cube, a vanishing or exploding signal, noise that explains everything.
// inverse squared length scale w: -(0.1 / w + b w), b = lengthscalePriorRate (0.1: mode at w = 1).
// signal variance: Gamma(2, 1); noise variance: Gamma(1.1, 30).
double logPrior(const GpHyperparameters &h, Eigen::VectorXd *grad, double shortRate)
{
    const int D = h.dimension();
    double lp = 0.0;
    for (int d = 0; d < D; ++d) {
        const double w = std::exp(h.logInvSqLengthscales[d]);
        lp += -(0.1 / w + shortRate * w);
        if (grad)
            (*grad)[d] += 0.1 / w - shortRate * w;
    }
    const double s2 = std::exp(h.logSignalVar);
    lp += h.logSignalVar - s2;
    const double nv = std::exp(h.logNoiseVar);
    lp += 0.1 * h.logNoiseVar - 30.0 * nv;
    if (grad) {
        (*grad)[D] += 1.0 - s2;
        (*grad)[D + 1] += 0.1 - 30.0 * nv;
    }
    return lp;
}

// Tries a factorization with no jitter, then with a diagonal jitter of 1e-10 * scale growing
// tenfold up to 1e-2 * scale; `factor(jitter, attempt)` (attempt -1 for none) says whether it
// succeeded. Returns the jitter used, or a negative number when even the largest fails (a
// matrix of NaNs).
template <class Factor>
double withEscalatingJitter(double scale, Factor factor)
{
    if (factor(0.0, -1))
        return 0.0;
    double jitter = 1e-10 * scale;
    for (int attempt = 0; attempt < 9; ++attempt, jitter *= 10.0)
        if (factor(jitter, attempt))
            return jitter;
    return -1.0;
}

// Eigen's (blocked) Cholesky of K, the jitter added to K's diagonal step by step.
double choleskyWithJitter(Eigen::MatrixXd &K, Eigen::LLT<Eigen::MatrixXd> &llt, double scale)
{
    return withEscalatingJitter(scale, [&](double jitter, int attempt) {
        if (attempt >= 0)
            K.diagonal().array() += jitter - (attempt == 0 ? 0.0 : jitter / 10.0);
        llt.compute(K);
        return llt.info() == Eigen::Success;
    });
}

// s2 * Matern52 and s2 * dMatern52/ds of a matrix of squared scaled distances.
Eigen::MatrixXd maternMatrix(const Eigen::MatrixXd &S, double s2)
{
    Eigen::MatrixXd K;
    GaussianProcess::scaledMatern52(S.array(), s2, K);
    return K;
}

Eigen::MatrixXd maternDerivativeMatrix(const Eigen::MatrixXd &S, double s2)
{
    const Eigen::ArrayXXd r = (5.0 * S.array()).sqrt();
    return (-s2 * 5.0 / 6.0 * (1.0 + r) * (-r).exp()).matrix();
}


// a . b over n values in a fixed order (four interleaved partial sums, added at the end in
// one order): the same bits for the same numbers wherever they lie in memory.
double orderedDot(const double *a, const double *b, int n)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 += a[k] * b[k];
        s1 += a[k + 1] * b[k + 1];
        s2 += a[k + 2] * b[k + 2];
        s3 += a[k + 3] * b[k + 3];
    }
    for (; k < n; ++k)
        s0 += a[k] * b[k];
    return (s0 + s1) + (s2 + s3);
}

} // namespace

// The lower Cholesky factor of the symmetric matrix whose lower triangle is K, with `jitter`
// added to the diagonal, computed row by row (row i: forward substitution of K's row against
// the rows before, then the pivot). False when a pivot is not positive.
bool GaussianProcess::choleskyByRows(const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> &K,
                                     double jitter,
                                     Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> &L)
{
    const int n = int(K.rows());
    L.setZero(n, n);
    for (int i = 0; i < n; ++i) {
        double *li = L.row(i).data();
        for (int j = 0; j < i; ++j)
            li[j] = (K(i, j) - orderedDot(li, L.row(j).data(), j)) / L(j, j);
        const double pivot = K(i, i) + jitter - orderedDot(li, li, i);
        if (!(pivot > 0.0))
            return false;
        li[i] = std::sqrt(pivot);
    }
    return true;
}

Eigen::VectorXd GpHyperparameters::packed() const
{
    Eigen::VectorXd t(dimension() + 2);
    t.head(dimension()) = logInvSqLengthscales;
    t[dimension()] = logSignalVar;
    t[dimension() + 1] = logNoiseVar;
    return t;
}

GpHyperparameters GpHyperparameters::unpack(const Eigen::VectorXd &theta)
{
    GpHyperparameters h;
    const int D = int(theta.size()) - 2;
    h.logInvSqLengthscales = theta.head(D);
    h.logSignalVar = theta[D];
    h.logNoiseVar = theta[D + 1];
    return h;
}

GpHyperparameters GpHyperparameters::defaults(int dimension)
{
    GpHyperparameters h;
    h.logInvSqLengthscales = Eigen::VectorXd::Zero(dimension);
    h.logSignalVar = 0.0;
    h.logNoiseVar = std::log(1e-3);
    return h;
}

GaussianProcess::GaussianProcess(std::vector<bool> categorical)
    : mCategorical(std::move(categorical))
{
    mHyper = GpHyperparameters::defaults(dimension());
    mX.resize(0, dimension());
}

double GaussianProcess::matern52(double s)
{
    const double r = std::sqrt(5.0 * std::max(s, 0.0));
    return (1.0 + r + r * r / 3.0) * std::exp(-r);
}

double GaussianProcess::matern52ds(double s)
{
    const double r = std::sqrt(5.0 * std::max(s, 0.0));
    return -5.0 / 6.0 * (1.0 + r) * std::exp(-r);
}

void GaussianProcess::setData(const Eigen::MatrixXd &X, const Eigen::VectorXd &y, const Eigen::VectorXd &noise)
{
    if (X.cols() != dimension() || X.rows() != y.size() || (noise.size() != 0 && noise.size() != y.size()))
        throw std::invalid_argument("GaussianProcess::setData: shape mismatch");
    mX = X;
    const int n = int(y.size());
    mYMean = n > 0 ? y.mean() : 0.0;
    const double var = n > 1 ? (y.array() - mYMean).square().sum() / n : 0.0;
    mYStd = std::sqrt(var);
    if (!(mYStd > 1e-12 * std::max(1.0, std::abs(mYMean))) || !std::isfinite(mYStd))
        mYStd = 1.0; // all values equal (or one value): nothing to scale
    mY = (y.array() - mYMean) / mYStd;
    mNoise = noise.size() ? Eigen::VectorXd(noise.array().cwiseMax(0.0) / (mYStd * mYStd)) : Eigen::VectorXd::Zero(n);
    mL.resize(0, 0);
    mAlpha.resize(0);
}

double GaussianProcess::scaledDistance(const Eigen::VectorXd &a, const Eigen::VectorXd &b,
                                       const Eigen::VectorXd &w) const
{
    double s = 0.0;
    for (int d = 0; d < dimension(); ++d) {
        if (mCategorical[d])
            s += a[d] != b[d] ? w[d] : 0.0;
        else
            s += w[d] * (a[d] - b[d]) * (a[d] - b[d]);
    }
    return s;
}

double GaussianProcess::kernel(const Eigen::VectorXd &a, const Eigen::VectorXd &b) const
{
    const Eigen::VectorXd w = mHyper.logInvSqLengthscales.array().exp();
    return std::exp(mHyper.logSignalVar) * matern52(scaledDistance(a, b, w));
}

Eigen::MatrixXd GaussianProcess::crossScaledDistances(const Eigen::MatrixXd &A, const Eigen::MatrixXd &B,
                                                      const Eigen::VectorXd &w) const
{
    // Continuous columns through one matrix product on sqrt(w)-scaled inputs; categorical
    // columns (usually few) by comparison.
    const int D = dimension();
    Eigen::ArrayXd scale(D);
    bool anyCategorical = false;
    for (int d = 0; d < D; ++d) {
        scale[d] = mCategorical[d] ? 0.0 : std::sqrt(w[d]);
        anyCategorical |= bool(mCategorical[d]);
    }
    const Eigen::MatrixXd As = A.array().rowwise() * scale.transpose();
    const Eigen::MatrixXd Bs = B.array().rowwise() * scale.transpose();
    Eigen::MatrixXd S = -2.0 * As * Bs.transpose();
    S.colwise() += As.rowwise().squaredNorm();
    S.rowwise() += Bs.rowwise().squaredNorm().transpose();
    S = S.cwiseMax(0.0);
    if (anyCategorical) {
        for (int d = 0; d < D; ++d) {
            if (!mCategorical[d])
                continue;
            for (int j = 0; j < B.rows(); ++j)
                for (int i = 0; i < A.rows(); ++i)
                    if (A(i, d) != B(j, d))
                        S(i, j) += w[d];
        }
    }
    return S;
}

double GaussianProcess::logPosterior(const Eigen::VectorXd &theta, Eigen::VectorXd *grad,
                                     const std::vector<int> &subset) const
{
    const int D = dimension();
    const GpHyperparameters h = GpHyperparameters::unpack(theta);
    Eigen::MatrixXd X;
    Eigen::VectorXd y, extra;
    if (subset.empty()) {
        X = mX;
        y = mY;
        extra = mNoise;
    } else {
        X.resize(Eigen::Index(subset.size()), D);
        y.resize(Eigen::Index(subset.size()));
        extra.resize(Eigen::Index(subset.size()));
        for (size_t i = 0; i < subset.size(); ++i) {
            X.row(Eigen::Index(i)) = mX.row(subset[i]);
            y[Eigen::Index(i)] = mY[subset[i]];
            extra[Eigen::Index(i)] = mNoise[subset[i]];
        }
    }
    const int n = int(X.rows());
    if (grad)
        grad->setZero(D + 2);
    if (n == 0)
        return logPrior(h, grad, mShortRate);

    const Eigen::VectorXd w = h.logInvSqLengthscales.array().exp();
    const double s2 = std::exp(h.logSignalVar);
    const double noise = std::exp(h.logNoiseVar);
    const Eigen::MatrixXd S = crossScaledDistances(X, X, w);
    Eigen::MatrixXd K = maternMatrix(S, s2);
    K.diagonal().array() += noise + extra.array();
    Eigen::LLT<Eigen::MatrixXd> llt;
    const double jitter = choleskyWithJitter(K, llt, s2 + noise);
    if (jitter < 0.0)
        return -std::numeric_limits<double>::infinity();
    const Eigen::VectorXd alpha = llt.solve(y);
    const Eigen::MatrixXd &L = llt.matrixLLT();
    const double logDet = 2.0 * L.diagonal().array().log().sum();
    double lp = -0.5 * y.dot(alpha) - 0.5 * logDet - 0.5 * n * kLog2Pi;

    if (grad) {
        // d logML / d theta = 0.5 tr((alpha alpha^T - K^-1) dK/dtheta).
        Eigen::MatrixXd W = llt.solve(Eigen::MatrixXd::Identity(n, n));
        W = alpha * alpha.transpose() - W;
        // dK/dlog w_d = s2 m'(S) w_d Delta_d
        const Eigen::MatrixXd G = 0.5 * W.cwiseProduct(maternDerivativeMatrix(S, s2));
        const Eigen::VectorXd rowSums = G.rowwise().sum();
        const Eigen::MatrixXd GX = G * X;
        for (int d = 0; d < D; ++d) {
            double g = 0.0;
            if (mCategorical[d]) {
                for (int j = 0; j < n; ++j)
                    for (int i = 0; i < n; ++i)
                        if (X(i, d) != X(j, d))
                            g += G(i, j);
            } else {
                // sum_ij G_ij (x_i - x_j)^2 = 2 sum_i x_i^2 r_i - 2 x^T G x
                g = 2.0 * (X.col(d).array().square() * rowSums.array()).sum() - 2.0 * X.col(d).dot(GX.col(d));
            }
            (*grad)[d] = w[d] * g;
        }
        // dK/dlog s2 = K - noise I - jitter I
        Eigen::MatrixXd Kf = K;
        Kf.diagonal().array() -= noise + jitter + extra.array();
        (*grad)[D] = 0.5 * W.cwiseProduct(Kf).sum();
        (*grad)[D + 1] = 0.5 * noise * W.trace();
    }
    lp += logPrior(h, grad, mShortRate);
    return lp;
}

namespace {

// Negated log posterior for LBFGSpp, remembering the best point seen so that an optimizer
// that gives up (line search failure) still leaves a usable answer.
struct NegLogPosterior
{
    const GaussianProcess *gp;
    const std::vector<int> *subset;
    Eigen::VectorXd best;
    double bestValue = std::numeric_limits<double>::infinity();

    double operator()(const Eigen::VectorXd &theta, Eigen::VectorXd &grad)
    {
        const double lp = gp->logPosterior(theta, &grad, *subset);
        if (!std::isfinite(lp) || !grad.allFinite()) {
            grad.setZero();
            return 1e100;
        }
        grad = -grad;
        if (-lp < bestValue) {
            bestValue = -lp;
            best = theta;
        }
        return -lp;
    }
};

} // namespace

int GaussianProcess::fit(const GpHyperparameters &start, const GpFitOptions &options)
{
    const int D = dimension();
    GpHyperparameters init = start.dimension() == D ? start : GpHyperparameters::defaults(D);

    std::vector<int> subset;
    if (size() > options.maxFitPoints && options.maxFitPoints > 0) {
        // The rows with the smallest seeded hashes: a random subset that stays mostly the same
        // as rows are appended, so a warm start from the previous fit is nearly converged.
        std::vector<std::pair<std::uint64_t, int>> keyed(size());
        for (int i = 0; i < size(); ++i)
            keyed[i] = {splitmix64(options.seed ^ splitmix64(std::uint64_t(i))), i};
        std::partial_sort(keyed.begin(), keyed.begin() + options.maxFitPoints, keyed.end());
        for (int i = 0; i < options.maxFitPoints; ++i)
            subset.push_back(keyed[i].second);
        std::sort(subset.begin(), subset.end());
    }

    Eigen::VectorXd lb(D + 2), ub(D + 2);
    lb.head(D).setConstant(std::log(1.0 / (options.maxLengthscale * options.maxLengthscale)));
    ub.head(D).setConstant(std::log(1e4));
    lb[D] = std::log(1e-2);
    ub[D] = std::log(1e2);
    lb[D + 1] = std::log(std::max(options.minNoiseVar, 1e-12));
    ub[D + 1] = std::log(1.0);
    Eigen::VectorXd theta = init.packed().cwiseMax(lb).cwiseMin(ub);

    int iterations = 0;
    if (size() > 0) {
        LBFGSpp::LBFGSBParam<double> param;
        param.m = 6;
        param.max_iterations = options.maxIterations;
        param.epsilon = 1e-3;
        param.epsilon_rel = 1e-3;
        param.past = 1;
        param.delta = 1e-6;
        param.max_linesearch = 20;
        LBFGSpp::LBFGSBSolver<double> solver(param);
        NegLogPosterior f{this, &subset, theta};
        double fx = 0.0;
        Eigen::VectorXd x = theta;
        try {
            iterations = solver.minimize(f, x, fx, lb, ub);
        } catch (const std::exception &) {
            // Line search trouble near a boundary: keep the best point evaluated.
        }
        if (f.best.size() == D + 2 && std::isfinite(f.bestValue))
            theta = f.best;
    }
    if (options.factorize)
        setHyperparameters(GpHyperparameters::unpack(theta));
    else
        mHyper = GpHyperparameters::unpack(theta);
    return iterations;
}

void GaussianProcess::setHyperparameters(const GpHyperparameters &h)
{
    mHyper = h;
    factorize();
}

void GaussianProcess::factorize()
{
    mW = mHyper.logInvSqLengthscales.array().exp();
    const int n = size();
    if (n == 0) {
        mL.resize(0, 0);
        mAlpha.resize(0);
        mJitter = 0.0;
        return;
    }
    const double s2 = std::exp(mHyper.logSignalVar);
    const double noise = std::exp(mHyper.logNoiseVar);
    if (!mRowwise) {
        Eigen::MatrixXd K = maternMatrix(crossScaledDistances(mX, mX, mW), s2);
        K.diagonal().array() += noise + mNoise.array();
        Eigen::LLT<Eigen::MatrixXd> llt;
        mJitter = choleskyWithJitter(K, llt, s2 + noise);
        if (mJitter >= 0.0)
            mL = llt.matrixL();
    } else {
        // The kernel's lower triangle, each value from its two points alone (no matrix product
        // whose blocking depends on n), then the factor row by row: the first rows of the
        // factor do not depend on the rows after them (see choleskyFactor()).
        using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        RowMatrix K(n, n);
        for (int i = 0; i < n; ++i) {
            const Eigen::VectorXd xi = mX.row(i).transpose();
            for (int j = 0; j < i; ++j)
                K(i, j) = s2 * matern52(scaledDistance(xi, mX.row(j).transpose(), mW));
            K(i, i) = s2 + noise + mNoise[i];
        }
        RowMatrix L(n, n);
        mJitter = withEscalatingJitter(s2 + noise, [&](double jitter, int) { return choleskyByRows(K, jitter, L); });
        if (mJitter >= 0.0)
            mL = L.triangularView<Eigen::Lower>();
    }
    if (mJitter < 0.0) {
        // Only NaN inputs get here; fall back to an uninformative diagonal model.
        mJitter = 0.0;
        mL = Eigen::MatrixXd::Identity(n, n) * std::sqrt(s2 + noise);
    }
    mAlpha = mL.triangularView<Eigen::Lower>().solve(mY);
    mL.triangularView<Eigen::Lower>().transpose().solveInPlace(mAlpha);
}

void GaussianProcess::addObservation(const Eigen::VectorXd &x, double standardizedY, double standardizedNoise)
{
    const int n = size();
    const Eigen::VectorXd w = mHyper.logInvSqLengthscales.array().exp();
    const double s2 = std::exp(mHyper.logSignalVar);
    const double noise = std::exp(mHyper.logNoiseVar) + mJitter + std::max(standardizedNoise, 0.0);
    Eigen::VectorXd k(n);
    for (int i = 0; i < n; ++i)
        k[i] = s2 * matern52(scaledDistance(mX.row(i).transpose(), x, w));
    Eigen::VectorXd l = k;
    if (n > 0)
        mL.triangularView<Eigen::Lower>().solveInPlace(l);
    double d2 = s2 + noise - l.squaredNorm();
    // A point on top of an existing one leaves only the noise: keep the factor positive.
    d2 = std::max(d2, std::max(noise, 1e-12 * s2));

    mL.conservativeResize(n + 1, n + 1);
    mL.row(n).head(n) = l.transpose();
    mL.col(n).head(n).setZero();
    mL(n, n) = std::sqrt(d2);
    mX.conservativeResize(n + 1, Eigen::NoChange);
    mX.row(n) = x.transpose();
    mY.conservativeResize(n + 1);
    mY[n] = standardizedY;
    mNoise.conservativeResize(n + 1);
    mNoise[n] = std::max(standardizedNoise, 0.0);
    mAlpha = mL.triangularView<Eigen::Lower>().solve(mY);
    mL.triangularView<Eigen::Lower>().transpose().solveInPlace(mAlpha);
}

void GaussianProcess::predict(const Eigen::MatrixXd &Xs, Eigen::VectorXd &mean, Eigen::VectorXd &var) const
{
    const double s2 = std::exp(mHyper.logSignalVar);
    const int m = int(Xs.rows());
    if (size() == 0) {
        mean.setZero(m);
        var.setConstant(m, s2);
        return;
    }
    const Eigen::VectorXd w = mHyper.logInvSqLengthscales.array().exp();
    mean.resize(m);
    var.resize(m);
    // In blocks of candidates: the n x block temporaries stay small enough for the allocator
    // to reuse them instead of mapping (and page-faulting) fresh memory for every batch.
    constexpr int kBlock = 128;
    for (int start = 0; start < m; start += kBlock) {
        const int count = std::min(kBlock, m - start);
        Eigen::MatrixXd V = maternMatrix(crossScaledDistances(mX, Xs.middleRows(start, count), w), s2); // n x count
        mean.segment(start, count) = V.transpose() * mAlpha;
        mL.triangularView<Eigen::Lower>().solveInPlace(V);
        var.segment(start, count) = (s2 - V.colwise().squaredNorm().transpose().array()).cwiseMax(1e-12 * s2);
    }
}

Eigen::VectorXd GaussianProcess::leaveOneOutResiduals() const
{
    const int n = int(mL.rows());
    if (n == 0)
        return {};
    // diag(K^-1) = the squared column norms of L^-1.
    const Eigen::MatrixXd Linv = mL.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(n, n));
    const Eigen::VectorXd inverseDiagonal = Linv.colwise().squaredNorm().transpose();
    return mAlpha.head(n).array() / inverseDiagonal.array().sqrt();
}

Eigen::VectorXd GaussianProcess::predictMean(const Eigen::MatrixXd &Xs) const
{
    const int m = int(Xs.rows());
    if (size() == 0)
        return Eigen::VectorXd::Zero(m);
    const double s2 = std::exp(mHyper.logSignalVar);
    const Eigen::VectorXd w = mHyper.logInvSqLengthscales.array().exp();
    Eigen::VectorXd mean(m);
    constexpr int kBlock = 128;
    for (int start = 0; start < m; start += kBlock) {
        const int count = std::min(kBlock, m - start);
        mean.segment(start, count) =
            maternMatrix(crossScaledDistances(mX, Xs.middleRows(start, count), w), s2).transpose() * mAlpha;
    }
    return mean;
}

double GaussianProcess::priorVariance() const
{
    return std::exp(mHyper.logSignalVar);
}

void GaussianProcess::predict(const Eigen::VectorXd &x, double &mean, double &var, Eigen::VectorXd &dMean,
                              Eigen::VectorXd &dVar) const
{
    const int D = dimension();
    const int n = size();
    const double s2 = std::exp(mHyper.logSignalVar);
    dMean.setZero(D);
    dVar.setZero(D);
    if (n == 0) {
        mean = 0.0;
        var = s2;
        return;
    }
    // The acquisition's local searches call this thousands of times per suggestion: work in
    // buffers kept between calls (one GP is only ever used by one thread) instead of a
    // dozen n-sized temporaries per call.
    Workspace &w = mWork;
    w.sd.setZero(n);
    for (int d = 0; d < D; ++d) {
        const double wd = mW[d];
        const double xd = x[d];
        const double *col = mX.col(d).data();
        double *sd = w.sd.data();
        if (mCategorical[d]) {
            for (int i = 0; i < n; ++i)
                sd[i] += col[i] != xd ? wd : 0.0;
        } else {
            for (int i = 0; i < n; ++i) {
                const double t = col[i] - xd;
                sd[i] += wd * t * t;
            }
        }
    }
    w.r = (5.0 * w.sd).sqrt();
    w.e = (-w.r).exp();
    w.k = s2 * (1.0 + w.r + w.r.square() * (1.0 / 3.0)) * w.e;
    w.kds = (-s2 * 5.0 / 6.0) * (1.0 + w.r) * w.e;
    mean = w.k.matrix().dot(mAlpha);
    w.v = w.k.matrix();
    mL.triangularView<Eigen::Lower>().solveInPlace(w.v);
    var = s2 - w.v.squaredNorm();
    mL.triangularView<Eigen::Lower>().transpose().solveInPlace(w.v); // v = K^-1 k
    const double floor = 1e-12 * s2;
    const bool clamped = var < floor;
    var = std::max(var, floor);
    // dk_i/dx_d = kds_i * 2 w_d (x_d - X_id)
    w.a = w.kds * mAlpha.array();
    w.b = w.kds * w.v.array();
    const double sa = w.a.sum(), sb = w.b.sum();
    for (int d = 0; d < D; ++d) {
        if (mCategorical[d])
            continue;
        // sum_i (x_d - X_id) a_i = x_d sum a - X_d . a
        const double ma = x[d] * sa - mX.col(d).dot(w.a.matrix());
        dMean[d] = 2.0 * mW[d] * ma;
        if (!clamped)
            dVar[d] = -4.0 * mW[d] * (x[d] * sb - mX.col(d).dot(w.b.matrix()));
    }
}

} // namespace tunescope
