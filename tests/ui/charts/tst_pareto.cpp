// The Pareto chart fed by a StudyMonitor with fixed point sets: which trials it draws, which
// are on the front (by all objectives and in the shown pair), the step line, the messages,
// clicks and exports. Set TUNESCOPE_CHART_DUMP=<dir> to write the charts as PNG for a look.
#include "charts/chartexport.h"
#include "analysis/pareto.h"
#include "charts/chartview.h"
#include "charts/paretochart.h"
#include "execution/studymonitor.h"
#include "charts/zoomchartview.h"
#include "support/chartchecks.h"

#include <QChart>
#include <QRandomGenerator>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace tunescope;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

using Goals = QList<Goal>;
using Values = QList<QList<double>>;

StudySpec makeSpec(const QStringList &names, const Goals &goals)
{
    StudySpec spec;
    spec.name = QStringLiteral("pareto");
    for (qsizetype k = 0; k < names.size(); ++k)
        spec.metrics << MetricSpec{names.at(k), goals.at(k), false};
    return spec;
}

StudySpec makeSpec(const Goals &goals)
{
    QStringList names;
    for (qsizetype k = 0; k < goals.size(); ++k)
        names << QStringLiteral("f%1").arg(k + 1);
    return makeSpec(names, goals);
}

/// One complete trial per row of values, numbered from 0.
QList<Trial> makeTrials(const Values &values, TrialState state = TrialState::Complete)
{
    QList<Trial> trials;
    for (qsizetype i = 0; i < values.size(); ++i) {
        Trial t;
        t.number = int(i);
        t.state = state;
        t.values = values.at(i);
        t.value = values.at(i).value(0);
        t.params = {{QStringLiteral("x"), double(i) / 10}};
        trials << t;
    }
    return trials;
}

/// Front by pairwise comparison, written independently of core/pareto.cpp.
QList<int> bruteFront(const QList<Trial> &trials, const Goals &goals, QList<int> dims = {})
{
    if (dims.isEmpty())
        for (qsizetype k = 0; k < goals.size(); ++k)
            dims << int(k);
    auto ok = [&](const Trial &t) {
        if (t.state != TrialState::Complete || t.values.size() != goals.size())
            return false;
        return std::all_of(dims.cbegin(), dims.cend(), [&](int k) { return std::isfinite(t.values.at(k)); });
    };
    auto better = [&](int k, double a, double b) { return goals.at(k) == Goal::Maximize ? a > b : a < b; };
    QList<int> front;
    for (const Trial &a : trials) {
        if (!ok(a))
            continue;
        bool dominated = false;
        for (const Trial &b : trials) {
            if (!ok(b))
                continue;
            bool noWorse = true, strictly = false;
            for (int k : dims) {
                noWorse = noWorse && !better(k, a.values.at(k), b.values.at(k));
                strictly = strictly || better(k, b.values.at(k), a.values.at(k));
            }
            dominated = dominated || (noWorse && strictly);
        }
        if (!dominated)
            front << a.number;
    }
    return front;
}

using chartchecks::dump;

/// A realistic study: accuracy (maximize) against latency (minimize), bigger models being
/// more accurate and slower; a few pruned, failed or diverged trials. With `three`, a third
/// objective (parameter count, minimize) that mostly follows latency.
QList<Trial> realisticTrials(int count, bool three, quint32 seed = 3)
{
    QRandomGenerator rng(seed);
    QList<Trial> trials;
    for (int i = 0; i < count; ++i) {
        Trial t;
        t.number = i;
        const qlonglong hidden = 16 + rng.bounded(497);
        const qlonglong layers = 1 + rng.bounded(6);
        const double lr = std::pow(10.0, -4 + 3 * rng.generateDouble());
        t.params = {{QStringLiteral("hidden"), hidden}, {QStringLiteral("layers"), layers},
                    {QStringLiteral("lr"), lr}};
        const double size = double(hidden) * double(layers);
        const double lrPenalty = 0.08 * std::abs(std::log10(lr) + 2.5);
        const double acc = std::clamp(0.97 - 0.25 * std::exp(-size / 400) - lrPenalty
                                          - 0.03 * rng.generateDouble(), 0.1, 0.995);
        const double latency = 2 + size / 60 * (0.8 + 0.4 * rng.generateDouble());
        t.values = {acc, latency};
        if (three)
            t.values << size * 1e-3 * (0.7 + 0.6 * rng.generateDouble());
        const int kind = rng.bounded(20);
        t.state = kind < 16 ? TrialState::Complete : kind < 18 ? TrialState::Pruned : TrialState::Failed;
        if (i == 7) { // diverged but reported: complete with a NaN objective
            t.state = TrialState::Complete;
            t.values[0] = kNaN;
        }
        if (t.state == TrialState::Failed)
            t.values.clear();
        t.value = t.values.isEmpty() ? std::optional<double>() : t.values.first();
        trials << t;
    }
    return trials;
}

