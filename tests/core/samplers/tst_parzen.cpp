// The numerics of TPE (samplers/tpe.h): gamma and the kernel weights, the normal
// distribution and its truncation, and the Parzen estimator's bandwidths, density and draws.
// The sampler built on them is tested in tst_tpesampler.cpp.

#include "common/splitmix.h"
#include "samplers/tpe.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace tunescope;
using tpe::Dimension;
using tpe::ParzenEstimator;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Integral of exp(logPdf) over a 1-D estimator's coordinate: midpoint rule on continuous
/// coordinates, a sum over grid points / choices on discrete and categorical ones.
double integrate1d(const ParzenEstimator &pe)
{
    const Dimension &d = pe.dimensions().front();
    double total = 0.0;
    switch (d.kind) {
    case Dimension::Kind::Continuous: {
        const int m = 200000;
        const double h = (d.high - d.low) / m;
        for (int i = 0; i < m; ++i)
            total += std::exp(pe.logPdf({d.low + (i + 0.5) * h})) * h;
        break;
    }
    case Dimension::Kind::Discrete:
        for (double x = d.low; x <= d.high + 0.5 * d.step; x += d.step)
            total += std::exp(pe.logPdf({d.snap(x)}));
        break;
    case Dimension::Kind::Categorical:
        for (int c = 0; c < d.choices; ++c)
            total += std::exp(pe.logPdf({double(c)}));
        break;
    }
    return total;
}

} // namespace

class TestParzen : public QObject
{
    Q_OBJECT

private slots:
    void gamma_data();
    void gamma();
    void weights_data();
    void weights();
    void normalTails_data();
    void normalTails();
    void truncNormLogPdf_data();
    void truncNormLogPdf();
    void truncNormQuantile_data();
    void truncNormQuantile();
    void bandwidth();
    void densityIntegratesToOne_data();
    void densityIntegratesToOne();
    void mixedDensityIntegratesToOne();
    void samplingMatchesDensity_data();
    void samplingMatchesDensity();
};

// ---- gamma and weights, against Optuna 3.1's default_gamma and default_weights ----

void TestParzen::gamma_data()
{
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("optuna");  // optuna.samplers._tpe.sampler.default_gamma(n)
    QTest::addColumn<int>("quarter"); // min(ceil(n / 4), 10), by hand
    QTest::newRow("0") << 0 << 0 << 0;
    QTest::newRow("1") << 1 << 1 << 1;
    QTest::newRow("5") << 5 << 1 << 2;
    QTest::newRow("10") << 10 << 1 << 3;
    QTest::newRow("11") << 11 << 2 << 3;
    QTest::newRow("29") << 29 << 3 << 8;
    QTest::newRow("30") << 30 << 3 << 8;
    QTest::newRow("31") << 31 << 4 << 8;
    QTest::newRow("100") << 100 << 10 << 10;
    QTest::newRow("240") << 240 << 24 << 10;
    QTest::newRow("241") << 241 << 25 << 10;
    QTest::newRow("250") << 250 << 25 << 10;
    QTest::newRow("251") << 251 << 25 << 10;
    QTest::newRow("1000") << 1000 << 25 << 10;
}

void TestParzen::gamma()
{
    QFETCH(int, n);
    QFETCH(int, optuna);
    QFETCH(int, quarter);
    QCOMPARE(tpe::gamma(n), optuna);
    QCOMPARE(tpe::gamma(n, 0.25, 10), quarter);
}

void TestParzen::weights_data()
{
    // optuna.samplers._tpe.sampler.default_weights(n) (Optuna 3.1): the oldest n - 25
    // observations ramp up as np.linspace(1 / n, 1, n - 25), the newest 25 weigh 1.
    QTest::addColumn<int>("n");
    QTest::addColumn<QList<double>>("ramp"); // the first n - 25 weights
    QTest::newRow("0") << 0 << QList<double>{};
    QTest::newRow("1") << 1 << QList<double>{};
    QTest::newRow("24") << 24 << QList<double>{};
    QTest::newRow("25") << 25 << QList<double>{};
    QTest::newRow("26") << 26 << QList<double>{0.038461538461538464};
    QTest::newRow("27") << 27 << QList<double>{0.037037037037037035, 1.0};
    QTest::newRow("30") << 30 << QList<double>{0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, 1.0};
}

