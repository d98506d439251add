#include "samplers/gp/acquisition.h"
#include "samplers/gp/costmodel.h"
#include "samplers/gp/gpsampler.h"
#include "samplers/sampler.h"
#include "samplers/tpesampler.h"
#include "space/studyspec.h"

#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {

/// One parameter x in [0, 1].
SearchSpace lineSpace()
{
    Parameter p;
    p.name = QStringLiteral("x");
    p.type = Parameter::Type::Float;
    p.low = 0.0;
    p.high = 1.0;
    SearchSpace space;
    space.append(p);
    return space;
}

/// Complete trials on a value symmetric about x = 0.5 (two equal minima at 0.2 and 0.8), each
/// with a run time of exp(3x) seconds: the two minima are equally promising, the left one
/// 6 times cheaper.
QList<Trial> symmetricTrials(bool withRunTimes,
                             const std::vector<double> &xs = {0.05, 0.95, 0.15, 0.85, 0.3, 0.7, 0.5, 0.4, 0.6, 0.25, 0.75, 0.0, 1.0})
{
    QList<Trial> trials;
    int number = 0;
    for (double x : xs) {
        Trial t;
        t.number = number++;
        t.state = TrialState::Complete;
        t.params = {{QStringLiteral("x"), x}};
        t.value = std::min(std::pow(x - 0.2, 2), std::pow(x - 0.8, 2));
        if (withRunTimes)
            t.usage.runSeconds = std::exp(3.0 * x);
        trials << t;
    }
    return trials;
}

/// 20 trials in mirrored pairs: TPE's good group (the best 4) is 0.15, 0.85, 0.25 and 0.75,
/// as many on each side.
QList<Trial> mirroredTrials(bool withRunTimes)
{
    return symmetricTrials(withRunTimes, {0.05, 0.95, 0.15, 0.85, 0.3, 0.7, 0.4, 0.6, 0.25, 0.75,
                                          0.0, 1.0, 0.35, 0.65, 0.45, 0.55, 0.1, 0.9, 0.02, 0.98});
}

} // namespace

