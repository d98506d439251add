// The views that explain a study at a glance (issue 16): live importance, fed by a
// StudyMonitor with fixed data (importance, timeline, distribution); what they compute, draw, export, and how mouse and keyboard
// reach them. Set TUNESCOPE_CHART_DUMP=<dir> to write every view as PNG for a look.
#include "charts/edfchart.h"
#include "charts/importancechart.h"
#include "charts/plotcanvas.h"
#include "charts/sliceplot.h"
#include "charts/timelinechart.h"
#include "compare/comparechart.h"
#include "analysis/comparison.h"
#include "execution/studymonitor.h"
#include "support/chartchecks.h"
#include "support/reportfixture.h"

#include "charts/statecolors.h"

#include <QPainter>
#include <QSignalSpy>
#include <QTest>

using namespace tunescope;

class TestStudyViews : public QObject
{
    Q_OBJECT

private slots:
    void importanceFollowsTheStudy();
    void importanceOpensASlice();
    void sliceShowsOneParameter();
    void timelinePacksTrialsOntoSlots();
    void timelineIsKeyboardUsable();
    void edfOfTheObjective();
    void edfOfComparedStudies();
};

namespace {

/// A trial that ran from `from` to `to` seconds after 9:00 (to < 0: still running).
Trial ranTrial(int number, double from, double to, TrialState state, const QString &gpu = {},
               const QString &worker = QStringLiteral("node1:100"))
{
    const QDateTime t0(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);
    Trial t;
    t.number = number;
    t.state = state;
    t.started = t0.addMSecs(qint64(from * 1000));
    if (to >= 0)
        t.finished = t0.addMSecs(qint64(to * 1000));
    t.gpu = gpu;
    t.worker = worker;
    if (state == TrialState::Complete)
        t.value = 1.0 / (number + 1);
    return t;
}

} // namespace

void TestStudyViews::importanceFollowsTheStudy()
{
    StudyMonitor monitor;
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 90, 3);
    monitor.load(study.spec, study.trials.mid(0, 3));
    ImportanceChart chart;
    chart.resize(900, 500);
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QTRY_VERIFY(!chart.busy());
    QVERIFY(chart.importance().ranking.isEmpty()); // 3 trials: too few

    // More trials finish: the forest is fitted again off the GUI thread and the chart follows.
    monitor.load(study.spec, study.trials);
    chart.refreshNow();
    QVERIFY(chart.busy());
    QTRY_VERIFY(!chart.busy());
    const StudyImportance &result = chart.importance();
    QCOMPARE(result.ranking.size(), 3);
    QCOMPARE(result.ranking.first().name, QStringLiteral("lr"));
    QVERIFY(result.ranking.first().importance > 0.6);
    QVERIFY(!result.interactions.isEmpty());
    QVERIFY(result.trials > 60);
    // Nothing new finished: no refit.
    chart.refreshNow();
    QVERIFY(!chart.busy());

    chartchecks::verifyPngAndSvgExport(&chart);
    if (QTest::currentTestFailed())
        return;
    chartchecks::dump(&chart, QStringLiteral("importance"));
}

void TestStudyViews::importanceOpensASlice()
{
    StudyMonitor monitor;
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 90, 3);
    monitor.load(study.spec, study.trials);
    ImportanceChart chart;
    chart.resize(900, 500);
    chart.setMonitor(&monitor);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QTRY_VERIFY(!chart.busy());
    QSignalSpy activated(&chart, &ImportanceChart::parameterActivated);

    // The keyboard: Down chooses the first (most important) row, again the second, Enter opens it.
    chart.setFocus();
    QTest::keyClick(&chart, Qt::Key_Down);
    QCOMPARE(chart.currentRow(), 0);
    QTest::keyClick(&chart, Qt::Key_Down);
    QTest::keyClick(&chart, Qt::Key_Return);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.takeFirst().at(0).toString(), chart.importance().ranking[1].name);

    // The mouse: a click on the first bar's row opens the first parameter. Rows are where the
    // chart painted them: find the first by scanning down the bar's column for its colour.
    auto *canvas = chart.findChild<PlotCanvas *>();
    QVERIFY(canvas);
    QTest::qWait(50);
    const QImage shot = canvas->grab().toImage();
    int barY = -1;
    for (int y = 0; y < shot.height() && barY < 0; ++y)
        if (shot.pixelColor(int(shot.width() * 0.3 * shot.devicePixelRatio() / shot.devicePixelRatio()), y) == QColor(0x3b, 0x6e, 0xa8))
            barY = y;
    QVERIFY(barY > 0);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, QPoint(canvas->width() / 2, int(barY / shot.devicePixelRatio()) + 2));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.takeFirst().at(0).toString(), QStringLiteral("lr"));
}

