// Chart widgets fed by a StudyMonitor with fixed data: what they hold, what they draw,
// what they export. Set TUNESCOPE_CHART_DUMP=<dir> to write every widget as PNG for a look.
#include "charts/bestsofarchart.h"
#include "charts/chartexport.h"
#include "charts/curveschart.h"
#include "charts/densityraster.h"
#include "charts/heatmapwidget.h"
#include "charts/plotaxis.h"
#include "charts/metricchooser.h"
#include "charts/parallelcoordinates.h"
#include "charts/plotcanvas.h"
#include "charts/sliceplot.h"
#include "charts/toptrialsfilter.h"
#include "execution/studymonitor.h"
#include "storage/storage.h"
#include "charts/trialtooltip.h"
#include "support/chartchecks.h"

#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QProcess>
#include <QStandardPaths>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QComboBox>
#include <QTest>
#include <QRegularExpression>
#include <QValueAxis>

#include <cmath>
#include <limits>
#include <memory>

using namespace tunescope;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

StudySpec makeSpec(Goal goal = Goal::Minimize)
{
    StudySpec spec;
    spec.name = QStringLiteral("synthetic");
    spec.metrics = {MetricSpec{QStringLiteral("val_loss"), goal, false}};
    Parameter lr;
    lr.name = QStringLiteral("lr");
    lr.low = 1e-4;
    lr.high = 1e-1;
    lr.log = true;
    Parameter opt;
    opt.name = QStringLiteral("optimizer");
    opt.type = Parameter::Type::Categorical;
    opt.choices = {QStringLiteral("sgd"), QStringLiteral("adam"), QStringLiteral("rmsprop")};
    Parameter hidden;
    hidden.name = QStringLiteral("hidden");
    hidden.type = Parameter::Type::Int;
    hidden.low = 16;
    hidden.high = 256;
    hidden.step = 1;
    Parameter dropout;
    dropout.name = QStringLiteral("dropout");
    dropout.low = 0;
    dropout.high = 0.5;
    Parameter epochs;
    epochs.name = QStringLiteral("epochs");
    epochs.type = Parameter::Type::Constant;
    epochs.value = 100;
    spec.space = SearchSpace({lr, opt, hidden, dropout, epochs});
    return spec;
}

/// A realistic study: decaying loss curves, some pruned early, some failed with NaN/inf,
/// a few still running; also reports train_loss and val_accuracy.
QList<Trial> makeTrials(int count, int steps, quint32 seed = 1)
{
    QRandomGenerator rng(seed);
    const QStringList opts{QStringLiteral("sgd"), QStringLiteral("adam"), QStringLiteral("rmsprop")};
    QList<Trial> trials;
    for (int i = 0; i < count; ++i) {
        Trial t;
        t.number = i;
        const double lr = std::pow(10.0, -4 + 3 * rng.generateDouble());
        const QString opt = opts[rng.bounded(3)];
        t.params = {{QStringLiteral("lr"), lr},
                    {QStringLiteral("optimizer"), opt},
                    {QStringLiteral("hidden"), qlonglong(16 + rng.bounded(241))},
                    {QStringLiteral("dropout"), 0.5 * rng.generateDouble()},
                    {QStringLiteral("epochs"), 100}};
        const double floor = 0.05 + 0.3 * std::abs(std::log10(lr) + 2.5) / 1.5 + (opt == QLatin1String("sgd") ? 0.1 : 0.0);
        const double tau = 5 + 30 * rng.generateDouble();
        const int kind = rng.bounded(20);
        t.state = kind < 14 ? TrialState::Complete : kind < 17 ? TrialState::Pruned : kind < 19 ? TrialState::Failed : TrialState::Running;
        const int n = std::max(1, t.state == TrialState::Pruned ? steps / 4 : t.state == TrialState::Running ? steps / 2 : steps);
        auto &loss = t.intermediate[QStringLiteral("val_loss")];
        auto &train = t.intermediate[QStringLiteral("train_loss")];
        for (int s = 0; s < n; ++s) {
            double v = floor + 1.5 * std::exp(-s / tau) + 0.02 * (rng.generateDouble() - 0.5);
            if (t.state == TrialState::Failed && s > n / 3)
                v = (s % 2) ? kNaN : kInf; // diverged
            loss.append({s, v});
            train.append({s, v * 0.8});
        }
        if (i % 3 == 0)
            t.intermediate[QStringLiteral("val_accuracy")].append({0, 0.5});
        if (t.state == TrialState::Complete || t.state == TrialState::Pruned)
            t.value = loss.last().value;
        if (t.state == TrialState::Failed)
            t.reason = QStringLiteral("exit code 1");
        trials << t;
    }
    return trials;
}

/// The text pdftotext (with `options`) reads from `chart` rendered into `target` of a PDF page
/// of `page` points, at the report's resolution; empty where pdftotext failed.
QString renderedPdfText(PaintedChart &chart, const QSizeF &page, const QRectF &target, const QString &pdftotext,
                        const QStringList &options = {})
{
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("chart.pdf"));
    {
        QPdfWriter writer(pdf);
        writer.setResolution(96); // as the report: a device unit is a logical pixel
        writer.setPageSize(QPageSize(page, QPageSize::Point));
        writer.setPageMargins(QMarginsF());
        QPainter p(&writer);
        chart.renderChart(&p, target);
    }
    QProcess proc;
    proc.start(pdftotext, options + QStringList{pdf, QStringLiteral("-")});
    if (!proc.waitForFinished(60000) || proc.exitCode() != 0)
        return {};
    return QString::fromUtf8(proc.readAllStandardOutput());
}

double runningBestIndependent(const QList<Trial> &trials, int upTo, bool maximize)
{
    double best = maximize ? -kInf : kInf;
    for (const Trial &t : trials)
        if (t.number <= upTo && t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
            best = maximize ? std::max(best, *t.value) : std::min(best, *t.value);
    return best;
}

using chartchecks::dump;

/// A curves chart of these trials, refreshed (at size, when one is given), and its monitor.
struct LoadedCurves
{
    StudyMonitor monitor;
    CurvesChart chart;

    explicit LoadedCurves(const QList<Trial> &trials, const StudySpec &spec = makeSpec(), QSize size = {})
    {
        monitor.load(spec, trials);
        if (size.isValid())
            chart.resize(size);
        chart.setMonitor(&monitor);
        chart.refreshNow();
    }
};

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private slots:
    void tooltipEscapesNamesAndValues();
    void emptyAndSingle_data();
    void emptyAndSingle();
    void curvesHoldEveryFinitePoint();
    void curvesHighlightAndHover();
    void curvesBatchLiveUpdates();
    void curvesLogScaleNeedsPositiveValues();
    void densityCountsEachCurveOnce();
    void densityPutsOnePixelPerColumn();
    void curvesModesAtScale();
    void curvesFollowLiveAppends();
    void bestSoFarLine_data();
    void bestSoFarLine();
    void bestSoFarErrorBars();
    void trialAxesTickAtWholeNumbers();
    void heatmapCells_data();
    void heatmapCells();
    void heatmapLogAndCategorical();
    void parallelAndSlice();
    void anyMetricOnTheYAxis();
    void parallelTopFilter_data();
    void parallelTopFilter();
    void parallelRubberBandPicks();
    void parallelLabelsWholeInAPdf();
    void sliceLabelsApartInAPdf();
    void curvesTopFilter_data();
    void curvesTopFilter();
    void curvesOfOneReportAreSeen();
    void exportPngAndSvg_data();
    void exportPngAndSvg();
    void scale1000Trials();
};

