#include "samplers/sampler.h"
#include "benchfunctions.h"
#include "space/searchspace.h"

#include <QSet>
#include <QTest>

using namespace tunescope;

namespace {

StudySpec gridSpec(const QString &method, quint64 seed = 3)
{
    const SpecLoadResult r = parseStudySpec(
        "program: p\nmethod: " + method.toUtf8()
            + "\nmetric: {name: loss}\nparameters:\n"
              "  lr: {values: [0.01, 0.001, 0.0001]}\n"
              "  batch_size: {values: [32, 64, 128]}\n"
              "  layers: {min: 1, max: 2}\n"
              "  epochs: {value: 5}\n",
        "grid.yaml");
    StudySpec spec = *r.spec;
    spec.seed = seed;
    return spec;
}

Trial makeTrial(int number, const QVariantMap &params, TrialState state, std::optional<double> value = {})
{
    Trial t;
    t.number = number;
    t.params = params;
    t.state = state;
    t.value = value;
    return t;
}

QString key(const QVariantMap &params)
{
    QStringList parts;
    for (auto it = params.begin(); it != params.end(); ++it)
        parts << it.key() + '=' + paramValueToString(it.value());
    return parts.join(' ');
}

} // namespace

/// The simple samplers: random, grid and random-grid, through createSampler.
class TestSamplers : public QObject
{
    Q_OBJECT

private slots:
    /// The parser's list of methods is the factory's: each one it accepts makes a sampler
    /// that suggests a point of the space, and anything else is refused with the list.
    void everyMethodTheParserAcceptsHasASampler()
    {
        QCOMPARE(studyMethods().size(), 6);
        for (const QString &method : studyMethods()) {
            const StudySpec spec = gridSpec(method);
            QCOMPARE(spec.method, method);
            QString error;
            const auto sampler = createSampler(spec, &error);
            QVERIFY2(sampler, qPrintable(method + QStringLiteral(": ") + error));
            const std::optional<QVariantMap> first = sampler->suggest({}, 0);
            QVERIFY2(first && first->size() == 4 && spec.space.gridIndex(*first), qPrintable(method));
        }
        StudySpec unknown = gridSpec(QStringLiteral("random"));
        unknown.method = QStringLiteral("hillclimb");
        QString error;
        QVERIFY(!createSampler(unknown, &error));
        QVERIFY2(error.contains(studyMethodsText()), qPrintable(error));
        const SpecLoadResult refused = parseStudySpec("program: p\nmethod: hillclimb\nmetric: {name: loss}\n"
                                                      "parameters:\n  x: {min: 0.0, max: 1.0}\n", "m.yaml");
        QVERIFY(!refused.spec);
        QVERIFY2(refused.errors.join(u'\n').contains(studyMethodsText()), qPrintable(refused.errors.join(u'\n')));
    }