/// A Pareto chart on screen of four trials minimizing both objectives, at (1, 5), (2, 3),
/// (3, 4) and (4, 1), and the way from data to the viewport's pixels.
struct FourTrialChart
{
    StudyMonitor monitor;
    ParetoChart chart;
    ZoomChartView *view = nullptr;

    /// Shows the chart; false if it could not be shown.
    bool show()
    {
        monitor.load(makeSpec({Goal::Minimize, Goal::Minimize}), makeTrials({{1, 5}, {2, 3}, {3, 4}, {4, 1}}));
        chart.resize(640, 420);
        chart.setMonitor(&monitor);
        chart.show();
        if (!QTest::qWaitForWindowExposed(&chart))
            return false;
        chart.refreshNow();
        view = chart.findChild<ZoomChartView *>();
        return view != nullptr;
    }
    /// Where the point (x, y) of the data is in the viewport.
    QPoint at(double x, double y) const
    {
        QChart *c = chart.chart();
        auto *any = static_cast<QXYSeries *>(c->series().value(0));
        return view->mapFromScene(c->mapToScene(c->mapToPosition(QPointF(x, y), any)));
    }
};

} // namespace

class TestPareto : public QObject
{
    Q_OBJECT

private slots:
    void knownFront_data();
    void knownFront();
    void randomFrontMatchesBruteForce_data();
    void randomFrontMatchesBruteForce();
    void threeObjectives();
    void nonFiniteAndOtherStates();
    void messages_data();
    void messages();
    void clickAndSelect();
    void rubberBandPicks();
    void liveUpdate();
    void exportPngAndSvg_data();
    void exportPngAndSvg();
};

void TestPareto::knownFront_data()
{
    QTest::addColumn<Goals>("goals");
    QTest::addColumn<Values>("values");
    QTest::addColumn<QList<int>>("front");
    QTest::addColumn<QList<QPointF>>("line");

    QTest::newRow("minimize both")
        << Goals{Goal::Minimize, Goal::Minimize}
        << Values{{1, 5}, {2, 3}, {3, 4}, {4, 1}, {5, 5}, {2, 6}}
        << QList<int>{0, 1, 3}
        << QList<QPointF>{{1, 5}, {2, 5}, {2, 3}, {4, 3}, {4, 1}};
    QTest::newRow("duplicates share the front")
        << Goals{Goal::Minimize, Goal::Minimize}
        << Values{{1, 2}, {1, 2}, {2, 1}, {2, 1}, {3, 3}, {3, 3}}
        << QList<int>{0, 1, 2, 3}
        << QList<QPointF>{{1, 2}, {2, 2}, {2, 1}};
    QTest::newRow("equal x, different y")
        << Goals{Goal::Minimize, Goal::Minimize}
        << Values{{1, 3}, {1, 2}, {2, 1}, {2, 0.5}}
        << QList<int>{1, 3}
        << QList<QPointF>{{1, 2}, {2, 2}, {2, 0.5}};
    QTest::newRow("maximize x, minimize y")
        << Goals{Goal::Maximize, Goal::Minimize}
        << Values{{0.9, 10}, {0.8, 5}, {0.95, 20}, {0.85, 12}, {0.7, 4}, {0.9, 11}}
        << QList<int>{0, 1, 2, 4}
        << QList<QPointF>{{0.7, 4}, {0.7, 5}, {0.8, 5}, {0.8, 10}, {0.9, 10}, {0.9, 20}, {0.95, 20}};
    QTest::newRow("minimize x, maximize y")
        << Goals{Goal::Minimize, Goal::Maximize}
        << Values{{10, 0.9}, {5, 0.8}, {20, 0.95}, {12, 0.85}}
        << QList<int>{0, 1, 2}
        << QList<QPointF>{{5, 0.8}, {10, 0.8}, {10, 0.9}, {20, 0.9}, {20, 0.95}};
    QTest::newRow("one point")
        << Goals{Goal::Minimize, Goal::Maximize}
        << Values{{3, 4}}
        << QList<int>{0}
        << QList<QPointF>{{3, 4}};
}

