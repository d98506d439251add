// The dashboard at the scale of issue 14, each figure next to its target (medians of --runs):
//
//   open      the 10,000 x 100 study in a fresh process (`tunescope gui big10k.db` as the
//             MainWindow does it): first useful paint (table rows and status bar), everything
//             loaded and every chart ready, the longest the event loop stalled meanwhile (the
//             window answering input), CPU seconds until it settles, resident memory
//   interact  with it open: switching tabs, changing the heatmap pair, sorting and filtering
//             the table, hovering a curve (each with the repaint it causes); a new trial of 100
//             values arriving, on a study of 1,000 and of 10,000 trials (work follows the new data)
//   views     the views of issue 16 on the 10k study: each drawn from the data, the importance
//             fit off the GUI thread (CPU), a timeline hover and the event-loop stall while it fits
//   100k      100,000 trials without intermediate values (stored through Storage): open, scrolling the table page by
//             page, every chart drawn from the data
//   live      8 parallel trials each printing 2,000 metric lines per second for --live-seconds
//             (60), the study started from the window: the curves' redraws per second, the
//             app's CPU (the trials' processes apart), every value stored
//
//   bench_guiscale [--runs 5] [--parts open,interact,views,100k,live] [--live-seconds 60] [--work DIR]
//                  [--shots DIR]   (screenshots of the 10k study; --parts none for them alone)
//
// Offscreen unless QT_QPA_PLATFORM says otherwise (xvfb-run -a with QT_QPA_PLATFORM=xcb for a
// real X server). The studies are made once with `tunescope run` (scaledata.h).

#include "scaledata.h"

#include "charts/bestsofarchart.h"
#include "charts/chartview.h"
#include "charts/curveschart.h"
#include "analysis/importance.h"
#include "charts/edfchart.h"
#include "charts/heatmapwidget.h"
#include "charts/hypervolumechart.h"
#include "charts/paretomatrixchart.h"
#include "charts/importancechart.h"
#include "charts/metricpairchart.h"
#include "charts/plotcanvas.h"
#include "charts/timelinechart.h"
#include "charts/parallelcoordinates.h"
#include "charts/sliceplot.h"
#include "charts/toptrialsfilter.h"
#include "execution/studymonitor.h"
#include "execution/studyrunner.h"
#include "storage/storage.h"
#include "trials/trialfilterproxy.h"
#include "trials/trialtablemodel.h"
#include "window/mainwindow.h"
#include "window/trialspage.h"
#include "window/studystatusbar.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCommandLineParser>
#include <QEventLoop>
#include <QHeaderView>
#include <QMouseEvent>
#include <QPixmap>
#include <QScopeGuard>
#include <QScrollBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTableView>
#include <QTimer>

#include <functional>
#include <tuple>

using namespace tunescope;
using namespace scaledata;

namespace {

/// Runs the event loop for `ms` milliseconds (no busy waiting: CPU figures stay honest).
void idle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

/// Runs the event loop until `done` (checked every few ms) or `timeoutMs`.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 120000)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(2, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

/// The longest gap between the ticks of a 5 ms timer: how long the window could not answer.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        mTimer.setInterval(5);
        connect(&mTimer, &QTimer::timeout, this, [this] {
            mLongest = std::max(mLongest, mClock.restart() - 5);
        });
        mClock.start();
        mTimer.start();
    }
    qint64 longest() const { return mLongest; }

private:
    QTimer mTimer;
    QElapsedTimer mClock;
    qint64 mLongest = 0;
};

double ms(const QElapsedTimer &t)
{
    return t.nsecsElapsed() / 1e6;
}

/// Opens the study as the window does and waits until every chart is ready.
bool openAndWait(MainWindow &window, const QString &db, QString *why, double *rowsMs = nullptr, double *readyMs = nullptr,
                 double *rowsCpu = nullptr)
{
    const double cpu0 = cpuSeconds();
    QElapsedTimer clock;
    clock.start();
    bool prepared = false;
    const QMetaObject::Connection connection =
        QObject::connect(&window, &MainWindow::chartsPrepared, &window, [&prepared] { prepared = true; });
    const auto done = [&](bool ok) {
        QObject::disconnect(connection);
        return ok;
    };
    if (!window.openDatabase(db, {}, why))
        return done(false);
    if (!waitFor([&] { return window.trialModel()->rowCount() > 0; }))
        return done(false);
    const QPixmap painted = window.grab();
    if (rowsMs)
        *rowsMs = ms(clock);
    if (rowsCpu)
        *rowsCpu = cpuSeconds() - cpu0;
    if (!waitFor([&] { return prepared && !window.curvesChart()->preparing(); }))
        return done(false);
    if (readyMs)
        *readyMs = ms(clock);
    return done(true);
}

/// --child-open DB: one open in a fresh process; prints key=value figures.
int childOpen(const QString &db)
{
    const double emptyRss = residentMb().first;
    MainWindow window;
    window.resize(1360, 860);
    window.show();
    QApplication::processEvents();
    const double windowRss = residentMb().first;
    StallMeter stalls;
    const double cpu0 = cpuSeconds();
    double rowsMs = 0, readyMs = 0, rowsCpu = 0;
    QString why;
    if (!openAndWait(window, db, &why, &rowsMs, &readyMs, &rowsCpu)) {
        err() << "cannot open " << db << ": " << why << Qt::endl;
        return 1;
    }
    const qint64 stall = stalls.longest();
    const double cpuReady = cpuSeconds() - cpu0;
    idle(2000); // settled: polling a finished study costs next to nothing
    const double cpuSettled = cpuSeconds() - cpu0;
    const auto [rss, peak] = residentMb();
    qint64 points = 0, arrayBytes = 0;
    for (const Trial &t : window.monitor()->trials())
        for (const QList<MetricPoint> &series : t.intermediate) {
            points += series.size();
            arrayBytes += series.capacity() * qint64(sizeof(MetricPoint));
        }
    QTextStream(stdout) << "first_paint_ms=" << rowsMs << " ready_ms=" << readyMs << " stall_ms=" << stall
                        << " cpu_paint_s=" << rowsCpu << " cpu_ready_s=" << cpuReady << " cpu_settled_s=" << cpuSettled << " rss_mb=" << rss
                        << " peak_mb=" << peak << " empty_mb=" << emptyRss << " window_mb=" << windowRss
                        << " points=" << points << " array_bytes=" << arrayBytes << " trials=" << window.monitor()->trials().size()
                        << " status=" << window.studyStatusBar()->summaryText().replace(u' ', u'_') << Qt::endl;
    return 0;
}