void TestStudyViews::sliceShowsOneParameter()
{
    StudyMonitor monitor;
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 40, 3);
    monitor.load(study.spec, study.trials);
    SlicePlot slice;
    slice.setMonitor(&monitor);
    slice.refreshNow();
    QCOMPARE(slice.panelNames(), (QStringList{QStringLiteral("lr"), QStringLiteral("optimizer"), QStringLiteral("hidden")}));
    slice.setShownParameter(QStringLiteral("hidden"));
    QCOMPARE(slice.panelNames(), QStringList{QStringLiteral("hidden")});
    slice.setShownParameter(QStringLiteral("no-such"));
    QCOMPARE(slice.panelNames().size(), 3); // a name the study lacks shows them all
    QCOMPARE(slice.shownParameter(), QString());
}

void TestStudyViews::timelinePacksTrialsOntoSlots()
{
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 1, 3);
    QList<Trial> trials = {
        ranTrial(0, 0, 10, TrialState::Complete),
        ranTrial(1, 0, 5, TrialState::Pruned),
        ranTrial(2, 5, 12, TrialState::Complete),   // takes the slot trial 1 freed
        ranTrial(3, 6, 7, TrialState::Failed),      // both slots busy: a third one
        ranTrial(4, 1, 30, TrialState::Complete, QStringLiteral("0")),
        ranTrial(5, 2, -1, TrialState::Running, QStringLiteral("1")),
    };
    trials.append(Trial{}); // waiting, never started: no bar
    trials.last().number = 6;
    StudyMonitor monitor;
    monitor.load(study.spec, trials);
    TimelineChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QCOMPARE(chart.barCount(), 6);
    QCOMPARE(chart.laneNames(), (QStringList{QStringLiteral("GPU 0"), QStringLiteral("GPU 1"), QStringLiteral("CPU slot 1"),
                                             QStringLiteral("CPU slot 2"), QStringLiteral("CPU slot 3")}));
    QCOMPARE(chart.laneOf(0), 2);
    QCOMPARE(chart.laneOf(1), 3);
    QCOMPARE(chart.laneOf(2), 3);
    QCOMPARE(chart.laneOf(3), 4);
    QCOMPARE(chart.laneOf(4), 0);
    QCOMPARE(chart.laneOf(5), 1);
    QCOMPARE(chart.laneOf(6), -1);

    // Two hosts: each has its own slots, named with the host.
    trials[3].worker = QStringLiteral("node2:200");
    monitor.load(study.spec, trials);
    chart.refreshNow();
    QVERIFY(chart.laneNames().contains(QStringLiteral("node2 · CPU slot 1")));
    QCOMPARE(chart.laneNames().size(), 5);

    chartchecks::verifyPngAndSvgExport(&chart);
    if (QTest::currentTestFailed())
        return;
    chartchecks::dump(&chart, QStringLiteral("timeline"));
}

