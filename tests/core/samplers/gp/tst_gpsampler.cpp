#include "benchfunctions.h"
#include "common/splitmix.h"
#include "samplers/gp/gpsampler.h"
#include "samplers/recommender.h"
#include "space/studyspec.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

using namespace tunescope;
using namespace tunescope::bench;

namespace {

Trial completed(int number, const QVariantMap &params, std::optional<double> value,
                TrialState state = TrialState::Complete)
{
    Trial t;
    t.number = number;
    t.state = state;
    t.params = params;
    t.value = value;
    return t;
}

// Runs a sequential study of `budget` trials and returns its trials.
QList<Trial> runStudy(GpSampler &sampler, const std::function<double(const QVariantMap &)> &f, int budget)
{
    QList<Trial> trials;
    for (int i = 0; i < budget; ++i) {
        const std::optional<QVariantMap> p = sampler.suggest(trials, i);
        if (!p)
            return trials;
        trials.append(completed(i, *p, f(*p)));
    }
    return trials;
}

double bestValue(const QList<Trial> &trials)
{
    double best = std::numeric_limits<double>::infinity();
    for (const Trial &t : trials)
        if (t.value && t.state == TrialState::Complete)
            best = std::min(best, *t.value);
    return best;
}

bool inSpace(const SearchSpace &space, const QVariantMap &p)
{
    for (const Parameter &q : space.searchable()) {
        const QVariant v = p.value(q.name);
        if (q.type == Parameter::Type::Categorical) {
            if (q.choiceIndex(v) < 0)
                return false;
        } else {
            const double x = v.toDouble();
            if (!(x >= q.low - 1e-12 && x <= q.high + 1e-12))
                return false;
            if (q.type == Parameter::Type::Int && v.typeId() != QMetaType::LongLong)
                return false;
        }
    }
    return true;
}

QString warpText(const GpSampler::Diagnostics &d)
{
    return QStringLiteral("floor %1, lambda %2")
        .arg(d.warpLambdaLow ? QString::number(*d.warpLambdaLow) : QStringLiteral("none (unwarped)"))
        .arg(d.warpLambda);
}

} // namespace

/// GpSampler behaviour: convergence, determinism, parallel suggestions, degenerate input.
class TestGpSampler : public QObject
{
    Q_OBJECT

private slots:
    void findsBraninOptimum()
    {
        const BenchFunction fn = publicFunctions().at(0);
        GpSampler sampler(fn.space, Goal::Minimize, 3);
        const QList<Trial> trials = runStudy(sampler, fn.f, 35);
        QVERIFY2(bestValue(trials) - fn.fMin < 1e-2, qPrintable(QString::number(bestValue(trials) - fn.fMin)));
        QVERIFY(sampler.lastDiagnostics().usedModel);
    }

    void warpSelectStretchesOnlyExactValues()
    {
        // A smooth valley with a heavy tail (Powell8), 50 trials in: the values alone ask for a warp
        // exponent below 0, and where the values are exact the GP's evidence takes it
        // (warp_select). The same points with noise on their values (5 % of their spread), or
        // warp_select off: the exponent stays at or above 0. (That the stretch is weighed only
        // where the fitted noise is below kExactNoiseRatio is judged on the benchmark suite:
        // which floor a study ends with depends on its whole chain of checkpoints.)
        const Objective *powell = findObjective("powell8");
        QVERIFY(powell);
        const BenchFunction valley = benchFunction(*powell);
        GpSampler sampler(valley.space, Goal::Minimize, 1);
        QList<Trial> trials = runStudy(sampler, valley.f, 50);
        const auto suggestWithModel = [&](GpSampler &s, const QList<Trial> &t) {
            QVERIFY(s.suggest(t, int(t.size())));
            QVERIFY(s.lastDiagnostics().usedModel);
        };
        suggestWithModel(sampler, trials);
        const GpSampler::Diagnostics exact = sampler.lastDiagnostics();
        QVERIFY2(exact.warpLambdaLow == -1.0 && exact.warpLambda < 0.0, qPrintable(warpText(exact)));

        GpSampler off(valley.space, Goal::Minimize, 1, {{QStringLiteral("warp_select"), false}});
        suggestWithModel(off, trials);
        QVERIFY2(off.lastDiagnostics().warpLambdaLow != -1.0 && off.lastDiagnostics().warpLambda >= 0.0,
                 qPrintable(warpText(off.lastDiagnostics())));

        SplitMix64 rng(5);
        double spread = 0.0;
        for (const Trial &t : std::as_const(trials))
            spread = std::max(spread, std::abs(*t.value - *trials.first().value));
        QList<Trial> noisy = trials;
        for (Trial &t : noisy)
            t.value = *t.value + 0.05 * spread * rng.normal();
        GpSampler heard(valley.space, Goal::Minimize, 1);
        suggestWithModel(heard, noisy);
        QVERIFY2(heard.lastDiagnostics().warpLambdaLow != -1.0 && heard.lastDiagnostics().warpLambda >= 0.0,
                 qPrintable(warpText(heard.lastDiagnostics())));
    }

