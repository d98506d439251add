// The views that explain a study at a glance (issue 16): live importance, fed by a
// StudyMonitor with fixed data (importance, timeline, distribution); what they compute, draw, export, and how mouse and keyboard
// reach them. Set TUNESCOPE_CHART_DUMP=<dir> to write every view as PNG for a look.
#include "charts/edfchart.h"
#include "charts/hypervolumechart.h"
#include "charts/importancechart.h"
#include "charts/paretomatrixchart.h"
#include "analysis/hypervolume.h"
#include "charts/plotcanvas.h"
#include "charts/sliceplot.h"
#include "charts/timelinechart.h"
#include "compare/comparechart.h"
#include "analysis/comparison.h"
#include "analysis/pareto.h"
#include "execution/studymonitor.h"
#include "support/chartchecks.h"
#include "support/reportfixture.h"

#include "charts/statecolors.h"
#include "charts/trialcurveschart.h"
#include "charts/curveschart.h"
#include "charts/metricpairchart.h"
#include "storage/studylocation.h"
#include "trials/trialcomparisonview.h"
#include "trials/trialdetailpane.h"
#include "window/trialspage.h"

#include <QItemSelectionModel>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>

#include <QLineEdit>
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
    void hypervolumeHistoryWithAReferencePoint();
    void paretoMatrixOfThreeObjectives();
    void hypervolumeOfComparedStudies();
    void pickTrialsAndCompare();
    void twoMetricsSideBySide();
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

/// A study of three objectives (accuracy up, size and latency down) that trade off.
std::pair<StudySpec, QList<Trial>> threeObjectiveStudy(int count)
{
    StudySpec spec = fixture::makeStudy(QStringLiteral("multi"), 1, 3).spec;
    spec.metrics = {MetricSpec{QStringLiteral("accuracy"), Goal::Maximize, false},
                    MetricSpec{QStringLiteral("size"), Goal::Minimize, false},
                    MetricSpec{QStringLiteral("latency"), Goal::Minimize, false}};
    QList<Trial> trials;
    for (int i = 0; i < count; ++i) {
        Trial t;
        t.number = i;
        t.state = i % 10 == 9 ? TrialState::Failed : TrialState::Complete;
        const double u = std::fmod(i * 0.618033988749895, 1.0), v = std::fmod(i * 0.754877666246693, 1.0);
        if (t.state == TrialState::Complete)
            t.values = {0.5 + 0.5 * u - 0.1 * v, 10 + 100 * u * u + 20 * v, 1 + 5 * u - 3 * v * v + 2 * v};
        trials.append(t);
    }
    return {spec, trials};
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
    const int first = chartchecks::countPixels(image, CompareChart::seriesColor(0));
    const int second = chartchecks::countPixels(image, CompareChart::seriesColor(1));
    QVERIFY2(first > 300 && second > 300, qPrintable(QStringLiteral("%1 %2").arg(first).arg(second)));
    if (const QString dir = qEnvironmentVariable("TUNESCOPE_CHART_DUMP"); !dir.isEmpty())
        image.save(dir + QStringLiteral("/edf-compare.png"));
}

