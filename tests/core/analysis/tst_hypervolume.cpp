// Hypervolume: exact values against Optuna's own WFG (hypervolume_reference.py, Debian's
// Optuna 3.1) in 2 to 5 dimensions, the textbook cases, what adds nothing, and the history of
// a study.
#include "analysis/hypervolume.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace tunescope;

class TestHypervolume : public QObject
{
    Q_OBJECT

private slots:
    void againstOptuna_data();
    void againstOptuna();
    void textbookCases();
    void pointsThatAddNothing();
    void historyOfAStudy();
};

namespace {

double frac(double x)
{
    return x - std::floor(x);
}

/// The point sets of hypervolume_reference.py, formula for formula.
std::vector<std::vector<double>> pointSet(int dims, int count)
{
    const double alphas[] = {0.6180339887498949, 0.7548776662466927, 0.5698402909980532, 0.8191725133961645};
    std::vector<std::vector<double>> points;
    for (int i = 0; i < count; ++i) {
        std::vector<double> p;
        double squares = 0;
        for (int k = 0; k < dims - 1; ++k) {
            p.push_back(frac((i + 1) * alphas[k]));
            squares += p.back() * p.back();
        }
        p.push_back(1.0 - std::sqrt(squares / (dims - 1)));
        if (i % 3 == 2)
            for (double &v : p)
                v += 0.15;
        points.push_back(p);
    }
    return points;
}

} // namespace

void TestHypervolume::againstOptuna_data()
{
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("count");
    QTest::addColumn<double>("reference");
    QTest::addColumn<double>("expected");
    // /usr/bin/python3 tests/core/analysis/hypervolume_reference.py
    QTest::newRow("2-D, 60 points") << 2 << 60 << 1.2 << 0.9183721642085273;
    QTest::newRow("3-D, 150 points") << 3 << 150 << 1.3 << 1.498664204090738;
    QTest::newRow("4-D, 40 points") << 4 << 40 << 1.4 << 2.1544859743932814;
    QTest::newRow("5-D, 25 points") << 5 << 25 << 1.5 << 3.733237039100528;
}

void TestHypervolume::againstOptuna()
{
    QFETCH(int, dims);
    QFETCH(int, count);
    QFETCH(double, reference);
    QFETCH(double, expected);
    const double value = hypervolume(pointSet(dims, count), std::vector<double>(size_t(dims), reference));
    QVERIFY2(std::abs(value - expected) <= 1e-9 * expected, qPrintable(QString::number(value, 'g', 17)));
}

void TestHypervolume::textbookCases()
{
    // Two points of a 2-D front under (3, 3): 2 x 1 + 1 x 2 - 1 x 1 = 3.
    QCOMPARE(hypervolume({{1, 2}, {2, 1}}, {3, 3}), 3.0);
    // The origin under the unit cube's far corner, in 3 and 4 dimensions.
    QCOMPARE(hypervolume({{0, 0, 0}}, {1, 1, 1}), 1.0);
    QCOMPARE(hypervolume({{0, 0, 0, 0}}, {2, 2, 2, 2}), 16.0);
    // Three corners of the unit cube's diagonal planes: 3 boxes of 1 x 1 x 2 in a 2 x 2 x 2
    // cube overlapping pairwise in 1 x 1 x 1 and all three in 1: 6 - 3 + 1 = 4.
    QCOMPARE(hypervolume({{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}, {2, 2, 2}), 4.0);
    // One objective: the distance from the best point to the reference.
    QCOMPARE(hypervolume({{3}, {1}, {2}}, {5}), 4.0);
    // The order of the points does not matter (the 3-D sweep sorts, the staircase updates).
    std::vector<std::vector<double>> points = pointSet(3, 90);
    const double forward = hypervolume(points, {1.3, 1.3, 1.3});
    std::reverse(points.begin(), points.end());
    QVERIFY(std::abs(hypervolume(points, {1.3, 1.3, 1.3}) - forward) < 1e-12);
}

void TestHypervolume::pointsThatAddNothing()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // On or beyond the reference in any coordinate, NaN, duplicated or dominated: no volume.
    QCOMPARE(hypervolume({{1, 2}, {2, 1}, {3, 0}, {0.5, nan}, {1, 2}, {2.5, 2.5}}, {3, 3}), 3.0);
    QCOMPARE(hypervolume({}, {1, 1}), 0.0);
    QCOMPARE(hypervolume({{1, 1}}, {1, 1}), 0.0);
    QCOMPARE(hypervolume({{0, 0}}, {}), 0.0);
}

void TestHypervolume::historyOfAStudy()
{
    // accuracy (maximize) against size (minimize): each new front member adds volume.
    const QList<MetricSpec> metrics = {MetricSpec{QStringLiteral("accuracy"), Goal::Maximize, false},
                                       MetricSpec{QStringLiteral("size"), Goal::Minimize, false}};
    const auto trial = [](int number, TrialState state, QList<double> values, const QString &reason = {}) {
        Trial t;
        t.number = number;
        t.state = state;
        t.values = values;
        t.reason = reason;
        return t;
    };
    const QList<Trial> trials = {
        trial(0, TrialState::Complete, {0.5, 10}),
        trial(1, TrialState::Failed, {}),
        trial(2, TrialState::Complete, {0.4, 12}),                       // dominated
        trial(3, TrialState::Complete, {0.8, 6}),                        // dominates trial 0
        trial(4, TrialState::Failed, {}, QStringLiteral("interrupted")), // does not count
        trial(5, TrialState::Complete, {0.9, 8}),                        // joins the front
        trial(6, TrialState::Running, {}),
    };
    const std::vector<std::vector<double>> vectors = minimizationVectors(trials, metrics);
    QCOMPARE(vectors.size(), size_t(4));
    QCOMPARE(vectors[0], (std::vector<double>{-0.5, 10}));
    // worst accuracy 0.4 (-0.4), worst size 12; ranges 0.5 and 6 add 10 %.
    const std::vector<double> reference = defaultReferencePoint(vectors);
    QVERIFY(std::abs(reference[0] - (-0.35)) < 1e-12);
    QVERIFY(std::abs(reference[1] - 12.6) < 1e-12);

    const HypervolumeHistory history = hypervolumeHistory(trials, metrics, {0.0, 20.0});
    QCOMPARE(history.trials, (QList<int>{0, 1, 2, 3, 5}));
    QCOMPARE(history.values.size(), 5);
    QCOMPARE(history.values[0], 0.5 * 10);
    QCOMPARE(history.values[1], history.values[0]);
    QCOMPARE(history.values[2], history.values[0]);
    QVERIFY(std::abs(history.values[3] - 0.8 * 14) < 1e-12);
    // (0.9, 8) and (0.8, 6): 0.9 x 12 + 0.8 x 2 = 12.4
    QVERIFY(std::abs(history.values[4] - 12.4) < 1e-12);
    QVERIFY(std::abs(history.values[4] - hypervolume(vectors, {0.0, 20.0})) < 1e-12);
}

QTEST_MAIN(TestHypervolume)
#include "tst_hypervolume.moc"