void TestCharts::emptyAndSingle_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("no trials") << 0;
    QTest::newRow("one trial") << 1;
}

void TestCharts::emptyAndSingle()
{
    QFETCH(int, count);
    StudyMonitor monitor;
    QList<Trial> trials = makeTrials(count, 10);
    for (Trial &t : trials) { // one complete trial, whatever the generator chose
        t.state = TrialState::Complete;
        t.value = 0.5;
    }
    monitor.load(makeSpec(), trials);
    CurvesChart curves;
    BestSoFarChart best;
    HeatmapWidget heat;
    ParallelCoordinatesWidget parallel;
    SlicePlot slice;
    QList<ChartView *> views{&curves, &best, &heat, &parallel, &slice};
    for (ChartView *v : views) {
        v->setMonitor(&monitor);
        v->refreshNow();
        QVERIFY(!ChartExport::toImage(v, QSize(400, 300), 1.0).isNull());
        dump(v, QStringLiteral("%1-%2").arg(v->metaObject()->className() + 11).arg(count));
    }
    QCOMPARE(curves.curveCount(), count);
    QCOMPARE(best.points(TrialState::Complete).size(), count);
    QCOMPARE(best.bestLine().size(), count);
    QCOMPARE(heat.pointCount(), count);
    QCOMPARE(parallel.lineCount(), count);
    QCOMPARE(slice.pointCount(), count);
    for (ChartView *v : views) {
        v->setMonitor(nullptr);
        v->refreshNow();
    }
    QCOMPARE(curves.curveCount(), 0);
}

void TestCharts::curvesHoldEveryFinitePoint()
{
    const QList<Trial> trials = makeTrials(60, 40);
    LoadedCurves shown(trials);
    CurvesChart &chart = shown.chart;

    QCOMPARE(chart.metric(), QStringLiteral("val_loss"));
    const QStringList names = chart.metricNames();
    QCOMPARE(names.first(), QStringLiteral("val_loss")); // the objective first
    QVERIFY(names.contains(QStringLiteral("train_loss")));
    QVERIFY(names.contains(QStringLiteral("val_accuracy")));

    int curvesWithData = 0;
    qsizetype finite = 0;
    for (const Trial &t : trials) {
        int f = 0;
        for (const MetricPoint &p : t.intermediate.value(QStringLiteral("val_loss")))
            f += std::isfinite(p.value);
        finite += f;
        curvesWithData += f > 0;
    }
    QCOMPARE(chart.curveCount(), curvesWithData);
    QCOMPARE(chart.pointCount(), finite);

    chart.setMetric(QStringLiteral("val_accuracy"));
    QCOMPARE(chart.curveCount(), 20); // every third trial reports it
    QCOMPARE(chart.pointCount(), 20);
}

void TestCharts::curvesHighlightAndHover()
{
    StudyMonitor monitor;
    const QList<Trial> trials = makeTrials(40, 30);
    monitor.load(makeSpec(), trials);
    CurvesChart chart;
    chart.setMonitor(&monitor);
    chart.resize(900, 560);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.refreshNow();

    const int best = monitor.best()->number;
    QCOMPARE(chart.bestTrial(), best);
    QCOMPARE(chart.highlightedTrials(), QList<int>{best});
    const int other = best == 0 ? 1 : 0;
    QSignalSpy clicked(&chart, &CurvesChart::trialClicked);
    chart.setSelectedTrial(other);
    QCOMPARE(chart.selectedTrial(), other);
    QCOMPARE(chart.highlightedTrials(), (QList<int>{best, other}));
    QCOMPARE(clicked.count(), 0); // the slot does not echo back to the table

    // the curve of the best trial, at its last step, is found under the mouse there
    const Trial *b = monitor.trial(best);
    const MetricPoint last = b->intermediate.value(QStringLiteral("val_loss")).last();
    auto *view = chart.findChild<QChartView *>();
    QVERIFY(view);
    const QPointF scenePos = chart.chart()->mapToScene(chart.chart()->mapToPosition(QPointF(last.step, last.value)));
    const QPointF viewPos = view->mapFromScene(scenePos);
    QCOMPARE(chart.trialAt(viewPos), best);
    QCOMPARE(chart.trialAt(QPointF(2, 2)), -1); // outside the plot area
    chart.setHoveredTrial(other);
    QCOMPARE(chart.hoveredTrial(), other);
    chart.setSelectedTrial(-1);
    QCOMPARE(chart.highlightedTrials(), (QList<int>{best, other}));
    chart.setHoveredTrial(-1);
    QCOMPARE(chart.highlightedTrials(), QList<int>{best});
    QVERIFY(chart.drawnPointCount() > 0);
}

void TestCharts::curvesBatchLiveUpdates()
{
    StudyMonitor monitor;
    CurvesChart chart;
    chart.setMonitor(&monitor);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.refreshNow();
    monitor.load(makeSpec(), makeTrials(25, 10));
    QCOMPARE(chart.curveCount(), 0); // not yet: redraws are batched
    QElapsedTimer shown;
    shown.start();
    QTRY_VERIFY(chart.curveCount() > 0);
    QVERIFY2(shown.elapsed() < 1000, qPrintable(QString::number(shown.elapsed())));
    QCOMPARE(chart.curveCount(), 25);

    // Hidden, it catches up slowly (every 2 s), and at once when shown again.
    chart.hide();
    monitor.load(makeSpec(), makeTrials(40, 10));
    QTest::qWait(300);
    QCOMPARE(chart.curveCount(), 25);
    chart.show();
    QCOMPARE(chart.curveCount(), 40);
}

void TestCharts::curvesLogScaleNeedsPositiveValues()
{
    QList<Trial> trials = makeTrials(10, 10);
    LoadedCurves shown(trials);
    CurvesChart &chart = shown.chart;
    StudyMonitor &monitor = shown.monitor;
    QVERIFY(chart.logScaleAvailable());
    chart.setLogScale(true);
    QVERIFY(chart.logScale());
    QCOMPARE(chart.pointCount() > 0, true);
    dump(&chart, QStringLiteral("curves-log"));

    trials[3].intermediate[QStringLiteral("val_loss")].append({99, -1.0});
    monitor.load(makeSpec(), trials);
    chart.refreshNow();
    QVERIFY(!chart.logScaleAvailable());
    QVERIFY(!chart.logScale()); // switched back to linear
    chart.setLogScale(true);
    QVERIFY(!chart.logScale());
}

