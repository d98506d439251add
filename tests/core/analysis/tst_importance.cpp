// Parameter importance (fANOVA over a random forest): it finds the parameter that matters,
// splits the variance of an additive function as the maths says, and refuses too little data.
#include "analysis/importance.h"
#include "support/reportfixture.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <cmath>

using namespace tunescope;

class TestImportance : public QObject
{
    Q_OBJECT

private slots:
    void importanceFindsTheParameterThatMatters();
    void importanceOfAnAdditiveFunction();
    void importanceNeedsData();
    void importanceOfManyTrialsUsesASample();
    void interactionOfAProduct();
};

void TestImportance::importanceFindsTheParameterThatMatters()
{
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 80, 7);
    const QList<ParameterImportance> ranking = parameterImportance(study.spec.space, study.trials);
    QCOMPARE(ranking.size(), 3); // searchable only: the constant has no importance
    QCOMPARE(ranking.first().name, QStringLiteral("lr"));
    QVERIFY2(ranking.first().importance > 0.6, qPrintable(QString::number(ranking.first().importance)));
    for (qsizetype i = 1; i < ranking.size(); ++i)
        QVERIFY2(ranking[i].importance < 0.1, qPrintable(ranking[i].name + QString::number(ranking[i].importance)));
}

void TestImportance::importanceOfAnAdditiveFunction()
{
    // y = 3 x0 + x1 with x uniform: main effects carry 9/10 and 1/10 of the variance, x2 none.
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    QRandomGenerator rng(42);
    for (int i = 0; i < 400; ++i) {
        std::vector<double> row{rng.generateDouble(), rng.generateDouble(), rng.generateDouble()};
        y.push_back(3 * row[0] + row[1]);
        x.push_back(row);
    }
    ImportanceForest forest;
    forest.fit(x, y, 3);
    QCOMPARE(forest.treeCount(), 64);
    const std::vector<double> e = forest.mainEffects();
    QVERIFY2(std::abs(e[0] - 0.9) < 0.08, qPrintable(QString::number(e[0])));
    QVERIFY2(std::abs(e[1] - 0.1) < 0.06, qPrintable(QString::number(e[1])));
    QVERIFY2(e[2] < 0.02, qPrintable(QString::number(e[2])));
    QVERIFY(std::abs(forest.predict({0.5, 0.5, 0.5}) - 2.0) < 0.3);
}

void TestImportance::interactionOfAProduct()
{
    // y = x0 x1 with x uniform: V = 7/144, each main effect 3/144, the pair's interaction
    // 1/144, so the shares are 3/7, 3/7 and 1/7; pairs with the unused x2 explain nothing.
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    QRandomGenerator rng(5);
    for (int i = 0; i < 1500; ++i) {
        std::vector<double> row{rng.generateDouble(), rng.generateDouble(), rng.generateDouble()};
        y.push_back(row[0] * row[1]);
        x.push_back(row);
    }
    ImportanceForest forest;
    forest.fit(x, y, 3);
    const std::vector<double> e = forest.mainEffects();
    QVERIFY2(std::abs(e[0] - 3.0 / 7) < 0.05, qPrintable(QString::number(e[0])));
    QVERIFY2(std::abs(e[1] - 3.0 / 7) < 0.05, qPrintable(QString::number(e[1])));
    std::vector<double> spread;
    const std::vector<double> p = forest.pairEffects({{0, 1}, {0, 2}, {1, 2}}, &spread);
    QCOMPARE(p.size(), size_t(3));
    QVERIFY2(std::abs(p[0] - 1.0 / 7) < 0.04, qPrintable(QString::number(p[0])));
    QVERIFY2(p[1] < 0.02 && p[2] < 0.02, qPrintable(QString::number(p[1]) + QLatin1Char(' ') + QString::number(p[2])));
    QVERIFY(spread[0] > 0.0 && spread[0] < 0.05);

    // Through the study-level call: the strongest interaction is the one between the two
    // parameters that matter, and the shares of mains and pairs stay within 100 %.
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 80, 7);
    const StudyImportance result = studyImportance(study.spec.space, study.trials);
    QCOMPARE(result.ranking.size(), 3);
    QCOMPARE(result.interactions.size(), 3); // every pair of the 3 searchable parameters
    const int complete = int(std::count_if(study.trials.cbegin(), study.trials.cend(),
                                           [](const Trial &t) { return t.state == TrialState::Complete; }));
    QCOMPARE(result.trials, complete);
    double sum = 0;
    for (const ParameterImportance &r : result.ranking)
        sum += r.importance;
    for (const PairInteraction &r : result.interactions)
        sum += r.importance;
    QVERIFY2(sum <= 1.0 + 1e-9, qPrintable(QString::number(sum)));
}

void TestImportance::importanceOfManyTrialsUsesASample()
{
    // 10,000 trials: each tree is grown on a bootstrap of maxSamples rows, and the split of the
    // variance is still the one the maths says.
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    QRandomGenerator rng(7);
    for (int i = 0; i < 10000; ++i) {
        std::vector<double> row{rng.generateDouble(), rng.generateDouble()};
        y.push_back(3 * row[0] + row[1]);
        x.push_back(row);
    }
    ImportanceForest forest;
    forest.fit(x, y, 2);
    const std::vector<double> e = forest.mainEffects();
    QVERIFY2(std::abs(e[0] - 0.9) < 0.05, qPrintable(QString::number(e[0])));
    QVERIFY2(std::abs(e[1] - 0.1) < 0.05, qPrintable(QString::number(e[1])));
    // A tree of a 16-row bootstrap cannot tell 0.5 from 0.51 as a tree of 10,000 rows can.
    ImportanceForest::Options tiny;
    tiny.maxSamples = 16;
    tiny.trees = 1;
    ImportanceForest small(tiny);
    small.fit(x, y, 2);
    QSet<double> predictions;
    for (int i = 0; i <= 100; ++i)
        predictions.insert(small.predict({i / 100.0, i / 100.0}));
    QVERIFY2(predictions.size() <= 8, qPrintable(QString::number(predictions.size())));
}

void TestImportance::importanceNeedsData()
{
    StudyData study = fixture::makeStudy(QStringLiteral("s"), 3, 1);
    QVERIFY(parameterImportance(study.spec.space, study.trials).isEmpty());
    study = fixture::makeStudy(QStringLiteral("s"), 20, 1);
    for (Trial &t : study.trials)
        t.value = 1.0;
    QVERIFY(parameterImportance(study.spec.space, study.trials).isEmpty());
}

QTEST_MAIN(TestImportance)
#include "tst_importance.moc"