void TestParzen::weights()
{
    QFETCH(int, n);
    QFETCH(QList<double>, ramp);
    const std::vector<double> w = tpe::defaultWeights(n);
    QCOMPARE(int(w.size()), n);
    for (int i = 0; i < n; ++i) {
        const double expected = i < ramp.size() ? ramp[i] : 1.0;
        QVERIFY2(std::abs(w[i] - expected) < 1e-15, qPrintable(QStringLiteral("w[%1] = %2").arg(i).arg(w[i], 0, 'g', 17)));
    }
    // A long study: the same ramp from 1/100 in steps of (1 - 1/100) / 74 (Optuna: w[1] is
    // 0.02337837837837838, w[73] 0.9866216216216217).
    const std::vector<double> long100 = tpe::defaultWeights(100);
    QVERIFY(std::abs(long100[0] - 0.01) < 1e-15);
    QVERIFY(std::abs(long100[1] - 0.02337837837837838) < 1e-15);
    QVERIFY(std::abs(long100[73] - 0.9866216216216217) < 1e-15);
    QCOMPARE(long100[74], 1.0);
    QVERIFY(std::is_sorted(long100.begin(), long100.end()));
}

// ---- the normal distribution ----

void TestParzen::normalTails_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("logPhi"); // scipy.special.log_ndtr
    QTest::newRow("-50") << -50.0 << -1254.8313611394199;
    QTest::newRow("-38") << -38.0 << -726.5572160188201;
    QTest::newRow("-10") << -10.0 << -53.23128515051248;
    QTest::newRow("-1") << -1.0 << -1.841021645009264;
    QTest::newRow("0") << 0.0 << -0.6931471805599453;
    QTest::newRow("1") << 1.0 << -0.17275377902344985;
    QTest::newRow("5") << 5.0 << -2.8665161296376305e-07;
    QTest::newRow("10") << 10.0 << -7.619853024160473e-24;
}

void TestParzen::normalTails()
{
    QFETCH(double, x);
    QFETCH(double, logPhi);
    QVERIFY2(std::abs(tpe::logNdtr(x) - logPhi) <= 1e-12 * std::abs(logPhi),
             qPrintable(QString::number(tpe::logNdtr(x), 'g', 17)));
    // The inverse, where p is representable.
    if (logPhi > -700.0 && logPhi < -1e-20) {
        const double back = tpe::ndtriExp(logPhi);
        QVERIFY2(std::abs(back - x) < 1e-9 * std::max(1.0, std::abs(x)),
                 qPrintable(QString::number(back, 'g', 17)));
    }
}

void TestParzen::truncNormLogPdf_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("mu");
    QTest::addColumn<double>("sigma");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<double>("expected"); // scipy.stats.truncnorm.logpdf
    QTest::newRow("standard at low") << -2.0 << 0.0 << 1.0 << -2.0 << 3.0 << -2.8945433456497853;
    QTest::newRow("standard at high") << 3.0 << 0.0 << 1.0 << -2.0 << 3.0 << -5.394543345649785;
    QTest::newRow("narrow at low") << 0.0 << 0.3 << 0.05 << 0.0 << 1.0 << -15.923206258664091;
    QTest::newRow("narrow at high") << 1.0 << 0.3 << 0.05 << 0.0 << 1.0 << -95.92320625866405;
    QTest::newRow("far upper tail at low") << 30.0 << 0.0 << 1.0 << 30.0 << 31.0 << 3.402305423138671;
    QTest::newRow("far upper tail at high") << 31.0 << 0.0 << 1.0 << 30.0 << 31.0 << -27.09769457686133;
    QTest::newRow("far lower tail at high") << -40.0 << 0.0 << 1.0 << -41.0 << -40.0 << 3.689503480549206;
    QTest::newRow("outside") << 3.5 << 0.0 << 1.0 << -2.0 << 3.0 << -kInf;
}

void TestParzen::truncNormLogPdf()
{
    QFETCH(double, x);
    QFETCH(double, mu);
    QFETCH(double, sigma);
    QFETCH(double, low);
    QFETCH(double, high);
    QFETCH(double, expected);
    const double got = tpe::truncNormLogPdf(x, mu, sigma, low, high);
    if (std::isinf(expected))
        QCOMPARE(got, expected);
    else
        QVERIFY2(std::abs(got - expected) < 1e-9 * std::max(1.0, std::abs(expected)),
                 qPrintable(QString::number(got, 'g', 17)));
}