void TestStudyViews::timelineIsKeyboardUsable()
{
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 1, 3);
    StudyMonitor monitor;
    monitor.load(study.spec, {ranTrial(0, 3, 10, TrialState::Complete), ranTrial(1, 0, 5, TrialState::Complete),
                              ranTrial(2, 6, 9, TrialState::Complete)});
    TimelineChart chart;
    chart.resize(800, 400);
    chart.setMonitor(&monitor);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    QSignalSpy clicked(&chart, &ChartView::trialClicked);
    chart.setFocus();
    // In the order the trials started: 1, 0, 2.
    QTest::keyClick(&chart, Qt::Key_Right);
    QTest::keyClick(&chart, Qt::Key_Right);
    QTest::keyClick(&chart, Qt::Key_End);
    QTest::keyClick(&chart, Qt::Key_Left);
    QCOMPARE(clicked.size(), 4);
    QCOMPARE(clicked[0].at(0).toInt(), 1);
    QCOMPARE(clicked[1].at(0).toInt(), 0);
    QCOMPARE(clicked[2].at(0).toInt(), 2);
    QCOMPARE(clicked[3].at(0).toInt(), 0);
    QCOMPARE(chart.selectedTrial(), 0);

    // The mouse finds a bar where it is drawn: trial 1 runs from 0 to 5 s of 10, on slot 1,
    // the first lane; scan below the legend (whose square has the same colour) for the bar's
    // colour and click there.
    auto *canvas = chart.findChild<PlotCanvas *>();
    QTest::qWait(50);
    const QImage shot = canvas->grab().toImage();
    const qreal dpr = shot.devicePixelRatio();
    QPoint hit(-1, -1);
    for (int y = shot.height() / 6; y < shot.height() && hit.y() < 0; ++y)
        for (int x = shot.width() / 10; x < shot.width() / 3 && hit.y() < 0; ++x)
            if (shot.pixelColor(x, y) == StateColors::color(TrialState::Complete))
                hit = QPoint(int(x / dpr) + 4, int(y / dpr) + 3);
    QVERIFY(hit.y() >= 0);
    QCOMPARE(chart.trialAt(hit), 1);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, hit);
    QCOMPARE(clicked.last().at(0).toInt(), 1);
}

void TestStudyViews::edfOfTheObjective()
{
    const StudyData study = fixture::makeStudy(QStringLiteral("s"), 60, 3);
    StudyMonitor monitor;
    monitor.load(study.spec, study.trials);
    EdfChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QCOMPARE(chart.series().size(), 1);
    const EdfSeries &s = chart.series().first();
    // Complete trials only (pruned and failed ones have no final objective to rank).
    std::vector<double> expected;
    for (const Trial &t : study.trials)
        if (t.state == TrialState::Complete)
            expected.push_back(*t.value);
    std::sort(expected.begin(), expected.end());
    QCOMPARE(s.values, expected);
    QCOMPARE(EdfChart::fractionAtMost(s, expected.front() - 1), 0.0);
    QCOMPARE(EdfChart::fractionAtMost(s, expected[9]), 10.0 / double(expected.size()));
    QCOMPARE(EdfChart::fractionAtMost(s, expected.back()), 1.0);

    chartchecks::verifyPngAndSvgExport(&chart);
    if (QTest::currentTestFailed())
        return;
    chartchecks::dump(&chart, QStringLiteral("edf"));
}

void TestStudyViews::edfOfComparedStudies()
{
    // Two studies, one curve each in its own colour: the image holds both colours.
    QList<ComparedStudy> studies;
    for (int k = 0; k < 2; ++k) {
        ComparedStudy c;
        c.data = fixture::makeStudy(QStringLiteral("study-%1").arg(k), 50, quint32(3 + k));
        studies.append(c);
    }
    StudyComparison::assignLabels(studies, false);
    const StudyComparison comparison(studies);
    QImage image(900, 500, QImage::Format_RGB32);
    QPainter painter(&image);
    CompareChart::paintEdf(&painter, QRectF(image.rect()), comparison);
    painter.end();
    int first = 0, second = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            first += image.pixelColor(x, y) == CompareChart::seriesColor(0);
            second += image.pixelColor(x, y) == CompareChart::seriesColor(1);
        }
    QVERIFY2(first > 300 && second > 300, qPrintable(QStringLiteral("%1 %2").arg(first).arg(second)));
    if (const QString dir = qEnvironmentVariable("TUNESCOPE_CHART_DUMP"); !dir.isEmpty())
        image.save(dir + QStringLiteral("/edf-compare.png"));
}

QTEST_MAIN(TestStudyViews)
#include "tst_studyviews.moc"
