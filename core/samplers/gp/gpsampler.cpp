#include "samplers/gp/gpsampler.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

// Discrete columns with more values than this are optimized as continuous and snapped.
constexpr int kMaxDiscreteValues = 512;

int intOption(const QVariantMap &options, const char *key, int fallback, int minimum)
{
    bool ok = false;
    const int v = options.value(QLatin1String(key)).toInt(&ok);
    return ok ? std::max(v, minimum) : fallback;
}

} // namespace

GpSampler::GpSampler(SearchSpace space, Goal goal, quint64 seed, const QVariantMap &options)
    : Sampler(std::move(space), goal, seed)
    , mParams(mSpace.searchable())
    , mSobol(std::min(int(mParams.size()), Sobol::maxDimension()), seed)
{
    mStartup = intOption(options, "n_startup_trials", 10, 1);
    // Low-dimensional spaces are covered densely by far fewer candidates (measured: the same
    // regret on Branin and Hartmann3 with 512 as with 2048, at less than half the time).
    const int dims = int(mParams.size());
    mCandidates = intOption(options, "candidates", dims <= 3 ? 512 : dims == 4 ? 1024 : 2048, 1);
    mLocalSearches = intOption(options, "local_searches", 5, 0);
    mMaxFitPoints = intOption(options, "max_fit_points", 160, 8);
    mFitIterations = intOption(options, "fit_iterations", 50, 0);
    bool ok = false;
    const double minNoise = options.value(QStringLiteral("min_noise")).toDouble(&ok);
    if (ok && minNoise > 0)
        mMinNoise = minNoise;
    mLocalEvery = intOption(options, "local_every", 2, 0);
    const double tr = options.value(QStringLiteral("local_width")).toDouble(&ok);
    if (ok && tr > 0)
        mLocalWidth = tr;
    const double rate = options.value(QStringLiteral("lengthscale_prior")).toDouble(&ok);
    if (ok && rate > 0)
        mLengthscalePrior = rate;

    for (const Parameter &p : mParams) {
        AcquisitionDimension dim;
        bool categorical = false;
        if (p.type == Parameter::Type::Categorical) {
            dim.kind = AcquisitionDimension::Kind::Categorical;
            for (int i = 0; i < p.choices.size(); ++i)
                dim.values.push_back(i);
            categorical = true;
        } else if (p.hasStepGrid()) {
            const double step = p.type == Parameter::Type::Int ? std::max(1.0, p.step) : p.step;
            const double count = std::floor((p.high - p.low) / step + 1e-9) + 1;
            const QVariantList grid = count <= kMaxDiscreteValues ? p.gridValues() : QVariantList();
            if (!grid.isEmpty()) {
                dim.kind = AcquisitionDimension::Kind::Discrete;
                for (const QVariant &v : grid)
                    dim.values.push_back(p.toUnit(v));
                std::sort(dim.values.begin(), dim.values.end());
                dim.values.erase(std::unique(dim.values.begin(), dim.values.end()), dim.values.end());
            }
        }
        mDims.push_back(dim);
        mCategorical.push_back(categorical);
    }
}

std::optional<Eigen::VectorXd> GpSampler::encodeTrial(const Trial &t) const
{
    Eigen::VectorXd x(mParams.size());
    for (int d = 0; d < mParams.size(); ++d) {
        const Parameter &p = mParams[d];
        const auto it = t.params.constFind(p.name);
        if (it == t.params.constEnd())
            return std::nullopt;
        if (p.type == Parameter::Type::Categorical) {
            const int i = p.choiceIndex(*it);
            if (i < 0)
                return std::nullopt;
            x[d] = i;
        } else {
            bool ok = false;
            const double v = it->toDouble(&ok);
            if (!ok || !std::isfinite(v))
                return std::nullopt;
            x[d] = p.toUnit(*it);
        }
    }
    return x;
}

QVariantMap GpSampler::decodePoint(const Eigen::VectorXd &x) const
{
    std::vector<double> unit(mParams.size());
    for (int d = 0; d < mParams.size(); ++d) {
        if (mCategorical[d]) {
            const double n = std::max<double>(mParams[d].choices.size(), 1.0);
            unit[d] = (std::clamp(x[d], 0.0, n - 1.0) + 0.5) / n;
        } else {
            unit[d] = x[d];
        }
    }
    return mSpace.decode(unit);
}