    void warpEvidenceLeavesNoisyValuesUnwarped()
    {
        // Hartmann6, 80 trials of the sampler's own study. With noise on the values (sd 0.05,
        // hartmann6_noisy of the suite) the warp fitted to the values stretches it, and the GP's
        // evidence for the raw values prefers them unwarped (measured: 8 of 8 seeds); with
        // warp_evidence off the warp stays. On exact values the warp mostly earns its place
        // (6 of 8 seeds, the two checked here). The studies are searched with EI's incumbent at
        // the best posterior mean (noisy_incumbent: 0), as when this was measured: the default
        // explores the noisy studies more, and where their values end up spread the warp
        // fitted to them is a mild stretch (exponent 1.1 to 1.6 on 6 of 8 seeds), which the
        // evidence keeps, not the logarithm of the bad tail this test is about.
        const Objective *hartmann = findObjective("hartmann6");
        QVERIFY(hartmann);
        const BenchFunction fn = benchFunction(*hartmann);
        const auto study = [&](int seed, double noise) {
            GpSampler sampler(fn.space, Goal::Minimize, seed, {{QStringLiteral("noisy_incumbent"), 0.0}});
            int number = 0;
            return runStudy(
                sampler, [&](const QVariantMap &p) { return fn.f(p) + noise * objectiveNoise(seed, number++); }, 80);
        };
        const auto lastModel = [&](int seed, const QList<Trial> &trials, const QVariantMap &options) {
            GpSampler sampler(fn.space, Goal::Minimize, seed, options);
            const bool suggested = bool(sampler.suggest(trials, int(trials.size())));
            return suggested ? sampler.lastDiagnostics() : GpSampler::Diagnostics{};
        };
        const QVariantMap off{{QStringLiteral("warp_evidence"), false}};
        for (int seed = 1; seed <= 4; ++seed) {
            const QList<Trial> noisy = study(seed, 0.05);
            const GpSampler::Diagnostics weighed = lastModel(seed, noisy, {});
            QVERIFY2(weighed.usedModel && !weighed.warpLambdaLow && weighed.warpLambda == 1.0,
                     qPrintable(QStringLiteral("seed %1: %2").arg(seed).arg(warpText(weighed))));
            const GpSampler::Diagnostics warped = lastModel(seed, noisy, off);
            QVERIFY2(warped.usedModel && warped.warpLambdaLow && warped.warpLambda < 1.0,
                     qPrintable(QStringLiteral("seed %1, off: %2").arg(seed).arg(warpText(warped))));
        }
        for (int seed = 1; seed <= 2; ++seed) {
            const GpSampler::Diagnostics exact = lastModel(seed, study(seed, 0.0), {});
            QVERIFY2(exact.usedModel && exact.warpLambdaLow && exact.warpLambda != 1.0,
                     qPrintable(QStringLiteral("seed %1, exact: %2").arg(seed).arg(warpText(exact))));
        }
    }

    void noisyIncumbentWhereThePairsConfirmTheNoise()
    {
        // EI's incumbent lies noisy_incumbent (0.5) of the way from the best posterior mean to
        // the best observed value where the nearest pairs show the fitted noise to be
        // observation noise, at the best observed value where they show the values exact, and
        // at the best posterior mean where they show neither. Branin, 40 trials of the
        // sampler's own study, with noise of sd 0.5 (branin_noisy of the suite) and without.
        const Objective *branin = findObjective("branin");
        QVERIFY(branin);
        const BenchFunction fn = benchFunction(*branin);
        const auto weights = [&](double noise, const QVariantMap &options, QList<QVariantMap> *suggested) {
            GpSampler sampler(fn.space, Goal::Minimize, 2, options);
            QList<Trial> trials;
            QList<double> out;
            for (int number = 0; number < 40; ++number) {
                const std::optional<QVariantMap> p = sampler.suggest(trials, number);
                if (!p)
                    break;
                if (sampler.lastDiagnostics().usedModel && number >= 20)
                    out << sampler.lastDiagnostics().incumbentWeight;
                if (suggested)
                    *suggested << *p;
                trials.append(completed(number, *p, fn.f(*p) + noise * objectiveNoise(2, number)));
            }
            return out;
        };
        const auto count = [](const QList<double> &w, double value) { return int(w.count(value)); };

        QList<QVariantMap> halfway, atMean;
        const QList<double> noisy = weights(0.5, {}, &halfway);
        QCOMPARE(noisy.size(), 20);
        // Measured: 11 of the last 20 suggestions halfway, 9 at the posterior mean.
        QVERIFY2(count(noisy, 0.5) >= 8, qPrintable(QStringLiteral("%1 of 20 halfway").arg(count(noisy, 0.5))));
        QCOMPARE(count(noisy, 0.5) + count(noisy, 0.0), 20);

        // Exact values: the pairs never confirm a noise (measured: all 20 at the posterior mean).
        const QList<double> exact = weights(0.0, {}, nullptr);
        QCOMPARE(count(exact, 0.5), 0);

        // The option moves the incumbent, and the search with it.
        const QList<double> mean = weights(0.5, {{QStringLiteral("noisy_incumbent"), 0.0}}, &atMean);
        QCOMPARE(count(mean, 0.5), 0);
        QVERIFY(halfway != atMean);
        const QList<double> observed = weights(0.5, {{QStringLiteral("noisy_incumbent"), 1.0}}, nullptr);
        QVERIFY(count(observed, 1.0) >= 8); // measured: 11
    }