void TestStudyViews::hypervolumeHistoryWithAReferencePoint()
{
    const auto [spec, trials] = threeObjectiveStudy(60);
    StudyMonitor monitor;
    monitor.load(spec, trials);
    HypervolumeChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QCOMPARE(chart.series().size(), 1);
    const QList<double> &values = chart.series().first().values;
    QCOMPARE(values.size(), 60); // one per finished trial
    for (qsizetype i = 1; i < values.size(); ++i)
        QVERIFY(values[i] >= values[i - 1]); // a front never loses volume
    // The default reference: worst of each objective plus 10 % of its range, in its own units.
    const std::vector<std::vector<double>> vectors = minimizationVectors(trials, spec.metrics);
    const std::vector<double> reference = defaultReferencePoint(vectors);
    QCOMPARE(chart.referencePoint().size(), 3);
    QVERIFY(std::abs(chart.referencePoint()[0] - -reference[0]) < 1e-12); // accuracy: maximized, negated back
    QVERIFY(std::abs(values.last() - hypervolume(vectors, reference)) < 1e-9 * values.last());

    // A reference the user sets, in the objectives' units: the volume follows it.
    QVERIFY(chart.setReferencePoint({0.0, 200.0, 10.0}));
    QVERIFY(std::abs(chart.series().first().values.last() - hypervolume(vectors, {0.0, 200.0, 10.0})) < 1e-9);
    QString error;
    QVERIFY(!chart.setReferencePoint({1.0, 2.0}, &error)); // 2 values for 3 objectives
    QVERIFY(error.contains(QLatin1String("3")));
    QCOMPARE(chart.referencePoint(), (QList<double>{0.0, 200.0, 10.0}));
    // Typed into the field: a bad list is outlined and changes nothing.
    auto *edit = chart.findChild<QLineEdit *>();
    QVERIFY(edit);
    edit->setText(QStringLiteral("0.1, lots, 3"));
    emit edit->editingFinished();
    QVERIFY(!edit->styleSheet().isEmpty());
    QCOMPARE(chart.referencePoint(), (QList<double>{0.0, 200.0, 10.0}));
    edit->clear();
    emit edit->editingFinished();
    QVERIFY(edit->styleSheet().isEmpty());
    QVERIFY(std::abs(chart.referencePoint()[1] - reference[1]) < 1e-12);

    chartchecks::verifyPngAndSvgExport(&chart);
    if (QTest::currentTestFailed())
        return;
    chartchecks::dump(&chart, QStringLiteral("hypervolume"));

    // A single-objective study has no hypervolume: the chart says so.
    StudyMonitor single;
    single.load(fixture::makeStudy(QStringLiteral("s"), 10, 3).spec, {});
    chart.setMonitor(&single);
    chart.refreshNow();
    QVERIFY(chart.series().isEmpty());
    QVERIFY(chart.message().contains(QLatin1String("two or more objectives")));
}

void TestStudyViews::paretoMatrixOfThreeObjectives()
{
    const auto [spec, trials] = threeObjectiveStudy(60);
    StudyMonitor monitor;
    monitor.load(spec, trials);
    ParetoMatrixChart chart;
    chart.resize(900, 700);
    chart.setMonitor(&monitor);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.refreshNow();
    QCOMPARE(chart.objectiveNames(), (QStringList{QStringLiteral("accuracy"), QStringLiteral("size"), QStringLiteral("latency")}));
    QCOMPARE(chart.pointCount(), 54); // the 6 failed trials have no values
    QCOMPARE(chart.frontCount(), int(paretoFront(trials, spec.metrics).size()));
    QVERIFY(chart.frontCount() > 1 && chart.frontCount() < 54);

    // A click on a front member's dark point selects its trial: find one in the image.
    auto *canvas = chart.findChild<PlotCanvas *>();
    QTest::qWait(50);
    const QImage shot = canvas->grab().toImage();
    const qreal dpr = shot.devicePixelRatio();
    QPoint hit(-1, -1);
    for (int y = shot.height() / 8; y < shot.height() && hit.y() < 0; ++y)
        for (int x = shot.width() / 3; x < shot.width() && hit.y() < 0; ++x)
            if (shot.pixelColor(x, y) == QColor(0x1f, 0x4e, 0x8c))
                hit = QPoint(int(std::lround(x / dpr)) + 1, int(std::lround(y / dpr)) + 1);
    QVERIFY(hit.y() >= 0);
    const int number = chart.trialAt(hit);
    QVERIFY(paretoFront(trials, spec.metrics).contains(number));
    QSignalSpy clicked(&chart, &ChartView::trialClicked);
    QTest::mouseClick(canvas, Qt::LeftButton, {}, hit);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(chart.selectedTrial(), number);

    chartchecks::verifyPngAndSvgExport(&chart);
    if (QTest::currentTestFailed())
        return;
    chartchecks::dump(&chart, QStringLiteral("pareto-matrix"));

    // Two objectives: the Pareto front tab shows them; the matrix says so.
    StudySpec two = spec;
    two.metrics.removeLast();
    StudyMonitor twoMonitor;
    twoMonitor.load(two, trials);
    chart.setMonitor(&twoMonitor);
    chart.refreshNow();
    QCOMPARE(chart.pointCount(), 0);
}

