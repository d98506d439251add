#include "samplers/conditionalsampler.h"
#include "samplers/imputingsampler.h"
#include "space/studyspec.h"

#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {

/// NNI's nested choice as a study file: layer's kernel exists for conv only, size and stride
/// for pool only.
StudySpec conditional(const QString &method)
{
    const SpecLoadResult r = parseStudySpec(QStringLiteral(R"(program: p
method: %1
seed: 11
metric: {name: loss}
parameters:
  layer:
    values: [conv, pool, none]
    when:
      conv:
        kernel: {distribution: int_uniform, min: 1, max: 9}
      pool:
        size: {values: [2, 3]}
        stride: {min: 0.0, max: 1.0}
  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 1.0}
)").arg(method).toUtf8(), "c.yaml");
    if (!r.spec)
        qFatal("%s", qPrintable(r.errors.join(u'\n')));
    return *r.spec;
}

/// Best at conv with kernel 5 and lr 0.01.
double loss(const QVariantMap &p)
{
    const double lr = std::abs(std::log10(p.value("lr").toDouble()) + 2.0);
    if (p.value("layer") == QStringLiteral("conv"))
        return lr + std::abs(p.value("layer.conv.kernel").toDouble() - 5.0);
    return lr + 6.0;
}

QString misfit(const SearchSpace &space, const QVariantMap &p)
{
    for (const Parameter &q : space.parameters()) {
        if (p.contains(q.name) != space.isActive(q, p))
            return q.name;
    }
    return {};
}

Trial trial(int number, TrialState state, QList<double> history, std::optional<double> value = std::nullopt)
{
    Trial t;
    t.number = number;
    t.state = state;
    t.params = {{"x", 0.5}};
    QList<MetricPoint> points;
    for (qsizetype i = 0; i < history.size(); ++i)
        points.append({i, history.at(i)});
    t.intermediate.insert("loss", points);
    t.value = value;
    return t;
}

} // namespace

/// Samplers on conditional spaces (TPE by groups, the GP with inactive parameters at a neutral
/// value) and W&B's imputation of the trials a model-based sampler sees.
class TestConditionalSampler : public QObject
{
    Q_OBJECT

private slots:
    void groupsFollowTheConditions()
    {
        const StudySpec spec = conditional("tpe");
        const auto sampler = ConditionalSampler::grouped(spec.space, Goal::Minimize, 1, [](const SearchSpace &s, quint64 seed) {
            return createSampler([&] {
                StudySpec g;
                g.method = QStringLiteral("random");
                g.space = s;
                g.seed = seed;
                g.metrics = {MetricSpec{QStringLiteral("loss"), Goal::Minimize}};
                return g;
            }(), nullptr);
        });
        // layer and lr; kernel (conv); size and stride (pool).
        QCOMPARE(sampler->groups(), (std::vector<std::vector<int>>{{0, 4}, {1}, {2, 3}}));
    }

    void suggestionsHaveOnlyTheActiveParameters_data()
    {
        QTest::addColumn<QString>("method");
        for (const char *m : {"tpe", "bayes", "random", "sobol"})
            QTest::newRow(m) << QString::fromLatin1(m);
    }
    void suggestionsHaveOnlyTheActiveParameters()
    {
        QFETCH(QString, method);
        StudySpec spec = conditional(method);
        spec.methodOptions.insert(QStringLiteral("n_startup_trials"), 8);
        QString why;
        const auto sampler = createSampler(spec, &why);
        QVERIFY2(sampler, qPrintable(why));
        QList<Trial> trials;
        QHash<QString, int> layers;
        const int n = method == QLatin1String("bayes") ? 30 : 80;
        for (int i = 0; i < n; ++i) {
            const auto s = sampler->suggest(trials, i);
            QVERIFY(s);
            QVERIFY2(misfit(spec.space, *s).isEmpty(), qPrintable(misfit(spec.space, *s)));
            Trial t;
            t.number = i;
            t.state = TrialState::Complete;
            t.params = *s;
            t.value = loss(*s);
            trials << t;
            if (i >= n / 2)
                layers[s->value("layer").toString()]++;
        }
        // The model-based ones learn that conv is best (with its own kernel): most of the
        // second half chooses it; random draws a third of each.
        if (method == QLatin1String("tpe") || method == QLatin1String("bayes"))
            QVERIFY2(layers.value("conv") > n / 4, qPrintable(QString::number(layers.value("conv"))));
    }