    void maximizeNegates()
    {
        SearchSpace space = boxSpace(2, -1, 1);
        GpSampler sampler(space, Goal::Maximize, 1);
        auto f = [](const QVariantMap &p) { return -std::pow(paramX(p, 0) - 0.3, 2) - std::pow(paramX(p, 1) + 0.2, 2); };
        QList<Trial> trials = runStudy(sampler, f, 25);
        double best = -1e9;
        for (const Trial &t : trials)
            best = std::max(best, *t.value);
        QVERIFY2(best > -1e-3, qPrintable(QString::number(best)));
    }

    void sameSeedSameSuggestions()
    {
        const BenchFunction fn = publicFunctions().at(4); // mixed_svm: log, int, categorical
        GpSampler a(fn.space, Goal::Minimize, 42), b(fn.space, Goal::Minimize, 42), c(fn.space, Goal::Minimize, 43);
        const QList<Trial> ta = runStudy(a, fn.f, 16), tb = runStudy(b, fn.f, 16), tc = runStudy(c, fn.f, 16);
        for (int i = 0; i < ta.size(); ++i)
            QCOMPARE(ta[i].params, tb[i].params);
        QVERIFY(ta.last().params != tc.last().params);
        for (const Trial &t : ta)
            QVERIFY(inSpace(fn.space, t.params));
    }

    void resumedStudySuggestsTheSame_data()
    {
        QTest::addColumn<int>("stop");
        QTest::addColumn<bool>("outOfOrder");
        // Interrupted in the Sobol design, between two hyperparameter checkpoints, right on
        // one, and late; and a study whose trials finished out of number order (parallel
        // workers), resumed by a sampler that never saw the earlier order.
        QTest::newRow("in the design") << 6 << false;
        QTest::newRow("between checkpoints") << 13 << false;
        QTest::newRow("at a checkpoint") << 15 << false;
        QTest::newRow("late") << 31 << false;
        QTest::newRow("out of order") << 24 << true;
    }

    void resumedStudySuggestsTheSame()
    {
        // A resumed study (a fresh sampler: a restarted process, another worker) must suggest
        // exactly what the uninterrupted one does: same seed, same trials, same points, to
        // the bit. A sampler that carried its hyperparameter fit from call to call (as this
        // one did before) drifts from the first suggestion after the resume.
        QFETCH(int, stop);
        QFETCH(bool, outOfOrder);
        const BenchFunction fn = publicFunctions().at(4); // mixed: log, int, categorical
        const int budget = 40;
        GpSampler whole(fn.space, Goal::Minimize, 5);
        QList<Trial> uninterrupted;
        for (int i = 0; i < budget; ++i) {
            QList<Trial> seen = uninterrupted;
            if (outOfOrder && i > 12 && i % 3 == 0) {
                // Trial i - 2 is still running when i is asked for (it finishes later).
                seen[i - 2].state = TrialState::Running;
                seen[i - 2].value.reset();
                seen.move(i - 2, seen.size() - 1);
            }
            const QVariantMap p = *whole.suggest(seen, i);
            uninterrupted.append(completed(i, p, fn.f(p)));
        }
        QList<Trial> resumed = uninterrupted.mid(0, stop);
        GpSampler again(fn.space, Goal::Minimize, 5);
        for (int i = stop; i < budget; ++i) {
            QList<Trial> seen = resumed;
            if (outOfOrder && i > 12 && i % 3 == 0) {
                seen[i - 2].state = TrialState::Running;
                seen[i - 2].value.reset();
            }
            const QVariantMap p = *again.suggest(seen, i);
            QCOMPARE(p, uninterrupted.at(i).params);
            resumed.append(completed(i, p, fn.f(p)));
        }
    }

    void incrementalScoringMatchesColdSampler_data()
    {
        QTest::addColumn<QString>("function");
        QTest::addColumn<bool>("repeats");
        QTest::addColumn<bool>("failures");
        QTest::addColumn<bool>("parallel");
        QTest::addColumn<bool>("perturb");
        QTest::addColumn<int>("sets");
        QTest::newRow("mixed space") << "mixed_svm" << false << false << false << false << 1;
        QTest::newRow("hartmann6") << "hartmann6" << false << false << false << false << 1;
        QTest::newRow("hartmann6, 4 sets") << "hartmann6" << false << false << false << false << 4;
        QTest::newRow("repeats' variance") << "hartmann3" << true << false << false << false << 1;
        QTest::newRow("failed and pruned") << "branin" << false << true << false << false << 2;
        QTest::newRow("running trials") << "mixed_svm" << false << false << true << false << 1;
        QTest::newRow("a drifting cache is caught") << "hartmann6" << false << false << false << true << 1;
    }

