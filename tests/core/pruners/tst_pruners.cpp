#include "pruners/ashapruner.h"
#include "pruners/hyperbandpruner.h"
#include "pruners/medianpruner.h"
#include "pruners/medianstoppruner.h"
#include "pruners/wandbhyperbandpruner.h"
#include "storage/storage.h"
#include "execution/studyrunner.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {

using Curve = QList<double>; // values at steps 1, 2, 3 ... (NaN = reported NaN)

Trial trialWithCurve(int number, TrialState state, const Curve &curve, qint64 firstStep = 1)
{
    Trial t;
    t.number = number;
    t.state = state;
    QList<MetricPoint> points;
    for (qsizetype i = 0; i < curve.size(); ++i)
        points.append({firstStep + i, curve.at(i)});
    t.intermediate.insert(QStringLiteral("loss"), points);
    if (!curve.isEmpty())
        t.value = curve.last();
    return t;
}

QList<Trial> completed(const QList<Curve> &curves)
{
    QList<Trial> out;
    for (qsizetype i = 0; i < curves.size(); ++i)
        out.append(trialWithCurve(int(i), TrialState::Complete, curves.at(i)));
    return out;
}

} // namespace

/// Pruner decisions on hand-written tables of intermediate values, and a real trial pruned.
class TestPruners : public QObject
{
    Q_OBJECT

private slots:
    void median_data()
    {
        QTest::addColumn<QList<Curve>>("others");
        QTest::addColumn<Curve>("current");
        QTest::addColumn<int>("startupTrials");
        QTest::addColumn<int>("warmupSteps");
        QTest::addColumn<bool>("prune");
        const QList<Curve> five{{5, 4, 3}, {5, 4, 2}, {6, 5, 4}, {4, 3, 2}, {7, 6, 5}};
        QTest::newRow("worse than median") << five << Curve{8, 7} << 5 << 0 << true;
        QTest::newRow("better than median") << five << Curve{4, 3.5} << 5 << 0 << false;
        QTest::newRow("tie with median is kept") << five << Curve{9, 4} << 5 << 0 << false; // median at step 2 is 4
        QTest::newRow("best so far counts, not the last") << five << Curve{3, 9} << 5 << 0 << false;
        QTest::newRow("too few completed trials") << five.mid(0, 4) << Curve{9, 9} << 5 << 0 << false;
        QTest::newRow("startup 0") << five.mid(0, 1) << Curve{9, 9} << 0 << 0 << true;
        QTest::newRow("warm-up") << five << Curve{9, 9} << 5 << 3 << false;
        QTest::newRow("step nobody reached") << five << Curve{9, 9, 9, 9} << 5 << 0 << false;
        QTest::newRow("NaN only") << five << Curve{qQNaN(), qQNaN()} << 5 << 0 << true;
        QTest::newRow("NaN among others ignored") << QList<Curve>{{5, qQNaN()}, {5, 4}, {5, 4}, {5, 2}, {5, 6}} << Curve{9, 4.5}
                                                  << 5 << 0 << true; // median of 4, 4, 2, 6 is 4
        QTest::newRow("missing steps") << QList<Curve>{{5}, {5}, {5}, {5}, {5, 1}} << Curve{9, 2} << 5 << 0 << true;
    }
    void median()
    {
        QFETCH(QList<Curve>, others);
        QFETCH(Curve, current);
        QFETCH(int, startupTrials);
        QFETCH(int, warmupSteps);
        QFETCH(bool, prune);
        MedianPruner::Options o;
        o.startupTrials = startupTrials;
        o.warmupSteps = warmupSteps;
        MedianPruner pruner("loss", Goal::Minimize, o);
        const Trial t = trialWithCurve(99, TrialState::Running, current);
        const PruneDecision d = pruner.decide(t, completed(others));
        QCOMPARE(d.prune, prune);
        if (prune)
            QVERIFY2(d.reason.startsWith(QStringLiteral("pruned at step %1 by median").arg(current.size())), qPrintable(d.reason));
    }

    void medianMaximizes()
    {
        MedianPruner pruner("loss", Goal::Maximize, {});
        const QList<Trial> others = completed({{0.5, 0.6}, {0.5, 0.7}, {0.5, 0.8}, {0.5, 0.9}, {0.5, 0.95}});
        QVERIFY(pruner.decide(trialWithCurve(9, TrialState::Running, {0.1, 0.3}), others).prune);
        QVERIFY(!pruner.decide(trialWithCurve(9, TrialState::Running, {0.1, 0.85}), others).prune);
    }

