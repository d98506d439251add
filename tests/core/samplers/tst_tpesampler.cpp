// The TPE sampler (samplers/tpesampler.h): the good/bad split, what it learns from each
// trial state, its options, determinism and how it searches. The estimator maths under it
// is tested in tst_parzen.cpp.

#include "samplers/sampler.h"
#include "samplers/tpesampler.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace tunescope;

Q_DECLARE_METATYPE(tunescope::Parameter)

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

bool onGrid(double v, double low, double step)
{
    const double k = (v - low) / step;
    return std::abs(k - std::round(k)) < 1e-9;
}

} // namespace

class TestTpeSampler : public QObject
{
    Q_OBJECT

private slots:
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

// ---- the sampler ----

void TestTpeSampler::split()
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

void TestTpeSampler::observeStatesAndGoal()
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

void TestTpeSampler::options()
{
    const TpeSampler defaults(boxSpace(2), Goal::Minimize, 0);
    QCOMPARE(defaults.nStartupTrials(), 10);
    QCOMPARE(defaults.nEiCandidates(), 24);
    QVERIFY(defaults.multivariate());
    QVERIFY(defaults.constantLiar());
    QCOMPARE(defaults.gamma(100), 20); // 20%, not Optuna's 10%: measured on the suite
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

void TestTpeSampler::createSampler()
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

void TestTpeSampler::determinism()
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

void TestTpeSampler::startupIsRandom()
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

void TestTpeSampler::boundsAndGrid_data()
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

void TestTpeSampler::boundsAndGrid()
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
    int lowEnd = 0;
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
        // TPE settles at the low end (the optimum): of the last 30 trials, those in the lowest
        // fifth of the unit range (the first choice) number 18 to 26 on seeds 1 to 4 and every
        // kind of parameter; random search puts about 6 (7.5 of the choices) there. Merely
        // reaching the low end once, as this test used to ask, random search does on almost
        // every seed.
        for (const Trial &t : trials.mid(30)) {
            const QVariant v = t.params.value(QStringLiteral("p"));
            lowEnd += (param.type == Parameter::Type::Categorical ? param.choiceIndex(v) : param.toUnit(v)) < 0.2;
        }
    }
    // Half of the 60 (random search: 12, or 15 of the choices; 30 or more has a chance of 3e-5).
    QVERIFY2(lowEnd >= 30, qPrintable(QStringLiteral("%1 of 60 at the low end").arg(lowEnd)));
}

void TestTpeSampler::degenerate_data()
{
    QTest::addColumn<QString>("kind");
    for (const char *k : {"all equal", "one observation", "nan and inf values", "only categoricals",
                          "1-D", "20-D", "only failed", "only running", "single-value int"})
        QTest::newRow(k) << QString::fromLatin1(k);
}

void TestTpeSampler::degenerate()
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

void TestTpeSampler::constantLiarSpreadsParallelSuggestions()
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

void TestTpeSampler::univariate()
{
    // Independent TPE on the sphere in [-1, 1]^3, 60 trials, seeds 0 to 3: the last 20
    // suggestions lie on average 0.33 to 0.51 from the optimum on each of 16 seeds measured,
    // random search 0.86 to 1.1 (mean about 0.96, the bound is 10 standard errors below it).
    // A best value below 0.05, which this test used to ask for, random search reaches on a
    // third of the seeds.
    double meanDistance = 0.0;
    for (quint64 seed = 0; seed < 4; ++seed) {
        TpeSampler s(boxSpace(3), Goal::Minimize, seed, {{QStringLiteral("multivariate"), false}});
        const QList<Trial> trials = runStudy(s, sphere, 60);
        for (const Trial &t : trials.mid(40))
            meanDistance += std::sqrt(*t.value) / 80.0;
    }
    QVERIFY2(meanDistance < 0.6, qPrintable(QString::number(meanDistance)));
}

void TestTpeSampler::concentratesNearOptimum()
{
    // A quadratic with its optimum off-centre at (0.3, -0.2) on [-1, 1]^2. Over 10 fixed
    // seeds the last 20 of 60 suggestions are on average much closer to the optimum than
    // uniform draws (mean distance about 0.85; TPE measures 0.35) and the best value is small.
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

void TestTpeSampler::speed()
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

QTEST_GUILESS_MAIN(TestTpeSampler)
#include "tst_tpesampler.moc"
