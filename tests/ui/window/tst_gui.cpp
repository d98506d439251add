#include "charts/bestsofarchart.h"
#include "charts/curveschart.h"
#include "window/mainwindow.h"
#include "charts/plotcanvas.h"
#include "charts/parallelcoordinates.h"
#include "charts/sliceplot.h"
#include "storage/storage.h"
#include "storage/studyrecord.h"
#include "analysis/studyexport.h"
#include "design/studyform.h"
#include "execution/studymonitor.h"
#include "execution/studyrunner.h"
#include "window/studystatusbar.h"
#include "trials/trialdetailpane.h"
#include "trials/trialtablemodel.h"
#include "trials/trialfilterproxy.h"
#include "window/trialspage.h"

#include <QDir>
#include <QHeaderView>
#include <QFile>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QSettings>
#include <QStandardPaths>
#include <QDialog>
#include <QSignalSpy>
#include <QMap>
#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {

/// The study of a spec in storage, recorded as a runner records it (without a run).
std::optional<StudyRecord> createStudyOf(Storage &storage, const StudySpec &spec)
{
    return storage.createStudy(studyRecordFor(spec));
}

} // namespace

/// The dashboard end to end: the example spec, a short study with the bundled C++ trainer,
/// and the views checked against what the database holds.
class TestGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void runExampleStudy();
    void reopenFinishedStudy();
    void timeLeftOfAStudyRunElsewhere();
    void prunedTrialsAndRepeatsInViews();
    void numberColumnFitsLargeStudies();
    void lateMetricColumnFitsItsName();
    void pickTrialsInChartsAndCompare();

private:
    QTemporaryDir mDir;
    QString mSpecPath;
};

