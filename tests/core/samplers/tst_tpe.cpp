// Tests of the TPE numerics (core/tpe.h) and the TPE sampler (core/tpesampler.h).

#include "common/splitmix.h"
#include "samplers/sampler.h"
#include "samplers/tpe.h"
#include "samplers/tpesampler.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace tunescope;

Q_DECLARE_METATYPE(tunescope::Parameter)
using tpe::Dimension;
using tpe::ParzenEstimator;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Parameter floatParam(const QString &name, double low, double high, bool log = false,
                     double step = 0.0)
{
    Parameter p;
    p.name = name;
    p.type = Parameter::Type::Float;
    p.low = low;
    p.high = high;
    p.log = log;
    p.step = step;
    return p;
}

Parameter intParam(const QString &name, double low, double high, double step = 1.0,
                   bool log = false)
{
    Parameter p = floatParam(name, low, high, log);
    p.type = Parameter::Type::Int;
    p.step = step;
    return p;
}

Parameter catParam(const QString &name, const QVariantList &choices)
{
    Parameter p;
    p.name = name;
    p.type = Parameter::Type::Categorical;
    p.choices = choices;
    return p;
}

SearchSpace boxSpace(int dim, double low = -1.0, double high = 1.0)
{
    SearchSpace s;
    for (int i = 0; i < dim; ++i)
        s.append(floatParam(QStringLiteral("x%1").arg(i), low, high));
    return s;
}

using Objective = std::function<double(const QVariantMap &)>;

/// Runs a sequential study and returns its trials.
QList<Trial> runStudy(Sampler &sampler, const Objective &f, int n)
{
    QList<Trial> trials;
    for (int i = 0; i < n; ++i) {
        Trial t;
        t.number = i;
        const std::optional<QVariantMap> params = sampler.suggest(trials, i);
        if (!params)
            break;
        t.params = *params;
        t.value = f(t.params);
        t.state = TrialState::Complete;
        trials.append(t);
    }
    return trials;
}

double sphere(const QVariantMap &p)
{
    double s = 0.0;
    for (auto it = p.cbegin(); it != p.cend(); ++it)
        s += it->toDouble() * it->toDouble();
    return s;
}

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

bool onGrid(double v, double low, double step)
{
    const double k = (v - low) / step;
    return std::abs(k - std::round(k)) < 1e-9;
}

} // namespace

class TestTpe : public QObject
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
    void split();
    void observeStatesAndGoal();
    void options();
    void createSampler();
    void determinism();
    void startupIsRandom();
    void boundsAndGrid_data();
    void boundsAndGrid();
    void degenerate_data();
    void degenerate();
    void constantLiarSpreadsParallelSuggestions();
    void univariate();
    void concentratesNearOptimum();
    void speed();
};

// ---- gamma and weights against the published formulas ----

void TestTpe::gamma_data()
{
    QTest::addColumn<int>("n");
    for (int n : {0, 1, 5, 10, 11, 29, 30, 31, 100, 240, 241, 250, 251, 1000})
        QTest::newRow(qPrintable(QString::number(n))) << n;
}

void TestTpe::gamma()
{
    QFETCH(int, n);
    const int expected = std::min(int(std::ceil(0.1 * n)), 25); // Optuna's default_gamma
    QCOMPARE(tpe::gamma(n), expected);
    QVERIFY(tpe::gamma(n) <= n);
    QCOMPARE(tpe::gamma(n, 0.25, 10), std::min(int(std::ceil(0.25 * n)), 10));
}

void TestTpe::weights_data()
{
    QTest::addColumn<int>("n");
    for (int n : {0, 1, 10, 24, 25, 26, 27, 30, 100, 1000})
        QTest::newRow(qPrintable(QString::number(n))) << n;
}

