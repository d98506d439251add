#include "common/splitmix.h"
#include "samplers/gp/acquisition.h"
#include "samplers/gp/candidateposterior.h"
#include "samplers/gp/gaussianprocess.h"
#include "samplers/gp/outputwarp.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace tunescope;

namespace {

GaussianProcess mixedGp(int n, std::uint64_t seed)
{
    // Three continuous columns and one categorical column with 3 categories.
    GaussianProcess gp({false, false, false, true});
    SplitMix64 rng(seed);
    Eigen::MatrixXd X(n, 4);
    Eigen::VectorXd y(n);
    for (int i = 0; i < n; ++i) {
        for (int d = 0; d < 3; ++d)
            X(i, d) = rng.unit();
        X(i, 3) = double(rng.below(3));
        y[i] = std::sin(6 * X(i, 0)) + X(i, 1) * X(i, 1) - 0.5 * X(i, 2) + 0.3 * X(i, 3);
    }
    gp.setData(X, y);
    return gp;
}

GpHyperparameters someHyperparameters()
{
    GpHyperparameters h;
    h.logInvSqLengthscales = Eigen::Vector4d(0.3, -0.7, 1.1, 0.2);
    h.logSignalVar = 0.4;
    h.logNoiseVar = std::log(1e-2);
    return h;
}

} // namespace

/// Gaussian process numerics and the log expected improvement.
class TestGaussianProcess : public QObject
{
    Q_OBJECT

private slots:
    void materDerivative()
    {
        for (double s : {0.0, 1e-6, 0.3, 2.0, 10.0}) {
            const double h = 1e-6;
            const double fd = (GaussianProcess::matern52(s + h) - GaussianProcess::matern52(std::max(s - h, 0.0)))
                              / (s + h - std::max(s - h, 0.0));
            QVERIFY2(std::abs(fd - GaussianProcess::matern52ds(s)) < 1e-5, qPrintable(QString::number(s)));
        }
        QCOMPARE(GaussianProcess::matern52(0.0), 1.0);
        // At distance 0.5 (squared scaled distance 0.25), as scikit-learn's
        // Matern(1.0, nu=2.5) gives it.
        QVERIFY(std::abs(GaussianProcess::matern52(0.25) - 0.8286491424181253) < 1e-15);
    }

    void hyperparameterGradientMatchesFiniteDifferences()
    {
        const GaussianProcess gp = mixedGp(25, 1);
        const Eigen::VectorXd theta = someHyperparameters().packed();
        Eigen::VectorXd grad;
        gp.logPosterior(theta, &grad);
        for (int i = 0; i < theta.size(); ++i) {
            const double h = 1e-5;
            Eigen::VectorXd a = theta, b = theta;
            a[i] += h;
            b[i] -= h;
            const double fd = (gp.logPosterior(a, nullptr) - gp.logPosterior(b, nullptr)) / (2 * h);
            QVERIFY2(std::abs(fd - grad[i]) < 1e-4 * std::max(1.0, std::abs(fd)),
                     qPrintable(QStringLiteral("theta[%1]: analytic %2, numeric %3").arg(i).arg(grad[i]).arg(fd)));
        }
        // The subset variant agrees with the full one on a subset.
        Eigen::VectorXd gradSubset;
        const std::vector<int> subset = {0, 3, 4, 9, 20};
        const double lp = gp.logPosterior(theta, &gradSubset, subset);
        Eigen::VectorXd a = theta;
        a[1] += 1e-5;
        QVERIFY(std::abs((gp.logPosterior(a, nullptr, subset) - lp) / 1e-5 - gradSubset[1]) < 1e-3);
    }