    void asha_data()
    {
        QTest::addColumn<QList<Curve>>("others");
        QTest::addColumn<Curve>("current");
        QTest::addColumn<bool>("prune");
        // Rungs at steps 1, 3, 9 (min_resource 1, eta 3).
        QTest::newRow("first trial goes on") << QList<Curve>{} << Curve{5} << false;
        QTest::newRow("best of 3 goes on") << QList<Curve>{{2}, {3}} << Curve{1} << false;
        QTest::newRow("not in the top third of 3") << QList<Curve>{{2}, {3}} << Curve{2.5} << true;
        QTest::newRow("tie with the cut goes on") << QList<Curve>{{2}, {3}} << Curve{2} << false;
        QTest::newRow("top third of 6") << QList<Curve>{{1}, {2}, {3}, {4}, {5}} << Curve{1.5} << false;
        QTest::newRow("third of 6") << QList<Curve>{{1}, {2}, {3}, {4}, {5}} << Curve{2.5} << true;
        QTest::newRow("between rungs: no decision") << QList<Curve>{{1, 1}, {1, 1}} << Curve{0.5, 9} << false;
        QTest::newRow("rung 3") << QList<Curve>{{1, 1, 1}, {1, 1, 2}} << Curve{0.5, 0.5, 3} << true;
        QTest::newRow("NaN at rung") << QList<Curve>{{1}} << Curve{qQNaN()} << true;
        QTest::newRow("others with NaN ignored") << QList<Curve>{{qQNaN()}, {qQNaN()}} << Curve{7} << false;
    }
    void asha()
    {
        QFETCH(QList<Curve>, others);
        QFETCH(Curve, current);
        QFETCH(bool, prune);
        AshaPruner pruner("loss", Goal::Minimize, {});
        QCOMPARE(pruner.rungStep(2), 9.0);
        QList<Trial> trials;
        for (qsizetype i = 0; i < others.size(); ++i)
            trials.append(trialWithCurve(int(i), i % 2 ? TrialState::Running : TrialState::Pruned, others.at(i)));
        QCOMPARE(pruner.decide(trialWithCurve(99, TrialState::Running, current), trials).prune, prune);
    }

    void ashaNeverDemotes()
    {
        // Passed rung 1 when it was alone; later, better trials arrive. At step 2 (no rung)
        // it is not judged again.
        AshaPruner pruner("loss", Goal::Minimize, {});
        const QList<Trial> later = completed({{0.1, 0.1}, {0.2, 0.2}, {0.3, 0.3}});
        QVERIFY(!pruner.decide(trialWithCurve(99, TrialState::Running, {5, 5}), later).prune);
    }

    void ashaStepsNotOnTheRung()
    {
        // Reports every 2 steps (2, 4, 6...): rung 3 is judged with the value at step 4.
        AshaPruner pruner("loss", Goal::Minimize, {});
        const QList<Trial> others{trialWithCurve(0, TrialState::Complete, {1, 1, 1}, 2), trialWithCurve(1, TrialState::Complete, {1, 1, 1}, 2)};
        Trial t = trialWithCurve(5, TrialState::Running, {0.5, 4}, 2);
        const PruneDecision d = pruner.decide(t, others);
        QVERIFY(d.prune);
        QVERIFY2(d.reason.contains("rung 3"), qPrintable(d.reason));
    }

    void hyperbandBrackets()
    {
        HyperbandPruner::Options o;
        o.minResource = 1;
        o.maxResource = 27;
        o.reductionFactor = 3;
        HyperbandPruner pruner("loss", Goal::Minimize, o);
        QCOMPARE(pruner.bracketCount(), 4);
        QList<int> counts(4, 0);
        for (int n = 0; n < 4000; ++n)
            counts[pruner.bracketOf(n)]++;
        // Bracket 0 (most aggressive) gets the most trials, as Hyperband's n_i says (27, 12, 6, 4).
        QVERIFY(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > counts[3]);
        QVERIFY(std::abs(counts[0] / 4000.0 - 27.0 / 49) < 0.04);
        // Trials compete only within their bracket: a bad trial alone in its bracket goes on.
        int a = 0, b = 1;
        while (pruner.bracketOf(b) == pruner.bracketOf(a) || pruner.bracketOf(a) != 0)
            (pruner.bracketOf(a) != 0 ? a : b)++;
        const QList<Trial> others{trialWithCurve(b, TrialState::Complete, {0.1, 0.1, 0.1})};
        QVERIFY(!pruner.decide(trialWithCurve(a, TrialState::Running, {9}), others).prune);
    }