QHash<QString, double> parseFigures(const QByteArray &line)
{
    QHash<QString, double> figures;
    for (const QByteArray &pair : line.trimmed().split(' ')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0)
            figures.insert(QString::fromLatin1(pair.left(eq)), pair.mid(eq + 1).toDouble());
    }
    return figures;
}

QList<QHash<QString, double>> runChildren(const QStringList &args, int runs)
{
    QList<QHash<QString, double>> all;
    for (int r = 0; r < runs; ++r) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), args);
        child.waitForFinished(-1);
        if (child.exitCode() != 0) {
            err() << "child " << args.join(u' ') << " failed" << Qt::endl;
            continue;
        }
        all << parseFigures(child.readAllStandardOutput());
    }
    return all;
}

double medianOf(const QList<QHash<QString, double>> &runs, const QString &key)
{
    QList<double> values;
    for (const auto &r : runs)
        values << r.value(key);
    return median(values);
}

void reportOpen(const QString &label, const QList<QHash<QString, double>> &runs, double paintTarget, double readyTarget,
                double rssTarget)
{
    if (runs.isEmpty())
        return;
    const double paint = medianOf(runs, QStringLiteral("first_paint_ms")), ready = medianOf(runs, QStringLiteral("ready_ms"));
    const double rss = medianOf(runs, QStringLiteral("rss_mb"));
    report(label + QStringLiteral(": first useful paint (table rows, status bar)"), QStringLiteral("%1 ms").arg(paint, 0, 'f', 0),
           paintTarget > 0 ? QStringLiteral("< %1 ms").arg(paintTarget) : QString(), paintTarget <= 0 || paint < paintTarget);
    report(label + QStringLiteral(": everything loaded, every chart ready"), QStringLiteral("%1 ms").arg(ready, 0, 'f', 0),
           readyTarget > 0 ? QStringLiteral("< %1 ms").arg(readyTarget) : QString(), readyTarget <= 0 || ready < readyTarget);
    const double stall = medianOf(runs, QStringLiteral("stall_ms"));
    report(label + QStringLiteral(": longest event-loop stall while loading"), QStringLiteral("%1 ms").arg(stall, 0, 'f', 0),
           QStringLiteral("answers input"), stall < 200);
    // CPU seconds (all threads): on a shared machine the wall times above stretch with the
    // load, these do not.
    report(label + QStringLiteral(": CPU until first paint / ready / settled"),
           QStringLiteral("%1 / %2 / %3 s")
               .arg(medianOf(runs, QStringLiteral("cpu_paint_s")), 0, 'f', 2)
               .arg(medianOf(runs, QStringLiteral("cpu_ready_s")), 0, 'f', 2)
               .arg(medianOf(runs, QStringLiteral("cpu_settled_s")), 0, 'f', 2),
           QString(), true);
    const double points = medianOf(runs, QStringLiteral("points"));
    const double data = rss - medianOf(runs, QStringLiteral("window_mb"));
    report(label + QStringLiteral(": resident memory (peak)"),
           QStringLiteral("%1 MB (%2)").arg(rss, 0, 'f', 0).arg(medianOf(runs, QStringLiteral("peak_mb")), 0, 'f', 0),
           rssTarget > 0 ? QStringLiteral("< %1 MB").arg(rssTarget) : QString(), rssTarget <= 0 || rss < rssTarget);
    if (points > 0)
        report(label + QStringLiteral(": per point, in the points' arrays (the whole window's growth over an empty one)"),
               QStringLiteral("%1 bytes (%2 MB for %3 points: %4 bytes)")
                   .arg(medianOf(runs, QStringLiteral("array_bytes")) / points, 0, 'f', 1)
                   .arg(data, 0, 'f', 0)
                   .arg(qRound64(points))
                   .arg(data * 1048576 / points, 0, 'f', 0),
               QStringLiteral("near 16 bytes"), medianOf(runs, QStringLiteral("array_bytes")) / points < 20);
}

/// Median of `rounds` timings of `action`, which includes the repaint it causes.
double timeMedian(int rounds, const std::function<void(int)> &action)
{
    QList<double> times;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        action(i);
        times << ms(t);
    }
    return median(times);
}