void TestCharts::densityPutsOnePixelPerColumn()
{
    // Curves' vertices sit at the same x for every trial (the steps): a line must put exactly
    // one pixel into each column it crosses (each row, where steep), or the density shows
    // stripes at the columns that got two. Vertices every 9.4 px, as 100 steps on 940 pixels.
    DensityRaster raster(QSize(200, 200));
    raster.beginLine();
    QPointF last(0.2, 20.3);
    for (int i = 1; i <= 20; ++i) {
        const QPointF next(0.2 + 9.4 * i, 20.3 + 0.37 * 9.4 * i + (i % 3) * 1.7);
        raster.addSegment(last, next);
        last = next;
    }
    for (int x = 0; x < 188; ++x) {
        int pixels = 0;
        for (int y = 0; y < 200; ++y)
            pixels += int(raster.count(x, y));
        QVERIFY2(pixels == 1, qPrintable(QStringLiteral("column %1 has %2 pixels").arg(x).arg(pixels)));
    }
    raster = DensityRaster(QSize(200, 200));
    raster.beginLine();
    last = QPointF(150.5, 0.6);
    for (int i = 1; i <= 15; ++i) { // steep, right to left
        const QPointF next(150.5 - 2.1 * i, 0.6 + 9.4 * i);
        raster.addSegment(last, next);
        last = next;
    }
    for (int y = 0; y < 141; ++y) {
        int pixels = 0;
        for (int x = 110; x < 160; ++x)
            pixels += int(raster.count(x, y));
        QVERIFY2(pixels == 1, qPrintable(QStringLiteral("row %1 has %2 pixels").arg(y).arg(pixels)));
    }
}

void TestCharts::densityCountsEachCurveOnce()
{
    DensityRaster raster(QSize(50, 20));
    raster.beginLine(0.2f);
    // A curve that runs over one pixel again and again counts it once.
    for (int i = 0; i < 5; ++i)
        raster.addSegment(QPointF(10.5, 10.5), QPointF(20.5, 10.5));
    raster.addSegment(QPointF(20.5, 10.5), QPointF(10.5, 10.5));
    QCOMPARE(raster.count(15, 10), 1u);
    raster.beginLine(0.9f);
    raster.addSegment(QPointF(15.5, 0.5), QPointF(15.5, 19.5));
    QCOMPARE(raster.count(15, 10), 2u);
    QCOMPARE(raster.count(15, 3), 1u);
    QCOMPARE(raster.count(30, 10), 0u);
    QCOMPARE(raster.maxCount(), 2u);
    QCOMPARE(raster.rank(15, 10), 0.9f); // the best line through the pixel
    QCOMPARE(raster.rank(12, 10), 0.2f);
    // Far off the raster, non-finite: clipped or skipped, never a million steps.
    raster.beginLine();
    raster.addSegment(QPointF(-1e12, 5.5), QPointF(1e12, 5.5));
    raster.addSegment(QPointF(kNaN, 5), QPointF(3, 3));
    QCOMPARE(raster.count(0, 5), 1u);
    QCOMPARE(raster.count(49, 5), 1u);
    QCOMPARE(raster.lines(), 3);
    const QImage image = raster.toImage([](quint32 count, float) { return qRgba(0, 0, 0, 100 * count); });
    QCOMPARE(qAlpha(image.pixel(15, 10)), 200);
    QCOMPARE(qAlpha(image.pixel(30, 12)), 0);
}

void TestCharts::curvesModesAtScale()
{
    const QList<Trial> trials = makeTrials(400, 60);
    LoadedCurves shown(trials, makeSpec(), QSize(900, 560));
    CurvesChart &chart = shown.chart;
    // Auto: more than autoLinesLimit curves are drawn as their density.
    QVERIFY(chart.curveCount() > CurvesChart::autoLinesLimit);
    QCOMPARE(chart.effectiveMode(), CurvesMode::Density);

    // The top-k: the k best complete trials, best first, drawn as lines on top.
    chart.setTopCount(5);
    std::vector<std::pair<double, int>> complete;
    for (const Trial &t : trials)
        if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
            complete.push_back({*t.value, t.number});
    std::sort(complete.begin(), complete.end());
    QList<int> expected;
    for (int i = 0; i < 5; ++i)
        expected << complete[i].second;
    QCOMPARE(chart.topTrials(), expected);

    // Not a solid block: the density spans many colours, from faint to dark, and most of the
    // plot stays white.
    QImage image(900, 560, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        chart.renderChart(&p, QRectF(0, 0, 900, 560));
    }
    QVERIFY2(chart.densityMaximum() > 5, qPrintable(QString::number(chart.densityMaximum())));
    QSet<QRgb> colours;
    int white = 0, sampled = 0;
    const QRect plot(110, 70, 680, 360); // inside the plot of a 900 x 560 render, clear of the note
    for (int y = plot.top(); y < plot.bottom(); y += 3)
        for (int x = plot.left(); x < plot.right(); x += 3) {
            const QRgb c = image.pixel(x, y);
            colours.insert(c);
            white += c == qRgb(255, 255, 255);
            ++sampled;
        }
    QVERIFY2(colours.size() > 100, qPrintable(QString::number(colours.size())));
    QVERIFY2(white > sampled / 5, qPrintable(QStringLiteral("%1 of %2 white").arg(white).arg(sampled)));
    dump(&chart, QStringLiteral("curves-density-400"));

    chart.setDrawMode(CurvesChart::DrawMode::Bands);
    QCOMPARE(chart.effectiveMode(), CurvesMode::Bands);
    dump(&chart, QStringLiteral("curves-bands-400"));
    chart.setDrawMode(CurvesChart::DrawMode::Lines);
    QCOMPARE(chart.effectiveMode(), CurvesMode::Lines);
    QVERIFY(chart.drawnPointCount() > 0);

    // A few trials stay lines.
    shown.monitor.load(makeSpec(), makeTrials(30, 20));
    chart.setDrawMode(CurvesChart::DrawMode::Auto);
    chart.refreshNow();
    QCOMPARE(chart.effectiveMode(), CurvesMode::Lines);
}

