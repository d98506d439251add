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