    void incrementalScoringMatchesColdSampler()
    {
        // One sampler through a whole study keeps its candidates' posterior rows from call to
        // call; at every step a sampler built cold (a resumed study) must suggest exactly the
        // same point. With one cached value perturbed the two must part.
        QFETCH(QString, function);
        QFETCH(bool, repeats);
        QFETCH(bool, failures);
        QFETCH(bool, parallel);
        QFETCH(bool, perturb);
        QFETCH(int, sets);
        const QVariantMap options{{QStringLiteral("candidate_sets"), sets}};
        const QList<BenchFunction> suite = suiteFunctions();
        const auto it = std::find_if(suite.begin(), suite.end(), [&](const BenchFunction &f) { return f.name == function; });
        QVERIFY(it != suite.end());
        const BenchFunction fn = *it;
        const int reps = repeats ? 3 : 1;
        GpSampler warm(fn.space, Goal::Minimize, 9, options, reps);
        QList<Trial> trials;
        int kept = 0;
        bool parted = false;
        for (int i = 0; i < 36; ++i) {
            QList<Trial> seen = trials;
            if (parallel && i > 12 && i % 3 == 0) {
                seen[i - 2].state = TrialState::Running;
                seen[i - 2].value.reset();
            }
            if (perturb && i >= 20)
                for (int c = 0; c < warm.candidatePosterior(i).candidates().rows(); ++c)
                    warm.candidatePosterior(i).perturbForTest(3, c, 0.3);
            const QVariantMap p = *warm.suggest(seen, i);
            kept = std::max(kept, warm.lastDiagnostics().candidateRowsKept);
            GpSampler cold(fn.space, Goal::Minimize, 9, options, reps);
            const QVariantMap q = *cold.suggest(seen, i);
            if (perturb)
                parted |= p != q;
            else
                QCOMPARE(p, q);
            Trial t = completed(i, p, fn.f(p));
            if (repeats)
                t.valueStd = 0.01 * (1 + i % 4);
            if (failures && i % 7 == 3) {
                t.state = TrialState::Failed;
                t.value.reset();
            } else if (failures && i % 7 == 5) {
                t.state = TrialState::Pruned;
            }
            trials.append(t);
        }
        if (perturb)
            QVERIFY(parted);
        else if (!repeats)
            QVERIFY2(kept > 10, qPrintable(QString::number(kept))); // rows were kept, not recomputed
    }

    void recommendsByPosteriorMean_data()
    {
        QTest::addColumn<double>("noise");
        QTest::addColumn<bool>("repeats"); // the noise known from repeats, not fitted
        QTest::newRow("exact values") << 0.0 << false;
        QTest::newRow("fitted noise") << 0.1 << false;
        QTest::newRow("noise of repeats") << 0.1 << true;
    }

    void recommendsByPosteriorMean()
    {
        // A parabola observed with noise on a grid of 41 points, one of them, far from the
        // minimum, a lucky draw that makes it the best observed. The recommendation must be
        // a trial near the minimum, not the lucky one; on exact values it is the best one.
        QFETCH(double, noise);
        QFETCH(bool, repeats);
        SearchSpace space;
        space.append(floatParam(QStringLiteral("x"), 0.0, 1.0));
        GpSampler sampler(space, Goal::Minimize, 3, {}, repeats ? 4 : 1);
        SplitMix64 rng(11);
        QList<Trial> trials;
        const int lucky = 4; // x = 0.1, true value 0.16
        for (int i = 0; i <= 40; ++i) {
            const double x = i / 40.0;
            Trial t = completed(i, {{QStringLiteral("x"), x}}, (x - 0.5) * (x - 0.5) + noise * rng.normal());
            if (repeats)
                t.valueStd = 2 * noise; // of 4 repeats: the mean's standard deviation is `noise`
            trials.append(t);
        }
        double lowest = std::numeric_limits<double>::infinity();
        for (const Trial &t : std::as_const(trials))
            lowest = std::min(lowest, *t.value);
        if (noise > 0)
            trials[lucky].value = lowest - 0.05;
        const Trial *best = bestTrial(trials, Goal::Minimize);
        const std::optional<int> pick = sampler.recommendedTrial(trials);
        QVERIFY(pick);
        // What the status bar asks: the same answer through a spec, none for a method
        // without a model.
        StudySpec spec;
        spec.method = QStringLiteral("bayes");
        spec.space = space;
        spec.metrics = {MetricSpec{QStringLiteral("loss"), Goal::Minimize, false}};
        spec.seed = 3;
        spec.repeats = repeats ? 4 : 1;
        Recommender recommender;
        QCOMPARE(recommender.recommended(spec, trials), pick);
        spec.method = QStringLiteral("tpe");
        QCOMPARE(recommender.recommended(spec, trials), std::optional<int>());
        if (noise == 0) {
            QCOMPARE(*pick, best->number);
            return;
        }
        QCOMPARE(best->number, lucky);
        QVERIFY2(std::abs(trials[*pick].params.value("x").toDouble() - 0.5) < 0.2,
                 qPrintable(QStringLiteral("recommended x = %1").arg(trials[*pick].params.value("x").toDouble())));
    }