void TestCharts::curvesFollowLiveAppends()
{
    // A study followed live: new values cost an update of the trials that changed, not a
    // rebuild of every curve, and the chart ends with every value the monitor holds.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("live.db"));
    QString error;
    auto storage = Storage::open(path, &error);
    QVERIFY2(storage, qPrintable(error));
    StudySpec spec = makeSpec();
    StudyRecord record;
    record.name = spec.name;
    record.method = QStringLiteral("random");
    record.metricName = QStringLiteral("val_loss");
    record.specYaml = QByteArray("name: synthetic\nprogram: /bin/true\nmethod: random\nmetric: {name: val_loss}\n"
                                 "parameters: {lr: {min: 0.001, max: 0.1}}\n");
    const auto study = storage->createStudy(record);
    QVERIFY(study);
    QList<qint64> running;
    for (int i = 0; i < 300; ++i) {
        const auto t = storage->startTrial(study->id, {{QStringLiteral("lr"), 0.01}});
        QVERIFY(t);
        QList<QPair<QString, MetricPoint>> reports;
        for (int step = 0; step < 20; ++step)
            reports.append({QStringLiteral("val_loss"), {step, 1.0 / (step + 1 + i % 7)}});
        QVERIFY(storage->addMetricReports(t->id, reports));
        if (i < 296)
            QVERIFY(storage->finishTrial(t->id, TrialState::Complete, reports.last().second.value, 0, QString()));
        else
            running << t->id;
    }
    StudyMonitor monitor;
    monitor.setPollInterval(20);
    QVERIFY2(monitor.open(storage.get(), spec.name, &error), qPrintable(error));
    CurvesChart chart;
    chart.resize(900, 560);
    chart.setMonitor(&monitor);
    chart.refreshNow();
    QCOMPARE(chart.effectiveMode(), CurvesMode::Density);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    // The density of every curve is counted on a worker thread.
    chart.prepare();
    QTRY_VERIFY(chart.densityMaximum() > 0);
    const int rebuilds = chart.fullRebuilds();
    QCOMPARE(chart.densityCurves(), 296 - chart.topCount()); // the best are lines over it
    QCOMPARE(chart.pointCount(), 300 * 20);

    // The four running trials go on to step 60, then one finishes.
    for (int step = 20; step < 60; ++step) {
        for (qint64 id : std::as_const(running))
            QVERIFY(storage->addMetricReports(id, {{QStringLiteral("val_loss"), {step, 0.5 / (step + 1)}}}));
        if (step % 10 == 0)
            QTest::qWait(30);
    }
    QVERIFY(storage->finishTrial(running.first(), TrialState::Complete, 0.01, 0, QString()));
    QTRY_COMPARE(chart.pointCount(), 300 * 20 + 4 * 40);
    QTRY_COMPARE(monitor.trial(296)->state, TrialState::Complete);
    chart.refreshNow();
    chart.prepare();
    QCOMPARE(chart.fullRebuilds(), rebuilds); // followed, never rebuilt
    QCOMPARE(chart.curveCount(), 300);
    // The x range grew (steps to 60): the density is counted again for it, with the new
    // finished curve.
    QTRY_VERIFY(!chart.preparing());
    QCOMPARE(chart.densityCurves(), 297 - chart.topCount());
    QVERIFY(chart.densityMaximum() > 0);
    // The new best finished with the lowest value: it leads the top-k.
    QCOMPARE(chart.topTrials().first(), 296);
}

void TestCharts::bestSoFarLine_data()
{
    QTest::addColumn<bool>("maximize");
    QTest::newRow("minimize") << false;
    QTest::newRow("maximize") << true;
}

void TestCharts::bestSoFarLine()
{
    QFETCH(bool, maximize);
    StudyMonitor monitor;
    QList<Trial> trials = makeTrials(80, 5, 7);
    trials[5].state = TrialState::Complete;
    trials[5].value = kNaN; // not shown, counted
    trials[6].state = TrialState::Complete;
    trials[6].value = -kInf;
    monitor.load(makeSpec(maximize ? Goal::Maximize : Goal::Minimize), trials);
    BestSoFarChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();

    QCOMPARE(chart.hiddenNonFiniteCount(), 2);
    const QList<QPointF> line = chart.bestLine();
    QVERIFY(line.size() >= 2);
    // every corner of the step line lies at the running best computed independently: the riser
    // at trial n starts at the best before n and ends at the best including n
    int lastFinished = -1;
    for (const Trial &t : trials)
        if (isFinished(t.state) && t.value && std::isfinite(*t.value))
            lastFinished = t.number;
    QCOMPARE(line.last().x(), double(lastFinished));
    for (qsizetype i = 0; i < line.size(); ++i) {
        const int n = int(line[i].x());
        const bool riserStart = i + 1 < line.size() && line[i + 1].x() == line[i].x();
        const double expected = runningBestIndependent(trials, riserStart ? n - 1 : n, maximize);
        QCOMPARE(line[i].y(), expected);
    }
    QCOMPARE(line.last().y(), runningBestIndependent(trials, 1 << 30, maximize));

    int complete = 0, pruned = 0;
    for (const Trial &t : trials) {
        complete += t.state == TrialState::Complete && t.value && std::isfinite(*t.value);
        pruned += t.state == TrialState::Pruned && t.value && std::isfinite(*t.value);
    }
    QCOMPARE(chart.points(TrialState::Complete).size(), complete);
    QCOMPARE(chart.points(TrialState::Pruned).size(), pruned);
    QVERIFY(chart.logScaleAvailable()); // the losses are > 0
    chart.setLogScale(true);
    QVERIFY(chart.logScale());
    dump(&chart, maximize ? QStringLiteral("bestsofar-log-max") : QStringLiteral("bestsofar-log-min"));
}