void TestParzen::truncNormQuantile_data()
{
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<double>("expected"); // scipy.stats.truncnorm.ppf (mu 0, sigma 1)
    QTest::newRow("upper tail") << 0.25 << 30.0 << 31.0 << 30.009577257491088;
    QTest::newRow("lower tail") << 0.9 << -41.0 << -40.0 << -40.002632283207014;
    QTest::newRow("median of symmetric") << 0.5 << -1.0 << 1.0 << 0.0;
}

void TestParzen::truncNormQuantile()
{
    QFETCH(double, q);
    QFETCH(double, low);
    QFETCH(double, high);
    QFETCH(double, expected);
    const double got = tpe::truncNormQuantile(q, 0.0, 1.0, low, high);
    QVERIFY2(std::abs(got - expected) < 1e-8 * std::max(1.0, std::abs(expected)),
             qPrintable(QString::number(got, 'g', 17)));
}

// ---- Parzen estimator ----

void TestParzen::bandwidth()
{
    // Every expected bandwidth is Optuna 3.1's (_ParzenEstimator._sigmas, prior on, magic clip
    // on, endpoints off) for the same observations on the same ranges.
    // Multivariate, Scott's rule: 0.2 * 200^(-1/6) of the width; the prior in the middle, as
    // wide as the range.
    const std::vector<Dimension> dims{Dimension::continuous(0, 1), Dimension::continuous(0, 1)};
    std::vector<std::vector<double>> obs;
    for (int i = 0; i < 200; ++i)
        obs.push_back({(i + 0.5) / 200, 0.5});
    const ParzenEstimator pe(dims, obs);
    QCOMPARE(pe.kernelCount(), 201);
    QVERIFY(std::abs(pe.sigma(0, 0) - 0.08270371084000276) < 1e-15);
    QCOMPARE(pe.mu(200, 0), 0.5);
    QCOMPARE(pe.sigma(200, 0), 1.0);

    // Few observations: the magic clip raises the bandwidth to width / (1 + kernels) = 1/4.
    const ParzenEstimator few({Dimension::continuous(0, 1)}, {{0.2}, {0.3}});
    QCOMPARE(few.sigma(0, 0), 0.25);
    QCOMPARE(few.sigma(1, 0), 0.25);

    // Discrete coordinates measure width including half a step at each end (Optuna's
    // IntDistribution(0, 9) spans -0.5 .. 9.5).
    const ParzenEstimator disc({Dimension::discrete(0, 9, 1)}, {{3}});
    QVERIFY(std::abs(disc.sigma(0, 0) - 3.3333333333333335) < 1e-15);
    QCOMPARE(disc.sigma(1, 0), 10.0);

    // Univariate: distance to the farther neighbour, ends excluded (consider_endpoints false).
    tpe::ParzenOptions uni;
    uni.multivariate = false;
    const ParzenEstimator u({Dimension::continuous(0, 10)}, {{1}, {2}, {9}}, {}, uni);
    // Sorted centres 1, 2, 5 (prior), 9; kernel at 2: max(1, 3) = 3; at 9: 9 - 5 = 4.
    QCOMPARE(u.sigma(1, 0), 3.0);
    QCOMPARE(u.sigma(2, 0), 4.0);
    QCOMPARE(u.sigma(0, 0), 2.0); // magic clip: 10 / min(100, 5) = 2 > the gap of 1
    QCOMPARE(u.sigma(3, 0), 10.0);
}

void TestParzen::densityIntegratesToOne_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("multivariate");
    for (int kind = 0; kind < 3; ++kind) {
        for (int n : {0, 1, 5, 40}) {
            for (bool mv : {true, false}) {
                const char *names[] = {"continuous", "discrete", "categorical"};
                QTest::newRow(qPrintable(QStringLiteral("%1 n=%2 %3").arg(QLatin1String(names[kind])).arg(n)
                                             .arg(mv ? QStringLiteral("mv") : QStringLiteral("uni"))))
                    << kind << n << mv;
            }
        }
    }
}