void TestTpe::weights()
{
    QFETCH(int, n);
    const std::vector<double> w = tpe::defaultWeights(n);
    QCOMPARE(int(w.size()), n);
    if (n < 25) {
        for (double v : w)
            QCOMPARE(v, 1.0);
        return;
    }
    // np.linspace(1/n, 1, n - 25) then 25 ones: oldest first, newest 25 at full weight.
    const int ramp = n - 25;
    for (int i = ramp; i < n; ++i)
        QCOMPARE(w[i], 1.0);
    for (int i = 0; i < ramp; ++i) {
        const double expected = ramp == 1 ? 1.0 / n : 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
        QVERIFY2(std::abs(w[i] - expected) < 1e-12, qPrintable(QString::number(i)));
        if (i > 0)
            QVERIFY(w[i] > w[i - 1]);
    }
}

// ---- the normal distribution ----

void TestTpe::normalTails_data()
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

void TestTpe::normalTails()
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

void TestTpe::truncNormLogPdf_data()
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

void TestTpe::truncNormLogPdf()
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

void TestTpe::truncNormQuantile_data()
{
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addColumn<double>("expected"); // scipy.stats.truncnorm.ppf (mu 0, sigma 1)
    QTest::newRow("upper tail") << 0.25 << 30.0 << 31.0 << 30.009577257491088;
    QTest::newRow("lower tail") << 0.9 << -41.0 << -40.0 << -40.002632283207014;
    QTest::newRow("median of symmetric") << 0.5 << -1.0 << 1.0 << 0.0;
}

void TestTpe::truncNormQuantile()
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

void TestTpe::bandwidth()
{
    // Multivariate: 0.2 n^(-1/(D+4)) of the width, clipped to [width / min(100, n + 2), width];
    // the prior kernel sits in the middle, as wide as the range.
    const std::vector<Dimension> dims{Dimension::continuous(0, 1), Dimension::continuous(0, 1)};
    std::vector<std::vector<double>> obs;
    for (int i = 0; i < 200; ++i)
        obs.push_back({(i + 0.5) / 200, 0.5});
    const ParzenEstimator pe(dims, obs);
    QCOMPARE(pe.kernelCount(), 201);
    QVERIFY(std::abs(pe.sigma(0, 0) - 0.2 * std::pow(200.0, -1.0 / 6.0)) < 1e-15);
    QCOMPARE(pe.mu(200, 0), 0.5);
    QCOMPARE(pe.sigma(200, 0), 1.0);

    // Few observations: the magic clip raises the bandwidth to width / (n + 2).
    const ParzenEstimator few({Dimension::continuous(0, 1)}, {{0.2}, {0.3}});
    const double scott = 0.2 * std::pow(2.0, -1.0 / 5.0);
    QVERIFY(std::abs(few.sigma(0, 0) - std::max(scott, 1.0 / 4.0)) < 1e-15);

    // Discrete coordinates measure width including half a step at each end.
    const ParzenEstimator disc({Dimension::discrete(0, 9, 1)}, {{3}});
    QCOMPARE(disc.sigma(1, 0), 10.0);

    // Univariate: distance to the farther neighbour, ends excluded (consider_endpoints false).
    tpe::ParzenOptions uni;
    uni.multivariate = false;
    const ParzenEstimator u({Dimension::continuous(0, 10)}, {{1}, {2}, {9}}, {}, uni);
    // Sorted centres 1, 2, 5 (prior), 9; kernel at 2: max(1, 3) = 3; at 9: 9 - 5 = 4.
    QCOMPARE(u.sigma(1, 0), 3.0);
    QCOMPARE(u.sigma(2, 0), 4.0);
    QCOMPARE(u.sigma(0, 0), 2.0); // magic clip: 10 / min(100, 5) = 2 > the gap of 1
}

void TestTpe::densityIntegratesToOne_data()
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

void TestTpe::densityIntegratesToOne()
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

void TestTpe::mixedDensityIntegratesToOne()
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

void TestTpe::samplingMatchesDensity_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("continuous") << 0;
    QTest::newRow("discrete") << 1;
    QTest::newRow("categorical") << 2;
}

void TestTpe::samplingMatchesDensity()
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

// ---- the sampler ----