void interact(const QString &cachedDb, const QString &cachedSmallDb, int rounds)
{
    // New trials are written to copies: the cached studies stay as `tunescope run` made them.
    QTemporaryDir copies;
    const QString db = copies.filePath(QStringLiteral("big10k.db")), smallDb = copies.filePath(QStringLiteral("big1k.db"));
    if (!QFile::copy(cachedDb, db) || !QFile::copy(cachedSmallDb, smallDb)) {
        err() << "cannot copy the studies to " << copies.path() << Qt::endl;
        return;
    }
    MainWindow window;
    window.resize(1360, 860);
    window.show();
    QString why;
    if (!openAndWait(window, db, &why)) {
        err() << "cannot open " << db << ": " << why << Qt::endl;
        return;
    }
    idle(500);
    QTabWidget *tabs = window.tabs();

    // Tabs: each tab shown and painted; the slowest tab's median.
    double worstTab = 0;
    QString worstName;
    for (int i = 0; i < tabs->count(); ++i) {
        QList<double> times;
        for (int r = 0; r < rounds; ++r) {
            tabs->setCurrentIndex(i == 0 ? 1 : 0);
            const QPixmap away = tabs->currentWidget()->grab();
            QApplication::processEvents();
            QElapsedTimer t;
            t.start();
            tabs->setCurrentIndex(i);
            QApplication::processEvents();
            const QPixmap shot = tabs->currentWidget()->grab();
            times << ms(t);
        }
        if (median(times) > worstTab) {
            worstTab = median(times);
            worstName = tabs->tabText(i);
        }
    }
    report(QStringLiteral("10k: switching tabs (slowest tab, %1)").arg(worstName), QStringLiteral("%1 ms").arg(worstTab, 0, 'f', 1),
           QStringLiteral("< 50 ms"), worstTab < 50);

    // Heatmap: another pair of parameters, rebuilt and painted.
    auto *heat = window.findChild<HeatmapWidget *>();
    tabs->setCurrentWidget(heat);
    QApplication::processEvents();
    const QStringList names = heat->parameterNames();
    const double heatMs = timeMedian(rounds, [&](int i) {
        heat->setParameters(names.at(i % names.size()), names.at((i + 1 + i / names.size()) % names.size()));
        const QPixmap shot = heat->grab();
    });
    report(QStringLiteral("10k: changing the heatmap pair"), QStringLiteral("%1 ms").arg(heatMs, 0, 'f', 1), QStringLiteral("< 50 ms"),
           heatMs < 50);

    // Table: sorting by a number, a category, the duration; filtering by text and by state.
    tabs->setCurrentIndex(1);
    QApplication::processEvents();
    QTableView *view = window.trialView();
    auto *proxy = qobject_cast<TrialFilterProxy *>(view->model());
    TrialTableModel *model = window.trialModel();
    double worstSort = 0;
    for (int column : {model->objectiveColumn(), model->parameterColumn(QStringLiteral("lr")),
                       model->parameterColumn(QStringLiteral("optimizer")), model->durationColumn()}) {
        const double t = timeMedian(rounds, [&](int i) {
            view->sortByColumn(column, i % 2 ? Qt::AscendingOrder : Qt::DescendingOrder);
            const QPixmap shot = view->grab();
        });
        worstSort = std::max(worstSort, t);
    }
    report(QStringLiteral("10k: sorting the table (slowest of 4 columns)"), QStringLiteral("%1 ms").arg(worstSort, 0, 'f', 1),
           QStringLiteral("< 50 ms"), worstSort < 50);
    const QStringList filters{QStringLiteral("adam"), QStringLiteral("0.01"), QStringLiteral("256"), QStringLiteral("sgd")};
    const double textFilter = timeMedian(rounds, [&](int i) {
        proxy->setFilterFixedString(filters.at(i % filters.size()));
        const QPixmap shot = view->grab();
    });
    proxy->setFilterFixedString(QString());
    const double stateFilter = timeMedian(rounds, [&](int i) {
        proxy->setStates(i % 2 ? QSet<TrialState>{} : QSet<TrialState>{TrialState::Complete});
        const QPixmap shot = view->grab();
    });
    proxy->setStates({});
    report(QStringLiteral("10k: filtering the table by text / by state"),
           QStringLiteral("%1 / %2 ms").arg(textFilter, 0, 'f', 1).arg(stateFilter, 0, 'f', 1), QStringLiteral("< 50 ms"),
           std::max(textFilter, stateFilter) < 50);
    view->sortByColumn(0, Qt::AscendingOrder);

    // Hovering: the mouse on a curve finds it, highlights it, shows its tooltip.
    CurvesChart *curves = window.curvesChart();
    tabs->setCurrentWidget(curves);
    QApplication::processEvents();
    auto *chartView = curves->findChild<QChartView *>();
    const QList<Trial> &trials = window.monitor()->trials();
    int found = 0;
    const double hoverMs = timeMedian(rounds, [&](int i) {
        const Trial &t = trials.at((i * 997 + 13) % trials.size());
        const MetricPoint p = t.intermediate.value(QStringLiteral("val_loss")).value(50);
        const QPointF scene = curves->chart()->mapToScene(curves->chart()->mapToPosition(QPointF(double(p.step), p.value)));
        const QPoint at = chartView->mapFromScene(scene);
        QMouseEvent move(QEvent::MouseMove, QPointF(at), chartView->viewport()->mapToGlobal(QPointF(at)), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(chartView->viewport(), &move);
        found += curves->hoveredTrial() >= 0;
        const QPixmap shot = curves->grab();
    });
    report(QStringLiteral("10k: hovering a curve (found %1 of %2)").arg(found).arg(rounds), QStringLiteral("%1 ms").arg(hoverMs, 0, 'f', 1),
           QStringLiteral("< 50 ms"), hoverMs < 50 && found == rounds);

    // A new trial: what the window does when another process stores one (poll, table, status
    // bar, the curves chart shown), on 1,000 and on 10,000 trials.
    const auto newTrialCost = [&](MainWindow &w, const QString &database) {
        QString error;
        auto writer = Storage::open(database, &error);
        const auto study = writer ? writer->findStudy(w.monitor()->spec().name) : std::nullopt;
        if (!study)
            return -1.0;
        w.tabs()->setCurrentWidget(w.curvesChart());
        QApplication::processEvents();
        QList<double> cpu;
        for (int r = 0; r < rounds; ++r) {
            const auto t = writer->startTrial(study->id, {{QStringLiteral("lr"), 0.01}, {QStringLiteral("dropout"), 0.1},
                                                          {QStringLiteral("layers"), qlonglong(2)},
                                                          {QStringLiteral("optimizer"), QStringLiteral("adam")},
                                                          {QStringLiteral("batch_size"), qlonglong(64)}});
            QList<QPair<QString, MetricPoint>> values;
            for (int s = 0; s < 100; ++s)
                values.append({QStringLiteral("val_loss"), {s, 0.5 + 0.5 * std::exp(-s / 20.0)}});
            writer->addMetricReports(t->id, values);
            writer->finishTrial(t->id, TrialState::Complete, values.last().second.value, 0, QString());
            const double c0 = cpuSeconds();
            w.monitor()->refresh();
            w.curvesChart()->refreshNow();
            w.studyStatusBar()->update();
            QApplication::processEvents();
            const QPixmap shot = w.tabs()->currentWidget()->grab();
            cpu << (cpuSeconds() - c0) * 1000;
        }
        return median(cpu);
    };
    const double big = newTrialCost(window, db);
    double small = -1;
    {
        MainWindow other;
        other.resize(1360, 860);
        other.show();
        if (openAndWait(other, smallDb, &why))
            small = newTrialCost(other, smallDb);
    }
    report(QStringLiteral("a new trial of 100 values, shown: on 1,000 / 10,000 trials (CPU)"),
           QStringLiteral("%1 / %2 ms").arg(small, 0, 'f', 1).arg(big, 0, 'f', 1), QStringLiteral("follows the new data"),
           big < 3 * std::max(small, 1.0));
}

void hundredK(const QString &db, int rounds)
{
    const auto opens = runChildren({QStringLiteral("--child-open"), db}, std::max(1, rounds / 2));
    reportOpen(QStringLiteral("100k"), opens, 0, 0, 0);

    MainWindow window;
    window.resize(1360, 860);
    window.show();
    QString why;
    if (!openAndWait(window, db, &why)) {
        err() << "cannot open " << db << ": " << why << Qt::endl;
        return;
    }
    window.tabs()->setCurrentIndex(1);
    QApplication::processEvents();
    QTableView *view = window.trialView();
    QScrollBar *bar = view->verticalScrollBar();
    QList<double> pages;
    for (int i = 0; i < 60; ++i) {
        QElapsedTimer t;
        t.start();
        bar->setValue(int((qint64(bar->maximum()) * ((i * 7919) % 60)) / 59));
        QApplication::processEvents();
        const QPixmap shot = view->viewport()->grab();
        pages << ms(t);
    }
    std::sort(pages.begin(), pages.end());
    report(QStringLiteral("100k: scrolling the table, a page (median / slowest of 60)"),
           QStringLiteral("%1 / %2 ms").arg(median(pages), 0, 'f', 1).arg(pages.last(), 0, 'f', 1), QStringLiteral("smooth (< 16 ms)"),
           median(pages) < 16);

    // Each chart drawn from the data: follows the study afresh, draws its caches, paints.
    double worst = 0, worstCpu = 0;
    QString worstName;
    for (ChartView *chart : window.tabs()->findChildren<ChartView *>()) {
        window.tabs()->setCurrentWidget(chart);
        QApplication::processEvents();
        QList<double> cpu;
        const double t = timeMedian(std::max(1, rounds / 2), [&](int) {
            const double c0 = cpuSeconds();
            const auto measured = qScopeGuard([&] { cpu << (cpuSeconds() - c0) * 1000; });
            StudyMonitor *monitor = chart->monitor();
            chart->setMonitor(nullptr);
            chart->setMonitor(monitor);
            chart->prepare();
            if (auto *curves = qobject_cast<CurvesChart *>(chart))
                waitFor([curves] { return !curves->preparing(); });
            const QPixmap shot = chart->grab();
        });
        if (t > worst) {
            worst = t;
            worstCpu = median(cpu);
            worstName = chart->chartTitle();
        }
    }
    // CPU of all threads (the curves count their density on a worker): the wall time
    // stretches with the machine's load, the CPU time does not.
    report(QStringLiteral("100k: a chart drawn from the data, wall (CPU) (slowest: %1)").arg(worstName),
           QStringLiteral("%1 ms (%2 ms)").arg(worst, 0, 'f', 0).arg(worstCpu, 0, 'f', 0), QStringLiteral("< 1000 ms"), worst < 1000);
}

/// --child-live SPEC SECONDS: the study started from the window; prints key=value figures.
int childLive(const QString &spec, int seconds)
{
    MainWindow window;
    window.resize(1360, 860);
    window.show();
    QString why;
    if (!window.openSpec(spec, &why) || !window.startStudy(&why)) {
        err() << "cannot start " << spec << ": " << why << Qt::endl;
        return 1;
    }
    CurvesChart *curves = window.curvesChart();
    window.tabs()->setCurrentWidget(curves);
    auto *chartView = curves->findChild<QChartView *>();
    // Counts the paints of the curves' view: what the user sees redrawn.
    struct PaintCounter : QObject
    {
        int paints = 0;
        bool eventFilter(QObject *, QEvent *e) override
        {
            paints += e->type() == QEvent::Paint;
            return false;
        }
    } counter;
    chartView->viewport()->installEventFilter(&counter);
    // Measured over the seconds when all trials stream (after a second of start-up).
    idle(1000);
    const int paints0 = counter.paints;
    const double cpu0 = cpuSeconds();
    QElapsedTimer clock;
    clock.start();
    QList<double> perSecondPaints, perSecondCpu;
    for (int s = 0; s < seconds - 3; ++s) {
        const int p = counter.paints;
        const double c = cpuSeconds();
        idle(1000);
        perSecondPaints << counter.paints - p;
        perSecondCpu << cpuSeconds() - c;
    }
    const double span = clock.nsecsElapsed() / 1e9;
    const double paintRate = (counter.paints - paints0) / span, cpuShare = (cpuSeconds() - cpu0) / span;
    std::sort(perSecondPaints.begin(), perSecondPaints.end());
    std::sort(perSecondCpu.begin(), perSecondCpu.end());
    if (!waitFor([&] { return !window.runner()->isActive(); }, (seconds + 60) * 1000)) {
        err() << "the study did not finish" << Qt::endl;
        return 1;
    }
    qint64 stored = 0;
    int trials = 0, gapless = 0;
    if (auto all = window.runner()->storage()->trials(window.runner()->studyId(), true)) {
        trials = int(all->size());
        for (const Trial &t : *all) {
            // The program prints steps 0, 1, 2, ... with nothing skipped: every line printed
            // is stored when the trial's steps are exactly 0..n-1.
            const QList<MetricPoint> values = t.intermediate.value(QStringLiteral("val_loss"));
            stored += values.size();
            bool consecutive = true;
            for (qsizetype i = 0; i < values.size() && consecutive; ++i)
                consecutive = values.at(i).step == i;
            gapless += consecutive && !values.isEmpty();
        }
    }
    qint64 shown = 0;
    for (const Trial &t : window.monitor()->trials())
        shown += t.intermediate.value(QStringLiteral("val_loss")).size();
    QTextStream(stdout) << "paints_per_s=" << paintRate << " slowest_second_paints=" << perSecondPaints.value(0)
                        << " cpu_share=" << cpuShare << " busiest_second_cpu=" << perSecondCpu.value(perSecondCpu.size() - 1)
                        << " stored=" << stored << " shown=" << shown << " trials=" << trials << " gapless=" << gapless << Qt::endl;
    return 0;
}

void live(const QString &dir, int seconds, int runs)
{
    const QString program = trialProgram(dir);
    const QString spec = dir + QStringLiteral("/live.yaml");
    QFile file(spec);
    if (program.isEmpty() || !file.open(QIODevice::WriteOnly))
        return;
    QTextStream(&file) << "name: live\nprogram: " << program << "\ncommand: [\"${program}\", \"${args}\", \"--rate=2000\", \"--seconds="
                       << seconds << "\"]\nmethod: random\nmetric: {name: val_loss}\n"
                          "parameters:\n  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}\n"
                          "run_cap: 8\nparallel: 8\nseed: 1\nstorage: live.db\n";
    file.close();
    QList<QHash<QString, double>> all;
    for (int r = 0; r < runs; ++r) {
        QFile::remove(dir + QStringLiteral("/live.db"));
        all += runChildren({QStringLiteral("--child-live"), spec, QString::number(seconds)}, 1);
    }
    if (all.isEmpty())
        return;
    const double expected = 8.0 * 2000 * seconds;
    const double stored = medianOf(all, QStringLiteral("stored"));
    const double gapless = medianOf(all, QStringLiteral("gapless"));
    report(QStringLiteral("live, 8 x 2,000 lines/s for %1 s: values stored (trials with steps 0..n-1 unbroken)").arg(seconds),
           QStringLiteral("%1 of ~%2 (%3 of 8)").arg(qRound64(stored)).arg(qRound64(expected)).arg(gapless),
           QStringLiteral("every value"), stored >= expected * 0.995 && gapless == 8 && medianOf(all, QStringLiteral("shown")) == stored);
    const double paints = medianOf(all, QStringLiteral("paints_per_s"));
    report(QStringLiteral("live: curves redrawn per second (mean / slowest second)"),
           QStringLiteral("%1 / %2").arg(paints, 0, 'f', 1).arg(medianOf(all, QStringLiteral("slowest_second_paints")), 0, 'f', 0),
           QStringLiteral(">= 10"), paints >= 10);
    const double cpu = medianOf(all, QStringLiteral("cpu_share"));
    report(QStringLiteral("live: the app's CPU (mean / busiest second), cores"),
           QStringLiteral("%1 / %2").arg(cpu, 0, 'f', 2).arg(medianOf(all, QStringLiteral("busiest_second_cpu")), 0, 'f', 2),
           QStringLiteral("< 1"), cpu < 1);
}

/// The window on the 10k study, as docs/screenshots/ shows it at scale.
/// The views of issue 16 on the 10k study.
void views(const QString &db, int rounds)
{
    MainWindow window;
    window.resize(1360, 860);
    window.show();
    QString why;
    if (!openAndWait(window, db, &why)) {
        err() << "cannot open " << db << ": " << why << Qt::endl;
        return;
    }
    waitFor([&] { return !window.isLoading(); });
    idle(300);
    // Each view drawn from the data: follows the study afresh, computes, paints. The
    // importance chart's fit runs on a worker thread: this waits for it.
    for (ChartView *chart : QList<ChartView *>{window.findChild<ImportanceChart *>(), window.findChild<TimelineChart *>(),
                                               window.findChild<EdfChart *>(), window.findChild<MetricPairChart *>()}) {
        window.tabs()->setCurrentWidget(chart);
        QApplication::processEvents();
        const double t = timeMedian(rounds, [&](int) {
            StudyMonitor *monitor = chart->monitor();
            chart->setMonitor(nullptr);
            chart->setMonitor(monitor);
            chart->prepare();
            waitFor([chart] { return !chart->busy(); });
            const QPixmap shot = chart->grab();
        });
        // The importance is fitted on a worker thread meanwhile the window answers (see the
        // stall below): its figure is the wall time until the bars show.
        const bool fitted = chart == window.findChild<ImportanceChart *>();
        report(QStringLiteral("10k: %1 drawn from the data%2").arg(chart->chartTitle(), fitted ? QStringLiteral(" (wall, fit included)") : QString()),
               QStringLiteral("%1 ms").arg(t, 0, 'f', 0), fitted ? QStringLiteral("< 3000 ms") : QStringLiteral("< 1000 ms"),
               t < (fitted ? 3000 : 1000));
    }
    // The fit itself (64 trees, bootstrap of 2,048 rows, 6 pairs), CPU seconds of this thread.
    const StudySnapshot snapshot = window.monitor()->snapshot();
    QList<double> fits;
    for (int r = 0; r < rounds; ++r) {
        const double c0 = cpuSeconds();
        const StudyImportance result = studyImportance(snapshot.spec.space, snapshot.trials);
        fits << (cpuSeconds() - c0) * 1000;
        if (result.ranking.isEmpty())
            err() << "importance: no ranking" << Qt::endl;
    }
    report(QStringLiteral("10k: importance fit, main effects and pairs (worker thread, CPU)"),
           QStringLiteral("%1 ms").arg(median(fits), 0, 'f', 0), QStringLiteral("off the GUI thread, < 2000 ms"), median(fits) < 2000);
    // While it fits, the window answers: the longest event-loop stall of a refit.
    auto *importance = window.findChild<ImportanceChart *>();
    window.tabs()->setCurrentWidget(importance);
    QList<double> stalls;
    for (int r = 0; r < rounds; ++r) {
        StallMeter meter;
        StudyMonitor *monitor = importance->monitor();
        importance->setMonitor(nullptr);
        importance->setMonitor(monitor);
        importance->refreshNow();
        waitFor([importance] { return !importance->busy(); });
        idle(50);
        stalls << double(meter.longest());
    }
    report(QStringLiteral("10k: longest event-loop stall while the importance refits"), QStringLiteral("%1 ms").arg(median(stalls), 0, 'f', 0),
           QStringLiteral("< 50 ms"), median(stalls) < 50);
    // Hovering the timeline: hit test of 10,000 bars and the tooltip.
    auto *timeline = window.findChild<TimelineChart *>();
    window.tabs()->setCurrentWidget(timeline);
    idle(100);
    auto *canvas = timeline->findChild<PlotCanvas *>();
    const double hover = timeMedian(rounds * 4, [&](int i) {
        const QPointF pos(canvas->width() * (0.2 + 0.6 * (i % 7) / 7.0), canvas->height() * (0.2 + 0.6 * (i % 5) / 5.0));
        QMouseEvent move(QEvent::MouseMove, pos, canvas->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(canvas, &move);
        QApplication::processEvents();
    });
    report(QStringLiteral("10k: hovering the timeline"), QStringLiteral("%1 ms").arg(hover, 0, 'f', 1), QStringLiteral("< 16 ms"), hover < 16);

    // Picking 10 of the 10,000 rows (Ctrl-click each) and opening their comparison.
    auto *page = window.findChild<TrialsPage *>();
    window.tabs()->setCurrentWidget(page);
    idle(100);
    QTableView *table = window.trialView();
    QList<double> picks, opens;
    for (int r = 0; r < rounds; ++r) {
        table->clearSelection();
        QElapsedTimer t;
        t.start();
        for (int k = 0; k < 10; ++k)
            table->selectionModel()->select(table->model()->index(k * 997 % 10000, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QApplication::processEvents();
        picks << ms(t) / 10;
        t.restart();
        QWidget *dialog = page->compareSelected();
        QApplication::processEvents();
        const QPixmap shot = dialog->grab();
        opens << ms(t);
        delete dialog;
    }
    report(QStringLiteral("10k: picking a trial to compare (Ctrl-click, per row)"), QStringLiteral("%1 ms").arg(median(picks), 0, 'f', 1),
           QStringLiteral("< 16 ms"), median(picks) < 16);
    report(QStringLiteral("10k: opening the comparison of 10 trials"), QStringLiteral("%1 ms").arg(median(opens), 0, 'f', 0),
           QStringLiteral("< 250 ms"), median(opens) < 250);

    // Round 3: the charts that now scan the trials for their metric list (best so far, slice,
    // heatmap) and the parallel coordinates' top filter, each drawn from the data; the trial
    // table's columns hidden and shown; trials picked in a chart (Ctrl-click) into the table.
    for (ChartView *chart : QList<ChartView *>{window.findChild<BestSoFarChart *>(), window.findChild<SlicePlot *>(),
                                               window.findChild<HeatmapWidget *>()}) {
        window.tabs()->setCurrentWidget(chart);
        QApplication::processEvents();
        const double t = timeMedian(rounds, [&](int) {
            StudyMonitor *monitor = chart->monitor();
            chart->setMonitor(nullptr);
            chart->setMonitor(monitor);
            chart->prepare();
            const QPixmap shot = chart->grab();
        });
        report(QStringLiteral("10k: %1 drawn from the data (with its metric list)").arg(chart->chartTitle()),
               QStringLiteral("%1 ms").arg(t, 0, 'f', 0), QStringLiteral("< 1000 ms"), t < 1000);
    }
    auto *parallel = window.findChild<ParallelCoordinatesWidget *>();
    window.tabs()->setCurrentWidget(parallel);
    QApplication::processEvents();
    for (const auto &[mode, amount, label] : QList<std::tuple<TopTrialsFilter::Mode, int, QString>>{
             {TopTrialsFilter::Mode::All, 0, QStringLiteral("all trials")},
             {TopTrialsFilter::Mode::TopPercent, 1, QStringLiteral("top 1 %")},
             {TopTrialsFilter::Mode::TopCount, 500, QStringLiteral("top 500")}}) {
        const double t = timeMedian(rounds, [&, mode = mode, amount = amount](int) {
            parallel->topFilter()->setFilter(TopTrialsFilter::Mode::All, 0); // a change each round
            parallel->topFilter()->setFilter(mode, amount);
            parallel->prepare();
            const QPixmap shot = parallel->grab();
        });
        report(QStringLiteral("10k: parallel coordinates, %1, filtered and drawn").arg(label), QStringLiteral("%1 ms").arg(t, 0, 'f', 0),
               QStringLiteral("< 1000 ms"), t < 1000);
    }
    parallel->topFilter()->setFilter(TopTrialsFilter::Mode::All, 0);
    // The curves' Show filter: the density of 10,000 curves redrawn from the kept trials.
    auto *curves = window.findChild<CurvesChart *>();
    window.tabs()->setCurrentWidget(curves);
    QApplication::processEvents();
    for (const auto &[mode, amount, label] : QList<std::tuple<TopTrialsFilter::Mode, int, QString>>{
             {TopTrialsFilter::Mode::TopPercent, 1, QStringLiteral("top 1 %")},
             {TopTrialsFilter::Mode::TopCount, 500, QStringLiteral("top 500")},
             {TopTrialsFilter::Mode::All, 0, QStringLiteral("all trials again")}}) {
        const double t = timeMedian(rounds, [&, mode = mode, amount = amount](int) {
            curves->topFilter()->setFilter(mode, amount); // a full rebuild, even when unchanged
            curves->prepare();
            const QPixmap shot = curves->grab();
        });
        report(QStringLiteral("10k: curves, %1, filtered and drawn").arg(label), QStringLiteral("%1 ms").arg(t, 0, 'f', 0),
               QStringLiteral("< 1000 ms"), t < 1000);
    }
    // Ctrl+drag over the whole slice plot: every trial picked into the table's selection.
    auto *slice = window.findChild<SlicePlot *>();
    window.tabs()->setCurrentWidget(slice);
    slice->prepare();
    QApplication::processEvents();
    auto *sliceCanvas = slice->findChild<PlotCanvas *>();
    const double band = timeMedian(rounds, [&](int) {
        table->clearSelection();
        emit sliceCanvas->picked(QRectF(sliceCanvas->rect()));
        QApplication::processEvents();
    });
    report(QStringLiteral("10k: Ctrl+drag over the whole slice plot (%1 trials picked)").arg(page->selectedTrials().size()),
           QStringLiteral("%1 ms").arg(band, 0, 'f', 0), QStringLiteral("< 200 ms"), band < 200);
    table->clearSelection();
    window.tabs()->setCurrentWidget(page);
    idle(100);
    const double column = timeMedian(rounds, [&](int) {
        page->setColumnShown(QStringLiteral("duration"), false);
        QApplication::processEvents();
        page->setColumnShown(QStringLiteral("duration"), true);
        QApplication::processEvents();
        const QPixmap shot = table->grab();
    });
    report(QStringLiteral("10k: a table column hidden and shown again"), QStringLiteral("%1 ms").arg(column, 0, 'f', 1),
           QStringLiteral("< 50 ms"), column < 50);
    window.tabs()->setCurrentWidget(parallel);
    QList<double> chartPicks;
    for (int r = 0; r < rounds; ++r) {
        table->clearSelection();
        QElapsedTimer t;
        t.start();
        for (int k = 0; k < 10; ++k) {
            emit parallel->trialPicked(k * 997 % 10000);
            QApplication::processEvents();
        }
        chartPicks << ms(t) / 10;
    }
    report(QStringLiteral("10k: picking a trial in a chart (Ctrl-click, into the table's selection)"),
           QStringLiteral("%1 ms").arg(median(chartPicks), 0, 'f', 1), QStringLiteral("< 16 ms"), median(chartPicks) < 16);

    // Multi-objective views: the 10k study has one objective, so 10,000 trials of three
    // objectives that trade off (golden-ratio points on a curved front, a third dominated)
    // are handed to a monitor directly.
    StudySpec spec = window.monitor()->spec();
    spec.metrics = {MetricSpec{QStringLiteral("accuracy"), Goal::Maximize, false}, MetricSpec{QStringLiteral("size"), Goal::Minimize, false},
                    MetricSpec{QStringLiteral("latency"), Goal::Minimize, false}};
    QList<Trial> trials;
    for (int i = 0; i < 10000; ++i) {
        Trial t;
        t.number = i;
        t.state = TrialState::Complete;
        const double u = std::fmod(i * 0.618033988749895, 1.0), v = std::fmod(i * 0.754877666246693, 1.0);
        const double back = i % 3 == 2 ? 0.15 : 0.0;
        t.values = {u - back, v + back, 1.0 - std::sqrt((u * u + v * v) / 2) + back};
        trials.append(t);
    }
    StudyMonitor multi;
    multi.load(spec, trials);
    for (ChartView *chart : QList<ChartView *>{new HypervolumeChart, new ParetoMatrixChart}) {
        chart->resize(1100, 700);
        const double t = timeMedian(rounds, [&](int) {
            chart->setMonitor(nullptr);
            chart->setMonitor(&multi);
            chart->prepare();
            const QPixmap shot = chart->grab();
        });
        report(QStringLiteral("10k, 3 objectives: %1 drawn from the data").arg(chart->chartTitle()), QStringLiteral("%1 ms").arg(t, 0, 'f', 0),
               QStringLiteral("< 1000 ms"), t < 1000);
        chart->show();
        idle(100);
        const double select = timeMedian(rounds * 4, [&](int i) {
            chart->setSelectedTrial(i * 997 % 10000);
            chart->repaint();
        });
        report(QStringLiteral("10k, 3 objectives: %1, selecting a trial (repaint)").arg(chart->chartTitle()),
               QStringLiteral("%1 ms").arg(select, 0, 'f', 1), QStringLiteral("< 50 ms"), select < 50);
        chart->setMonitor(nullptr);
        delete chart;
    }
}

void screenshots(const QString &db, const QString &out)
{
    MainWindow window;
    window.resize(1280, 800); // as scripts/screenshots.sh
    window.show();
    QString why;
    if (!openAndWait(window, db, &why)) {
        err() << "cannot open " << db << ": " << why << Qt::endl;
        return;
    }
    QDir().mkpath(out);
    if (const Trial *best = window.monitor()->best())
        window.trialView()->selectRow(window.trialModel()->rowOfTrial(best->number));
    const auto shoot = [&](QWidget *tab, const QString &name) {
        window.tabs()->setCurrentWidget(tab);
        idle(300);
        waitFor([&] { return !window.isLoading(); });
        idle(100);
        const QString path = out + QLatin1Char('/') + name + QStringLiteral(".png");
        if (!window.grab().save(path))
            err() << "cannot write " << path << Qt::endl;
        else
            err() << "wrote " << path << Qt::endl;
    };
    CurvesChart *curves = window.curvesChart();
    curves->setDrawMode(CurvesChart::DrawMode::Auto);
    shoot(curves, QStringLiteral("curves-density-10k"));
    curves->setDrawMode(CurvesChart::DrawMode::Bands);
    shoot(curves, QStringLiteral("curves-bands-10k"));
    curves->setDrawMode(CurvesChart::DrawMode::Auto);
    for (ChartView *chart : window.tabs()->findChildren<ChartView *>()) {
        if (chart->chartTitle() == ParallelCoordinatesWidget().chartTitle())
            shoot(chart, QStringLiteral("parallel-coordinates-10k"));
    }
    shoot(window.tabs()->widget(1), QStringLiteral("trials-10k"));
    shoot(window.findChild<ImportanceChart *>(), QStringLiteral("importance-10k"));
    shoot(window.findChild<TimelineChart *>(), QStringLiteral("timeline-10k"));
    shoot(window.findChild<EdfChart *>(), QStringLiteral("edf-10k"));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tunescope-bench")); // its own settings
    const QStringList args = QApplication::arguments();
    if (args.size() >= 3 && args.at(1) == QLatin1String("--child-open"))
        return childOpen(args.at(2));
    if (args.size() >= 4 && args.at(1) == QLatin1String("--child-live"))
        return childLive(args.at(2), args.at(3).toInt());

    QCommandLineParser cli;
    cli.addHelpOption();
    cli.addOption({"runs", "Runs per figure (medians are printed).", "N", "5"});
    cli.addOption({"parts", "Which parts: open, interact, views, 100k, live.", "LIST", "open,interact,views,100k,live"});
    cli.addOption({"live-seconds", "How long the live trials stream.", "S", "60"});
    cli.addOption({"work", "Folder of the cached studies.", "DIR"});
    cli.addOption({"shots", "Also write screenshots of the 10k study's curves (density, bands), parallel "
                            "coordinates and trials to DIR (run under xvfb-run with QT_QPA_PLATFORM=xcb).", "DIR"});
    cli.process(app);
    const int runs = std::max(1, cli.value("runs").toInt());
    const QStringList parts = cli.value("parts").split(u',');
    const QString dir = workDir(cli.value("work"));

    QTextStream(stdout) << "# The dashboard at scale (issue 14), medians of " << runs << " runs, QPA "
                        << QGuiApplication::platformName() << "\n\n| what | figure | target | met |\n|---|---|---|---|" << Qt::endl;
    if (parts.contains(QStringLiteral("open")) || parts.contains(QStringLiteral("interact")) || parts.contains(QStringLiteral("views"))) {
        if (!ensureStudy(dir, QStringLiteral("big10k.db"), QStringLiteral("big10k"), 10000, 100, 4)
            || !ensureStudy(dir, QStringLiteral("big1k.db"), QStringLiteral("big1k"), 1000, 100, 4))
            return 1;
    }
    const QString db10k = dir + QStringLiteral("/big10k.db");
    if (parts.contains(QStringLiteral("open")))
        reportOpen(QStringLiteral("10k"), runChildren({QStringLiteral("--child-open"), db10k}, runs), 500, 2000, 250);
    if (parts.contains(QStringLiteral("interact")))
        interact(db10k, dir + QStringLiteral("/big1k.db"), runs);
    if (parts.contains(QStringLiteral("views")))
        views(db10k, runs);
    if (parts.contains(QStringLiteral("100k"))) {
        if (!ensureStoredStudy(dir, QStringLiteral("big100k.db"), QStringLiteral("big100k"), 100000))
            return 1;
        hundredK(dir + QStringLiteral("/big100k.db"), runs);
    }
    if (parts.contains(QStringLiteral("live")))
        live(dir, cli.value("live-seconds").toInt(), std::max(1, runs / 5));
    if (!cli.value("shots").isEmpty()) {
        if (!ensureStudy(dir, QStringLiteral("big10k.db"), QStringLiteral("big10k"), 10000, 100, 4))
            return 1;
        screenshots(db10k, cli.value("shots"));
    }
    return 0;
}