std::optional<QVariantMap> GpSampler::suggest(const QList<Trial> &trials, int number)
{
    mDiag = Diagnostics{};
    const int D = int(mParams.size());
    if (D == 0)
        return mSpace.decode({});

    // Orientation: the model always minimizes.
    const double sign = goal() == Goal::Maximize ? -1.0 : 1.0;
    std::vector<Eigen::VectorXd> completeX, failedX, prunedX, pendingX;
    std::vector<double> completeY;
    std::vector<std::optional<double>> prunedY;
    for (const Trial &t : trials) {
        if (t.number == number)
            continue;
        const std::optional<Eigen::VectorXd> x = encodeTrial(t);
        if (!x)
            continue;
        switch (t.state) {
        case TrialState::Complete:
            if (t.value && std::isfinite(*t.value)) {
                completeX.push_back(*x);
                completeY.push_back(sign * *t.value);
            } else {
                failedX.push_back(*x);
            }
            break;
        case TrialState::Failed:
            failedX.push_back(*x);
            break;
        case TrialState::Pruned:
            prunedX.push_back(*x);
            prunedY.push_back(t.value && std::isfinite(*t.value) ? std::optional<double>(sign * *t.value)
                                                                 : std::nullopt);
            break;
        case TrialState::Running:
        case TrialState::Waiting:
            pendingX.push_back(*x);
            break;
        }
    }

    if (number < mStartup || completeY.empty()) {
        std::vector<double> unit = mSobol.point(std::uint64_t(std::max(number, 0)));
        unit.resize(D, 0.5);
        // Same convention as decodePoint for categoricals: Sobol coordinate -> bucket.
        return mSpace.decode(unit);
    }

    QElapsedTimer timer;
    timer.start();
    std::vector<double> sorted = completeY;
    std::sort(sorted.begin(), sorted.end());
    const double worst = sorted.back();
    const double median = sorted[sorted.size() / 2];

    const int n = int(completeX.size() + failedX.size() + prunedX.size());
    Eigen::MatrixXd X(n, D);
    Eigen::VectorXd y(n);
    int row = 0;
    for (size_t i = 0; i < completeX.size(); ++i, ++row) {
        X.row(row) = completeX[i].transpose();
        y[row] = completeY[i];
    }
    for (const Eigen::VectorXd &x : failedX) {
        X.row(row) = x.transpose();
        y[row++] = worst;
    }
    for (size_t i = 0; i < prunedX.size(); ++i, ++row) {
        X.row(row) = prunedX[i].transpose();
        y[row] = prunedY[i] ? std::max(*prunedY[i], median) : median;
    }

    GaussianProcess gp(mCategorical);
    gp.setLengthscalePriorRate(mLengthscalePrior);
    gp.setData(X, y);
    GpFitOptions fitOptions;
    fitOptions.maxIterations = mFitIterations;
    fitOptions.maxFitPoints = mMaxFitPoints;
    fitOptions.minNoiseVar = mMinNoise;
    fitOptions.seed = trialSeed(-1, 1);
    const GpHyperparameters start =
        mWarmStart && mWarmStart->dimension() == D ? *mWarmStart : GpHyperparameters::defaults(D);
    mDiag.fitIterations = gp.fit(start, fitOptions);
    mWarmStart = gp.hyperparameters();
    mDiag.fitSeconds = timer.nsecsElapsed() * 1e-9;

    for (const Eigen::VectorXd &x : pendingX) {
        double mean = 0.0, var = 0.0;
        Eigen::VectorXd dm, dv;
        gp.predict(x, mean, var, dm, dv);
        gp.addObservation(x, mean);
    }

    // Local searches also start from the best observations: the optimum is usually near
    // one, and this is what drives the final digits of precision.
    std::vector<int> order(completeY.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    const int nStarts = std::min<int>(n > 300 ? 1 : 3, int(order.size()));
    std::partial_sort(order.begin(), order.begin() + nStarts, order.end(),
                      [&](int a, int b) { return completeY[a] < completeY[b]; });
    Eigen::MatrixXd starts(nStarts, D);
    for (int i = 0; i < nStarts; ++i)
        starts.row(i) = completeX[order[i]].transpose();

    AcquisitionOptions acqOptions;
    const int scaled = int(std::clamp(200000.0 / std::max(gp.size(), 1), 256.0, 1e9));
    acqOptions.candidates = std::min(mCandidates, scaled);
    if (gp.size() > 300) {
        // Each local-search step costs O(n^2): fewer and shorter searches on large studies.
        acqOptions.localSearches = std::min(mLocalSearches, 2);
        acqOptions.maxIterations = 20;
    }
    if (mLocalEvery > 0 && number % mLocalEvery == mLocalEvery - 1) {
        const Eigen::VectorXd &center = completeX[order[0]];
        acqOptions.lower = (center.array() - mLocalWidth).cwiseMax(0.0);
        acqOptions.upper = (center.array() + mLocalWidth).cwiseMin(1.0);
        // A small box needs far fewer candidates to be covered as densely.
        acqOptions.candidates = std::max(acqOptions.candidates / 4, std::min(acqOptions.candidates, 256));
    }
    const AcquisitionOptimizer acq(gp, mDims, gp.standardize(sorted.front()));
    double bestValue = 0.0;
    const Eigen::VectorXd x = acq.optimize(starts, trialSeed(number, 2), acqOptions, &bestValue);

    mDiag.usedModel = true;
    mDiag.observations = n;
    mDiag.pending = int(pendingX.size());
    mDiag.acquisitionSeconds = timer.nsecsElapsed() * 1e-9 - mDiag.fitSeconds;
    mDiag.bestLogEi = bestValue;
    mDiag.hyperparameters = gp.hyperparameters();
    return decodePoint(x);
}

} // namespace tunescope