    void recommendsNoGrossOutlier()
    {
        // A noisy parabola on a grid of 41 points plus 12 near-identical pairs (as local
        // searches leave them), one point far from the minimum (x = 0.05) observed 20 noise
        // deviations below the lowest other value: a glitch, not luck. It inflates the fitted
        // noise until the pairs agree far better than that noise says, so the values passed
        // for exact, and the glitch was recommended as the best observed trial. (Without the
        // near pairs the model stays noisy and recommends near the minimum either way; a glitch
        // of 16 times the parabola's range at a noise of 0.1, which does not halve the fitted
        // noise, still pulls the posterior mean of its neighbours down: x = 0.)
        SearchSpace space;
        space.append(floatParam(QStringLiteral("x"), 0.0, 1.0));
        const double noise = 0.01;
        auto parabola = [](double x) { return (x - 0.5) * (x - 0.5); };
        SplitMix64 rng(7);
        QList<Trial> trials;
        for (int i = 0; i <= 40; ++i)
            trials.append(completed(i, {{QStringLiteral("x"), i / 40.0}}, parabola(i / 40.0) + noise * rng.normal()));
        for (int i = 0; i < 12; ++i) {
            const double x = (3 * i + 1) / 40.0 + 1e-6;
            trials.append(completed(int(trials.size()), {{QStringLiteral("x"), x}}, parabola(x) + noise * rng.normal()));
        }
        const int glitch = 2;
        trials[glitch].value = *bestTrial(trials, Goal::Minimize)->value - 20 * noise;

        GpSampler sampler(space, Goal::Minimize, 3);
        const std::optional<int> pick = sampler.recommendedTrial(trials);
        QVERIFY(pick);
        QVERIFY2(std::abs(trials[*pick].params.value("x").toDouble() - 0.5) < 0.2,
                 qPrintable(QStringLiteral("recommended x = %1").arg(trials[*pick].params.value("x").toDouble())));
        // The test off: the glitch wins, as it did.
        GpSampler off(space, Goal::Minimize, 3, {{QStringLiteral("outlier_z"), 0}});
        QCOMPARE(off.recommendedTrial(trials), std::optional<int>(glitch));
    }

    void recommendsBestObservedWhenNoiseIsMisfit()
    {
        // Exact values of a parabola with fast ripples (as Rastrigin's or Ackley's): the model
        // fits the ripples as noise, but near-identical points (local searches end in pairs
        // like these) show that the values are exact. The best observed trial is then no luck,
        // and recommending another one by posterior mean would lose.
        SearchSpace space;
        space.append(floatParam(QStringLiteral("x"), 0.0, 1.0));
        GpSampler sampler(space, Goal::Minimize, 3);
        // Ripples of period 0.05, +-0.05 at the grid points: a kernel fits them as noise.
        auto f = [](double x) { return (x - 0.5) * (x - 0.5) + 0.05 * std::cos(40.0 * std::numbers::pi * x); };
        QList<Trial> trials;
        for (int i = 0; i <= 40; ++i)
            trials.append(completed(i, {{QStringLiteral("x"), i / 40.0}}, f(i / 40.0)));
        for (int i = 0; i < 12; ++i) {
            const double x = (3 * i + 1) / 40.0 + 1e-6;
            trials.append(completed(int(trials.size()), {{QStringLiteral("x"), x}}, f(x)));
        }
        const Trial *best = bestTrial(trials, Goal::Minimize);
        const std::optional<int> pick = sampler.recommendedTrial(trials);
        QVERIFY(pick);
        QCOMPARE(*pick, best->number);
        // The same values with noise of the same size on the near pairs: noisy after all.
        SplitMix64 rng(5);
        for (int i = 41; i < trials.size(); ++i)
            trials[i].value = *trials[i].value + 0.05 * rng.normal();
        const Trial *lucky = bestTrial(trials, Goal::Minimize);
        const std::optional<int> noisyPick = sampler.recommendedTrial(trials);
        QVERIFY(noisyPick);
        QVERIFY(*noisyPick != lucky->number);
    }