    void predictiveGradientMatchesFiniteDifferences()
    {
        GaussianProcess gp = mixedGp(30, 2);
        gp.setHyperparameters(someHyperparameters());
        const Eigen::Vector4d x(0.31, 0.72, 0.45, 1.0);
        double m = 0, v = 0;
        Eigen::VectorXd dm, dv;
        gp.predict(x, m, v, dm, dv);
        for (int d = 0; d < 3; ++d) {
            const double h = 1e-6;
            Eigen::VectorXd a = x, b = x;
            a[d] += h;
            b[d] -= h;
            double ma, va, mb, vb;
            Eigen::VectorXd t1, t2;
            gp.predict(a, ma, va, t1, t2);
            gp.predict(b, mb, vb, t1, t2);
            QVERIFY(std::abs((ma - mb) / (2 * h) - dm[d]) < 1e-5 * std::max(1.0, std::abs(dm[d])));
            QVERIFY(std::abs((va - vb) / (2 * h) - dv[d]) < 1e-5 * std::max(1.0, std::abs(dv[d])));
        }
        QCOMPARE(dm[3], 0.0); // categorical columns are not differentiated
        // Batch and single-point predictions agree.
        Eigen::VectorXd mb, vb;
        gp.predict(Eigen::MatrixXd(x.transpose()), mb, vb);
        QVERIFY(std::abs(mb[0] - m) < 1e-10 && std::abs(vb[0] - v) < 1e-10);
        // The acquisition gradient, through the chain rule.
        const AcquisitionOptimizer acq(gp, std::vector<AcquisitionDimension>(4), -0.5);
        Eigen::VectorXd g;
        acq.valueAndGradient(x, g);
        for (int d = 0; d < 3; ++d) {
            Eigen::VectorXd a = x, b = x;
            a[d] += 1e-6;
            b[d] -= 1e-6;
            QVERIFY(std::abs((acq.value(a) - acq.value(b)) / 2e-6 - g[d]) < 1e-4 * std::max(1.0, std::abs(g[d])));
        }
    }

    void posteriorMatchesReference()
    {
        // Two 1-D points, unit length scale, signal 1, noise 0.01. The reference figures are
        // scikit-learn's (1.2.1), an independent implementation of the same model:
        //   from sklearn.gaussian_process import GaussianProcessRegressor
        //   from sklearn.gaussian_process.kernels import Matern
        //   g = GaussianProcessRegressor(Matern(1.0, nu=2.5), alpha=0.01, optimizer=None)
        //   g.fit([[0.2], [0.7]], [-1.0, 1.0])   # our standardized outputs
        //   g.predict([[0.4]], return_std=True); g.log_marginal_likelihood_value_
        GaussianProcess gp({false});
        Eigen::MatrixXd X(2, 1);
        X << 0.2, 0.7;
        Eigen::VectorXd y(2);
        y << 1.0, 3.0; // standardized: -1, +1
        gp.setData(X, y);
        QCOMPARE(gp.outputMean(), 2.0);
        QCOMPARE(gp.outputScale(), 1.0);
        GpHyperparameters h;
        h.logInvSqLengthscales = Eigen::VectorXd::Zero(1);
        h.logSignalVar = 0.0;
        h.logNoiseVar = std::log(0.01);
        gp.setHyperparameters(h);

        Eigen::VectorXd m, v;
        gp.predict(Eigen::MatrixXd::Constant(1, 1, 0.4), m, v);
        QVERIFY2(std::abs(m[0] - -0.20413896952404897) < 1e-12, qPrintable(QString::number(m[0], 'g', 17)));
        QVERIFY2(std::abs(v[0] - 0.01560554684912441) < 1e-12, qPrintable(QString::number(v[0], 'g', 17)));

        // The log posterior is the log marginal likelihood plus the log priors, which at this
        // point are, by hand: length scale -(0.1 / 1 + 0.1 * 1), signal 0 - 1, noise
        // 0.1 log 0.01 - 30 * 0.01; together -1.9605170185988092.
        const double logMl = -6.802904781086606;
        const double logPrior = -1.9605170185988092;
        const double got = gp.logPosterior(h.packed(), nullptr);
        QVERIFY2(std::abs(got - (logMl + logPrior)) < 1e-10, qPrintable(QString::number(got, 'g', 17)));
    }