void TestGui::initTestCase()
{
    // The window remembers its layout in QSettings: in ~/.qttest, not the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(mDir.isValid());
    const QString trainer = QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/spirals-trainer");
    QVERIFY2(QFile::exists(trainer), "build spirals-trainer first");
    // The example as shipped, with the trainer's absolute path (the test binary does not sit
    // next to it the way the tunescope executable does).
    QFile source(QStringLiteral(TUNESCOPE_SOURCE_DIR "/examples/spirals/study.yaml"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QByteArray text = source.readAll();
    text.replace("program: spirals-trainer", "program: " + trainer.toUtf8());
    mSpecPath = mDir.filePath(QStringLiteral("study.yaml"));
    QFile copy(mSpecPath);
    QVERIFY(copy.open(QIODevice::WriteOnly));
    copy.write(text);
}

void TestGui::runExampleStudy()
{
    MainWindow window;
    window.show();
    QString error;
    QVERIFY2(window.openSpec(mSpecPath, &error), qPrintable(error));
    QCOMPARE(window.studyForm()->spec().name, QStringLiteral("spirals-random"));
    QVERIFY2(window.studyForm()->validate().isEmpty(), qPrintable(window.studyForm()->errors().join(u'\n')));

    // A short study, set up in the form as a user would: 4 trials of 4 epochs.
    window.studyForm()->findChild<QSpinBox *>(QStringLiteral("run_cap"))->setValue(4);
    window.studyForm()->selectParameter(5);
    auto *epochs = window.studyForm()->findChild<QLineEdit *>(QStringLiteral("param.value"));
    epochs->setText(QStringLiteral("4"));
    emit epochs->textEdited(epochs->text());
    QCOMPARE(window.studyForm()->spec().space.find(QStringLiteral("epochs"))->value.toLongLong(), 4);

    QVERIFY2(window.startStudy(&error), qPrintable(error));
    QVERIFY(window.runner());
    QVERIFY(window.runner()->isActive());
    QCOMPARE(window.tabs()->currentIndex(), 1); // the Trials tab

    // The window stays live while trials run: rows appear before the study ends.
    QTRY_VERIFY_WITH_TIMEOUT(window.trialModel()->rowCount() >= 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.runner()->isActive(), 120000);

    const QString db = window.databasePath();
    QCOMPARE(db, QDir(mDir.path()).absoluteFilePath(QStringLiteral("tunescope.db")));
    auto storage = Storage::open(db, &error);
    QVERIFY2(storage, qPrintable(error));
    const auto data = loadStudyData(*storage, QStringLiteral("spirals-random"), &error);
    QVERIFY2(data, qPrintable(error));
    QCOMPARE(data->trials.size(), 4);

    // The table holds the stored trials.
    TrialTableModel *model = window.trialModel();
    QCOMPARE(model->rowCount(), 4);
    for (const Trial &stored : data->trials) {
        QCOMPARE(stored.state, TrialState::Complete);
        const int row = model->rowOfTrial(stored.number);
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, model->stateColumn()).data().toString(), QStringLiteral("COMPLETE"));
        QCOMPARE(model->index(row, model->objectiveColumn()).data(TrialTableModel::SortRole).toDouble(), *stored.value);
        QCOMPARE(model->index(row, model->parameterColumn(QStringLiteral("optimizer"))).data().toString(),
                 stored.params.value(QStringLiteral("optimizer")).toString());
    }

    // The curves hold every stored intermediate value of the objective.
    CurvesChart *curves = window.curvesChart();
    curves->refreshNow();
    QCOMPARE(curves->metric(), QStringLiteral("val_accuracy"));
    QCOMPARE(curves->curveCount(), 4);
    qsizetype storedPoints = 0;
    for (const Trial &t : data->trials) {
        const auto points = t.intermediate.value(QStringLiteral("val_accuracy"));
        QCOMPARE(points.size(), 4);
        storedPoints += points.size();
    }
    QCOMPARE(curves->pointCount(), storedPoints);

    // The best-so-far line ends at the best stored value (maximize).
    BestSoFarChart *best = window.bestSoFarChart();
    best->refreshNow();
    const Trial *bestStored = bestTrial(data->trials, Goal::Maximize);
    QVERIFY(bestStored);
    const QList<QPointF> line = best->bestLine();
    QVERIFY(!line.isEmpty());
    QCOMPARE(line.last().y(), *bestStored->value);
    QCOMPARE(best->points(TrialState::Complete).size(), 4);
    double running = -INFINITY;
    for (const QPointF &p : line) {
        QVERIFY(p.y() >= running); // never gets worse
        running = p.y();
    }

    // Status bar and detail pane.
    window.studyStatusBar()->update();
    QCOMPARE(window.studyStatusBar()->doneCount(), 4);
    QCOMPARE(window.studyStatusBar()->budget(), 4);
    QVERIFY2(window.studyStatusBar()->summaryText().contains(QLatin1String("4 of 4 trials")),
             qPrintable(window.studyStatusBar()->summaryText()));
    window.trialView()->setCurrentIndex(window.trialView()->model()->index(0, 0));
    TrialDetailPane *detail = window.detailPane();
    QCOMPARE(detail->detailValue(QStringLiteral("exit code")), QStringLiteral("0"));
    QVERIFY(!detail->detailValue(QStringLiteral("lr")).isEmpty());
    QVERIFY(detail->detailValue(QStringLiteral("val_accuracy")).contains(QStringLiteral("· 4 (last step")));
    QTRY_VERIFY(detail->logText().contains(QLatin1String("val_accuracy")));
}