    void gridCoversEveryPointOnce_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("grid") << "grid";
        QTest::newRow("random-grid") << "random-grid";
    }
    void gridCoversEveryPointOnce()
    {
        QFETCH(QString, method);
        QString error;
        auto sampler = createSampler(gridSpec(method), &error);
        QVERIFY2(sampler, qPrintable(error));
        QCOMPARE(sampler->capacity().value_or(-1), 18);
        QList<Trial> trials;
        QSet<QString> seen;
        for (int n = 0; n < 18; ++n) {
            const auto params = sampler->suggest(trials, n);
            QVERIFY(params);
            QCOMPARE(params->value("epochs").toLongLong(), 5);
            QVERIFY2(!seen.contains(key(*params)), qPrintable(key(*params)));
            seen.insert(key(*params));
            // Suggested while earlier ones still run: parallel workers must not collide.
            trials.append(makeTrial(n, *params, n % 3 == 0 ? TrialState::Running : TrialState::Complete, 1.0));
        }
        QCOMPARE(seen.size(), 18);
        QVERIFY(!sampler->suggest(trials, 18));
    }

    void gridOrderIsSequential()
    {
        QString error;
        auto sampler = createSampler(gridSpec("grid"), &error);
        const auto first = sampler->suggest({}, 0);
        QCOMPARE(first->value("lr").toDouble(), 0.01);
        QCOMPARE(first->value("batch_size").toLongLong(), 32);
        QCOMPARE(first->value("layers").toLongLong(), 1);
    }

    void gridResumesWithoutLossOrRepeat()
    {
        // A first process ran 7 trials, two of which were interrupted by a crash and one
        // failed on its own. A fresh sampler (a resumed study) must redo the interrupted ones,
        // not the failed one, and finish the grid.
        QString error;
        auto first = createSampler(gridSpec("random-grid"), &error);
        QList<Trial> trials;
        for (int n = 0; n < 7; ++n) {
            Trial t = makeTrial(n, *first->suggest(trials, n), TrialState::Complete, 0.5);
            if (n == 2 || n == 5) {
                t.state = TrialState::Failed;
                t.reason = interruptedReason;
            } else if (n == 3) {
                t.state = TrialState::Failed;
                t.reason = QStringLiteral("exited with code 1");
            }
            trials.append(t);
        }
        QList<Trial> counted;
        for (const Trial &t : trials) {
            if (!isInterrupted(t))
                counted.append(t);
        }
        auto resumed = createSampler(gridSpec("random-grid"), &error);
        QSet<QString> done;
        for (const Trial &t : counted)
            done.insert(key(t.params));
        int n = 7;
        while (auto params = resumed->suggest(counted, n)) {
            QVERIFY2(!done.contains(key(*params)), qPrintable(key(*params)));
            done.insert(key(*params));
            counted.append(makeTrial(n++, *params, TrialState::Complete, 0.1));
        }
        QCOMPARE(done.size(), 18);
        QCOMPARE(counted.size(), 18);
        // The interrupted points are among those redone.
        QVERIFY(done.contains(key(trials[2].params)));
        QVERIFY(done.contains(key(trials[5].params)));
    }

    void randomGridIsSeededShuffle()
    {
        QString error;
        auto a = createSampler(gridSpec("random-grid", 1), &error);
        auto b = createSampler(gridSpec("random-grid", 1), &error);
        auto c = createSampler(gridSpec("random-grid", 2), &error);
        auto ordered = createSampler(gridSpec("grid", 1), &error);
        QList<Trial> ta, tc, to;
        QStringList seqA, seqC, seqOrdered;
        for (int n = 0; n < 18; ++n) {
            const auto pa = a->suggest(ta, n), pc = c->suggest(tc, n), po = ordered->suggest(to, n);
            QCOMPARE(key(*b->suggest(ta, n)), key(*pa));
            seqA << key(*pa);
            seqC << key(*pc);
            seqOrdered << key(*po);
            ta.append(makeTrial(n, *pa, TrialState::Complete, 0));
            tc.append(makeTrial(n, *pc, TrialState::Complete, 0));
            to.append(makeTrial(n, *po, TrialState::Complete, 0));
        }
        QVERIFY(seqA != seqC);
        QVERIFY(seqA != seqOrdered);
    }

    void randomGridSubsetIsRandom()
    {
        // With a budget below the grid size, random-grid samples a random subset: across
        // seeds the first 4 points differ, unlike grid which always starts at the corner.
        QSet<QString> firsts;
        for (quint64 seed = 0; seed < 10; ++seed) {
            QString error;
            auto s = createSampler(gridSpec("random-grid", seed), &error);
            firsts.insert(key(*s->suggest({}, 0)));
        }
        QVERIFY(firsts.size() >= 5);
    }

    void hugeGridDrawsWithoutRepeats()
    {
        StudySpec spec = gridSpec("random-grid");
        Parameter big;
        big.name = QStringLiteral("units");
        big.type = Parameter::Type::Int;
        big.low = 1;
        big.high = 10'000'000;
        big.step = 1;
        spec.space.append(big);
        QString error;
        auto sampler = createSampler(spec, &error);
        QVERIFY2(sampler, qPrintable(error));
        QCOMPARE(*sampler->capacity(), qint64(18) * 10'000'000);
        QList<Trial> trials;
        QSet<QString> seen;
        for (int n = 0; n < 200; ++n) {
            const auto p = sampler->suggest(trials, n);
            QVERIFY(!seen.contains(key(*p)));
            seen.insert(key(*p));
            trials.append(makeTrial(n, *p, TrialState::Complete, 0));
        }
    }

    void gridRefusesContinuous()
    {
        const SpecLoadResult r = parseStudySpec(
            "program: p\nmethod: grid\nmetric: {name: loss}\nparameters:\n  lr: {distribution: log_uniform_values, min: 1e-4, max: 0.1}\n",
            "g.yaml");
        QString error;
        QVERIFY(!createSampler(*r.spec, &error));
        QVERIFY2(error.contains("parameters.lr") && error.contains("continuous"), qPrintable(error));
    }

    void randomIsSeededAndInRange()
    {
        const SpecLoadResult r = parseStudySpec(
            "program: p\nmethod: random\nmetric: {name: loss}\nparameters:\n"
            "  lr: {distribution: log_uniform_values, min: 1e-4, max: 0.1}\n"
            "  units: {distribution: int_uniform, min: 16, max: 256, q: 16}\n"
            "  opt: {values: [sgd, adam]}\n",
            "r.yaml");
        StudySpec spec = *r.spec;
        spec.seed = 11;
        QString error;
        auto a = createSampler(spec, &error);
        auto b = createSampler(spec, &error);
        spec.seed = 12;
        auto c = createSampler(spec, &error);
        int differ = 0;
        for (int n = 0; n < 100; ++n) {
            const QVariantMap pa = *a->suggest({}, n);
            QCOMPARE(key(*b->suggest({}, n)), key(pa));
            differ += key(*c->suggest({}, n)) != key(pa);
            const double lr = pa.value("lr").toDouble();
            QVERIFY(lr >= 1e-4 && lr <= 0.1);
            QCOMPARE(pa.value("units").typeId(), int(QMetaType::LongLong));
            QCOMPARE(pa.value("units").toLongLong() % 16, 0);
            QVERIFY(pa.value("opt").toString() == "sgd" || pa.value("opt").toString() == "adam");
        }
        QVERIFY(differ > 90);
        QCOMPARE(createSampler(spec, &error)->capacity(), std::optional<qint64>());
    }

    void methodOptionsAreChecked_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::newRow("bayes, known") << "bayes" << "n_startup_trials" << QVariant(5) << "";
        QTest::newRow("bayes, unknown")
            << "bayes" << "local_every_n" << QVariant(2) << "method_options.local_every_n: not an option of method bayes";
        QTest::newRow("bayes, not a number")
            << "bayes" << "min_noise" << QVariant("tiny") << "method_options.min_noise: must be a number";
        QTest::newRow("bayes, below minimum")
            << "bayes" << "n_startup_trials" << QVariant(0) << "method_options.n_startup_trials: must be >= 1";
        QTest::newRow("bayes, above maximum")
            << "bayes" << "candidate_sets" << QVariant(17) << "method_options.candidate_sets: must be <= 16";
        QTest::newRow("bayes, at maximum") << "bayes" << "candidate_sets" << QVariant(16) << "";
        QTest::newRow("tpe, known") << "tpe" << "gamma_factor" << QVariant(0.1) << "";
        QTest::newRow("tpe, Optuna's spelling of another sampler's option")
            << "tpe" << "n_preliminary_samples" << QVariant(10) << "method_options.n_preliminary_samples: not an option of method tpe";
        QTest::newRow("tpe, fraction for an integer")
            << "tpe" << "n_ei_candidates" << QVariant(2.5) << "method_options.n_ei_candidates: must be an integer";
        QTest::newRow("tpe, not a boolean")
            << "tpe" << "multivariate" << QVariant("sometimes") << "method_options.multivariate: must be true or false";
    }

    void methodOptionsAreChecked()
    {
        // A setting the sampler would not apply is refused with its key path, never ignored.
        QFETCH(QString, method);
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QFETCH(QString, error);
        StudySpec spec;
        spec.method = method;
        spec.space = bench::boxSpace(1, 0, 1);
        spec.metrics.append(MetricSpec{QStringLiteral("loss"), Goal::Minimize, false});
        spec.methodOptions.insert(key, value);
        QString why;
        const auto sampler = createSampler(spec, &why);
        if (error.isEmpty()) {
            QVERIFY2(sampler, qPrintable(why));
        } else {
            QVERIFY(!sampler);
            QVERIFY2(why.startsWith(error), qPrintable(why));
        }
    }

    void unknownMethod()
    {
        StudySpec spec = gridSpec("grid");
        spec.method = QStringLiteral("annealing");
        QString error;
        QVERIFY(!createSampler(spec, &error));
        QVERIFY(error.contains("unknown method 'annealing'"));
    }
};

QTEST_GUILESS_MAIN(TestSamplers)
#include "tst_samplers.moc"