void TestTpe::split()
{
    // Observations in number order: losses and states chosen so each rule shows.
    std::vector<TpeObservation> obs;
    auto add = [&](TrialState s, double loss, qint64 step = -1) {
        TpeObservation o;
        o.number = int(obs.size());
        o.state = s;
        o.loss = loss;
        o.lastStep = step;
        obs.push_back(o);
    };
    add(TrialState::Complete, 3.0);                                  // 0
    add(TrialState::Complete, 1.0);                                  // 1
    add(TrialState::Running, std::nan(""));                          // 2
    add(TrialState::Failed, std::nan(""));                           // 3
    add(TrialState::Pruned, 0.1, 3);                                 // 4: pruned early
    add(TrialState::Complete, 1.0);                                  // 5: ties with 1, newer
    add(TrialState::Pruned, 9.0, 8);                                 // 6: pruned late
    add(TrialState::Complete, 2.0);                                  // 7

    auto check = [&](int nBelow, std::vector<int> below) {
        const TpeSplit s = TpeSampler::splitSingleObjective(obs, nBelow);
        QCOMPARE(s.below, below);
        QCOMPARE(int(s.below.size() + s.above.size()), int(obs.size()));
        for (int i : s.above)
            QVERIFY(std::find(below.begin(), below.end(), i) == below.end());
        QVERIFY(std::is_sorted(s.above.begin(), s.above.end()));
    };
    check(0, {});
    check(1, {1});          // ties go to the older trial
    check(2, {1, 5});
    check(4, {0, 1, 5, 7}); // every complete trial before any pruned one
    check(5, {0, 1, 5, 6, 7}); // then the pruned trial that got furthest
    check(7, {0, 1, 4, 5, 6, 7}); // running and failed trials are never good
}

void TestTpe::observeStatesAndGoal()
{
    SearchSpace space;
    space.append(floatParam(QStringLiteral("x"), 0, 1));
    space.append(catParam(QStringLiteral("c"), {QStringLiteral("a"), QStringLiteral("b")}));
    TpeSampler maxi(space, Goal::Maximize, 1);
    QList<Trial> trials;
    auto add = [&](TrialState s, QVariantMap params, std::optional<double> v) {
        Trial t;
        t.number = int(trials.size());
        t.state = s;
        t.params = params;
        t.value = v;
        trials.append(t);
    };
    const QVariantMap ok{{QStringLiteral("x"), 0.25}, {QStringLiteral("c"), QStringLiteral("b")}};
    add(TrialState::Complete, ok, 2.0);
    add(TrialState::Complete, {{QStringLiteral("x"), 0.5}}, 1.0); // misses c: left out
    add(TrialState::Complete, {{QStringLiteral("x"), 0.5}, {QStringLiteral("c"), QStringLiteral("z")}}, 1.0); // unknown choice
    add(TrialState::Complete, {{QStringLiteral("x"), std::nan("")}, {QStringLiteral("c"), QStringLiteral("a")}}, 1.0);
    add(TrialState::Complete, ok, std::nan("")); // no usable value: counted as failed
    add(TrialState::Running, ok, std::nullopt);
    add(TrialState::Waiting, {}, std::nullopt); // the trial being asked for
    const std::vector<TpeObservation> obs = maxi.observe(trials);
    QCOMPARE(int(obs.size()), 3);
    QCOMPARE(obs[0].loss, -2.0); // maximize: loss is the negated value
    QCOMPARE(obs[0].x[0], 0.25);
    QCOMPARE(obs[0].x[1], 1.0);
    QCOMPARE(obs[1].state, TrialState::Failed);
    QCOMPARE(obs[2].state, TrialState::Running);

    TpeSampler noLiar(space, Goal::Minimize, 1, {{QStringLiteral("constant_liar"), false}});
    QCOMPARE(int(noLiar.observe(trials).size()), 2);
}