void TestGui::reopenFinishedStudy()
{
    // Coming back later: the database of the finished study, opened on its own.
    MainWindow window;
    QString error;
    const QString db = QDir(mDir.path()).absoluteFilePath(QStringLiteral("tunescope.db"));
    QVERIFY2(window.openDatabase(db, {}, &error), qPrintable(error));
    QVERIFY(window.monitor()->isOpen());
    QCOMPARE(window.monitor()->spec().name, QStringLiteral("spirals-random"));
    // The trials load on a worker thread.
    QTRY_VERIFY(!window.monitor()->loading());
    QCOMPARE(window.trialModel()->rowCount(), 4);
    QCOMPARE(window.studyForm()->spec().name, QStringLiteral("spirals-random"));

    // Another process adds a trial: the window picks it up from the database.
    auto storage = Storage::open(db, &error);
    QVERIFY(storage);
    const auto study = storage->findStudy(QStringLiteral("spirals-random"));
    QVERIFY(study);
    window.monitor()->setPollInterval(50);
    const auto t = storage->startTrial(study->id, {{QStringLiteral("lr"), 0.01}});
    QVERIFY(t);
    QTRY_COMPARE(window.trialModel()->rowCount(), 5);
    QVERIFY(storage->finishTrial(t->id, TrialState::Failed, std::nullopt, 3, QStringLiteral("exited with code 3")));
    const int row = window.trialModel()->rowOfTrial(t->number);
    QTRY_COMPARE(window.trialModel()->index(row, window.trialModel()->stateColumn()).data().toString(), QStringLiteral("FAILED"));

    // A worker elsewhere: counted while it beats; its trial that stopped beating is stale, not running.
    ClaimRequest quick;
    quick.heartbeatGraceMs = 100;
    const auto silent = storage->claimTrial(study->id, quick, [](int, const QSet<qint64> &) {
        return std::optional<TrialClaim>(TrialClaim{{{QStringLiteral("lr"), 0.02}}, std::nullopt});
    });
    QVERIFY2(silent, qPrintable(storage->lastError()));
    QVERIFY(storage->beat(study->id, {}, 60000));
    QTRY_VERIFY2(window.studyStatusBar()->summaryText().contains(QStringLiteral("0 running · 1 stale · 1 worker")),
                 qPrintable(window.studyStatusBar()->summaryText()));

    // A trial whose Slurm job waits in the queue is counted apart from running ones.
    const auto queued = storage->startTrial(study->id, {{QStringLiteral("lr"), 0.03}});
    QVERIFY(queued && storage->setTrialJob(queued->id, QStringLiteral("77")) && storage->setTrialQueueReason(queued->id, QStringLiteral("Resources")));
    QVERIFY(storage->beat(study->id, {queued->id}, 60000));
    QTRY_VERIFY2(window.studyStatusBar()->summaryText().contains(QStringLiteral("0 running · 1 queued · 1 stale")),
                 qPrintable(window.studyStatusBar()->summaryText()));
}

void TestGui::timeLeftOfAStudyRunElsewhere()
{
    // A study with max_duration that another process runs: no runner here, the status bar
    // counts down from its stored runs.
    const QString db = QDir(mDir.path()).absoluteFilePath(QStringLiteral("elsewhere.db"));
    QString error;
    auto storage = Storage::open(db, &error);
    QVERIFY2(storage, qPrintable(error));
    StudyRecord record;
    record.name = QStringLiteral("elsewhere");
    record.method = QStringLiteral("random");
    record.metricName = QStringLiteral("loss");
    record.goal = QStringLiteral("minimize");
    record.specYaml = "name: elsewhere\nprogram: t.py\nmethod: random\nmetric: {name: loss}\nmax_duration: 2h\n"
                      "parameters:\n  x: {min: 0.0, max: 1.0}\n";
    const auto study = storage->createStudy(record);
    QVERIFY2(study, qPrintable(storage->lastError()));
    const std::optional<qint64> run = storage->beginStudyRun(study->id);
    QVERIFY(run);
    QVERIFY(storage->beat(study->id, {}, 60000)); // its worker is live
    QVERIFY(storage->startTrial(study->id, {{QStringLiteral("x"), 0.5}}));

    MainWindow window;
    QVERIFY2(window.openDatabase(db, {}, &error), qPrintable(error));
    QTRY_VERIFY(!window.monitor()->loading());
    QVERIFY(!window.monitor()->runner());
    QTRY_VERIFY2(window.studyStatusBar()->summaryText().contains(QStringLiteral("left of 2 h")),
                 qPrintable(window.studyStatusBar()->summaryText()));
}