void TestStudyViews::hypervolumeOfComparedStudies()
{
    // Two three-objective studies: one line each, to one reference point.
    QList<ComparedStudy> studies;
    for (int k = 0; k < 2; ++k) {
        const auto [spec, trials] = threeObjectiveStudy(40 + 20 * k);
        ComparedStudy c;
        c.data.spec = spec;
        c.data.spec.name = QStringLiteral("multi-%1").arg(k);
        c.data.record.name = c.data.spec.name;
        c.data.trials = trials;
        // The second study finds worse trade-offs at first: the lines part.
        for (Trial &t : c.data.trials)
            if (k == 1 && !t.values.isEmpty() && t.number < 30)
                t.values[0] -= 0.2;
        studies.append(c);
    }
    StudyComparison::assignLabels(studies, false);
    const StudyComparison comparison(studies);
    QVERIFY(CompareChart::hasHypervolume(comparison));
    QImage image(900, 500, QImage::Format_RGB32);
    QPainter painter(&image);
    CompareChart::paintHypervolume(&painter, QRectF(image.rect()), comparison);
    painter.end();
    const int first = chartchecks::countPixels(image, CompareChart::seriesColor(0));
    const int second = chartchecks::countPixels(image, CompareChart::seriesColor(1));
    QVERIFY2(first > 300 && second > 300, qPrintable(QStringLiteral("%1 %2").arg(first).arg(second)));
    if (const QString dir = qEnvironmentVariable("TUNESCOPE_CHART_DUMP"); !dir.isEmpty())
        image.save(dir + QStringLiteral("/hypervolume-compare.png"));

    // Different objectives (or one): nothing to compare.
    studies[1].data.spec.metrics.removeLast();
    QVERIFY(!CompareChart::hasHypervolume(StudyComparison(studies)));
    QList<ComparedStudy> single;
    for (int k = 0; k < 2; ++k) {
        ComparedStudy c;
        c.data = fixture::makeStudy(QStringLiteral("single-%1").arg(k), 10, quint32(k));
        single.append(c);
    }
    QVERIFY(!CompareChart::hasHypervolume(StudyComparison(single)));
}

void TestStudyViews::pickTrialsAndCompare()
{
    const StudyData study = fixture::makeStudy(QStringLiteral("pick"), 14, 3);
    StudyMonitor monitor;
    monitor.load(study.spec, study.trials);
    QTemporaryDir runs;
    // Trials 0 and 2 wrote logs where the detail pane looks for them.
    for (int n : {0, 2}) {
        const QString dir = trialFolder(runs.path(), study.spec.name, monitor.studyId(), n);
        QVERIFY(QDir().mkpath(dir));
        QFile log(QDir(dir).filePath(QStringLiteral("stdout.log")));
        QVERIFY(log.open(QIODevice::WriteOnly));
        log.write(QStringLiteral("epoch=1 loss=0.5 from trial %1\n").arg(n).toUtf8());
    }
    TrialsPage page(&monitor);
    page.setRunsDirectory(runs.path());
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *button = page.findChild<QPushButton *>();
    QVERIFY(button);
    QTableView *view = page.view();
    QTRY_COMPARE(view->model()->rowCount(), 14);

    // One trial selected: nothing to compare; three (Ctrl-click): the button offers them.
    view->selectRow(0);
    QVERIFY(!button->isEnabled());
    QVERIFY(!page.compareSelected());
    for (int row : {2, 3})
        view->selectionModel()->select(view->model()->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(button->isEnabled());
    QCOMPARE(page.selectedTrials(), (QList<int>{0, 2, 3}));
    QWidget *dialog = page.compareSelected();
    QVERIFY(dialog);
    auto *compare = dialog->findChild<TrialComparisonView *>();
    QVERIFY(compare);

    // Values: a column per trial; the parameters that differ are marked, the constant is not.
    QTableWidget *table = compare->table();
    QCOMPARE(table->columnCount(), 4);
    const auto rowNamed = [table](const QString &name) {
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->text() == name)
                return r;
        return -1;
    };
    const int lr = rowNamed(QStringLiteral("lr")), epochs = rowNamed(QStringLiteral("epochs"));
    QVERIFY(lr >= 0 && epochs >= 0);
    QVERIFY(table->item(lr, 0)->font().bold());
    QVERIFY(!table->item(epochs, 0)->font().bold());
    QVERIFY(rowNamed(QStringLiteral("val_accuracy (last)")) >= 0);
    const QList<const Trial *> picked{monitor.trial(0), monitor.trial(2), monitor.trial(3)};
    const QList<ComparisonRow> rows = TrialComparisonView::rows(study.spec, picked);
    QCOMPARE(rows.size(), table->rowCount());
    if (const QString dir = qEnvironmentVariable("TUNESCOPE_CHART_DUMP"); !dir.isEmpty()) {
        dialog->resize(1100, 640);
        QTest::qWait(100);
        dialog->grab().save(dir + QStringLiteral("/trial-compare.png"));
    }
    for (const ComparisonRow &r : rows)
        if (r.name == QLatin1String("epochs"))
            QVERIFY(!r.differs);

    // Curves: the three trials' objective, exportable.
    QCOMPARE(compare->curves()->trials(), (QList<int>{0, 2, 3}));
    QCOMPARE(compare->curves()->metric(), QStringLiteral("val_accuracy"));
    chartchecks::verifyPngAndSvgExport(compare->curves());
    if (QTest::currentTestFailed())
        return;
    chartchecks::dump(compare->curves(), QStringLiteral("trial-curves"));

    // Logs side by side, in the order picked; trial 3 has none.
    const QStringList logs = compare->logs();
    QCOMPARE(logs.size(), 3);
    QVERIFY(logs[0].contains(QLatin1String("from trial 0")));
    QVERIFY(logs[1].contains(QLatin1String("from trial 2")));
    QVERIFY(logs[2].isEmpty());

    // More than ten: refused.
    view->selectAll();
    QVERIFY(!button->isEnabled());
    QVERIFY(!page.compareSelected());
}