    void parallelSuggestionsSpreadOut()
    {
        // Four suggestions while the previous ones still run, after 15 finished trials of
        // hartmann3, over 16 seeds. The running trials enter the model as kriging believers
        // (fantasies at the posterior mean), which keeps later asks off the earlier ones,
        // though not always: where the model expects improvement even at a fantasy, an ask
        // can land next to it (measured: 11 of the 48 later asks within 1e-3 of an earlier
        // one; the previous random stream did the same on other seeds, so one lucky seed
        // proves nothing). Asked without the running trials, the asks repeat each other
        // (40 of 48): that contrast is what the running trials buy.
        const BenchFunction fn = publicFunctions().at(1);
        auto nearest = [](const QVariantMap &p, const QList<QVariantMap> &others) {
            double best = std::numeric_limits<double>::infinity();
            for (const QVariantMap &o : others) {
                double d = 0;
                for (int i = 0; i < 3; ++i)
                    d += std::pow(paramX(p, i) - paramX(o, i), 2);
                best = std::min(best, std::sqrt(d));
            }
            return best;
        };
        int repeatsWithPending = 0, repeatsWithoutPending = 0, asks = 0;
        for (quint64 seed = 0; seed < 16; ++seed) {
            GpSampler sampler(fn.space, Goal::Minimize, seed);
            const QList<Trial> finished = runStudy(sampler, fn.f, 15);
            QList<Trial> trials = finished;
            QList<QVariantMap> batch, blindBatch;
            for (int k = 0; k < 4; ++k) {
                const int number = 15 + k;
                const QVariantMap p = *sampler.suggest(trials, number);
                QCOMPARE(sampler.lastDiagnostics().pending, k);
                const QVariantMap blind = *sampler.suggest(finished, number);
                if (k > 0) {
                    ++asks;
                    repeatsWithPending += nearest(p, batch) < 1e-3;
                    repeatsWithoutPending += nearest(blind, blindBatch) < 1e-3;
                }
                batch << p;
                blindBatch << blind;
                trials.append(completed(number, p, std::nullopt, TrialState::Running));
            }
        }
        const QString counts = QStringLiteral("repeats: %1 with the running trials, %2 without, of %3 asks")
                                   .arg(repeatsWithPending).arg(repeatsWithoutPending).arg(asks);
        QVERIFY2(repeatsWithPending <= asks / 3, qPrintable(counts));
        QVERIFY2(repeatsWithoutPending >= asks / 2, qPrintable(counts));
    }