    void wandbHyperbandBands_data()
    {
        QTest::addColumn<QVariantMap>("config");
        QTest::addColumn<QList<qint64>>("bands");
        // hyperband_stopping.py: max_iter / eta^k for k = 1..s while >= 1, as ints, sorted;
        // or min_iter * eta^k upwards.
        QTest::newRow("max_iter 27, s 2") << QVariantMap{{"type", "hyperband"}, {"max_iter", qlonglong(27)}, {"s", qlonglong(2)}}
                                          << QList<qint64>{3, 9};
        QTest::newRow("max_iter 81, s 3") << QVariantMap{{"type", "hyperband"}, {"max_iter", qlonglong(81)}, {"s", qlonglong(3)}}
                                          << QList<qint64>{3, 9, 27};
        QTest::newRow("max_iter 5, eta 2, s 2") << QVariantMap{{"type", "hyperband"}, {"max_iter", qlonglong(5)}, {"s", qlonglong(2)}, {"eta", qlonglong(2)}}
                                                << QList<qint64>{1, 2};
        QTest::newRow("max_iter 10, s 5 (stops below 1)") << QVariantMap{{"type", "hyperband"}, {"max_iter", qlonglong(10)}, {"s", qlonglong(5)}}
                                                          << QList<qint64>{1, 3};
        QTest::newRow("min_iter 3") << QVariantMap{{"type", "hyperband"}, {"min_iter", qlonglong(3)}} << QList<qint64>{3, 9, 27, 81};
        QTest::newRow("min_iter 2, eta 2.5") << QVariantMap{{"type", "hyperband"}, {"min_iter", qlonglong(2)}, {"eta", 2.5}}
                                             << QList<qint64>{2, 5, 12, 31};
    }
    void wandbHyperbandBands()
    {
        QFETCH(QVariantMap, config);
        QFETCH(QList<qint64>, bands);
        StudySpec spec;
        spec.metrics = {MetricSpec{"loss", Goal::Minimize, false}};
        spec.earlyTerminate = config;
        QString error;
        const auto pruner = createPruner(spec, &error);
        const auto *w = dynamic_cast<const WandbHyperbandPruner *>(pruner.get());
        QVERIFY2(w, qPrintable(error));
        const std::vector<qint64> &got = w->bands();
        QVERIFY(got.size() >= size_t(bands.size()));
        for (qsizetype i = 0; i < bands.size(); ++i)
            QCOMPARE(got[size_t(i)], bands.at(i));
        if (config.contains("max_iter"))
            QCOMPARE(got.size(), size_t(bands.size()));
    }

    void wandbHyperbandStops()
    {
        // The doctest of hyperband_stop_runs (max_iter 5, eta 2, s 2: bands 1 and 2), and a
        // run g whose value at band 2 is poor but whose best is good. Thresholds, over every
        // run with a history: band 1: sorted 10s [int(6 / 2)] = 10; band 2: sorted
        // {9, 10, 8, 7, 6, 9.5}[3] = 9.
        const QList<Trial> runs{trialWithCurve(0, TrialState::Complete, {10, 9}), trialWithCurve(1, TrialState::Running, {10, 10}),
                                trialWithCurve(2, TrialState::Running, {10, 8, 8}), trialWithCurve(3, TrialState::Running, {10, 7, 7}),
                                trialWithCurve(4, TrialState::Complete, {10, 6, 6}), trialWithCurve(6, TrialState::Running, {10, 9.5, 4})};
        for (const bool strict : {true, false}) {
            WandbHyperbandPruner::Options o;
            o.maxIter = 5;
            o.s = 2;
            o.eta = 2;
            o.strict = strict;
            const WandbHyperbandPruner pruner("loss", Goal::Minimize, o);
            QVERIFY(pruner.decide(runs.at(1), runs).prune);   // b: 10 > 9, either way
            QVERIFY(!pruner.decide(runs.at(2), runs).prune);  // c: 8
            QVERIFY(!pruner.decide(runs.at(3), runs).prune);  // d: 7
            // g: strict looks at its value at band 2 (9.5 > 9), not strict at its best (4).
            QCOMPARE(pruner.decide(runs.at(5), runs).prune, strict);
        }
        // Maximized values turn around: the same table negated keeps the same decisions.
        QList<Trial> negated = runs;
        for (Trial &t : negated) {
            for (MetricPoint &p : t.intermediate["loss"])
                p.value = -p.value;
        }
        WandbHyperbandPruner::Options o;
        o.maxIter = 5;
        o.s = 2;
        o.eta = 2;
        const WandbHyperbandPruner maximizing("loss", Goal::Maximize, o);
        QVERIFY(maximizing.decide(negated.at(1), negated).prune);
        QVERIFY(!maximizing.decide(negated.at(2), negated).prune);
        QVERIFY(maximizing.decide(negated.at(5), negated).prune);
        // Bands count reports, not steps: a run that reported once is at band 1 (threshold 10),
        // whatever its step.
        const WandbHyperbandPruner minimizing("loss", Goal::Minimize, o);
        QVERIFY(!minimizing.decide(trialWithCurve(7, TrialState::Running, {10}, 40), runs).prune);
        QVERIFY(minimizing.decide(trialWithCurve(7, TrialState::Running, {11}, 40), runs).prune);
    }

