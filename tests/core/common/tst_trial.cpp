// The trial record's shared vocabulary: state names both ways, and the one definition of the
// best trial that the views, the reports and the command line all use.
#include "common/trial.h"
#include "support/trialfixture.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace tunescope;

namespace {
using fixture::trial;
} // namespace

class TestTrial : public QObject
{
    Q_OBJECT

private slots:
    void stateNamesRoundTrip()
    {
        for (TrialState s : {TrialState::Waiting, TrialState::Running, TrialState::Complete, TrialState::Pruned,
                             TrialState::Failed})
            QCOMPARE(trialStateFromName(trialStateName(s).toLower()), std::optional(s));
        QVERIFY(!trialStateFromName(QStringLiteral("DONE")));
    }

    void bestTrialByGoal()
    {
        const QList<Trial> trials{trial(0, TrialState::Complete, 0.5), trial(1, TrialState::Complete, 0.2),
                                  trial(2, TrialState::Complete, 0.9)};
        QCOMPARE(bestTrial(trials, Goal::Minimize)->number, 1);
        QCOMPARE(bestTrial(trials, Goal::Maximize)->number, 2);
    }

    void bestTrialSkipsWhatHasNoComparableValue()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // A NaN first would win every comparison-free start; pruned, failed and running
        // trials, and complete ones without a value, never count.
        const QList<Trial> trials{trial(0, TrialState::Complete, nan), trial(1, TrialState::Pruned, 0.01),
                                  trial(2, TrialState::Failed, 0.0), trial(3, TrialState::Running, 0.0),
                                  trial(4, TrialState::Complete, std::nullopt), trial(5, TrialState::Complete, 0.7),
                                  trial(6, TrialState::Complete, nan), trial(7, TrialState::Complete, 0.4)};
        QCOMPARE(bestTrial(trials, Goal::Minimize)->number, 7);
        QCOMPARE(bestTrial(trials, Goal::Maximize)->number, 5);
        QVERIFY(!bestTrial({trial(0, TrialState::Complete, nan), trial(1, TrialState::Pruned, 1.0)}, Goal::Minimize));
        QVERIFY(!bestTrial({}, Goal::Maximize));
    }

    void bestTrialKeepsTheFirstOfEqualValues()
    {
        const QList<Trial> trials{trial(0, TrialState::Complete, 1.0), trial(1, TrialState::Complete, 1.0)};
        QCOMPARE(bestTrial(trials, Goal::Minimize)->number, 0);
        QCOMPARE(bestTrial(trials, Goal::Maximize)->number, 0);
    }
};

QTEST_GUILESS_MAIN(TestTrial)
#include "tst_trial.moc"