    void degenerateValues_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("all equal") << 0;
        QTest::newRow("duplicated points") << 1;
        QTest::newRow("NaN and inf values") << 2;
        QTest::newRow("single observation") << 3;
        QTest::newRow("all failed") << 4;
    }

    void degenerateValues()
    {
        QFETCH(int, kind);
        SearchSpace space = boxSpace(2, 0, 1);
        QVariantMap options{{QStringLiteral("n_startup_trials"), 1}};
        GpSampler sampler(space, Goal::Minimize, 9, options);
        QList<Trial> trials;
        const QVariantMap fixed{{QStringLiteral("x1"), 0.25}, {QStringLiteral("x2"), 0.75}};
        const int n = kind == 3 ? 1 : 8;
        for (int i = 0; i < n; ++i) {
            QVariantMap p = kind == 1 ? fixed : *sampler.suggest(trials, i);
            double v = paramX(p, 0) + paramX(p, 1);
            TrialState state = TrialState::Complete;
            if (kind == 0)
                v = 1.5;
            if (kind == 2 && i % 3 == 1)
                v = std::numeric_limits<double>::quiet_NaN();
            if (kind == 2 && i % 3 == 2)
                v = std::numeric_limits<double>::infinity();
            if (kind == 4)
                state = TrialState::Failed;
            trials.append(completed(i, p, state == TrialState::Failed ? std::nullopt : std::optional<double>(v), state));
        }
        for (int k = 0; k < 3; ++k) {
            const std::optional<QVariantMap> p = sampler.suggest(trials, n + k);
            QVERIFY(p);
            QVERIFY(inSpace(space, *p));
            QVERIFY(std::isfinite(paramX(*p, 0)) && std::isfinite(paramX(*p, 1)));
            trials.append(completed(n + k, *p, 1.0));
        }
    }

    void failedRegionIsAvoided()
    {
        // The objective fails for x1 > 0.5 and improves towards it: failures must count as
        // bad, not as unknown, or the sampler keeps walking into them. Counted over the 20
        // model-based trials of 16 seeds (320 trials): this sampler fails 33 of them. A
        // sampler that learnt nothing from failures would fail half, 160 +- 9 if it searched
        // at random (one seed's 20 trials let it pass a bound of 8 a quarter of the time); one
        // that imputes the median instead of the worst value fails about 190; one that drops
        // failures, or takes them for pending trials, fails all 320. The bound, a quarter of
        // the trials, is 9 standard deviations below random search.
        int failures = 0;
        for (quint64 seed = 0; seed < 16; ++seed) {
            GpSampler sampler(boxSpace(2, 0, 1), Goal::Minimize, seed);
            QList<Trial> trials;
            for (int i = 0; i < 30; ++i) {
                const QVariantMap p = *sampler.suggest(trials, i);
                const bool fails = paramX(p, 0) > 0.5;
                if (fails && i >= 10)
                    ++failures;
                trials.append(completed(i, p, fails ? std::nullopt : std::optional<double>(-paramX(p, 0)),
                                        fails ? TrialState::Failed : TrialState::Complete));
            }
        }
        QVERIFY2(failures <= 80, qPrintable(QStringLiteral("%1 of 320 trials failed").arg(failures)));
    }

    void prunedTrialsCount()
    {
        SearchSpace space = boxSpace(1, 0, 1);
        GpSampler sampler(space, Goal::Minimize, 4, {{QStringLiteral("n_startup_trials"), 2}});
        QList<Trial> trials;
        trials.append(completed(0, {{QStringLiteral("x1"), 0.1}}, 1.0));
        trials.append(completed(1, {{QStringLiteral("x1"), 0.9}}, 0.5));
        trials.append(completed(2, {{QStringLiteral("x1"), 0.5}}, 0.2, TrialState::Pruned));
        trials.append(completed(3, {{QStringLiteral("x1"), 0.6}}, std::nullopt, TrialState::Pruned));
        QVERIFY(sampler.suggest(trials, 4));
        QCOMPARE(sampler.lastDiagnostics().observations, 4);
    }

    void unearnedLengthscalesKeepTheCeiling()
    {
        // Values that depend on x0 alone: the fit lets x1's and x2's length scales run away
        // (nothing there to model), which stops the search exploring them. With
        // lengthscale_evidence, a length scale above 2 stays only where the data prefers it by
        // that many nats: not under noise, where a flat x1 and x2 are a guess; yes on exact
        // values, where every pair of points says so.
        const SearchSpace space = boxSpace(3, 0, 1);
        const auto lengthscales = [&](double noise, double evidence) {
            std::uint64_t state = 5;
            const auto f = [&](const QVariantMap &p) {
                state = splitmix64(state);
                const double u = double(state >> 11) * 0x1.0p-53;
                return std::pow(paramX(p, 0) - 0.3, 2) + noise * (u - 0.5);
            };
            GpSampler sampler(space, Goal::Minimize, 3, {{QStringLiteral("lengthscale_evidence"), evidence}});
            runStudy(sampler, f, 30);
            const Eigen::VectorXd l = (-0.5 * sampler.lastDiagnostics().hyperparameters.logInvSqLengthscales.array()).exp();
            return l;
        };
        const auto describe = [](const Eigen::VectorXd &l) {
            return QStringLiteral("%1 %2 %3").arg(l[0]).arg(l[1]).arg(l[2]);
        };
        // Measured: off 0.38 2.1 3.1, on 0.38 2 2.
        const Eigen::VectorXd noisyOff = lengthscales(0.05, 0.0), noisyOn = lengthscales(0.05, 3.0);
        QVERIFY2(noisyOff[1] > 2.05 && noisyOff[2] > 2.05, qPrintable(describe(noisyOff)));
        QVERIFY2(std::abs(noisyOn[1] - 2.0) < 1e-9 && std::abs(noisyOn[2] - 2.0) < 1e-9 && noisyOn[0] < 1.0,
                 qPrintable(describe(noisyOn)));
        // Measured: 0.37 8.0 8.6 with 3 nats; a demand no data meets holds them at 2.
        const Eigen::VectorXd exactOn = lengthscales(0.0, 3.0), exactCapped = lengthscales(0.0, 1e9);
        QVERIFY2(exactOn[1] > 4.0 && exactOn[2] > 4.0, qPrintable(describe(exactOn)));
        QVERIFY2(std::abs(exactCapped[1] - 2.0) < 1e-9 && std::abs(exactCapped[2] - 2.0) < 1e-9,
                 qPrintable(describe(exactCapped)));
    }

    void longLengthscalesDrawnByTheirOdds()
    {
        // lengthscale_sample: each suggestion's model draws every length scale above 2
        // between itself and 2 by their posterior odds, tempered by the option. On values that
        // depend on x0 alone, x1 and x2 run away. Near temperature 0 the odds are even and the
        // draws differ from suggestion to suggestion; at a high one the fitted length scales
        // win every draw. The draw is seeded by the trial number: a sampler asked again, or a
        // fresh one (a resumed study), suggests the same point.
        const SearchSpace space = boxSpace(3, 0, 1);
        const auto f = [](const QVariantMap &p) { return std::pow(paramX(p, 0) - 0.3, 2); };
        GpSampler plain(space, Goal::Minimize, 3);
        const QList<Trial> trials = runStudy(plain, f, 30);
        double shortest = std::numeric_limits<double>::infinity();
        const auto draws = [&](double temperature, int *weighed, int *clamped) {
            GpSampler sampler(space, Goal::Minimize, 3, {{QStringLiteral("lengthscale_sample"), temperature}});
            *weighed = *clamped = 0;
            QList<QVariantMap> suggested;
            for (int number = 30; number < 40; ++number) {
                suggested << *sampler.suggest(trials, number);
                *weighed += sampler.lastDiagnostics().lengthscalesWeighed;
                *clamped += sampler.lastDiagnostics().lengthscalesClamped;
                // A draw holds a length scale at 2, never below.
                const Eigen::VectorXd l = (-0.5 * sampler.lastDiagnostics().hyperparameters.logInvSqLengthscales.array()).exp();
                shortest = std::min({shortest, l[1], l[2]});
            }
            return suggested;
        };
        int weighed = 0, evenClamped = 0, clamped = 0;
        const QList<QVariantMap> even = draws(1e-9, &weighed, &evenClamped);
        QCOMPARE(weighed, 20); // x1 and x2, ten suggestions
        QVERIFY2(evenClamped > 3 && evenClamped < 17, qPrintable(QString::number(evenClamped)));
        const QList<QVariantMap> fitted = draws(1e3, &weighed, &clamped);
        QCOMPARE(weighed, 20);
        QCOMPARE(clamped, 0);
        QVERIFY(fitted != even);
        // The same draws and points from a cold sampler.
        QCOMPARE(draws(1e-9, &weighed, &clamped), even);
        QCOMPARE(clamped, evenClamped);
        QVERIFY2(std::abs(shortest - 2.0) < 1e-9, qPrintable(QString::number(shortest)));
    }

    void spaces_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("1-D") << 1;
        QTest::newRow("20-D") << 20;
        QTest::newRow("categoricals only") << -1;
        QTest::newRow("ints with step and log") << -2;
    }

    void spaces()
    {
        QFETCH(int, kind);
        SearchSpace space;
        std::function<double(const QVariantMap &)> f;
        if (kind > 0) {
            space = boxSpace(kind, -2, 2);
            f = [kind](const QVariantMap &p) {
                double s = 0;
                for (int i = 0; i < kind; ++i)
                    s += std::pow(paramX(p, i) - 0.5, 2);
                return s;
            };
        } else if (kind == -1) {
            space.append(catParam(QStringLiteral("a"), {QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")}));
            space.append(catParam(QStringLiteral("b"), {QStringLiteral("p"), QStringLiteral("q")}));
            space.append(catParam(QStringLiteral("c"), {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("4")}));
            f = [](const QVariantMap &p) {
                return (p.value(QStringLiteral("a")).toString() == QLatin1String("z") ? 0 : 1)
                       + (p.value(QStringLiteral("b")).toString() == QLatin1String("q") ? 0 : 1)
                       + (p.value(QStringLiteral("c")).toString() == QLatin1String("3") ? 0 : 1);
            };
        } else {
            Parameter n = intParam(QStringLiteral("n"), 0, 100);
            n.step = 10;
            space.append(n);
            Parameter w = intParam(QStringLiteral("w"), 1, 1024);
            w.log = true;
            space.append(w);
            space.append(intParam(QStringLiteral("big"), 0, 100000));
            f = [](const QVariantMap &p) {
                return std::abs(p.value(QStringLiteral("n")).toDouble() - 70)
                       + std::abs(std::log2(p.value(QStringLiteral("w")).toDouble()) - 5)
                       + std::abs(p.value(QStringLiteral("big")).toDouble() - 1234) / 1000;
            };
        }
        GpSampler sampler(space, Goal::Minimize, 11);
        const int budget = kind == 20 ? 14 : 22;
        const QList<Trial> trials = runStudy(sampler, f, budget);
        QCOMPARE(trials.size(), budget);
        for (const Trial &t : trials)
            QVERIFY(inSpace(space, t.params));
        if (kind == -1) {
            // Finding the best of 24 combinations in 22 trials proves little (random search
            // does it 22 times in 24, the Sobol design alone on half the seeds); coming back
            // to it does: the model puts 10 of the 22 trials there, a sampler that learnt
            // nothing would put 1 (8 or more: a chance of 2e-6).
            const qsizetype atOptimum = std::count_if(trials.begin(), trials.end(),
                                                      [](const Trial &t) { return *t.value == 0.0; });
            QVERIFY2(atOptimum >= 8, qPrintable(QString::number(atOptimum)));
        }
        if (kind == -2)
            for (const Trial &t : trials)
                QCOMPARE(qRound(t.params.value(QStringLiteral("n")).toDouble()) % 10, 0);
        if (kind == 1) {
            // Every model-based trial lands within 0.032 of the optimum (value below 1e-3), on
            // each of 12 seeds measured; a uniform draw does with probability 0.016, and the
            // Sobol design alone got 1 of 144. (The best value alone, below 1e-4, is reached by
            // the Sobol design on a quarter of the seeds.)
            QVERIFY(bestValue(trials) < 1e-4);
            const qsizetype close = std::count_if(trials.begin() + 10, trials.end(),
                                                  [](const Trial &t) { return *t.value < 1e-3; });
            QVERIFY2(close >= 10, qPrintable(QString::number(close)));
        }
    }
};

QTEST_GUILESS_MAIN(TestGpSampler)
#include "tst_gpsampler.moc"