void TestGui::prunedTrialsAndRepeatsInViews()
{
    // A study with repeats and a pruner, written the way a runner in another process writes it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("repeats.db"));
    QString error;
    auto storage = Storage::open(db, &error);
    QVERIFY2(storage, qPrintable(error));
    const SpecLoadResult loaded = parseStudySpec("name: rep\nprogram: /bin/true\nmethod: random\n"
                                                 "metric: {name: acc, goal: maximize}\n"
                                                 "parameters: {lr: {min: 0.001, max: 0.1}}\n"
                                                 "early_terminate: {type: asha, min_resource: 4, reduction_factor: 3}\n"
                                                 "repeats: 3\nrun_cap: 3\n",
                                                 QStringLiteral("rep.yaml"));
    QVERIFY2(loaded.spec, qPrintable(loaded.errors.join(u'\n')));
    const auto study = createStudyOf(*storage, *loaded.spec);
    QVERIFY(study);
    const QString reason = QStringLiteral("pruned at step 4 by asha: 0.55 is not in the top 1/3 of 3 trials at rung 4");
    struct Row { TrialState state; double value; std::optional<double> sd; QString reason; int steps; };
    const QList<Row> rows = {{TrialState::Complete, 0.91, 0.013, QString(), 12},
                             {TrialState::Pruned, 0.55, 0.02, reason, 4},
                             {TrialState::Failed, 0.5, std::nullopt, QStringLiteral("exited with code 1"), 2}};
    for (const Row &r : rows) {
        const auto t = storage->startTrial(study->id, {{QStringLiteral("lr"), 0.01}});
        QVERIFY(t);
        QList<QPair<QString, MetricPoint>> reports;
        for (int step = 1; step <= r.steps; ++step)
            reports.append({QStringLiteral("acc"), MetricPoint{step, r.value * step / r.steps}});
        QVERIFY(storage->addMetricReports(t->id, reports));
        QVERIFY(storage->finishTrial(t->id, r.state, r.value, r.state == TrialState::Failed ? 1 : 0, r.reason, r.sd));
    }
    storage.reset();

    MainWindow window;
    window.resize(1280, 800);
    QVERIFY2(window.openDatabase(db, {}, &error), qPrintable(error));
    QTRY_VERIFY(!window.monitor()->loading());
    TrialTableModel *model = window.trialModel();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(0, model->objectiveColumn()).data().toString(), QStringLiteral("0.910 ± 0.013"));
    QCOMPARE(model->index(0, model->objectiveColumn()).data(TrialTableModel::SortRole).toDouble(), 0.91);
    QCOMPARE(model->index(2, model->objectiveColumn()).data().toString(), QStringLiteral("0.5"));
    QCOMPARE(model->index(1, model->stateColumn()).data(Qt::ToolTipRole).toString(), reason);

    // The reason of a pruned trial is in the detail pane's title, not only in a cell.
    window.tabs()->setCurrentIndex(1);
    window.trialView()->selectRow(1);
    QTRY_VERIFY(window.detailPane()->headerText().contains(reason));
    QVERIFY(window.detailPane()->headerText().contains(QStringLiteral("PRUNED")));
    window.trialView()->selectRow(0);
    QTRY_VERIFY(window.detailPane()->headerText().contains(QStringLiteral("± 0.013")));

    BestSoFarChart *best = window.bestSoFarChart();
    best->refreshNow();
    QCOMPARE(best->errorBars().size(), 2); // the failed trial has no spread
    QCOMPARE(best->points(TrialState::Pruned).size(), 1);
    QCOMPARE(best->points(TrialState::Complete).size(), 1);
    QTRY_VERIFY2(window.studyStatusBar()->summaryText().contains(QStringLiteral("1 pruned")), // batched updates
                 qPrintable(window.studyStatusBar()->summaryText()));
    QVERIFY2(window.studyStatusBar()->summaryText().contains(QStringLiteral("finished")),
             qPrintable(window.studyStatusBar()->summaryText()));
    QVERIFY(!window.studyStatusBar()->summaryText().contains(QStringLiteral("left")));

    if (const QString dump = qEnvironmentVariable("TUNESCOPE_CHART_DUMP"); !dump.isEmpty()) {
        QDir().mkpath(dump);
        window.trialView()->selectRow(1);
        window.show();
        QTest::qWait(400);
        window.grab().save(dump + QStringLiteral("/gui-pruned-repeats.png"));
        window.tabs()->setCurrentWidget(best);
        QTest::qWait(400);
        window.grab().save(dump + QStringLiteral("/gui-pruned-repeats-best.png"));
    }
}