void TestCharts::trialAxesTickAtWholeNumbers()
{
    // An axis of trial numbers or steps ticks at whole numbers only: a 19-trial span cut into
    // 8 took steps of 2.5, and a report's best-so-far chart read "2.5, 7.5, 12.5" under "trial".
    QCOMPARE(niceTickInterval(19, 8), 2.5); // values may take 2.5
    QCOMPARE(niceTickInterval(19, 8, true), 5.0);
    QCOMPARE(niceTickInterval(3, 8, true), 1.0);
    QCOMPARE(niceTickInterval(190, 8, true), 25.0); // 2.5 times ten is whole
    for (int maxTicks = 3; maxTicks <= 10; ++maxTicks)
        for (int span = 1; span <= 2000; ++span) {
            const double step = niceTickInterval(span, maxTicks, true);
            QVERIFY2(step >= 1 && step == std::round(step) && span / step <= maxTicks + 1e-9,
                     qPrintable(QStringLiteral("span %1, %2 ticks: step %3").arg(span).arg(maxTicks).arg(step)));
            double lo = 0.3, hi = 0.3 + span;
            niceRange(lo, hi, maxTicks, true);
            QVERIFY(lo == std::round(lo) && hi == std::round(hi));
        }
    for (const PlotAxis::Tick &t : PlotAxis::counting(0, 19, QStringLiteral("trial")).ticks(8))
        QVERIFY2(!t.label.contains(QLatin1Char('.')), qPrintable(t.label));
    QVERIFY(PlotAxis::linear(0, 19, QStringLiteral("x")).ticks(8).value(1).label.contains(QLatin1Char('.')));

    // The best-so-far chart of a 20-trial study.
    StudyMonitor monitor;
    monitor.load(makeSpec(Goal::Minimize), makeTrials(20, 1, 3));
    BestSoFarChart chart;
    chart.setMonitor(&monitor);
    chart.refreshNow();
    auto *x = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(x);
    QCOMPARE(x->tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(x->tickInterval(), 5.0);
}

void TestCharts::bestSoFarErrorBars()
{
    // With repeats each trial has a mean and a standard deviation: one whisker per trial that
    // has a spread, drawn in the chart (so exports have them) and inside the fitted range.
    StudyMonitor monitor;
    QList<Trial> trials = makeTrials(30, 5, 3);
    int withStd = 0;
    double top = -kInf;
    for (Trial &t : trials) {
        if (!isFinished(t.state) || !t.value || !std::isfinite(*t.value))
            continue;
        t.valueStd = t.number % 4 == 0 ? 0.0 : 0.05 + 0.01 * (t.number % 5); // a zero spread draws nothing
        withStd += *t.valueStd > 0;
        top = std::max(top, *t.value + *t.valueStd);
    }
    StudySpec spec = makeSpec();
    spec.repeats = 3;
    monitor.load(spec, trials);
    BestSoFarChart chart;
    chart.resize(900, 560);
    chart.setMonitor(&monitor);
    chart.refreshNow();
    const QList<QLineF> bars = chart.errorBars();
    QCOMPARE(bars.size(), withStd);
    for (const QLineF &bar : bars) {
        const Trial *t = monitor.trial(int(bar.x1()));
        QVERIFY(t);
        QCOMPARE(bar.x1(), bar.x2());
        QCOMPARE(bar.y1(), *t->value - *t->valueStd);
        QCOMPARE(bar.y2(), *t->value + *t->valueStd);
    }
    auto *axis = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(axis);
    QVERIFY2(axis->max() >= top, qPrintable(QStringLiteral("%1 < %2").arg(axis->max()).arg(top)));
    // off-screen rendering (export, reports) paints the layer too
    QImage image(900, 560, QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter p(&image);
        chart.renderChart(&p, QRectF(0, 0, 900, 560));
    }
    QVERIFY(!image.isNull());
    dump(&chart, QStringLiteral("bestsofar-errorbars"));
}

void TestCharts::heatmapCells_data()
{
    QTest::addColumn<int>("aggregate");
    QTest::addColumn<bool>("maximize");
    QTest::addColumn<QList<double>>("expected"); // (0,0) (1,0) (0,1) (1,1); NaN = empty
    QTest::newRow("mean") << int(HeatmapWidget::Aggregate::Mean) << false << QList<double>{2.0, 10.0, kNaN, 5.0};
    QTest::newRow("best, minimize") << int(HeatmapWidget::Aggregate::Best) << false << QList<double>{1.0, 10.0, kNaN, 4.0};
    QTest::newRow("best, maximize") << int(HeatmapWidget::Aggregate::Best) << true << QList<double>{3.0, 10.0, kNaN, 6.0};
}

void TestCharts::heatmapCells()
{
    QFETCH(int, aggregate);
    QFETCH(bool, maximize);
    QFETCH(QList<double>, expected);
    StudySpec spec;
    spec.metrics = {MetricSpec{QStringLiteral("score"), maximize ? Goal::Maximize : Goal::Minimize, false}};
    Parameter a, b;
    a.name = QStringLiteral("a");
    b.name = QStringLiteral("b");
    spec.space = SearchSpace({a, b}); // both uniform on [0, 1]
    QList<Trial> trials;
    auto add = [&](double x, double y, std::optional<double> v, TrialState s = TrialState::Complete) {
        Trial t;
        t.number = int(trials.size());
        t.state = s;
        t.params = {{QStringLiteral("a"), x}, {QStringLiteral("b"), y}};
        t.value = v;
        trials << t;
    };
    add(0.2, 0.2, 1.0);
    add(0.3, 0.1, 3.0);
    add(0.7, 0.3, 10.0);
    add(0.8, 0.8, 4.0);
    add(0.6, 0.9, 6.0);
    add(0.1, 0.9, std::nullopt, TrialState::Failed); // not counted
    add(0.1, 0.9, 100.0, TrialState::Pruned);        // not counted: only complete trials
    add(0.1, 0.9, kNaN);                             // not counted
    StudyMonitor monitor;
    monitor.load(spec, trials);
    HeatmapWidget heat;
    heat.setMonitor(&monitor);
    heat.setBins(2);
    heat.setAggregate(HeatmapWidget::Aggregate(aggregate));
    heat.refreshNow();
    QCOMPARE(heat.parameterNames(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(heat.xParameter(), QStringLiteral("a"));
    QCOMPARE(heat.yParameter(), QStringLiteral("b"));
    QCOMPARE(heat.columns(), 2);
    QCOMPARE(heat.rows(), 2);
    QCOMPARE(heat.pointCount(), 5);
    const int counts[] = {2, 1, 0, 2};
    for (int i = 0; i < 4; ++i) {
        const std::optional<double> v = heat.cellValue(i % 2, i / 2);
        QCOMPARE(heat.cellCount(i % 2, i / 2), counts[i]);
        if (std::isnan(expected[i]))
            QVERIFY(!v);
        else
            QCOMPARE(v.value_or(kNaN), expected[i]);
    }
    QVERIFY(!heat.cellValue(2, 0));
}

void TestCharts::heatmapLogAndCategorical()
{
    StudyMonitor monitor;
    monitor.load(makeSpec(), makeTrials(300, 3));
    HeatmapWidget heat;
    heat.setMonitor(&monitor);
    heat.refreshNow();
    heat.setParameters(QStringLiteral("lr"), QStringLiteral("optimizer"));
    QCOMPARE(heat.columns(), heat.bins());
    QCOMPARE(heat.rows(), 3); // one band per choice
    int total = 0;
    for (int c = 0; c < heat.columns(); ++c)
        for (int r = 0; r < heat.rows(); ++r)
            total += heat.cellCount(c, r);
    QCOMPARE(total, heat.pointCount());
    dump(&heat, QStringLiteral("heatmap-lr-optimizer"));
    heat.setParameters(QStringLiteral("hidden"), QStringLiteral("dropout"));
    heat.setAggregate(HeatmapWidget::Aggregate::Best);
    dump(&heat, QStringLiteral("heatmap-hidden-dropout-best"));
}

void TestCharts::parallelAndSlice()
{
    StudyMonitor monitor;
    const QList<Trial> trials = makeTrials(200, 3);
    monitor.load(makeSpec(), trials);
    int complete = 0;
    for (const Trial &t : trials)
        complete += t.state == TrialState::Complete;

    ParallelCoordinatesWidget parallel;
    parallel.setMonitor(&monitor);
    parallel.refreshNow();
    QCOMPARE(parallel.axisNames(), (QStringList{QStringLiteral("lr"), QStringLiteral("optimizer"), QStringLiteral("hidden"),
                                                QStringLiteral("dropout"), QStringLiteral("val_loss")}));
    QCOMPARE(parallel.lineCount(), complete);
    QCOMPARE(parallel.bestTrial(), monitor.best()->number);
    parallel.resize(1000, 520);
    parallel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parallel));
    parallel.setSelectedTrial(3);
    dump(&parallel, QStringLiteral("parallel"));

    SlicePlot slice;
    slice.setMonitor(&monitor);
    slice.refreshNow();
    QCOMPARE(slice.panelNames(), (QStringList{QStringLiteral("lr"), QStringLiteral("optimizer"), QStringLiteral("hidden"),
                                              QStringLiteral("dropout")}));
    QCOMPARE(slice.pointCount(), complete);
    dump(&slice, QStringLiteral("slice"));
}

void TestCharts::anyMetricOnTheYAxis()
{
    // Best so far, slice and heatmap plot any reported metric (a trial's last value of it)
    // instead of the objective; a metric the study sets no goal for is better lower until
    // "Higher is better" says otherwise.
    StudyMonitor monitor;
    const QList<Trial> trials = makeTrials(150, 6, 11);
    monitor.load(makeSpec(), trials);
    const auto last = [](const Trial &t, const QString &metric) -> std::optional<double> {
        const QList<MetricPoint> points = t.intermediate.value(metric);
        return points.isEmpty() ? std::nullopt : std::optional<double>(points.last().value);
    };
    const QString train = QStringLiteral("train_loss"), accuracy = QStringLiteral("val_accuracy");
    int finishedWithTrain = 0, completeWithAccuracy = 0;
    double lowestTrain = kInf, highestTrain = -kInf;
    for (const Trial &t : trials) {
        const auto v = last(t, train);
        if (isFinished(t.state) && v && std::isfinite(*v))
            ++finishedWithTrain;
        if (t.state == TrialState::Complete && v && std::isfinite(*v)) {
            lowestTrain = std::min(lowestTrain, *v);
            highestTrain = std::max(highestTrain, *v);
        }
        completeWithAccuracy += t.state == TrialState::Complete && last(t, accuracy).has_value();
    }

    BestSoFarChart best;
    best.setMonitor(&monitor);
    best.refreshNow();
    MetricChooser *chooser = best.metricChooser();
    auto *combo = chooser->findChild<QComboBox *>();
    QVERIFY(combo);
    QStringList listed;
    for (int i = 0; i < combo->count(); ++i)
        listed << combo->itemData(i).toString();
    QCOMPARE(listed, (QStringList{QStringLiteral("val_loss"), train, accuracy})); // the objective first, then by name
    const double objectiveBest = best.bestLine().last().y();
    chooser->setMetric(train);
    best.refreshNow();
    QCOMPARE(best.points(TrialState::Complete).size() + best.points(TrialState::Pruned).size()
                 + best.points(TrialState::Failed).size(),
             finishedWithTrain);
    QCOMPARE(best.bestLine().last().y(), lowestTrain);
    QVERIFY(best.bestLine().last().y() != objectiveBest);
    QVERIFY(best.chart()->axes(Qt::Vertical).value(0)->titleText().contains(train));
    chooser->setHigherIsBetter(true);
    best.refreshNow();
    QCOMPARE(best.bestLine().last().y(), highestTrain);

    SlicePlot slice;
    slice.setMonitor(&monitor);
    slice.refreshNow();
    slice.metricChooser()->setMetric(accuracy);
    slice.refreshNow();
    QCOMPARE(slice.pointCount(), completeWithAccuracy);
    QVERIFY(completeWithAccuracy > 0 && completeWithAccuracy < 100);

    HeatmapWidget heat;
    heat.setMonitor(&monitor);
    heat.refreshNow();
    heat.setParameters(QStringLiteral("hidden"), QStringLiteral("dropout"));
    heat.setBins(2);
    heat.setAggregate(HeatmapWidget::Aggregate::Best);
    heat.metricChooser()->setMetric(train);
    heat.refreshNow();
    // Every complete trial with a train_loss is in a cell, and the best cell holds the lowest.
    int inCells = 0, completeWithTrain = 0;
    double bestCell = kInf;
    for (int c = 0; c < heat.columns(); ++c) {
        for (int r = 0; r < heat.rows(); ++r) {
            inCells += heat.cellCount(c, r);
            if (const auto v = heat.cellValue(c, r))
                bestCell = std::min(bestCell, *v);
        }
    }
    for (const Trial &t : trials) {
        const auto v = last(t, train);
        completeWithTrain += t.state == TrialState::Complete && v && std::isfinite(*v);
    }
    QCOMPARE(inCells, completeWithTrain);
    QCOMPARE(bestCell, lowestTrain);
    dump(&heat, QStringLiteral("heatmap-train-loss"));
}

void TestCharts::curvesOfOneReportAreSeen()
{
    // Trials that report their metric once: each curve is one point, drawn as a dot that can
    // be seen (a one-pixel point could not) and off the axis.
    QList<Trial> trials = makeTrials(6, 1, 3);
    for (Trial &t : trials) {
        t.state = TrialState::Complete;
        t.value = t.intermediate.value(QStringLiteral("val_loss")).value(0).value;
        t.intermediate.remove(QStringLiteral("train_loss"));
    }
    LoadedCurves shown(trials);
    CurvesChart &chart = shown.chart;
    QCOMPARE(chart.curveCount(), 6);
    const QImage image = ChartExport::toImage(&chart, QSize(640, 400), 1.0).convertToFormat(QImage::Format_RGB32);
    dump(&chart, QStringLiteral("curves-one-report"));
    // The complete state's green, faded over white: green clearly above red and blue.
    const int green = chartchecks::countPixelsWhere(image, [](const QColor &c) {
        return c.green() > c.red() + 40 && c.green() > c.blue() + 20;
    });
    QVERIFY2(green > 100, qPrintable(QString::number(green))); // 44 (the legend) with one-pixel points, 153 with dots
}

void TestCharts::curvesTopFilter_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("amount");
    QTest::addColumn<bool>("maximize");
    QTest::newRow("all") << int(TopTrialsFilter::Mode::All) << 0 << false;
    QTest::newRow("top 5") << int(TopTrialsFilter::Mode::TopCount) << 5 << false;
    QTest::newRow("top 5 maximized") << int(TopTrialsFilter::Mode::TopCount) << 5 << true;
    QTest::newRow("top 20 %") << int(TopTrialsFilter::Mode::TopPercent) << 20 << false;
    QTest::newRow("top more than there are") << int(TopTrialsFilter::Mode::TopCount) << 5000 << false;
}