    void nniMedianstop_data()
    {
        QTest::addColumn<bool>("maximize");
        QTest::addColumn<int>("startStep");
        QTest::addColumn<Curve>("current");
        QTest::addColumn<bool>("prune");
        // Completed: [0.5, 0.6, 0.7], [0.3, 0.4, 0.5], [0.8, 0.8, 0.9]; their running averages
        // at 2 reports: 0.55, 0.35, 0.8. NNI's median: sorted[(n - 1) // 2] = 0.55 when higher
        // is better, sorted[n // 2] = 0.55 when lower is.
        QTest::newRow("max: best 0.45 < 0.55") << true << 0 << Curve{0.35, 0.45} << true;
        QTest::newRow("max: best 0.6") << true << 0 << Curve{0.6, 0.5} << false;
        QTest::newRow("max: before start_step") << true << 3 << Curve{0.35, 0.45} << false;
        QTest::newRow("min: best 0.35") << false << 0 << Curve{0.35, 0.45} << false;
        QTest::newRow("min: best 0.7 > 0.55") << false << 0 << Curve{0.7, 0.9} << true;
        QTest::newRow("min: a tie is kept") << false << 0 << Curve{0.55, 0.6} << false;
    }
    void nniMedianstop()
    {
        QFETCH(bool, maximize);
        QFETCH(int, startStep);
        QFETCH(Curve, current);
        QFETCH(bool, prune);
        const QList<Trial> done = completed({{0.5, 0.6, 0.7}, {0.3, 0.4, 0.5}, {0.8, 0.8, 0.9}});
        const MedianStopPruner pruner("loss", maximize ? Goal::Maximize : Goal::Minimize, startStep);
        QCOMPARE(pruner.decide(trialWithCurve(9, TrialState::Running, current), done).prune, prune);
    }

    void configuration_data()
    {
        QTest::addColumn<QVariantMap>("config");
        QTest::addColumn<QString>("expected"); // pruner name or an error prefix
        QTest::newRow("median") << QVariantMap{{"type", "median"}, {"n_startup_trials", qlonglong(3)}} << "median";
        QTest::newRow("asha") << QVariantMap{{"type", "asha"}, {"min_resource", qlonglong(2)}, {"reduction_factor", qlonglong(4)}} << "asha";
        QTest::newRow("wandb hyperband min_iter") << QVariantMap{{"type", "hyperband"}, {"min_iter", qlonglong(3)}, {"eta", qlonglong(3)}} << "hyperband";
        QTest::newRow("wandb hyperband max_iter s") << QVariantMap{{"type", "hyperband"}, {"max_iter", qlonglong(27)}, {"s", qlonglong(2)}}
                                                  << "hyperband";
        QTest::newRow("wandb strict") << QVariantMap{{"type", "hyperband"}, {"min_iter", qlonglong(3)}, {"strict", false}} << "hyperband";
        QTest::newRow("strict not boolean") << QVariantMap{{"type", "hyperband"}, {"min_iter", qlonglong(3)}, {"strict", "yes"}}
                                            << "early_terminate.strict: must be true or false";
        QTest::newRow("wandb keys with ours") << QVariantMap{{"type", "hyperband"}, {"min_resource", qlonglong(1)}, {"max_resource", qlonglong(9)}, {"strict", true}}
                                              << "early_terminate.strict: is W&B's hyperband's";
        QTest::newRow("wandb no band") << QVariantMap{{"type", "hyperband"}, {"max_iter", qlonglong(2)}, {"s", qlonglong(1)}}
                                       << "early_terminate: gives no band";
        QTest::newRow("wandb eta") << QVariantMap{{"type", "hyperband"}, {"min_iter", qlonglong(2)}, {"eta", 1.0}} << "early_terminate.eta: must be > 1";
        QTest::newRow("medianstop") << QVariantMap{{"type", "medianstop"}, {"start_step", qlonglong(5)}} << "medianstop";
        QTest::newRow("medianstop mode") << QVariantMap{{"type", "medianstop"}, {"optimize_mode", "upwards"}}
                                         << "early_terminate.optimize_mode: must be maximize or minimize";
        QTest::newRow("hyperband range") << QVariantMap{{"type", "hyperband"}, {"min_resource", qlonglong(1)}, {"max_resource", qlonglong(81)}}
                                         << "hyperband";
        QTest::newRow("unknown type") << QVariantMap{{"type", "patience"}} << "early_terminate.type: unknown pruner 'patience'";
        QTest::newRow("eta too small") << QVariantMap{{"type", "asha"}, {"eta", 1.0}} << "early_terminate.eta: must be >= 2";
        QTest::newRow("typo") << QVariantMap{{"type", "median"}, {"n_startup", qlonglong(3)}} << "early_terminate.n_startup: unknown key";
        QTest::newRow("not a number") << QVariantMap{{"type", "asha"}, {"min_iter", "three"}} << "early_terminate.min_iter: must be a number";
    }
    void configuration()
    {
        QFETCH(QVariantMap, config);
        QFETCH(QString, expected);
        StudySpec spec;
        spec.metrics = {MetricSpec{"loss", Goal::Minimize, false}};
        spec.earlyTerminate = config;
        QString error;
        auto pruner = createPruner(spec, &error);
        if (pruner)
            QCOMPARE(pruner->name(), expected);
        else
            QVERIFY2(error.startsWith(expected), qPrintable(error));
    }