void TestTpe::options()
{
    const TpeSampler defaults(boxSpace(2), Goal::Minimize, 0);
    QCOMPARE(defaults.nStartupTrials(), 10);
    QCOMPARE(defaults.nEiCandidates(), 24);
    QVERIFY(defaults.multivariate());
    QVERIFY(defaults.constantLiar());
    QCOMPARE(defaults.gamma(100), 10);
    QCOMPARE(defaults.gamma(1000), 25);

    const QVariantMap options{{QStringLiteral("n_startup_trials"), 3},
                              {QStringLiteral("n_ei_candidates"), QStringLiteral("48")},
                              {QStringLiteral("multivariate"), QStringLiteral("false")},
                              {QStringLiteral("constant_liar"), false},
                              {QStringLiteral("gamma_factor"), 0.25},
                              {QStringLiteral("gamma_max"), 5}};
    const TpeSampler custom(boxSpace(2), Goal::Minimize, 0, options);
    QCOMPARE(custom.nStartupTrials(), 3);
    QCOMPARE(custom.nEiCandidates(), 48);
    QVERIFY(!custom.multivariate());
    QVERIFY(!custom.constantLiar());
    QCOMPARE(custom.gamma(8), 2);
    QCOMPARE(custom.gamma(100), 5);
}

void TestTpe::createSampler()
{
    StudySpec spec;
    spec.method = QStringLiteral("tpe");
    spec.space = boxSpace(2);
    spec.metrics.append(MetricSpec{QStringLiteral("loss"), Goal::Minimize, false});
    spec.methodOptions.insert(QStringLiteral("n_startup_trials"), 4);
    QString error;
    const std::unique_ptr<Sampler> s = tunescope::createSampler(spec, &error);
    QVERIFY2(s, qPrintable(error));
    const auto *tpeSampler = dynamic_cast<const TpeSampler *>(s.get());
    QVERIFY(tpeSampler);
    QCOMPARE(tpeSampler->nStartupTrials(), 4);
}