void TestStudyViews::twoMetricsSideBySide()
{
    QCOMPARE(MetricPairChart::counterpart(QStringLiteral("val_loss"), {QStringLiteral("train_loss"), QStringLiteral("val_loss")}),
             QStringLiteral("train_loss"));
    QCOMPARE(MetricPairChart::counterpart(QStringLiteral("validation_acc"), {QStringLiteral("lr"), QStringLiteral("training_acc"),
                                                                             QStringLiteral("validation_acc")}),
             QStringLiteral("training_acc"));
    QCOMPARE(MetricPairChart::counterpart(QStringLiteral("score"), {QStringLiteral("epoch"), QStringLiteral("score"), QStringLiteral("time")}),
             QStringLiteral("time"));
    QCOMPARE(MetricPairChart::counterpart(QStringLiteral("score"), {QStringLiteral("score")}), QString());

    // Trials that report train_accuracy next to the objective val_accuracy.
    StudyData study = fixture::makeStudy(QStringLiteral("pair"), 30, 3);
    for (Trial &t : study.trials)
        for (const MetricPoint &p : t.intermediate.value(QStringLiteral("val_accuracy")))
            t.intermediate[QStringLiteral("train_accuracy")].append({p.step, std::min(1.0, p.value + 0.05)});
    StudyMonitor monitor;
    monitor.load(study.spec, study.trials);
    MetricPairChart chart;
    chart.resize(1200, 500);
    chart.setMonitor(&monitor);
    chart.prepare();
    QCOMPARE(chart.left()->metric(), QStringLiteral("val_accuracy"));
    QCOMPARE(chart.right()->metric(), QStringLiteral("train_accuracy"));
    QCOMPARE(chart.right()->curveCount(), 30);
    // One selection across both; a click in either reaches the window.
    chart.setSelectedTrial(7);
    QCOMPARE(chart.left()->selectedTrial(), 7);
    QCOMPARE(chart.right()->selectedTrial(), 7);
    QSignalSpy clicked(&chart, &ChartView::trialClicked);
    emit chart.right()->trialClicked(9);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(chart.left()->selectedTrial(), 9);
    // A metric the user picks stays.
    chart.right()->setMetric(QStringLiteral("val_accuracy"));
    chart.refreshNow();
    QCOMPARE(chart.right()->metric(), QStringLiteral("val_accuracy"));

    chartchecks::verifyPngAndSvgExport(&chart);
    if (QTest::currentTestFailed())
        return;
    chartchecks::dump(&chart, QStringLiteral("metrics"));
}

QTEST_MAIN(TestStudyViews)
#include "tst_studyviews.moc"