/// cost_aware (issue 20): the study file key, and EI per unit cost from a second GP on log run
/// time.
class TestCostAware : public QObject
{
    Q_OBJECT

private slots:
    void keyParsed_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("bayes") << "bayes";
        QTest::newRow("tpe") << "tpe";
    }
    void keyParsed()
    {
        QFETCH(QString, method);
        const SpecLoadResult r = parseStudySpec(QStringLiteral("name: c\nprogram: t.py\nmethod: %1\nmetric: {name: loss}\ncost_aware: true\n"
                                                               "method_options: {n_startup_trials: 4}\nparameters:\n  x: {min: 0.0, max: 1.0}\n")
                                                    .arg(method)
                                                    .toUtf8(),
                                                "c.yaml");
        QVERIFY2(r.spec, qPrintable(r.errors.join('\n')));
        QVERIFY(r.spec->costAware);
        QVERIFY(!r.spec->methodOptions.contains(QStringLiteral("cost_aware"))); // one place for it
        // Written back by the form's writer, and read again.
        const QByteArray text = studySpecToYaml(*r.spec);
        QVERIFY2(text.contains("cost_aware: true"), text.constData());
        QVERIFY2(!text.contains("method_options: {cost_aware") && !text.contains("  cost_aware"), text.constData()); // a key of its own
        const SpecLoadResult again = parseStudySpec(text, "again.yaml");
        QVERIFY2(again.spec, qPrintable(again.errors.join('\n')));
        QVERIFY(again.spec->costAware);
        // The sampler gets it.
        QString error;
        std::unique_ptr<Sampler> sampler = createSampler(*r.spec, &error);
        QVERIFY2(sampler, qPrintable(error));
        if (method == QLatin1String("bayes")) {
            auto *gp = dynamic_cast<GpSampler *>(sampler.get());
            QVERIFY(gp && gp->isCostAware());
        } else {
            auto *tpe = dynamic_cast<TpeSampler *>(sampler.get());
            QVERIFY(tpe && tpe->isCostAware());
        }
    }

    void keyRefusedByPath_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("random") << "random" << "true" << "cost_aware: only methods bayes and tpe";
        QTest::newRow("grid") << "grid" << "true" << "cost_aware: only methods bayes and tpe";
        QTest::newRow("sobol") << "sobol" << "true" << "cost_aware: only methods bayes and tpe";
        QTest::newRow("random-grid") << "random-grid" << "true" << "cost_aware: only methods bayes and tpe";
        QTest::newRow("not a boolean") << "bayes" << "sometimes" << "cost_aware:";
        QTest::newRow("misspelled") << "bayes" << "" << "cost_awre";
        QTest::newRow("under method_options (bayes)") << "bayes" << "method_options" << "method_options.cost_aware: is a key of its own: write cost_aware: true";
        QTest::newRow("under method_options (tpe)") << "tpe" << "method_options" << "method_options.cost_aware: is a key of its own";
        QTest::newRow("tpe, not multivariate") << "tpe" << "univariate" << "cost_aware: tpe weighs a whole configuration's cost";
    }

    void keyRefusedByPath()
    {
        QFETCH(QString, method);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        const QString key = value.isEmpty()                            ? QStringLiteral("cost_awre: true")
                            : value == QLatin1String("method_options") ? QStringLiteral("method_options: {cost_aware: true}")
                            : value == QLatin1String("univariate")     ? QStringLiteral("cost_aware: true\nmethod_options: {multivariate: false}")
                                                                       : QStringLiteral("cost_aware: %1").arg(value);
        const QString text = QStringLiteral("name: c\nprogram: t.py\nmethod: %1\nmetric: {name: loss}\n%2\n"
                                            "parameters:\n  x: {values: [0.1, 0.2]}\n")
                                 .arg(method, key);
        const SpecLoadResult r = parseStudySpec(text.toUtf8(), "c.yaml");
        QVERIFY(!r.spec);
        QVERIFY2(r.errors.join('\n').contains(expected), qPrintable(r.errors.join('\n')));
    }

    void tpeWithoutTheKeyStillLoads()
    {
        const SpecLoadResult r = parseStudySpec("name: c\nprogram: t.py\nmethod: tpe\nmetric: {name: loss}\ncost_aware: false\n"
                                                "parameters:\n  x: {min: 0.0, max: 1.0}\n",
                                                "c.yaml");
        QVERIFY2(r.spec, qPrintable(r.errors.join('\n')));
        QVERIFY(!r.spec->costAware);
    }

    void costModelLearnsLogRunTime()
    {
        Eigen::MatrixXd X(8, 1);
        std::vector<double> seconds;
        for (int i = 0; i < 8; ++i) {
            X(i, 0) = i / 7.0;
            seconds.push_back(std::exp(3.0 * X(i, 0)));
        }
        QVERIFY(!CostModel::fit(X.topRows(2), {1.0, 2.0}, {false}));
        const std::optional<CostModel> cost = CostModel::fit(X, seconds, {false});
        QVERIFY(cost);
        Eigen::VectorXd a(1), b(1), grad;
        a << 0.2;
        b << 0.8;
        // exp(3x): log cost differs by 1.8 between 0.2 and 0.8.
        const double difference = cost->relativeLogCost(b, &grad) - cost->relativeLogCost(a);
        QVERIFY2(std::abs(difference - 1.8) < 0.15, qPrintable(QString::number(difference)));
        QVERIFY(grad[0] > 0.0);
    }

    void acquisitionPrefersCheapPointsWhenEquallyPromising()
    {
        // Two points with the same value and the same posterior: equal EI. With the cost model
        // the cheaper one scores log(cost ratio) higher.
        Eigen::MatrixXd X(4, 1);
        X << 0.1, 0.4, 0.6, 0.9;
        Eigen::VectorXd y(4);
        y << 1.0, 0.0, 0.0, 1.0;
        GaussianProcess gp({false});
        gp.setData(X, y);
        GpHyperparameters h = GpHyperparameters::defaults(1);
        h.logInvSqLengthscales[0] = std::log(1.0 / (0.2 * 0.2));
        gp.setHyperparameters(h);
        std::vector<AcquisitionDimension> dims(1);
        AcquisitionOptimizer plain(gp, dims, gp.standardize(0.0));
        Eigen::VectorXd left(1), right(1);
        left << 0.3;
        right << 0.7;
        QVERIFY(std::abs(plain.value(left) - plain.value(right)) < 1e-9);

        const std::optional<CostModel> cost = CostModel::fit(X, {std::exp(0.3), std::exp(1.2), std::exp(1.8), std::exp(2.7)}, {false});
        QVERIFY(cost);
        AcquisitionOptimizer aware(gp, dims, gp.standardize(0.0));
        aware.setCostModel(&*cost);
        const double gain = aware.value(left) - aware.value(right);
        QVERIFY2(std::abs(gain - 1.2) < 0.2, qPrintable(QString::number(gain))); // log(e^{3*0.7}/e^{3*0.3})
        // The batch scores agree with the single ones.
        Eigen::MatrixXd both(2, 1);
        both << 0.3, 0.7;
        const Eigen::VectorXd batch = aware.values(both);
        QVERIFY(std::abs(batch[0] - aware.value(left)) < 1e-9);
        // The gradient includes the cost's.
        Eigen::VectorXd g;
        Eigen::VectorXd mid(1);
        mid << 0.5;
        aware.valueAndGradient(mid, g);
        Eigen::VectorXd gPlain;
        plain.valueAndGradient(mid, gPlain);
        QVERIFY(g[0] < gPlain[0]);
        // The search ends on the cheap side.
        const Eigen::VectorXd best = aware.optimize(X, 7);
        QVERIFY2(best[0] < 0.5, qPrintable(QString::number(best[0])));
    }

    void samplerSuggestsTheCheapMinimum_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 s = 0; s < 4; ++s)
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(s))) << s;
    }

    void samplerSuggestsTheCheapMinimum()
    {
        QFETCH(quint64, seed);
        GpSampler sampler(lineSpace(), Goal::Minimize, seed);
        sampler.setCostAware(true);
        const QList<Trial> trials = symmetricTrials(true);
        const std::optional<QVariantMap> next = sampler.suggest(trials, int(trials.size()));
        QVERIFY(next);
        QVERIFY(sampler.lastDiagnostics().costModelled);
        const double x = next->value(QStringLiteral("x")).toDouble();
        QVERIFY2(x < 0.5, qPrintable(QString::number(x)));
    }

    /// TPE: of the two equal minima (the same l(x)/g(x) on either side), cost-aware TPE picks
    /// the cheap one; plain TPE picks both. Over 40 suggestions (each its own candidate draws).
    void tpeRanksEqualCandidatesByCost()
    {
        const QList<Trial> trials = mirroredTrials(true);
        auto leftShare = [&](bool costAware, bool *modelled) {
            TpeSampler sampler(lineSpace(), Goal::Minimize, 11);
            sampler.setCostAware(costAware);
            int left = 0;
            for (int number = 20; number < 60; ++number) {
                const std::optional<QVariantMap> next = sampler.suggest(trials, number);
                if (next && next->value(QStringLiteral("x")).toDouble() < 0.5)
                    ++left;
                *modelled = sampler.lastSuggestionCostModelled();
            }
            return left;
        };
        bool plainModelled = true, awareModelled = false;
        const int plain = leftShare(false, &plainModelled);
        const int aware = leftShare(true, &awareModelled);
        qInfo("cheap side: plain %d of 40, cost-aware %d of 40", plain, aware);
        QVERIFY(!plainModelled);
        QVERIFY(awareModelled);
        QVERIFY2(plain >= 10 && plain <= 30, qPrintable(QString::number(plain)));
        QVERIFY2(aware >= 36, qPrintable(QStringLiteral("%1 of 40 on the cheap side (plain: %2)").arg(aware).arg(plain)));
    }

    void tpeWithoutRunTimesIsPlainTpe()
    {
        const QList<Trial> trials = mirroredTrials(false);
        TpeSampler aware(lineSpace(), Goal::Minimize, 5), plain(lineSpace(), Goal::Minimize, 5);
        aware.setCostAware(true);
        for (int number = 20; number < 25; ++number) {
            const std::optional<QVariantMap> a = aware.suggest(trials, number), b = plain.suggest(trials, number);
            QVERIFY(a && b);
            QVERIFY(!aware.lastSuggestionCostModelled());
            QCOMPARE(a->value(QStringLiteral("x")).toDouble(), b->value(QStringLiteral("x")).toDouble());
        }
    }

    void withoutRunTimesItIsPlainEi()
    {
        GpSampler aware(lineSpace(), Goal::Minimize, 3);
        aware.setCostAware(true);
        GpSampler plain(lineSpace(), Goal::Minimize, 3);
        const QList<Trial> trials = symmetricTrials(false);
        const std::optional<QVariantMap> a = aware.suggest(trials, int(trials.size()));
        const std::optional<QVariantMap> b = plain.suggest(trials, int(trials.size()));
        QVERIFY(a && b);
        QVERIFY(!aware.lastDiagnostics().costModelled);
        QCOMPARE(a->value(QStringLiteral("x")).toDouble(), b->value(QStringLiteral("x")).toDouble());
    }
};

QTEST_GUILESS_MAIN(TestCostAware)
#include "tst_costaware.moc"