void TestPareto::knownFront()
{
    QFETCH(Goals, goals);
    QFETCH(Values, values);
    QFETCH(QList<int>, front);
    QFETCH(QList<QPointF>, line);
    StudyMonitor monitor;
    const QList<Trial> trials = makeTrials(values);
    monitor.load(makeSpec(goals), trials);
    ParetoChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();

    QCOMPARE(chart.objectiveNames(), (QStringList{QStringLiteral("f1"), QStringLiteral("f2")}));
    QCOMPARE(chart.points().size(), values.size());
    QCOMPARE(chart.frontTrials(), front);
    QCOMPARE(chart.frontTrials(), bruteFront(trials, goals));
    // with two objectives the shown pair is the whole study
    QCOMPARE(chart.projectedFrontTrials(), front);
    QCOMPARE(chart.stepLine(), line);
    QVERIFY(chart.message().isEmpty());
    QCOMPARE(chart.chart()->title(), QString());

    // the axes say which objective and which way is better
    auto *x = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Horizontal).value(0));
    auto *y = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(x && y);
    QCOMPARE(x->titleText(), QStringLiteral("f1 (%1)").arg(goalName(goals[0])));
    QCOMPARE(y->titleText(), QStringLiteral("f2 (%1)").arg(goalName(goals[1])));
    for (const QPointF &p : chart.points()) {
        QVERIFY(p.x() > x->min() && p.x() < x->max());
        QVERIFY(p.y() > y->min() && p.y() < y->max());
    }

    // swapping the axes keeps the front and mirrors the points
    chart.setShownObjectives(1, 0);
    QCOMPARE(chart.xObjective(), 1);
    QCOMPARE(chart.frontTrials(), front);
    QCOMPARE(chart.projectedFrontTrials(), front);
    QCOMPARE(chart.points().value(0), QPointF(values[0][1], values[0][0]));
    QCOMPARE(x->titleText(), QStringLiteral("f2 (%1)").arg(goalName(goals[1])));
}

void TestPareto::randomFrontMatchesBruteForce_data()
{
    QTest::addColumn<Goals>("goals");
    QTest::addColumn<int>("count");
    QTest::newRow("2 min, 300") << Goals{Goal::Minimize, Goal::Minimize} << 300;
    QTest::newRow("2 mixed, 300") << Goals{Goal::Maximize, Goal::Minimize} << 300;
    QTest::newRow("3 mixed, 200") << Goals{Goal::Minimize, Goal::Maximize, Goal::Minimize} << 200;
    QTest::newRow("4 mixed, 150") << Goals{Goal::Maximize, Goal::Maximize, Goal::Minimize, Goal::Minimize} << 150;
}

void TestPareto::randomFrontMatchesBruteForce()
{
    QFETCH(Goals, goals);
    QFETCH(int, count);
    QRandomGenerator rng(11);
    Values values;
    for (int i = 0; i < count; ++i) {
        QList<double> v;
        for (qsizetype k = 0; k < goals.size(); ++k)
            v << double(rng.bounded(40)) / 4; // a coarse grid: many ties and duplicates
        values << v;
    }
    StudyMonitor monitor;
    const QList<Trial> trials = makeTrials(values);
    monitor.load(makeSpec(goals), trials);
    ParetoChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QCOMPARE(chart.points().size(), count);
    QCOMPARE(chart.frontTrials(), bruteFront(trials, goals));
    for (int x = 0; x < goals.size(); ++x)
        for (int y = 0; y < goals.size(); ++y) {
            if (x == y)
                continue;
            chart.setShownObjectives(x, y);
            QCOMPARE(chart.projectedFrontTrials(), bruteFront(trials, goals, {x, y}));
            // the line is a staircase: monotone in both coordinates
            const QList<QPointF> line = chart.stepLine();
            for (qsizetype i = 1; i < line.size(); ++i) {
                QVERIFY(line[i].x() >= line[i - 1].x());
                const bool up = line.last().y() >= line.first().y();
                QVERIFY(up ? line[i].y() >= line[i - 1].y() : line[i].y() <= line[i - 1].y());
                // every segment is horizontal or vertical
                QVERIFY(line[i].x() == line[i - 1].x() || line[i].y() == line[i - 1].y());
            }
        }
}