void TestGui::numberColumnFitsLargeStudies()
{
    // Qt sizes columns from a sample of the first thousand or so rows: the trial numbers of a
    // large study beyond them are longer and must not be cut off.
    const SpecLoadResult loaded = parseStudySpec("name: big\nprogram: /bin/true\nmethod: random\n"
                                                 "metric: {name: loss}\nparameters: {lr: {min: 0.001, max: 0.1}}\n",
                                                 QStringLiteral("big.yaml"));
    QVERIFY(loaded.spec);
    QList<Trial> trials;
    for (int n = 0; n < 20000; ++n) {
        Trial t;
        t.number = n;
        t.state = TrialState::Complete;
        t.value = 1.0 / (n + 1);
        t.params = {{QStringLiteral("lr"), 0.01}};
        trials.append(t);
    }
    StudyMonitor monitor;
    TrialsPage page(&monitor);
    page.resize(900, 500);
    page.show();
    monitor.load(*loaded.spec, trials);
    QApplication::processEvents();
    const QModelIndex last = page.proxy()->mapFromSource(page.model()->index(trials.size() - 1, 0));
    QCOMPARE(last.data().toString(), QStringLiteral("19999"));
    QVERIFY2(page.view()->horizontalHeader()->sectionSize(0) >= page.view()->sizeHintForIndex(last).width(),
             qPrintable(QStringLiteral("%1 < %2").arg(page.view()->horizontalHeader()->sectionSize(0)).arg(page.view()->sizeHintForIndex(last).width())));
}

void TestGui::lateMetricColumnFitsItsName()
{
    // A study opened in the background gets its rows first and its metric columns after the
    // table was sized: such a column must still be wide enough for its name (it read
    // "ys/cpu_percen").
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("late.db"));
    QString error;
    auto storage = Storage::open(db, &error);
    QVERIFY2(storage, qPrintable(error));
    const SpecLoadResult loaded = parseStudySpec("name: late\nprogram: /bin/true\nmethod: random\n"
                                                 "metric: {name: loss}\nparameters: {lr: {min: 0.001, max: 0.1}}\n",
                                                 QStringLiteral("late.yaml"));
    QVERIFY(loaded.spec);
    const auto study = createStudyOf(*storage, *loaded.spec);
    QVERIFY(study);
    const QString name = QStringLiteral("sys/cpu_percent");
    for (int i = 0; i < 3; ++i) {
        const auto trial = storage->startTrial(study->id, {{QStringLiteral("lr"), 0.01 * (i + 1)}});
        // Two metrics of their own, so that the one looked at is not the last column, which stretches.
        QVERIFY(trial && storage->addMetricReports(trial->id, {{QStringLiteral("loss"), MetricPoint{0, 0.5}},
                                                               {name, MetricPoint{1, 99.5}},
                                                               {QStringLiteral("sys/rss_mb"), MetricPoint{1, 80.0}}}));
        QVERIFY(storage->finishTrial(trial->id, TrialState::Complete, 0.5, 0, QString()));
    }
    StudyMonitor monitor;
    TrialsPage page(&monitor);
    page.resize(1200, 500);
    page.show();
    QVERIFY2(monitor.openInBackground(storage.get(), db, QStringLiteral("late"), &error), qPrintable(error));
    QTRY_VERIFY(!monitor.loading());
    int column = -1;
    QTRY_VERIFY((column = page.model()->metricColumn(name)) >= 0);
    QHeaderView *header = page.view()->horizontalHeader();
    const int proxyColumn = page.proxy()->mapFromSource(page.model()->index(0, column)).column();
    QTRY_VERIFY2(header->sectionSize(proxyColumn) >= header->sectionSizeHint(proxyColumn),
                 qPrintable(QStringLiteral("%1 < %2").arg(header->sectionSize(proxyColumn)).arg(header->sectionSizeHint(proxyColumn))));
}