void TestCharts::curvesTopFilter()
{
    // Only the curves of the k (or p %) best complete trials by the objective; the others,
    // running ones included, are left out and counted.
    QFETCH(int, mode);
    QFETCH(int, amount);
    QFETCH(bool, maximize);
    const QList<Trial> trials = makeTrials(60, 20, 9);
    QList<const Trial *> complete;
    for (const Trial &t : trials)
        if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
            complete << &t;
    std::stable_sort(complete.begin(), complete.end(),
                     [maximize](const Trial *a, const Trial *b) { return maximize ? *a->value > *b->value : *a->value < *b->value; });
    LoadedCurves shown(trials, makeSpec(maximize ? Goal::Maximize : Goal::Minimize));
    CurvesChart &chart = shown.chart;
    const StudyMonitor &monitor = shown.monitor;
    const int everyCurve = chart.curveCount();
    QSignalSpy chosen(&chart, &CurvesChart::choiceChanged);
    chart.topFilter()->setFilter(TopTrialsFilter::Mode(mode), amount);
    chart.refreshNow();
    QCOMPARE(chosen.size(), 1); // the window remembers it
    if (mode == int(TopTrialsFilter::Mode::All)) {
        QCOMPARE(chart.curveCount(), everyCurve);
        QCOMPARE(chart.filteredOut(), 0);
        return;
    }
    const qsizetype kept = mode == int(TopTrialsFilter::Mode::TopCount)
                               ? std::min<qsizetype>(complete.size(), amount)
                               : std::max<qsizetype>(1, qsizetype(std::ceil(complete.size() * amount / 100.0)));
    QCOMPARE(chart.curveCount(), int(kept)); // every complete trial here reported val_loss
    QCOMPARE(chart.filteredOut(), int(trials.size() - kept));
    QCOMPARE(chart.bestTrial(), monitor.best()->number);
    QVERIFY(chart.highlightedTrials().contains(complete.first()->number));
    // Back to all: every curve again.
    chart.topFilter()->setFilter(TopTrialsFilter::Mode::All, 0);
    chart.refreshNow();
    QCOMPARE(chart.curveCount(), everyCurve);
}