void TestPareto::threeObjectives()
{
    const Goals goals{Goal::Minimize, Goal::Minimize, Goal::Minimize};
    const Values values{{1, 1, 9}, {2, 2, 1}, {3, 3, 3}, {1.5, 0.5, 10}, {2.5, 2.5, 0.5}};
    StudyMonitor monitor;
    monitor.load(makeSpec({QStringLiteral("loss"), QStringLiteral("latency_ms"), QStringLiteral("params_m")}, goals),
                 makeTrials(values));
    ParetoChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QCOMPARE(chart.objectiveNames(),
             (QStringList{QStringLiteral("loss"), QStringLiteral("latency_ms"), QStringLiteral("params_m")}));
    QCOMPARE(chart.xObjective(), 0);
    QCOMPARE(chart.yObjective(), 1);
    QCOMPARE(chart.frontTrials(), (QList<int>{0, 1, 3, 4}));
    QCOMPARE(chart.projectedFrontTrials(), (QList<int>{0, 3}));
    QCOMPARE(chart.stepLine(), (QList<QPointF>{{1, 1}, {1.5, 1}, {1.5, 0.5}}));

    chart.setShownObjectives(0, 2);
    QCOMPARE(chart.frontTrials(), (QList<int>{0, 1, 3, 4})); // by all objectives: unchanged
    QCOMPARE(chart.projectedFrontTrials(), (QList<int>{0, 1, 4}));
    auto *y = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(y);
    QCOMPARE(y->titleText(), QStringLiteral("params_m (minimize)"));

    // invalid pairs are refused, the shown pair stays
    chart.setShownObjectives(2, 2);
    chart.setShownObjectives(0, 3);
    chart.setShownObjectives(-1, 1);
    QCOMPARE(chart.xObjective(), 0);
    QCOMPARE(chart.yObjective(), 2);
    dump(&chart, QStringLiteral("pareto-three-small"));
}

void TestPareto::nonFiniteAndOtherStates()
{
    const Goals goals{Goal::Minimize, Goal::Minimize, Goal::Minimize};
    Values values{{1, 4, 0}, {2, 2, 0}, {kNaN, 0.1, 0}, {3, kInf, 0}, {4, 1, kNaN}, {0.5, 0.5, 0}};
    QList<Trial> trials = makeTrials(values);
    trials[5].state = TrialState::Pruned; // would dominate everything, but is not complete
    Trial failed;
    failed.number = 6;
    failed.state = TrialState::Failed;
    trials << failed;
    Trial shortValues = makeTrials({{0.1, 0.1}}).first(); // fewer values than objectives
    shortValues.number = 7;
    trials << shortValues;
    Trial running = makeTrials({{0.1, 0.1, 0.1}}).first();
    running.number = 8;
    running.state = TrialState::Running;
    trials << running;

    StudyMonitor monitor;
    monitor.load(makeSpec(goals), trials);
    ParetoChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();
    // trial 4 has finite values in the shown pair: drawn, but not on the front (NaN in f3)
    QCOMPARE(chart.pointTrials(), (QList<int>{0, 1, 4}));
    QCOMPARE(chart.hiddenNonFiniteCount(), 3); // trials 2, 3 and 7
    QCOMPARE(chart.frontTrials(), (QList<int>{0, 1}));
    QCOMPARE(chart.frontTrials(), bruteFront(trials, goals));
    QCOMPARE(chart.projectedFrontTrials(), (QList<int>{0, 1, 4}));
    for (const QPointF &p : chart.points())
        QVERIFY(std::isfinite(p.x()) && std::isfinite(p.y()));

    // nothing finite at all: a message instead of an empty plot
    StudyMonitor allNan;
    allNan.load(makeSpec({Goal::Minimize, Goal::Maximize}), makeTrials({{kNaN, 1}, {1, kNaN}}));
    chart.setMonitor(&allNan);
    chart.refreshNow();
    QCOMPARE(chart.points().size(), 0);
    QVERIFY(chart.frontTrials().isEmpty());
    QVERIFY(chart.message().contains(QStringLiteral("finite")));
    QVERIFY(!ChartExport::toImage(&chart, QSize(400, 300), 1.0).isNull());
}