    void specLoaderRejectsBadEarlyTerminate()
    {
        const SpecLoadResult r = parseStudySpec("program: p\nmethod: random\nmetric: {name: m}\nparameters: {x: {min: 0.0, max: 1.0}}\n"
                                                "early_terminate: {type: hyperband, min_iter: 0}\n", "s.yaml");
        QVERIFY(!r.spec);
        QVERIFY2(r.errors.join('|').contains("s.yaml: early_terminate.min_iter: must be >="), qPrintable(r.errors.join('|')));
    }

    void realTrialIsPrunedMidRun()
    {
        // Trials print loss for 20 steps, 0.05 s apart; x decides how good they are. With ASHA
        // at rungs 1, 3, 9 the bad ones stop early, keep what they reported and free their slot.
        QTemporaryDir dir;
        const SpecLoadResult r = parseStudySpec(
            "name: p\nprogram: sh\ncommand: [\"/bin/sh\", \"-c\", \"x=${1#--x=}; i=1; while [ $i -le 20 ]; do echo step=$i loss=$x; "
            "i=$((i+1)); sleep 0.05; done\", \"sh\", \"${args}\"]\n"
            "method: grid\nmetric: {name: loss}\nparameters: {x: {values: [1, 5, 2, 6, 3, 7, 8, 9]}}\n"
            "early_terminate: {type: asha, min_resource: 1, reduction_factor: 3}\nparallel: 1\n",
            "p.yaml");
        QVERIFY2(r.spec, qPrintable(r.errors.join('\n')));
        StudySpec spec = *r.spec;
        spec.workingDirectory = dir.path();
        QString error;
        auto store = Storage::open(dir.filePath("p.db"), &error);
        RunOptions options;
        options.killGraceMs = 1000;
        StudyRunner runner(spec, store.get(), options);
        QVERIFY2(runner.prepare(&error), qPrintable(error));
        QSignalSpy done(&runner, &StudyRunner::finished);
        runner.start();
        QVERIFY(done.wait(60000));
        const QList<Trial> trials = *store->trials(runner.studyId(), true);
        QCOMPARE(trials.size(), 8);
        int pruned = 0;
        for (const Trial &t : trials) {
            const QList<MetricPoint> loss = t.intermediate.value("loss");
            if (t.state == TrialState::Pruned) {
                ++pruned;
                QVERIFY2(t.reason.startsWith("pruned at step"), qPrintable(t.reason));
                QVERIFY(loss.size() < 20);
                QVERIFY(!loss.isEmpty());
                QCOMPARE(*t.value, loss.last().value);
            } else {
                QCOMPARE(t.state, TrialState::Complete);
                QCOMPARE(loss.size(), 20);
            }
        }
        // x=1 is the first trial and the best: it must complete; 5 (second) loses at rung 1.
        QCOMPARE(trials[0].state, TrialState::Complete);
        QCOMPARE(trials[1].state, TrialState::Pruned);
        QVERIFY(pruned >= 4);
    }
};

QTEST_GUILESS_MAIN(TestPruners)
#include "tst_pruners.moc"