void TestCharts::parallelRubberBandPicks()
{
    // Ctrl+drag picks the trials whose lines pass through the rectangle: over the whole plot
    // every line, best first; across the objective's axis, its upper and lower halves split
    // the lines between them; over empty space, none.
    StudyMonitor monitor;
    monitor.load(makeSpec(), makeTrials(60, 3, 4));
    ParallelCoordinatesWidget parallel;
    parallel.setMonitor(&monitor);
    parallel.resize(1000, 520);
    parallel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parallel));
    parallel.refreshNow();
    auto *canvas = parallel.findChild<PlotCanvas *>();
    QVERIFY(canvas);
    canvas->repaint();
    const QRectF plot = parallel.plotRect();
    QVERIFY(plot.width() > 100 && plot.height() > 100);
    const int lines = parallel.lineCount();

    QList<int> all = parallel.trialsThrough(plot.adjusted(-2, -2, 2, 2));
    QCOMPARE(all.size(), lines);
    QCOMPARE(all.first(), parallel.bestTrial());
    const double axis = plot.right(); // the objective's, last
    const QList<int> upper = parallel.trialsThrough(QRectF(QPointF(axis - 2, plot.top() - 2), QPointF(axis + 2, plot.center().y())));
    const QList<int> lower = parallel.trialsThrough(QRectF(QPointF(axis - 2, plot.center().y()), QPointF(axis + 2, plot.bottom() + 2)));
    QVERIFY(!upper.isEmpty() && !lower.isEmpty());
    QSet<int> both(upper.begin(), upper.end());
    both.unite(QSet<int>(lower.begin(), lower.end()));
    QCOMPARE(both.size(), lines);
    QVERIFY(upper.size() + lower.size() <= lines + 1); // one line may sit on the middle
    QVERIFY(parallel.trialsThrough(QRectF(plot.left() + 10, plot.top() - 40, 100, 30)).isEmpty());

    // The same through the mouse.
    QSignalSpy picked(&parallel, &ChartView::trialsPicked);
    const QPoint from = plot.topLeft().toPoint() - QPoint(3, 3), to = plot.bottomRight().toPoint() + QPoint(3, 3);
    QTest::mousePress(canvas, Qt::LeftButton, Qt::ControlModifier, from);
    QTest::mouseMove(canvas, (from + to) / 2);
    QTest::mouseMove(canvas, to);
    QTest::mouseRelease(canvas, Qt::LeftButton, Qt::ControlModifier, to);
    QCOMPARE(picked.size(), 1);
    QCOMPARE(picked.at(0).at(0).value<QList<int>>().size(), lines);
}

void TestCharts::parallelLabelsWholeInAPdf()
{
    // A category's name takes the room to the previous axis, and the first axis's labels the
    // margin measured in the fonts it is drawn in: in a PDF (wider fonts than the screen's)
    // neither "nesterov_momentum" nor lr's "0.001" came out cut ("rmsp…", "0.…").
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftotext.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed");
    const QString longName = QStringLiteral("nesterov_momentum");
    StudySpec spec = makeSpec();
    SearchSpace space;
    for (Parameter p : spec.space.parameters()) {
        if (p.name == QLatin1String("optimizer"))
            p.choices.replace(p.choices.indexOf(QStringLiteral("rmsprop")), longName);
        space.append(p);
    }
    spec.space = space;
    QList<Trial> trials = makeTrials(200, 3);
    for (Trial &t : trials)
        if (t.params.value(QStringLiteral("optimizer")).toString() == QLatin1String("rmsprop"))
            t.params[QStringLiteral("optimizer")] = longName;
    StudyMonitor monitor;
    monitor.load(spec, trials);
    ParallelCoordinatesWidget parallel;
    parallel.setMonitor(&monitor);
    parallel.refreshNow();

    const QString text = renderedPdfText(parallel, QSizeF(960, 600), QRectF(0, 0, 720, 450), pdftotext);
    QVERIFY2(text.contains(longName), qPrintable(text));
    QVERIFY2(!text.contains(QChar(0x2026)), qPrintable(text));
}

void TestCharts::sliceLabelsApartInAPdf()
{
    // Side by side, a panel's last label and the next panel's first one share the gap
    // between them: in a report, C's "1000" and gamma's "10⁻⁴" were printed into each other.
    // Every word pdftotext finds in the chart must stand apart from every other.
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    if (pdftotext.isEmpty())
        QSKIP("pdftotext (poppler-utils) is not installed");
    StudySpec spec;
    spec.name = QStringLiteral("svm");
    spec.metrics = {MetricSpec{QStringLiteral("cv_accuracy"), Goal::Maximize, false}};
    Parameter c;
    c.name = QStringLiteral("C");
    c.low = 1e-3;
    c.high = 1e3;
    c.log = true;
    Parameter gamma = c;
    gamma.name = QStringLiteral("gamma");
    gamma.low = 1e-4;
    gamma.high = 10;
    Parameter kernel;
    kernel.name = QStringLiteral("kernel");
    kernel.type = Parameter::Type::Categorical;
    kernel.choices = {QStringLiteral("rbf"), QStringLiteral("poly"), QStringLiteral("linear")};
    spec.space = SearchSpace({c, gamma, kernel});
    QRandomGenerator rng(4);
    QList<Trial> trials;
    for (int i = 0; i < 20; ++i) {
        Trial t;
        t.number = i;
        t.state = TrialState::Complete;
        t.params = {{QStringLiteral("C"), std::pow(10.0, -3 + 6 * rng.generateDouble())},
                    {QStringLiteral("gamma"), std::pow(10.0, -4 + 5 * rng.generateDouble())},
                    {QStringLiteral("kernel"), kernel.choices[rng.bounded(3)]}};
        t.value = 0.6 + 0.4 * rng.generateDouble();
        trials << t;
    }
    StudyMonitor monitor;
    monitor.load(spec, trials);
    SlicePlot slice;
    slice.setMonitor(&monitor);
    slice.refreshNow();

    const QString html = renderedPdfText(slice, QSizeF(760, 320), QRectF(0, 0, 700, 260), pdftotext,
                                         {QStringLiteral("-bbox")});
    static const QRegularExpression wordRe(QStringLiteral(
        R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re"));
    QList<std::pair<QRectF, QString>> words;
    for (auto it = wordRe.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        words.append({QRectF(QPointF(m.captured(1).toDouble(), m.captured(2).toDouble()),
                             QPointF(m.captured(3).toDouble(), m.captured(4).toDouble())),
                      m.captured(5)});
    }
    const auto has = [&](const QString &w) {
        return std::any_of(words.begin(), words.end(), [&](const auto &word) { return word.second == w; });
    };
    QVERIFY2(has(QStringLiteral("1000")) && has(QStringLiteral("linear")), qPrintable(html));
    for (qsizetype i = 0; i < words.size(); ++i)
        for (qsizetype j = i + 1; j < words.size(); ++j) {
            const QRectF overlap = words[i].first.intersected(words[j].first);
            QVERIFY2(overlap.width() < 0.5 || overlap.height() < 0.5,
                     qPrintable(QStringLiteral("\"%1\" runs into \"%2\"").arg(words[i].second, words[j].second)));
        }
}

void TestCharts::parallelTopFilter_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("amount");
    QTest::addColumn<bool>("maximize");
    QTest::newRow("all") << int(TopTrialsFilter::Mode::All) << 0 << false;
    QTest::newRow("top 10") << int(TopTrialsFilter::Mode::TopCount) << 10 << false;
    QTest::newRow("top 10 maximized") << int(TopTrialsFilter::Mode::TopCount) << 10 << true;
    QTest::newRow("top 25 %") << int(TopTrialsFilter::Mode::TopPercent) << 25 << false;
    QTest::newRow("top 1 %: at least one") << int(TopTrialsFilter::Mode::TopPercent) << 1 << true;
    QTest::newRow("top more than there are") << int(TopTrialsFilter::Mode::TopCount) << 5000 << false;
}

void TestCharts::parallelTopFilter()
{
    // Only the k (or p %) best complete trials by the objective draw; the best stays among them.
    QFETCH(int, mode);
    QFETCH(int, amount);
    QFETCH(bool, maximize);
    StudyMonitor monitor;
    const QList<Trial> trials = makeTrials(90, 3, 5);
    monitor.load(makeSpec(maximize ? Goal::Maximize : Goal::Minimize), trials);
    int complete = 0;
    for (const Trial &t : trials)
        complete += t.state == TrialState::Complete && t.value && std::isfinite(*t.value);
    ParallelCoordinatesWidget parallel;
    parallel.setMonitor(&monitor);
    parallel.topFilter()->setFilter(TopTrialsFilter::Mode(mode), amount);
    parallel.refreshNow();
    int expected = complete;
    if (mode == int(TopTrialsFilter::Mode::TopCount))
        expected = std::min(complete, amount);
    else if (mode == int(TopTrialsFilter::Mode::TopPercent))
        expected = std::max(1, int(std::ceil(complete * amount / 100.0)));
    QCOMPARE(parallel.lineCount(), expected);
    QCOMPARE(parallel.bestTrial(), monitor.best()->number); // the best is always among them
    // The axes fit the trials shown: the objective axis ends at the k-th best value.
    std::vector<double> values;
    for (const Trial &t : trials)
        if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
            values.push_back(*t.value);
    std::sort(values.begin(), values.end(), [maximize](double a, double b) { return maximize ? a > b : a < b; });
    const double kth = values[size_t(expected) - 1];
    const auto [low, high] = parallel.objectiveRange();
    if (expected > 1) {
        QCOMPARE(low, std::min(values.front(), kth));
        QCOMPARE(high, std::max(values.front(), kth));
    } else {
        QVERIFY(low <= kth && kth <= high); // one value: an axis padded around it
    }
}

void TestCharts::exportPngAndSvg_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("curves") << 0;
    QTest::newRow("best so far") << 1;
    QTest::newRow("heatmap") << 2;
    QTest::newRow("parallel") << 3;
    QTest::newRow("slice") << 4;
}