void TestPareto::messages_data()
{
    QTest::addColumn<int>("objectives");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("expected");
    QTest::newRow("single objective") << 1 << 5 << QStringLiteral("two or more objectives");
    QTest::newRow("single objective, no trials") << 1 << 0 << QStringLiteral("two or more objectives");
    QTest::newRow("two objectives, no trials") << 2 << 0 << QStringLiteral("No complete trials yet");
    QTest::newRow("no study") << 0 << 0 << QStringLiteral("No study");
}

void TestPareto::messages()
{
    QFETCH(int, objectives);
    QFETCH(int, count);
    QFETCH(QString, expected);
    StudyMonitor monitor;
    Values values;
    for (int i = 0; i < count; ++i)
        values << QList<double>{double(i), double(count - i)}.first(objectives);
    Goals goals;
    for (int k = 0; k < objectives; ++k)
        goals << Goal::Minimize;
    monitor.load(makeSpec(goals), makeTrials(values));
    ParetoChart chart;
    if (objectives > 0)
        chart.setMonitor(&monitor);
    chart.refreshNow();
    QVERIFY2(chart.message().contains(expected), qPrintable(chart.message()));
    // said inside the chart, so that an export explains itself
    QCOMPARE(chart.chart()->title(), chart.message());
    QCOMPARE(chart.points().size(), 0);
    QVERIFY(chart.frontTrials().isEmpty());
    QVERIFY(chart.stepLine().isEmpty());
    const QImage img = ChartExport::toImage(&chart, QSize(400, 300), 1.0);
    QVERIFY(!img.isNull());
    QVERIFY(!ChartExport::toSvg(&chart, QSize(400, 300)).isEmpty());
    dump(&chart, QStringLiteral("pareto-message-%1-%2").arg(objectives).arg(count));
}

void TestPareto::rubberBandPicks()
{
    // Ctrl+drag: a rectangle picks the trials whose points lie inside it (added to the pick
    // set, nothing zoomed); a plain drag still zooms and picks nothing.
    FourTrialChart shown;
    QVERIFY(shown.show());
    ZoomChartView *view = shown.view;
    const auto at = [&shown](double x, double y) { return shown.at(x, y); };
    QSignalSpy picked(&shown.chart, &ChartView::trialsPicked);
    QSignalSpy zoomed(view, &ZoomChartView::userZoomed);
    // Around (2, 3) and (3, 4), not (1, 5) or (4, 1).
    const QPoint from = at(1.5, 4.5), to = at(3.5, 2.5);
    QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ControlModifier, from);
    QTest::mouseMove(view->viewport(), (from + to) / 2);
    QTest::mouseMove(view->viewport(), to);
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ControlModifier, to);
    QCOMPARE(picked.size(), 1);
    QList<int> numbers = picked.at(0).at(0).value<QList<int>>();
    std::sort(numbers.begin(), numbers.end());
    QCOMPARE(numbers, (QList<int>{1, 2}));
    QCOMPARE(zoomed.size(), 0);
    // Over empty space: nothing picked.
    QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ControlModifier, at(3.6, 4.9));
    QTest::mouseMove(view->viewport(), at(3.9, 4.6));
    QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ControlModifier, at(3.9, 4.6));
    QCOMPARE(picked.size(), 1);
}