void TestGui::pickTrialsInChartsAndCompare()
{
    // Ctrl-click picks trials in a chart (here the parallel coordinates): they join the
    // table's selection, and Compare Picked Trials opens them side by side; a Ctrl-click on a
    // picked trial takes it out again, a plain click selects just one.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("pick.db"));
    QString error;
    {
        auto storage = Storage::open(db, &error);
        QVERIFY2(storage, qPrintable(error));
        const SpecLoadResult loaded = parseStudySpec("name: pick\nprogram: /bin/true\nmethod: random\n"
                                                     "metric: {name: loss}\n"
                                                     "parameters: {a: {min: 0, max: 1}, b: {min: 0, max: 1}}\n",
                                                     QStringLiteral("pick.yaml"));
        QVERIFY2(loaded.spec, qPrintable(loaded.errors.join(u'\n')));
        const auto study = createStudyOf(*storage, *loaded.spec);
        QVERIFY(study);
        for (int i = 0; i < 6; ++i) {
            const auto t = storage->startTrial(study->id, {{QStringLiteral("a"), 0.1 + 0.15 * i}, {QStringLiteral("b"), 0.9 - 0.15 * i}});
            QVERIFY(t && storage->finishTrial(t->id, TrialState::Complete, 1.0 + i, 0, QString()));
        }
    }
    MainWindow window;
    window.resize(1280, 800);
    QVERIFY2(window.openDatabase(db, {}, &error), qPrintable(error));
    QTRY_VERIFY(!window.monitor()->loading());
    auto *parallel = window.findChild<ParallelCoordinatesWidget *>();
    QVERIFY(parallel);
    window.tabs()->setCurrentWidget(parallel);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *canvas = parallel->findChild<PlotCanvas *>();
    QTRY_VERIFY(canvas && canvas->isVisible());
    QTest::qWait(100);
    // A point on each of two different trials' lines.
    QMap<int, QPoint> hits;
    for (int y = 0; y < canvas->height() && hits.size() < 2; y += 2)
        for (int x = 0; x < canvas->width() && hits.size() < 2; x += 2)
            if (const int n = parallel->trialAt(QPointF(x, y)); n >= 0 && !hits.contains(n))
                hits.insert(n, QPoint(x, y));
    QCOMPARE(hits.size(), 2);
    QSignalSpy picked(parallel, &ChartView::trialPicked);
    for (auto it = hits.cbegin(); it != hits.cend(); ++it)
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::ControlModifier, it.value());
    QCOMPARE(picked.size(), 2);
    QCOMPARE(window.trialsPage()->selectedTrials(), hits.keys());
    window.comparePickedAction()->trigger();
    auto *dialog = window.trialsPage()->findChild<QDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Trials %1, %2").arg(hits.firstKey()).arg(hits.lastKey()));
    dialog->close();
    // Ctrl-click again: out of the picked set; a plain click: that trial alone.
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::ControlModifier, hits.first());
    QCOMPARE(window.trialsPage()->selectedTrials(), QList<int>{hits.lastKey()});
    QTest::mouseClick(canvas, Qt::LeftButton, {}, hits.first());
    QCOMPARE(window.trialsPage()->selectedTrials(), QList<int>{hits.firstKey()});
    QCOMPARE(picked.size(), 3);

    // Ctrl+drag in the slice plot: the trials inside the rectangle join the picked set.
    auto *slice = window.findChild<SlicePlot *>();
    QVERIFY(slice);
    window.tabs()->setCurrentWidget(slice);
    auto *sliceCanvas = slice->findChild<PlotCanvas *>();
    QTRY_VERIFY(sliceCanvas && sliceCanvas->isVisible());
    QSignalSpy banded(slice, &ChartView::trialsPicked);
    const QPoint from(2, 2), to(sliceCanvas->width() - 3, sliceCanvas->height() - 3);
    QTest::mousePress(sliceCanvas, Qt::LeftButton, Qt::ControlModifier, from);
    QTest::mouseMove(sliceCanvas, (from + to) / 2);
    QTest::mouseMove(sliceCanvas, to);
    QTest::mouseRelease(sliceCanvas, Qt::LeftButton, Qt::ControlModifier, to);
    QCOMPARE(banded.size(), 1);
    QCOMPARE(window.trialsPage()->selectedTrials(), (QList<int>{0, 1, 2, 3, 4, 5}));
    QCOMPARE(picked.size(), 3); // no single pick on the way
}

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