    void tpeModelsEachGroupFromTheTrialsThatHadIt()
    {
        // 60 TPE trials against 60 random ones, 5 seeds: TPE finds the kernel of conv.
        double tpeBest = 0, randomBest = 0;
        for (quint64 seed = 1; seed <= 5; ++seed) {
            for (const char *method : {"tpe", "random"}) {
                StudySpec spec = conditional(method);
                spec.seed = seed;
                const auto sampler = createSampler(spec, nullptr);
                QList<Trial> trials;
                double best = qInf();
                for (int i = 0; i < 60; ++i) {
                    const QVariantMap s = *sampler->suggest(trials, i);
                    Trial t;
                    t.number = i;
                    t.state = TrialState::Complete;
                    t.params = s;
                    t.value = loss(s);
                    best = std::min(best, *t.value);
                    trials << t;
                }
                (QLatin1String(method) == QLatin1String("tpe") ? tpeBest : randomBest) += best / 5;
            }
        }
        QVERIFY2(tpeBest < randomBest, qPrintable(QStringLiteral("tpe %1, random %2").arg(tpeBest).arg(randomBest)));
    }

    void imputesAsWandbsBayesSearch_data()
    {
        QTest::addColumn<QString>("impute");
        QTest::addColumn<QString>("whileRunning");
        QTest::addColumn<QList<double>>("values"); // failed, pruned, running (NaN: left as it was)
        // Finished trials' worst values: complete max(5, 3) = 5, failed 9, pruned 4: worst 9.
        QTest::newRow("worst") << "worst" << "" << QList<double>{9, 9, qQNaN()};
        QTest::newRow("best") << "best" << "" << QList<double>{7, 4, qQNaN()};
        QTest::newRow("latest") << "latest" << "" << QList<double>{9, 4, qQNaN()};
        QTest::newRow("while running") << "" << "best" << QList<double>{qQNaN(), qQNaN(), 2};
    }
    void imputesAsWandbsBayesSearch()
    {
        QFETCH(QString, impute);
        QFETCH(QString, whileRunning);
        QFETCH(QList<double>, values);
        MetricSpec metric{QStringLiteral("loss"), Goal::Minimize};
        metric.impute = impute;
        metric.imputeWhileRunning = whileRunning;
        StudySpec spec = conditional("random");
        const ImputingSampler sampler(createSampler(spec, nullptr), metric, 1);
        const QList<Trial> trials{trial(0, TrialState::Complete, {5, 3}, 3), trial(1, TrialState::Failed, {7, 9}),
                                  trial(2, TrialState::Pruned, {4}, 4), trial(3, TrialState::Running, {6, 2}),
                                  trial(4, TrialState::Running, {})};
        const QList<Trial> seen = sampler.imputed(trials);
        QCOMPARE(*seen.at(0).value, 3.0);
        for (int i = 0; i < 3; ++i) {
            const Trial &t = seen.at(i + 1);
            if (std::isnan(values.at(i))) {
                QCOMPARE(t.state, trials.at(i + 1).state);
                continue;
            }
            QCOMPARE(t.state, TrialState::Complete);
            QCOMPARE(*t.value, values.at(i));
        }
        // A running trial without reports gets what its strategy finds: for best, nothing, so
        // W&B's 0.
        if (!whileRunning.isEmpty())
            QCOMPARE(*seen.at(4).value, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestConditionalSampler)
#include "tst_conditionalsampler.moc"