    void leaveOneOutResidualsMatchRefits()
    {
        // The closed form alpha_i / sqrt((K^-1)_ii) against the prediction of each point from
        // the other 29 alone, solved directly (same hyperparameters, noise included).
        GaussianProcess gp = mixedGp(30, 5);
        gp.setHyperparameters(someHyperparameters());
        const Eigen::VectorXd z = gp.leaveOneOutResiduals();
        QCOMPARE(z.size(), Eigen::Index(30));
        const int n = gp.size();
        const double noise = std::exp(someHyperparameters().logNoiseVar);
        Eigen::MatrixXd K(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                K(i, j) = gp.kernel(gp.inputs().row(i).transpose(), gp.inputs().row(j).transpose());
        for (int left : {0, 7, 29}) {
            std::vector<int> others;
            for (int i = 0; i < n; ++i)
                if (i != left)
                    others.push_back(i);
            Eigen::MatrixXd Ko(n - 1, n - 1);
            Eigen::VectorXd k(n - 1), yo(n - 1);
            for (int a = 0; a < n - 1; ++a) {
                for (int b = 0; b < n - 1; ++b)
                    Ko(a, b) = K(others[a], others[b]);
                k[a] = K(others[a], left);
                yo[a] = gp.outputs()[others[a]];
            }
            Ko.diagonal().array() += noise;
            const Eigen::LLT<Eigen::MatrixXd> llt(Ko);
            const double mean = k.dot(llt.solve(yo));
            const double var = K(left, left) + noise - k.dot(llt.solve(k));
            const double expected = (gp.outputs()[left] - mean) / std::sqrt(var);
            QVERIFY2(std::abs(z[left] - expected) < 1e-8 * std::max(1.0, std::abs(expected)),
                     qPrintable(QStringLiteral("row %1: %2 vs %3").arg(left).arg(z[left]).arg(expected)));
        }
    }

    void choleskyFactorRowsDoNotDependOnLaterRows()
    {
        // Row i of the factor comes from observations 0..i alone, to the bit: what lets
        // CandidatePosterior keep rows from one suggestion to the next.
        const GaussianProcess all = [] {
            GaussianProcess gp = mixedGp(40, 8);
            gp.setRowwiseFactorization(true);
            gp.setHyperparameters(someHyperparameters());
            return gp;
        }();
        GaussianProcess head({false, false, false, true});
        head.setRowwiseFactorization(true);
        head.setData(all.inputs().topRows(17), all.outputs().head(17));
        head.setHyperparameters(someHyperparameters());
        const Eigen::MatrixXd a = all.choleskyFactor().topLeftCorner(17, 17);
        QVERIFY(a == head.choleskyFactor());
        // And it is the Cholesky factor.
        Eigen::MatrixXd K(40, 40);
        for (int i = 0; i < 40; ++i)
            for (int j = 0; j < 40; ++j)
                K(i, j) = all.kernel(all.inputs().row(i).transpose(), all.inputs().row(j).transpose());
        K.diagonal().array() += std::exp(someHyperparameters().logNoiseVar);
        const Eigen::MatrixXd &L = all.choleskyFactor();
        QVERIFY((L * L.transpose() - K).cwiseAbs().maxCoeff() < 1e-12);
    }

    void candidatePosteriorGrownEqualsCold_data()
    {
        QTest::addColumn<int>("fantasies");
        QTest::newRow("own rows") << 0;
        QTest::newRow("with fantasies") << 2;
    }

    void candidatePosteriorGrownEqualsCold()
    {
        // Grown one observation at a time, the candidates' posterior is bit for bit the one
        // computed cold from the same observations, and it is the GP's posterior.
        QFETCH(int, fantasies);
        const GaussianProcess all = mixedGp(30, 11);
        SplitMix64 rng(4);
        Eigen::MatrixXd C(101, 4); // odd: the vectorized loops' tails are exercised too
        for (int i = 0; i < C.rows(); ++i)
            C.row(i) << rng.unit(), rng.unit(), rng.unit(), double(rng.below(3));
        CandidatePosterior grown;
        grown.setCandidates(C, 1);
        for (int n = 5; n <= 30; ++n) {
            GaussianProcess gp({false, false, false, true});
            gp.setRowwiseFactorization(true);
            gp.setData(all.inputs().topRows(n), all.outputs().head(n));
            gp.setHyperparameters(someHyperparameters());
            grown.update(gp, n);
            QCOMPARE(grown.reusedRows(), n == 5 ? 0 : n - 1);
            for (int f = 0; f < fantasies; ++f)
                gp.addObservation(C.row(f).transpose(), 0.1 * f);
            CandidatePosterior cold;
            cold.setCandidates(C, 1);
            cold.update(gp, n);
            Eigen::VectorXd m1, v1, m2, v2, m3, v3;
            grown.predict(gp, 90, m1, v1);
            cold.predict(gp, 90, m2, v2);
            QCOMPARE(m1.size(), 90);
            QVERIFY(m1 == m2);
            QVERIFY(v1 == v2);
            gp.predict(C.topRows(90), m3, v3);
            QVERIFY2((m1 - m3).cwiseAbs().maxCoeff() < 1e-9 && (v1 - v3).cwiseAbs().maxCoeff() < 1e-9,
                     qPrintable(QString::number((v1 - v3).cwiseAbs().maxCoeff())));
        }
        // Other hyperparameters, or a changed earlier row: nothing, or the rows before it, kept.
        GaussianProcess gp({false, false, false, true});
        gp.setRowwiseFactorization(true);
        gp.setData(all.inputs(), all.outputs());
        GpHyperparameters h = someHyperparameters();
        h.logSignalVar += 0.1;
        gp.setHyperparameters(h);
        grown.update(gp, 30);
        QCOMPARE(grown.reusedRows(), 0);
        Eigen::MatrixXd X = all.inputs();
        X(12, 0) += 1e-3;
        gp.setData(X, all.outputs());
        gp.setHyperparameters(h);
        grown.update(gp, 30);
        QCOMPARE(grown.reusedRows(), 12);
    }

    void incrementalUpdateMatchesRefactorization()
    {
        GaussianProcess gp = mixedGp(20, 3);
        gp.setHyperparameters(someHyperparameters());
        const Eigen::Vector4d x(0.5, 0.5, 0.5, 2.0);
        gp.addObservation(x, 0.7);

        // Against the dense textbook formulas on the extended data.
        const int n = gp.size();
        const Eigen::MatrixXd &X = gp.inputs();
        Eigen::MatrixXd K(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                K(i, j) = gp.kernel(X.row(i).transpose(), X.row(j).transpose());
        K.diagonal().array() += std::exp(someHyperparameters().logNoiseVar);
        QCOMPARE(gp.jitter(), 0.0);
        const Eigen::MatrixXd Kinv = K.llt().solve(Eigen::MatrixXd::Identity(n, n));
        SplitMix64 rng(6);
        for (int t = 0; t < 5; ++t) {
            Eigen::Vector4d xs(rng.unit(), rng.unit(), rng.unit(), double(t % 3));
            Eigen::VectorXd ks(n);
            for (int i = 0; i < n; ++i)
                ks[i] = gp.kernel(X.row(i).transpose(), xs);
            const double mean = ks.dot(Kinv * gp.outputs());
            const double var = gp.kernel(xs, xs) - ks.dot(Kinv * ks);
            double m = 0, v = 0;
            Eigen::VectorXd dm, dv;
            gp.predict(xs, m, v, dm, dv);
            QVERIFY2(std::abs(m - mean) < 1e-8 && std::abs(v - var) < 1e-8,
                     qPrintable(QStringLiteral("%1 %2 / %3 %4").arg(m).arg(mean).arg(v).arg(var)));
        }
    }

    void duplicatesAndDegenerateData()
    {
        GaussianProcess gp({false, false});
        Eigen::MatrixXd X(6, 2);
        X << 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.1, 0.9, 0.1, 0.9, 0.3, 0.3;
        Eigen::VectorXd y = Eigen::VectorXd::Constant(6, 4.2); // all equal
        gp.setData(X, y);
        QCOMPARE(gp.outputScale(), 1.0);
        GpHyperparameters h = GpHyperparameters::defaults(2);
        h.logNoiseVar = std::log(1e-12); // no noise on duplicates: needs the jitter fallback
        gp.setHyperparameters(h);
        Eigen::VectorXd m, v;
        gp.predict(X, m, v);
        QVERIFY(m.allFinite() && v.allFinite());
        gp.fit(GpHyperparameters::defaults(2));
        gp.predict(X, m, v);
        QVERIFY(m.allFinite() && v.allFinite());

        // A single observation and no observation.
        GaussianProcess one({false});
        one.setData(Eigen::MatrixXd::Constant(1, 1, 0.3), Eigen::VectorXd::Constant(1, 2.0));
        one.fit(GpHyperparameters::defaults(1));
        one.predict(Eigen::MatrixXd::Constant(1, 1, 0.9), m, v);
        QVERIFY(m.allFinite() && v[0] > 0);
        GaussianProcess none({false});
        none.setData(Eigen::MatrixXd(0, 1), Eigen::VectorXd(0));
        none.fit(GpHyperparameters::defaults(1));
        none.predict(Eigen::MatrixXd::Constant(1, 1, 0.9), m, v);
        QCOMPARE(m[0], 0.0);
    }

    void fitImprovesPosterior()
    {
        GaussianProcess gp = mixedGp(40, 4);
        const GpHyperparameters start = GpHyperparameters::defaults(4);
        const double before = gp.logPosterior(start.packed(), nullptr);
        gp.fit(start);
        const double after = gp.logPosterior(gp.hyperparameters().packed(), nullptr);
        QVERIFY(after > before);
        // Warm-started from its own optimum it stays (essentially) there.
        GaussianProcess again = mixedGp(40, 4);
        again.fit(gp.hyperparameters());
        QVERIFY(std::abs(again.logPosterior(again.hyperparameters().packed(), nullptr) - after) < 1e-3);
    }

    void logEiMatchesReference_data()
    {
        // log h(z) and its derivative Phi(z) / h(z), where h(z) = phi(z) + z Phi(z), evaluated
        // with mpmath at 50 digits (mp.log(mp.npdf(z) + z * mp.ncdf(z)) and so on): the
        // direct formula at a precision where it does not cancel, on every branch of the
        // implementation (direct above -1, Mills' ratio down to -30, the series beyond).
        QTest::addColumn<double>("z");
        QTest::addColumn<double>("logH");
        QTest::addColumn<double>("derivative");
        QTest::newRow("-40") << -40.0 << -808.29856835661996 << 40.049906657648518;
        QTest::newRow("-8") << -8.0 << -37.122364261692633 << 8.2393965068400669;
        QTest::newRow("-5") << -5.0 << -16.74430116266099 << 5.3618162412880885;
        QTest::newRow("-2") << -2.0 << -4.7687835239171142 << 2.679416883955586;
        QTest::newRow("-1") << -1.0 << -2.4851210257126413 << 1.9042712333296918;
        QTest::newRow("-0.5") << -0.5 << -1.6205162643873199 << 1.5598731483480797;
        QTest::newRow("0") << 0.0 << -0.91893853320467274 << 1.2533141373155003;
        QTest::newRow("0.7") << 0.7 << -0.17093141922474072 << 0.89934143441173925;
        QTest::newRow("3") << 3.0 << 1.0987396653277078 << 0.33284096845179524;
        QTest::newRow("10") << 10.0 << 2.3025850929940457 << 0.1;
    }

    void logEiMatchesReference()
    {
        QFETCH(double, z);
        QFETCH(double, logH);
        QFETCH(double, derivative);
        const double got = logExpectedImprovementFactor(z);
        QVERIFY2(std::abs(got - logH) < 1e-10 * std::max(1.0, std::abs(logH)),
                 qPrintable(QStringLiteral("%1 vs %2").arg(got, 0, 'g', 17).arg(logH, 0, 'g', 17)));
        const double slope = logExpectedImprovementFactorDerivative(z);
        QVERIFY2(std::abs(slope - derivative) < 1e-8 * std::max(1.0, derivative),
                 qPrintable(QStringLiteral("%1 vs %2").arg(slope, 0, 'g', 17).arg(derivative, 0, 'g', 17)));
        // log EI with mean/var: log sd + log h((best - mean) / sd)
        QVERIFY(std::abs(logExpectedImprovement(1.0, 4.0, 1.0 + 2.0 * z) - (std::log(2.0) + logH)) < 1e-9 * std::max(1.0, std::abs(logH)));
    }

    void logEiStableInTheTail()
    {
        // Far in the tail: continuous, monotone, asymptotic to -z^2/2 - log(2 pi)/2 - 2 log|z|.
        double previous = logExpectedImprovementFactor(-0.99);
        for (double z = -1.0; z > -1e4; z *= 1.05) {
            const double v = logExpectedImprovementFactor(z);
            QVERIFY2(std::isfinite(v) && v < previous, qPrintable(QString::number(z)));
            previous = v;
            const double d = logExpectedImprovementFactorDerivative(z);
            QVERIFY(std::isfinite(d) && d > 0);
            if (z < -50) {
                const double asym = -0.5 * z * z - 0.5 * std::log(2 * std::numbers::pi) - 2 * std::log(-z);
                QVERIFY(std::abs(v - asym) < 3.0 / (z * z) + 1e-9 * std::abs(asym));
                QVERIFY(std::abs(d / -z - 1.0) < 1e-2);
            }
        }
        // Both sides of the switch points agree.
        for (double z : {-1.0, -30.0}) {
            const double h = 1e-9;
            QVERIFY(std::abs(logExpectedImprovementFactor(z - h) - logExpectedImprovementFactor(z + h)) < 1e-6);
        }
        QVERIFY(!std::isnan(logExpectedImprovement(0.0, 0.0, 1.0)));
    }

    void acquisitionStaysOnGrid()
    {
        GaussianProcess gp = mixedGp(15, 5);
        gp.fit(GpHyperparameters::defaults(4));
        std::vector<AcquisitionDimension> dims(4);
        dims[1].kind = AcquisitionDimension::Kind::Discrete;
        dims[1].values = {0.1, 0.3, 0.5, 0.7, 0.9};
        dims[3].kind = AcquisitionDimension::Kind::Categorical;
        dims[3].values = {0, 1, 2};
        const AcquisitionOptimizer acq(gp, dims, gp.outputs().minCoeff());
        AcquisitionOptions options;
        options.candidates = 256;
        double best = 0;
        const Eigen::VectorXd x = acq.optimize(gp.inputs().topRows(2), 9, options, &best);
        QVERIFY(std::find(dims[1].values.begin(), dims[1].values.end(), x[1]) != dims[1].values.end());
        QVERIFY(x[3] == 0 || x[3] == 1 || x[3] == 2);
        QVERIFY(x[0] >= 0 && x[0] <= 1 && x[2] >= 0 && x[2] <= 1);
        QVERIFY(std::abs(acq.value(x) - best) < 1e-9);
        // The optimum beats every candidate a plain random search would try.
        SplitMix64 rng(1);
        for (int i = 0; i < 200; ++i) {
            Eigen::VectorXd r(4);
            for (double &c : r)
                c = rng.unit();
            acq.snap(r);
            QVERIFY(acq.value(r) <= best + 1e-9);
        }
        // Same seed, same answer.
        QCOMPARE(acq.optimize(gp.inputs().topRows(2), 9, options), x);
    }

    /// A heavy bad tail (values from 1 to 17,000, as Levy's or Rosenbrock's far from the
    /// optimum): maximum likelihood would take the exponent below 0, which compresses the bad
    /// tail to a bound and stretches the good one with a power above 2. The fit stops at 0 (a
    /// logarithm of the bad tail) unless told otherwise, and the warp keeps the order.
    void outputWarpExponentIsBoundedBelowByZero()
    {
        Eigen::VectorXd y(40);
        for (int i = 0; i < y.size(); ++i)
            y[i] = std::exp(0.25 * i);
        const OutputWarp unbounded = OutputWarp::fit(y, OutputWarp::Mode::Both, -1.0);
        const OutputWarp bounded = OutputWarp::fit(y);
        QVERIFY2(unbounded.lambda() < -0.1, qPrintable(QString::number(unbounded.lambda())));
        QVERIFY2(bounded.lambda() >= 0.0 && bounded.lambda() < 1e-3, qPrintable(QString::number(bounded.lambda())));
        const Eigen::VectorXd warped = bounded.apply(y);
        for (int i = 1; i < y.size(); ++i) {
            QVERIFY(warped[i] > warped[i - 1]);
            QVERIFY(bounded.derivative(y[i]) > 0.0);
        }
        // Values without a tail are left nearly as they are (an exponent near 1).
        const OutputWarp even = OutputWarp::fit(Eigen::VectorXd::LinSpaced(40, -3.0, 5.0));
        QVERIFY2(even.lambda() > 0.5 && even.lambda() < 1.5, qPrintable(QString::number(even.lambda())));
    }
};

QTEST_GUILESS_MAIN(TestGaussianProcess)
#include "tst_gaussianprocess.moc"