void TestPareto::clickAndSelect()
{
    FourTrialChart shown;
    QVERIFY(shown.show());
    ParetoChart &chart = shown.chart;
    ZoomChartView *view = shown.view;
    QChart *c = chart.chart();
    QSignalSpy spy(&chart, &ParetoChart::trialClicked);
    const QPoint at = shown.at(3, 4);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), 2);

    // the selection marker is the last series; it follows setSelectedTrial
    auto *marker = static_cast<QXYSeries *>(c->series().last());
    QCOMPARE(marker->points(), (QList<QPointF>{{3, 4}}));
    chart.setSelectedTrial(3);
    QCOMPARE(marker->points(), (QList<QPointF>{{4, 1}}));
    chart.setSelectedTrial(99);
    QVERIFY(marker->points().isEmpty());
    // a click on empty space selects nothing
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(3, 3));
    QCOMPARE(spy.size(), 1);

    // the trial under the mouse is named with its values and parameters
    emit view->hovered(QPointF(at));
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("Trial 2")), qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains(QStringLiteral("f1: 3 (minimize)")));
    QVERIFY(QToolTip::text().contains(QStringLiteral("x = 0.2")));
    QVERIFY(!QToolTip::text().contains(QStringLiteral("Pareto front")));
    const QPoint onFront = shown.at(4, 1);
    emit view->hovered(QPointF(onFront));
    QTRY_VERIFY(QToolTip::text().contains(QStringLiteral("on the Pareto front")));
    emit view->hovered(QPointF(3, 3));
    QTRY_VERIFY(!QToolTip::isVisible());

    const QString dir = qEnvironmentVariable("TUNESCOPE_CHART_DUMP");
    if (!dir.isEmpty()) // the whole widget, with its combos and info line
        QVERIFY(chart.grab().save(dir + QStringLiteral("/pareto-widget.png")));
}

void TestPareto::liveUpdate()
{
    StudyMonitor monitor;
    const Goals goals{Goal::Minimize, Goal::Minimize};
    monitor.load(makeSpec(goals), makeTrials({{1, 5}, {2, 3}}));
    ParetoChart chart;
    chart.setMonitor(&monitor);
    chart.show(); // hidden charts catch up every 2 s only
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.refreshNow();
    QCOMPARE(chart.frontTrials(), (QList<int>{0, 1}));
    // a reload with a dominating trial: batched, then applied
    monitor.load(makeSpec(goals), makeTrials({{1, 5}, {2, 3}, {0.5, 0.5}}));
    QTRY_COMPARE(chart.frontTrials(), (QList<int>{2}));
    QCOMPARE(chart.points().size(), 3);
    // a spec with fewer objectives puts the shown pair back in range
    chart.setShownObjectives(1, 0);
    monitor.load(makeSpec({Goal::Minimize, Goal::Minimize, Goal::Maximize}), makeTrials({{1, 2, 3}}));
    chart.refreshNow();
    chart.setShownObjectives(2, 1);
    QCOMPARE(chart.xObjective(), 2);
    monitor.load(makeSpec(goals), makeTrials({{1, 2}}));
    chart.refreshNow();
    QVERIFY(chart.xObjective() < 2 && chart.yObjective() < 2);
    QVERIFY(chart.xObjective() != chart.yObjective());
    chart.setMonitor(nullptr);
    chart.refreshNow();
    QCOMPARE(chart.points().size(), 0);
    QVERIFY(chart.objectiveNames().isEmpty());
}

void TestPareto::exportPngAndSvg_data()
{
    QTest::addColumn<bool>("three");
    QTest::newRow("two objectives") << false;
    QTest::newRow("three objectives") << true;
}

void TestPareto::exportPngAndSvg()
{
    QFETCH(bool, three);
    StudyMonitor monitor;
    const QStringList names{QStringLiteral("val_accuracy"), QStringLiteral("latency_ms"), QStringLiteral("params_k")};
    const Goals goals{Goal::Maximize, Goal::Minimize, Goal::Minimize};
    monitor.load(makeSpec(names.first(three ? 3 : 2), goals.first(three ? 3 : 2)), realisticTrials(150, three));
    ParetoChart chart; // never shown: export renders off-screen
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QVERIFY(chart.points().size() > 100);
    QVERIFY(chart.frontTrials().size() >= 3);
    QCOMPARE(chart.hiddenNonFiniteCount(), 1);
    QCOMPARE(chart.frontTrials(), paretoFront(monitor.trials(), monitor.spec().metrics));

    chartchecks::verifyPngAndSvgExport(&chart);
    if (QTest::currentTestFailed())
        return;
    dump(&chart, three ? QStringLiteral("pareto-three") : QStringLiteral("pareto-two"));
    if (three) {
        chart.setShownObjectives(2, 0);
        dump(&chart, QStringLiteral("pareto-three-params-accuracy"));
    }
}

QTEST_MAIN(TestPareto)
#include "tst_pareto.moc"