void TestCharts::exportPngAndSvg()
{
    QFETCH(int, kind);
    StudyMonitor monitor;
    monitor.load(makeSpec(), makeTrials(50, 20));
    std::unique_ptr<ChartView> view;
    switch (kind) {
    case 0: view = std::make_unique<CurvesChart>(); break;
    case 1: view = std::make_unique<BestSoFarChart>(); break;
    case 2: view = std::make_unique<HeatmapWidget>(); break;
    case 3: view = std::make_unique<ParallelCoordinatesWidget>(); break;
    default: view = std::make_unique<SlicePlot>(); break;
    }
    view->setMonitor(&monitor); // never shown: export renders off-screen
    chartchecks::verifyPngAndSvgExport(view.get());
    if (QTest::currentTestFailed())
        return;
    QVERIFY(ChartExport::toSvg(view.get(), QSize(300, 200)).startsWith("<?xml"));
}

void TestCharts::scale1000Trials()
{
    StudyMonitor monitor;
    const QList<Trial> trials = makeTrials(1000, 100);
    monitor.load(makeSpec(), trials);
    CurvesChart chart;
    chart.setMonitor(&monitor);
    chart.resize(1200, 700);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.refreshNow();
    QVERIFY(chart.curveCount() >= 900);
    QVERIFY(chart.pointCount() > 80000);

    // one full update: rebuild from the monitor, decimate, paint the whole chart
    QImage img(1200, 700, QImage::Format_ARGB32_Premultiplied);
    QElapsedTimer timer;
    double worstRebuild = 0, worstPaint = 0;
    for (int i = 0; i < 5; ++i) {
        monitor.trialChanged(0); // as a live study would, once per batch
        timer.start();
        chart.refreshNow();
        worstRebuild = std::max(worstRebuild, timer.nsecsElapsed() / 1e6);
        timer.start();
        img.fill(Qt::white);
        QPainter p(&img);
        chart.renderChart(&p, QRectF(0, 0, 1200, 700));
        p.end();
        worstPaint = std::max(worstPaint, timer.nsecsElapsed() / 1e6);
    }
    // an on-screen redraw: the view repaints at its size, no relayout
    double worstRepaint = 0;
    for (int i = 0; i < 5; ++i) {
        timer.start();
        const QPixmap shot = chart.grab();
        worstRepaint = std::max(worstRepaint, timer.nsecsElapsed() / 1e6);
        QVERIFY(!shot.isNull());
    }
    qInfo("CurvesChart, 1000 trials x 100 steps (%lld points, %lld drawn after decimation): "
          "rebuild %.1f ms, export render %.1f ms, on-screen repaint %.1f ms (worst of 5)",
          qlonglong(chart.pointCount()), qlonglong(chart.drawnPointCount()), worstRebuild, worstPaint, worstRepaint);

    BestSoFarChart best;
    ParallelCoordinatesWidget parallel;
    SlicePlot slice;
    HeatmapWidget heat;
    for (ChartView *v : std::initializer_list<ChartView *>{&best, &parallel, &slice, &heat}) {
        v->setMonitor(&monitor);
        timer.start();
        v->refreshNow();
        const double rebuild = timer.nsecsElapsed() / 1e6;
        // median of 3 renders: the first one also pays for font and glyph cache set-up
        QList<double> paints;
        for (int i = 0; i < 3; ++i) {
            timer.start();
            img.fill(Qt::white);
            QPainter p(&img);
            v->renderChart(&p, QRectF(0, 0, 1200, 700));
            p.end();
            paints << timer.nsecsElapsed() / 1e6;
        }
        std::sort(paints.begin(), paints.end());
        qInfo("%s, 1000 trials: rebuild %.1f ms, paint %.1f ms (median of 3; first %.1f ms)",
              v->metaObject()->className(), rebuild, paints[1], paints.last());
    }
    dump(&chart, QStringLiteral("curves-1000"));
    dump(&parallel, QStringLiteral("parallel-1000"));
}

void TestCharts::tooltipEscapesNamesAndValues()
{
    // Tooltips are rich text: a parameter named like markup must show as text.
    const QStringList lines = parameterTooltipLines(
        {{QStringLiteral("<b>lr</b>"), 0.01}, {QStringLiteral("opt"), QStringLiteral("a&b<i>")}, {QStringLiteral("n"), qlonglong(3)}});
    QCOMPARE(lines, QStringList({QStringLiteral("&lt;b&gt;lr&lt;/b&gt; = 0.01"), QStringLiteral("n = 3"),
                                 QStringLiteral("opt = a&amp;b&lt;i&gt;")}));
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