void TestParzen::densityIntegratesToOne()
{
    QFETCH(int, kind);
    QFETCH(int, n);
    QFETCH(bool, multivariate);
    Dimension dim = kind == 0   ? Dimension::continuous(-2.0, 3.0)
                    : kind == 1 ? Dimension::discrete(1.0, 7.0, 2.0)
                                : Dimension::categorical(5);
    SplitMix64 rng(42);
    std::vector<std::vector<double>> obs;
    for (int i = 0; i < n; ++i) {
        // Clustered near the lower end, so truncation matters.
        const double u = std::pow(rng.unit(), 3.0);
        obs.push_back({dim.snap(dim.supportLow() + u * dim.width())});
    }
    tpe::ParzenOptions options;
    options.multivariate = multivariate;
    const ParzenEstimator pe({dim}, obs, {}, options);
    const double total = integrate1d(pe);
    QVERIFY2(std::abs(total - 1.0) < 1e-6, qPrintable(QString::number(total, 'g', 12)));
}

void TestParzen::mixedDensityIntegratesToOne()
{
    // Continuous x discrete x categorical: sum over the finite coordinates, integrate the
    // continuous one.
    const std::vector<Dimension> dims{Dimension::continuous(0, 1), Dimension::discrete(0, 4, 1),
                                      Dimension::categorical(3)};
    const std::vector<std::vector<double>> obs{{0.01, 0, 2}, {0.5, 4, 0}, {0.99, 2, 2}, {0.3, 1, 1}};
    const ParzenEstimator pe(dims, obs, {1.0, 2.0, 0.5, 1.0});
    double total = 0.0;
    const int m = 4000;
    for (int k = 0; k <= 4; ++k)
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < m; ++i)
                total += std::exp(pe.logPdf({(i + 0.5) / m, double(k), double(c)})) / m;
    QVERIFY2(std::abs(total - 1.0) < 1e-5, qPrintable(QString::number(total, 'g', 12)));
}

void TestParzen::samplingMatchesDensity_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("continuous") << 0;
    QTest::newRow("discrete") << 1;
    QTest::newRow("categorical") << 2;
}

void TestParzen::samplingMatchesDensity()
{
    QFETCH(int, kind);
    const Dimension dim = kind == 0   ? Dimension::continuous(0.0, 1.0)
                          : kind == 1 ? Dimension::discrete(0.0, 9.0, 1.0)
                                      : Dimension::categorical(4);
    const std::vector<std::vector<double>> obs = kind == 0   ? std::vector<std::vector<double>>{{0.02}, {0.1}, {0.7}}
                                                 : kind == 1 ? std::vector<std::vector<double>>{{0}, {1}, {7}}
                                                             : std::vector<std::vector<double>>{{0}, {0}, {3}};
    const ParzenEstimator pe({dim}, obs);
    const int bins = 10;
    std::vector<double> expected(bins, 0.0), observed(bins, 0.0);
    auto binOf = [&](double x) {
        if (kind == 0)
            return std::min(int(x * bins), bins - 1);
        return int(std::lround(x));
    };
    if (kind == 0) {
        const int m = 100000;
        for (int i = 0; i < m; ++i) {
            const double x = (i + 0.5) / m;
            expected[binOf(x)] += std::exp(pe.logPdf({x})) / m;
        }
    } else {
        const int values = kind == 1 ? 10 : 4;
        for (int v = 0; v < values; ++v)
            expected[v] = std::exp(pe.logPdf({double(v)}));
    }
    SplitMix64 rng(7);
    const int draws = 200000;
    for (int i = 0; i < draws; ++i) {
        const double x = pe.sample(rng).front();
        QVERIFY(x >= dim.supportLow() && x <= dim.supportHigh());
        observed[binOf(x)] += 1.0 / draws;
    }
    // Binomial standard error at 200k draws is at most 0.0011: 0.006 is > 5 sigma.
    for (int b = 0; b < bins; ++b)
        QVERIFY2(std::abs(observed[b] - expected[b]) < 0.006,
                 qPrintable(QStringLiteral("bin %1: %2 vs %3").arg(b).arg(observed[b]).arg(expected[b])));
}

QTEST_GUILESS_MAIN(TestParzen)
#include "tst_parzen.moc"