void TestTpe::determinism()
{
    SearchSpace space = boxSpace(3);
    space.append(catParam(QStringLiteral("c"), {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    space.append(intParam(QStringLiteral("k"), 1, 8));
    auto f = [](const QVariantMap &p) {
        return sphere({{QStringLiteral("x0"), p[QStringLiteral("x0")]}, {QStringLiteral("x1"), p[QStringLiteral("x1")]}})
               + p[QStringLiteral("k")].toDouble() * 0.1 + (p[QStringLiteral("c")] == QStringLiteral("b") ? 0 : 1);
    };
    TpeSampler a(space, Goal::Minimize, 11), b(space, Goal::Minimize, 11), c(space, Goal::Minimize, 12);
    const QList<Trial> ta = runStudy(a, f, 30), tb = runStudy(b, f, 30), tc = runStudy(c, f, 30);
    int differ = 0;
    for (int i = 0; i < 30; ++i) {
        QCOMPARE(ta[i].params, tb[i].params);
        differ += ta[i].params != tc[i].params;
    }
    QVERIFY(differ >= 25);
    // Stateless: a fresh sampler asked in the middle of the study agrees.
    TpeSampler fresh(space, Goal::Minimize, 11);
    QCOMPARE(*fresh.suggest(ta.mid(0, 20), 20), ta[20].params);
}

void TestTpe::startupIsRandom()
{
    // Before n_startup_trials finished trials, suggestions do not depend on the values and
    // cover the space uniformly.
    const SearchSpace space = boxSpace(2, 0, 1);
    TpeSampler s(space, Goal::Minimize, 5);
    QList<Trial> trials = runStudy(s, sphere, 9);
    QList<Trial> flipped = trials;
    for (Trial &t : flipped)
        t.value = -*t.value;
    QCOMPARE(*s.suggest(trials, 9), *s.suggest(flipped, 9));
    // After the startup phase they do.
    trials = runStudy(s, sphere, 10);
    flipped = trials;
    for (Trial &t : flipped)
        t.value = -*t.value;
    QVERIFY(*s.suggest(trials, 10) != *s.suggest(flipped, 10));

    int quadrant[4] = {0, 0, 0, 0};
    const int n = 4000;
    for (int i = 0; i < n; ++i) {
        const QVariantMap p = *s.suggest({}, i);
        quadrant[(p[QStringLiteral("x0")].toDouble() > 0.5) + 2 * (p[QStringLiteral("x1")].toDouble() > 0.5)]++;
    }
    for (int q : quadrant)
        QVERIFY2(std::abs(q - n / 4) < 150, qPrintable(QString::number(q))); // ~5.5 sigma
}

void TestTpe::boundsAndGrid_data()
{
    QTest::addColumn<Parameter>("param");
    QTest::newRow("int") << intParam(QStringLiteral("p"), -3, 12);
    QTest::newRow("int step 3") << intParam(QStringLiteral("p"), 0, 18, 3);
    QTest::newRow("int log") << intParam(QStringLiteral("p"), 1, 1000, 1, true);
    QTest::newRow("float step") << floatParam(QStringLiteral("p"), 0.5, 2.0, false, 0.25);
    QTest::newRow("float log") << floatParam(QStringLiteral("p"), 1e-5, 1.0, true);
    QTest::newRow("float") << floatParam(QStringLiteral("p"), -1.0, 1.0);
    QTest::newRow("categorical")
        << catParam(QStringLiteral("p"), {QStringLiteral("sgd"), qlonglong(7), 0.5, true});
}

void TestTpe::boundsAndGrid()
{
    QFETCH(Parameter, param);
    SearchSpace space;
    space.append(param);
    space.append(floatParam(QStringLiteral("y"), 0, 1));
    Parameter constant;
    constant.name = QStringLiteral("epochs");
    constant.type = Parameter::Type::Constant;
    constant.value = qlonglong(20);
    space.append(constant);
    // Optimum at the low end (or the first choice), where truncation and rounding matter most.
    auto f = [&](const QVariantMap &p) {
        const QVariant v = p[QStringLiteral("p")];
        const double pv = param.type == Parameter::Type::Categorical ? param.choiceIndex(v)
                                                                     : param.toUnit(v);
        return pv + p[QStringLiteral("y")].toDouble();
    };
    for (quint64 seed : {1, 2}) {
        TpeSampler s(space, Goal::Minimize, seed);
        const QList<Trial> trials = runStudy(s, f, 60);
        QCOMPARE(trials.size(), 60);
        for (const Trial &t : trials) {
            QCOMPARE(t.params.value(QStringLiteral("epochs")), QVariant(qlonglong(20)));
            const QVariant v = t.params.value(QStringLiteral("p"));
            if (param.type == Parameter::Type::Categorical) {
                QVERIFY2(param.choiceIndex(v) >= 0, qPrintable(v.toString()));
                QCOMPARE(v.typeId(), param.choices.at(param.choiceIndex(v)).typeId());
                continue;
            }
            const double x = v.toDouble();
            QVERIFY2(x >= param.low && x <= param.high, qPrintable(QString::number(x)));
            if (param.type == Parameter::Type::Int) {
                QCOMPARE(v.typeId(), int(QMetaType::LongLong));
                if (!param.log)
                    QVERIFY(onGrid(x, param.low, param.step));
            } else {
                QCOMPARE(v.typeId(), int(QMetaType::Double));
                if (param.step > 0)
                    QVERIFY(onGrid(x, param.low, param.step));
            }
        }
        // The low end (the optimum) is reached.
        double bestP = kInf;
        for (const Trial &t : trials.mid(10)) {
            const QVariant v = t.params.value(QStringLiteral("p"));
            bestP = std::min(bestP, param.type == Parameter::Type::Categorical ? param.choiceIndex(v)
                                                                               : param.toUnit(v));
        }
        QVERIFY2(bestP < 0.1, qPrintable(QString::number(bestP)));
    }
}

void TestTpe::degenerate_data()
{
    QTest::addColumn<QString>("kind");
    for (const char *k : {"all equal", "one observation", "nan and inf values", "only categoricals",
                          "1-D", "20-D", "only failed", "only running", "single-value int"})
        QTest::newRow(k) << QString::fromLatin1(k);
}

void TestTpe::degenerate()
{
    QFETCH(QString, kind);
    SearchSpace space = boxSpace(2);
    QVariantMap options;
    int n = 40;
    Objective f = sphere;
    if (kind == QLatin1String("all equal")) {
        f = [](const QVariantMap &) { return 1.0; };
    } else if (kind == QLatin1String("one observation")) {
        options.insert(QStringLiteral("n_startup_trials"), 0);
        n = 2;
    } else if (kind == QLatin1String("nan and inf values")) {
        f = [](const QVariantMap &p) {
            const double x = p[QStringLiteral("x0")].toDouble();
            return x < -0.5 ? std::nan("") : x > 0.5 ? kInf : x < 0 ? -kInf : sphere(p);
        };
    } else if (kind == QLatin1String("only categoricals")) {
        space = SearchSpace();
        space.append(catParam(QStringLiteral("a"), {QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")}));
        space.append(catParam(QStringLiteral("b"), {true, false}));
        f = [](const QVariantMap &p) {
            return (p[QStringLiteral("a")] == QStringLiteral("z") ? 0.0 : 1.0) + (p[QStringLiteral("b")].toBool() ? 0.0 : 0.5);
        };
    } else if (kind == QLatin1String("1-D")) {
        space = boxSpace(1);
    } else if (kind == QLatin1String("20-D")) {
        space = boxSpace(20);
        n = 60;
    } else if (kind == QLatin1String("single-value int")) {
        space = SearchSpace();
        space.append(intParam(QStringLiteral("k"), 4, 4));
        space.append(floatParam(QStringLiteral("x0"), -1, 1));
    }
    TpeSampler s(space, Goal::Minimize, 3, options);

    QList<Trial> trials;
    for (int i = 0; i < n; ++i) {
        const std::optional<QVariantMap> p = s.suggest(trials, i);
        QVERIFY(p.has_value());
        QCOMPARE(p->size(), space.parameters().size());
        for (const Parameter &param : space.parameters()) {
            const QVariant v = p->value(param.name);
            if (param.type == Parameter::Type::Categorical) {
                QVERIFY(param.choiceIndex(v) >= 0);
            } else {
                QVERIFY(std::isfinite(v.toDouble()));
                QVERIFY(v.toDouble() >= param.low && v.toDouble() <= param.high);
            }
        }
        Trial t;
        t.number = i;
        t.params = *p;
        if (kind == QLatin1String("only failed")) {
            t.state = TrialState::Failed;
        } else if (kind == QLatin1String("only running")) {
            t.state = TrialState::Running;
        } else {
            t.state = TrialState::Complete;
            t.value = f(t.params);
        }
        trials.append(t);
    }
    if (kind == QLatin1String("only categoricals")) {
        int best = 0;
        for (const Trial &t : trials.mid(20))
            best += *t.value == 0.0;
        QVERIFY2(best >= 10, qPrintable(QString::number(best))); // random: 1 in 6
    }
}

void TestTpe::constantLiarSpreadsParallelSuggestions()
{
    // Four workers ask at once after 20 finished trials: with the pending trials in the bad
    // group, the later asks move away from the earlier ones.
    const SearchSpace space = boxSpace(2);
    double spreadLiar = 0.0, spreadNoLiar = 0.0;
    for (quint64 seed = 0; seed < 10; ++seed) {
        for (bool liar : {true, false}) {
            TpeSampler s(space, Goal::Minimize, seed, {{QStringLiteral("constant_liar"), liar}});
            QList<Trial> trials = runStudy(s, sphere, 20);
            QList<QVariantMap> batch;
            for (int w = 0; w < 4; ++w) {
                Trial t;
                t.number = 20 + w;
                t.state = TrialState::Running;
                t.params = *s.suggest(trials, t.number);
                batch.append(t.params);
                trials.append(t);
            }
            double spread = 0.0;
            for (int i = 0; i < 4; ++i)
                for (int j = i + 1; j < 4; ++j)
                    spread += std::hypot(batch[i][QStringLiteral("x0")].toDouble() - batch[j][QStringLiteral("x0")].toDouble(),
                                         batch[i][QStringLiteral("x1")].toDouble() - batch[j][QStringLiteral("x1")].toDouble());
            (liar ? spreadLiar : spreadNoLiar) += spread;
        }
    }
    QVERIFY2(spreadLiar > spreadNoLiar, qPrintable(QStringLiteral("%1 vs %2").arg(spreadLiar).arg(spreadNoLiar)));
}

void TestTpe::univariate()
{
    TpeSampler s(boxSpace(3), Goal::Minimize, 4, {{QStringLiteral("multivariate"), false}});
    const QList<Trial> trials = runStudy(s, sphere, 60);
    double best = kInf;
    for (const Trial &t : trials)
        best = std::min(best, *t.value);
    QVERIFY2(best < 0.05, qPrintable(QString::number(best)));
}

void TestTpe::concentratesNearOptimum()
{
    // A quadratic with its optimum off-centre at (0.3, -0.2) on [-1, 1]^2. Over 10 fixed
    // seeds the last 20 of 60 suggestions are on average much closer to the optimum than
    // uniform draws (mean distance about 0.85; TPE measures 0.34) and the best value is small.
    auto f = [](const QVariantMap &p) {
        const double x = p[QStringLiteral("x0")].toDouble() - 0.3;
        const double y = p[QStringLiteral("x1")].toDouble() + 0.2;
        return x * x + y * y;
    };
    double meanDistance = 0.0;
    std::vector<double> bests;
    for (quint64 seed = 0; seed < 10; ++seed) {
        TpeSampler s(boxSpace(2), Goal::Minimize, seed);
        const QList<Trial> trials = runStudy(s, f, 60);
        double best = kInf;
        for (const Trial &t : trials)
            best = std::min(best, *t.value);
        for (const Trial &t : trials.mid(40))
            meanDistance += std::sqrt(*t.value) / 200.0;
        bests.push_back(best);
    }
    std::sort(bests.begin(), bests.end());
    QVERIFY2(meanDistance < 0.45, qPrintable(QString::number(meanDistance)));
    QVERIFY2(bests[5] < 0.005, qPrintable(QString::number(bests[5]))); // median best
}

void TestTpe::speed()
{
    // The budget: ~1 ms per suggestion at 100 trials, well under 100 ms at 1,000.
    SearchSpace space = boxSpace(4);
    space.append(intParam(QStringLiteral("k"), 1, 64));
    space.append(catParam(QStringLiteral("c"), {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    TpeSampler history(space, Goal::Minimize, 1, {{QStringLiteral("n_startup_trials"), 1 << 20}});
    auto f = [](const QVariantMap &p) { return p[QStringLiteral("x0")].toDouble() + p[QStringLiteral("k")].toDouble(); };
    const QList<Trial> trials = runStudy(history, f, 1000);
    TpeSampler s(space, Goal::Minimize, 1);
    QElapsedTimer timer;
    timer.start();
    for (int r = 0; r < 10; ++r)
        s.suggest(trials.mid(0, 100), 100 + r);
    const double at100 = timer.nsecsElapsed() * 1e-7;
    timer.restart();
    for (int r = 0; r < 3; ++r)
        s.suggest(trials, 1000 + r);
    const double at1000 = timer.nsecsElapsed() * 1e-6 / 3;
    qInfo("suggest: %.3f ms at 100 trials, %.3f ms at 1000", at100, at1000);
    // Measured 0.5 ms and 5.6 ms (Release, idle machine). The bounds only catch a blow-up
    // (quadratic work, a lost cache): debug builds, sanitizers and a loaded CI machine are
    // ten times slower, and a timing test must not be flaky.
    QVERIFY2(at100 < 50.0, qPrintable(QString::number(at100)));
    QVERIFY2(at1000 < 1000.0, qPrintable(QString::number(at1000)));
}

QTEST_GUILESS_MAIN(TestTpe)
#include "tst_tpe.moc"
