#include "window/mainwindow.h"
#include "window/recentfilesmenu.h"
#include "window/reportexport.h"
#include "window/windowsettings.h"

#include "charts/bestsofarchart.h"
#include "charts/chartexport.h"
#include "compare/compareview.h"
#include "charts/curveschart.h"
#include "charts/edfchart.h"
#include "charts/heatmapwidget.h"
#include "charts/hypervolumechart.h"
#include "charts/importancechart.h"
#include "charts/metricpairchart.h"
#include "charts/parallelcoordinates.h"
#include "charts/paretochart.h"
#include "charts/paretomatrixchart.h"
#include "charts/sliceplot.h"
#include "charts/timelinechart.h"
#include "charts/toptrialsfilter.h"
#include "common/safepath.h"
#include "storage/storage.h"
#include "storage/studylocation.h"
#include "design/studyform.h"
#include "trials/studylistmodel.h"
#include "execution/studymonitor.h"
#include "execution/studyrunner.h"
#include "window/screenshots.h"
#include "window/studylistpanel.h"
#include "window/studystatusbar.h"
#include "window/trialspage.h"
#include "window/translations.h"
#include "window/viewsmenu.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <tuple>

namespace tunescope {

namespace {

bool isSpecFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("yaml") || suffix == QLatin1String("yml") || suffix == QLatin1String("json");
}

/// The database panel's text: a file by name and folder, a URL without its password.
QString databaseLabelText(const QString &database)
{
    if (isDatabaseUrl(database))
        return QStringLiteral("<b>%1</b>").arg(redactedLocation(database).toHtmlEscaped());
    return QStringLiteral("<b>%1</b><br><small>%2</small>")
        .arg(QFileInfo(database).fileName().toHtmlEscaped(),
             QDir::toNativeSeparators(QFileInfo(database).absolutePath()).toHtmlEscaped());
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/tunescope.svg")));
    mMonitor = new StudyMonitor(this);
    mStudies = new StudyListModel(this);
    buildActions();
    buildCentral();
    buildStudyDock();

    mStatus = new StudyStatusBar(this);
    mStatus->setMonitor(mMonitor);
    statusBar()->addPermanentWidget(mStatus, 1);
    statusBar()->setSizeGripEnabled(true);

    // Other processes add studies and trials to the database: the list follows slowly.
    mStudyListTimer.setInterval(3000);
    connect(&mStudyListTimer, &QTimer::timeout, this, &MainWindow::refreshStudyList);

    connect(mMonitor, &StudyMonitor::reset, this, &MainWindow::updateTitle);
    connect(mForm, &StudyForm::changed, this, [this] {
        mFormDirty = true;
        updateTitle();
    });
    resize(1360, 860);
    restoreSettings();
    updateActions();
    updateTitle();
}

void MainWindow::restoreSettings()
{
    const WindowSettings settings;
    settings.restoreWindow(this);
    mTabs->setCurrentIndex(std::clamp(settings.value(QStringLiteral("window/tab"), 0), 0, mTabs->count() - 1));
    mCurves->setLogScale(settings.value(QStringLiteral("charts/curvesLogScale"), false));
    mCurves->setDrawMode(CurvesChart::DrawMode(std::clamp(settings.value(QStringLiteral("charts/curvesDrawMode"), 0), 0, 3)));
    mCurves->setTopCount(settings.value(QStringLiteral("charts/curvesTopCount"), mCurves->topCount()));
    mBest->setLogScale(settings.value(QStringLiteral("charts/bestSoFarLogScale"), false));
}

void MainWindow::saveSettings()
{
    WindowSettings settings;
    settings.saveWindow(this);
    settings.setValue(QStringLiteral("window/tab"), mTabs->currentIndex());
    settings.setValue(QStringLiteral("charts/curvesLogScale"), mCurves->logScaleWanted());
    settings.setValue(QStringLiteral("charts/curvesDrawMode"), int(mCurves->drawMode()));
    settings.setValue(QStringLiteral("charts/curvesTopCount"), mCurves->topCount());
    settings.setValue(QStringLiteral("charts/bestSoFarLogScale"), mBest->logScaleWanted());
}

MainWindow::~MainWindow()
{
    // Views let go of the monitor before the runner and storage they read disappear.
    mMonitor->close();
    mRunner.reset();
    mStorage.reset();
}

void MainWindow::buildActions()
{
    const auto action = [this](const QString &icon, const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(icon.isEmpty() ? QIcon() : QIcon(icon), text, this);
        a->setShortcut(key);
        a->setToolTip(tip + (key.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText))));
        return a;
    };
    mNewAction = action(QStringLiteral(":/icons/new.svg"), tr("&New Study"), QKeySequence::New, tr("Design a new study"));
    mOpenAction = action(QStringLiteral(":/icons/open.svg"), tr("&Open…"), QKeySequence::Open,
                         tr("Open a study file (.yaml) or a study database (.db)"));
    mSaveAction = action(QStringLiteral(":/icons/save.svg"), tr("&Save"), QKeySequence::Save, tr("Save the study file"));
    mSaveAsAction = action(QString(), tr("Save &As…"), QKeySequence::SaveAs, tr("Save the study file under a new name"));
    mStartAction = action(QStringLiteral(":/icons/start.svg"), tr("S&tart"), QKeySequence(Qt::CTRL | Qt::Key_R),
                          tr("Start the study (or continue it up to its budget)"));
    mPauseAction = action(QStringLiteral(":/icons/pause.svg"), tr("&Pause"), QKeySequence(),
                          tr("Start no new trials; running ones finish"));
    mResumeAction = action(QStringLiteral(":/icons/resume.svg"), tr("Res&ume"), QKeySequence(), tr("Start new trials again"));
    mStopAction = action(QStringLiteral(":/icons/stop.svg"), tr("St&op"), QKeySequence(Qt::CTRL | Qt::Key_Period),
                         tr("Stop running trials (they are redone when the study is started again)"));
    mExportAction = action(QStringLiteral(":/icons/export.svg"), tr("&Export Chart…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                           tr("Save the chart on screen as PNG or SVG"));
    mReportAction = action(QString(), tr("Export &Report…"), QKeySequence(),
                           tr("Write the shown study as a report (HTML or PDF) to send to colleagues"));
    mCompareAction = action(QString(), tr("&Compare Studies…"), QKeySequence(),
                            tr("Compare two or more studies side by side"));
    mQuitAction = action(QString(), tr("&Quit"), QKeySequence::Quit, tr("Quit Tunescope"));

    connect(mNewAction, &QAction::triggered, this, &MainWindow::onNew);
    connect(mOpenAction, &QAction::triggered, this, &MainWindow::onOpen);
    connect(mSaveAction, &QAction::triggered, this, &MainWindow::onSave);
    connect(mSaveAsAction, &QAction::triggered, this, &MainWindow::onSaveAs);
    connect(mStartAction, &QAction::triggered, this, &MainWindow::onStart);
    connect(mPauseAction, &QAction::triggered, this, &MainWindow::pauseStudy);
    connect(mResumeAction, &QAction::triggered, this, &MainWindow::resumeStudy);
    connect(mStopAction, &QAction::triggered, this, &MainWindow::stopStudy);
    connect(mExportAction, &QAction::triggered, this, &MainWindow::onExportChart);
    connect(mReportAction, &QAction::triggered, this, &MainWindow::onExportReport);
    connect(mCompareAction, &QAction::triggered, this, &MainWindow::onCompareStudies);
    connect(mQuitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({mNewAction, mOpenAction});
    auto *recent = new RecentFilesMenu(file);
    file->addMenu(recent);
    connect(recent, &RecentFilesMenu::openRequested, this, [this](const QString &path) {
        QString error;
        if (!openFile(path, &error)) {
            WindowSettings().removeRecentFile(path);
            QMessageBox::warning(this, tr("Cannot Open"), QStringLiteral("%1\n\n%2").arg(path, error));
        }
    });
    file->addActions({mSaveAction, mSaveAsAction});
    file->addSeparator();
    file->addActions({mExportAction, mReportAction, mCompareAction});
    QAction *localPaths = file->addAction(tr("Local &Paths in Reports"));
    localPaths->setToolTip(tr("Off: reports name files by their name alone, for people outside the team"));
    localPaths->setCheckable(true);
    localPaths->setChecked(WindowSettings().value(reportLocalPathsKey, true));
    connect(localPaths, &QAction::toggled, this, [](bool on) { WindowSettings().setValue(reportLocalPathsKey, on); });
    file->addSeparator();
    file->addAction(mQuitAction);
    QMenu *study = menuBar()->addMenu(tr("&Study"));
    study->addActions({mStartAction, mPauseAction, mResumeAction, mStopAction});
    study->addSeparator();
    mComparePickedAction = study->addAction(tr("Co&mpare Picked Trials"));
    mComparePickedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    mComparePickedAction->setToolTip(tr("The trials selected in the table or Ctrl-clicked in the charts, side by side"));
    connect(mComparePickedAction, &QAction::triggered, this, [this] {
        if (!mTrials->compareSelected())
            statusBar()->showMessage(tr("Pick 2 to 10 trials first: select them in the table, or Ctrl-click them in a chart"), 8000);
    });
    QMenu *settings = menuBar()->addMenu(tr("Se&ttings"));
    Translations::addLanguageMenu(settings->addMenu(tr("&Language")), this);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(20, 20));
    toolbar->setMovable(false);
    toolbar->addActions({mOpenAction, mSaveAction});
    toolbar->addSeparator();
    toolbar->addActions({mStartAction, mPauseAction, mResumeAction, mStopAction});
    toolbar->addSeparator();
    toolbar->addAction(mExportAction);
}

void MainWindow::buildCentral()
{
    mTabs = new QTabWidget(this);
    mTabs->setDocumentMode(true);

    mForm = new StudyForm(mTabs);
    mForm->setObjectName(QStringLiteral("design"));
    mTabs->addTab(mForm, tr("Design"));

    mTrials = new TrialsPage(mMonitor, mTabs);
    mTrials->setObjectName(QStringLiteral("trials"));
    mTabs->addTab(mTrials, tr("Trials"));

    mCurves = new CurvesChart(mTabs);
    // The curves' metric and top filter are remembered per study, as the columns are.
    connect(mCurves, &CurvesChart::choiceChanged, this, [this] {
        if (mShownStudy.isEmpty() || mRestoringStudy)
            return;
        const QString prefix = WindowSettings::studyPrefix(mDatabasePath, mShownStudy);
        WindowSettings settings;
        settings.setValue(prefix + QStringLiteral("curves/metric"), mCurves->metric());
        settings.setValue(prefix + QStringLiteral("curves/top"), int(mCurves->topFilter()->mode()));
        settings.setValue(prefix + QStringLiteral("curves/topAmount"), mCurves->topFilter()->amount());
    });
    mBest = new BestSoFarChart(mTabs);
    auto *slice = new SlicePlot(mTabs);
    auto *importance = new ImportanceChart(mTabs);
    auto *metrics = new MetricPairChart(mTabs);
    auto *heatmap = new HeatmapWidget(mTabs);
    auto *parallel = new ParallelCoordinatesWidget(mTabs);
    auto *timeline = new TimelineChart(mTabs);
    auto *edf = new EdfChart(mTabs);
    auto *pareto = new ParetoChart(mTabs);
    auto *paretoMatrix = new ParetoMatrixChart(mTabs);
    auto *hypervolume = new HypervolumeChart(mTabs);
    // In the View menu's groups' order. The object names are the pages' names in the settings
    // and the screenshots' file names.
    const QList<std::tuple<ChartView *, QString, QString>> charts = {
        {mCurves, tr("Curves"), QStringLiteral("curves")},
        {metrics, tr("Metrics"), QStringLiteral("metrics")},
        {mBest, tr("Best so far"), QStringLiteral("best-so-far")},
        {timeline, tr("Timeline"), QStringLiteral("timeline")},
        {edf, tr("Distribution"), QStringLiteral("edf")},
        {heatmap, tr("Heatmap"), QStringLiteral("heatmap")},
        {parallel, tr("Parallel coordinates"), QStringLiteral("parallel-coordinates")},
        {slice, tr("Slice"), QStringLiteral("slice")},
        {importance, tr("Importance"), QStringLiteral("importance")},
        {pareto, tr("Pareto front"), QStringLiteral("pareto-front")},
        {paretoMatrix, tr("Pareto matrix"), QStringLiteral("pareto-matrix")},
        {hypervolume, tr("Hypervolume"), QStringLiteral("hypervolume")},
    };
    for (const auto &[chart, title, name] : charts) {
        chart->setObjectName(name);
        mTabs->addTab(chart, title);
        chart->setMonitor(mMonitor);
        // The selection is one across the table and every chart: a click on a trial in a
        // chart makes it the table's current trial, which shows it in all the others.
        connect(mTrials, &TrialsPage::trialSelected, chart, &ChartView::setSelectedTrial);
        connect(chart, &ChartView::trialClicked, mTrials, &TrialsPage::selectTrial);
        // Ctrl-click picks trials in any chart: they join the table's selection, which
        // Compare Picked Trials (Ctrl+Shift+M) opens side by side.
        connect(chart, &ChartView::trialsPicked, this, [this](const QList<int> &numbers) {
            mTrials->addPicked(numbers);
            statusBar()->showMessage(tr("%n trial(s) picked: Ctrl+Shift+M compares them", nullptr,
                                        int(mTrials->selectedTrials().size())),
                                     8000);
        });
        connect(chart, &ChartView::trialPicked, this, [this](int number) {
            mTrials->togglePicked(number);
            const QList<int> picked = mTrials->selectedTrials();
            QStringList numbers;
            for (int n : picked)
                numbers << QString::number(n);
            statusBar()->showMessage(tr("Picked trials %1: Ctrl-click more in any chart, Ctrl+Shift+M compares them")
                                         .arg(numbers.join(QStringLiteral(", "))),
                                     8000);
        });
    }
    // Fourteen tabs are wider than a 1280 px window: the bar scrolls, and the View menu (also
    // the bar's corner button) lists every view by what it is about.
    mTabs->setUsesScrollButtons(true);
    mTabs->setElideMode(Qt::ElideNone);
    mViewsMenu = new ViewsMenu(mTabs, this);
    mViewsMenu->addGroup(tr("Study"), {mForm, mTrials});
    mViewsMenu->addGroup(tr("Progress"), {mCurves, metrics, mBest, timeline, edf});
    mViewsMenu->addGroup(tr("Parameters"), {heatmap, parallel, slice, importance});
    mViewsMenu->addGroup(tr("Objectives"), {pareto, paretoMatrix, hypervolume});
    mViewsMenu->addNavigation();
    menuBar()->insertMenu(menuBar()->actions().constLast(), mViewsMenu);
    auto *corner = new QToolButton(mTabs);
    corner->setObjectName(QStringLiteral("viewsButton"));
    // A plain arrow after the words: Fusion's own menu indicator is a few pixels in the
    // corner that read as a clipped glyph.
    corner->setText(tr("All Views") + QStringLiteral(" \u25BE"));
    corner->setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));
    corner->setToolTip(tr("Every view by group (View menu; Alt+1 … Alt+0, Ctrl+PgDown, Ctrl+PgUp)"));
    corner->setMenu(mViewsMenu);
    corner->setPopupMode(QToolButton::InstantPopup);
    corner->setToolButtonStyle(Qt::ToolButtonTextOnly);
    corner->setAutoRaise(true);
    mTabs->setCornerWidget(corner, Qt::TopRightCorner);
    // The view last shown is remembered per study (and globally for the next start).
    connect(mTabs, &QTabWidget::currentChanged, this, [this] {
        if (!mShownStudy.isEmpty() && !mDatabasePath.isEmpty())
            WindowSettings().setValue(WindowSettings::studyPrefix(mDatabasePath, mShownStudy) + QStringLiteral("view"),
                                      mTabs->currentWidget()->objectName());
    });
    connect(importance, &ImportanceChart::parameterActivated, this, [this, slice](const QString &name) {
        slice->setShownParameter(name);
        mTabs->setCurrentWidget(slice);
    });
    connect(mTabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    // Once a study's values are in, every chart draws what it caches, so that switching tabs
    // only shows it (after the event loop has delivered the load to them).
    // One chart per turn of the event loop: with a dozen views the window still answers
    // between them.
    connect(mMonitor, &StudyMonitor::metricsLoaded, this, [this] {
        mChartsToPrepare.clear();
        for (ChartView *chart : mTabs->findChildren<ChartView *>())
            mChartsToPrepare << chart;
        if (!mChartsPending) {
            mChartsPending = true;
            QTimer::singleShot(0, this, &MainWindow::prepareNextChart);
        }
    });
    setCentralWidget(mTabs);
}

void MainWindow::buildStudyDock()
{
    auto *dock = new QDockWidget(tr("Studies"), this);
    dock->setObjectName(QStringLiteral("studiesDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    auto *box = new QWidget(dock);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 4, 6, 6);
    mDatabaseLabel = new QLabel(box);
    mDatabaseLabel->setWordWrap(true);
    mDatabaseLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mStudyPanel = new StudyListPanel(mStudies, box);
    layout->addWidget(mDatabaseLabel);
    layout->addWidget(mStudyPanel, 1);
    dock->setWidget(box);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    // Names and one line of counts: narrow, so that the tables and charts get the width.
    resizeDocks({dock}, {230}, Qt::Horizontal);
    connect(mStudyPanel, &StudyListPanel::studySelected, this, &MainWindow::showStudy);
    connect(mStudyPanel, &StudyListPanel::studiesChanged, this, &MainWindow::refreshStudyList);
    connect(mStudyPanel, &StudyListPanel::studyDeleted, this, [this](const QString &name) {
        if (name == mShownStudy) {
            mMonitor->close();
            mShownStudy.clear();
        }
    });
    connect(mStudyPanel, &StudyListPanel::studyRenamed, this, [this](const QString &oldName, const QString &newName) {
        if (oldName == mShownStudy) {
            mShownStudy.clear();
            refreshStudyList();
            showStudy(newName);
        }
    });
    connect(mStudyPanel, &StudyListPanel::cloneRequested, this, &MainWindow::cloneStudy);
}

void MainWindow::cloneStudy(const QString &name)
{
    // The stored spec of the study, renamed, in the form: edit the space, method and budget,
    // then Start creates the new study beside it.
    const auto record = mStorage ? mStorage->findStudy(name) : std::nullopt;
    const SpecLoadResult loaded = record ? parseStudySpec(record->specYaml, name) : SpecLoadResult();
    if (!loaded.spec)
        return;
    StudySpec spec = *loaded.spec;
    int n = 2;
    while (mStudies->rowOfStudy(QStringLiteral("%1-%2").arg(name).arg(n)) >= 0)
        ++n;
    spec.name = QStringLiteral("%1-%2").arg(name).arg(n);
    mForm->setSpec(spec);
    mForm->offerWarmStart(mStorage->location() + u'#' + name);
    mSpecPath.clear();
    mFormDirty = true;
    mTabs->setCurrentWidget(mForm);
    updateTitle();
    statusBar()->showMessage(tr("New study '%1' from '%2': edit it, then Start").arg(spec.name, name), 8000);
}

bool MainWindow::openFile(const QString &path, QString *error)
{
    const bool opened = isSpecFile(path) ? openSpec(path, error) : openDatabase(path, {}, error);
    if (opened)
        WindowSettings().addRecentFile(path);
    return opened;
}

bool MainWindow::openSpec(const QString &path, QString *error)
{
    const SpecLoadResult loaded = loadStudySpec(path);
    if (!loaded.spec) {
        if (error)
            *error = loaded.errors.join(QLatin1Char('\n'));
        return false;
    }
    if (mRunner && mRunner->isActive()) {
        if (error)
            *error = tr("A study is running; stop it before opening another one.");
        return false;
    }
    mRunner.reset();
    mSpecPath = QFileInfo(path).absoluteFilePath();
    mForm->setSpec(*loaded.spec);
    mFormDirty = false;
    for (const QString &w : loaded.warnings)
        statusBar()->showMessage(w, 8000);

    // Its database, when it exists, holds what earlier runs of the study did: show it.
    const QString db = resolveStudyLocation(mSpecPath, loaded.spec->storage).database;
    if (!isDatabaseUrl(db) && QFileInfo::exists(db)) {
        QString why;
        if (!openDatabase(db, loaded.spec->name, &why))
            statusBar()->showMessage(tr("Could not open %1: %2").arg(db, why), 8000);
    } else {
        mMonitor->close();
        mStudyPanel->setStorage(nullptr, QString());
        mStorage.reset();
        mDatabasePath.clear();
        mStudies->setSummaries({});
        mShownStudy.clear();
        mStudyListTimer.stop();
        mDatabaseLabel->setText(tr("No database yet: Start creates <tt>%1</tt>.").arg(QFileInfo(db).fileName().toHtmlEscaped()));
    }
    mTabs->setCurrentWidget(mForm);
    updateActions();
    updateTitle();
    return true;
}

bool MainWindow::openDatabase(const QString &path, const QString &study, QString *error)
{
    if (mRunner && mRunner->isActive()) {
        if (error)
            *error = tr("A study is running; stop it before opening another database.");
        return false;
    }
    const bool isUrl = isDatabaseUrl(path);
    if (!isUrl && !QFileInfo::exists(path)) {
        if (error)
            *error = tr("%1: no such file").arg(path);
        return false;
    }
    // Opened by itself, a database URL tells nothing of where its trials ran.
    const StudyLocation location = studyLocation(path, QString());
    QString why;
    auto storage = Storage::open(location.database, &why);
    if (!storage) {
        if (error)
            *error = why;
        return false;
    }
    mMonitor->close();
    mRunner.reset();
    mStorage = std::move(storage);
    mDatabasePath = location.database;
    // An Optuna database has no trial folders, and Tunescope only reads it.
    const bool readOnly = !mStorage->readOnlyReason().isEmpty();
    mDatabaseLabel->setText(databaseLabelText(mDatabasePath)
                            + (readOnly ? QStringLiteral("<br><small><i>%1</i></small>").arg(tr("An Optuna database: only read, never written")) : QString()));
    mRunsDirectory = isUrl || readOnly ? QString() : location.runsDirectory;
    mTrials->setRunsDirectory(mRunsDirectory);
    mStudyPanel->setStorage(mStorage.get(), mRunsDirectory);
    mShownStudy.clear();
    refreshStudyList();
    mStudyListTimer.start();

    QString name = study;
    if (name.isEmpty() && !mStudies->summaries().isEmpty())
        name = mStudies->summaries().first().study.name;
    const int row = mStudies->rowOfStudy(name);
    if (!isSpecFile(path) && row >= 0 && mSpecPath.isEmpty())
        mTabs->setCurrentWidget(mTrials); // unless the study remembers another view
    if (row >= 0)
        mStudyPanel->selectStudy(name); // shows it
    updateActions();
    updateTitle();
    return true;
}

void MainWindow::showStudy(const QString &name)
{
    if (!mStorage || name == mShownStudy)
        return;
    if (mRunner && mRunner->isActive())
        return; // the running study stays on screen
    QString why;
    // The trials load on a worker thread: the window answers input while a large study loads.
    if (!mMonitor->openInBackground(mStorage.get(), mDatabasePath, name, &why)) {
        statusBar()->showMessage(tr("Cannot open study '%1': %2").arg(name, why), 8000);
        return;
    }
    mShownStudy = name;
    restoreStudySettings();
    // The Design tab shows the study's spec unless it is the spec file being edited.
    if (mForm->spec().name != name || mSpecPath.isEmpty()) {
        mForm->setSpec(mMonitor->spec());
        mSpecPath.clear(); // the form now shows the stored spec, not the file
        mFormDirty = false;
    }
    mStudyPanel->selectStudy(name);
    updateActions();
    updateTitle();
}

void MainWindow::refreshStudyList()
{
    if (!mStorage)
        return;
    mStudies->setSummaries(mStorage->studySummaries());
    mStudyPanel->selectStudy(mShownStudy);
}

bool MainWindow::saveSpec(const QString &path, QString *error)
{
    const QStringList errors = mForm->validate();
    if (!errors.isEmpty()) {
        if (error)
            *error = tr("The study has problems; fix them first:\n%1").arg(errors.join(QLatin1Char('\n')));
        return false;
    }
    QFile file(path);
    const QByteArray text = "# Tunescope study file (written by the dashboard; `tunescope run` reads it)\n" + mForm->yaml();
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    mSpecPath = QFileInfo(path).absoluteFilePath();
    mFormDirty = false;
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(mSpecPath)), 5000);
    return true;
}

bool MainWindow::startStudy(QString *error)
{
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (mRunner && mRunner->isActive())
        return fail(tr("The study is already running."));
    const QStringList errors = mForm->validate();
    if (!errors.isEmpty()) {
        mTabs->setCurrentWidget(mForm);
        return fail(tr("The study has problems; fix them first:\n%1").arg(errors.join(QLatin1Char('\n'))));
    }
    StudySpec spec = mForm->spec();
    // Trials run in the spec's folder; a study that came from a database runs next to it.
    QString folder;
    if (!mSpecPath.isEmpty())
        folder = QFileInfo(mSpecPath).absolutePath();
    else if (!mDatabasePath.isEmpty() && !isDatabaseUrl(mDatabasePath))
        folder = QFileInfo(mDatabasePath).absolutePath();
    if (folder.isEmpty())
        return fail(tr("Save the study file first: its trials run in its folder."));
    if (spec.workingDirectory.isEmpty() || !mSpecPath.isEmpty())
        spec.workingDirectory = folder;

    // Without an open database there is a spec file (else there would be no folder).
    const StudyLocation location = mDatabasePath.isEmpty() ? resolveStudyLocation(mSpecPath, spec.storage)
                                                           : studyLocation(mDatabasePath, spec.workingDirectory);
    const QString db = location.database;
    if (mStorage && db == mDatabasePath && !mStorage->readOnlyReason().isEmpty())
        return fail(tr("%1 is an Optuna database, which Tunescope only reads. To continue one of its studies, import it "
                       "into a database of its own: tunescope import %1 --study NAME -o study.db")
                        .arg(redactedLocation(db)));
    if (!mStorage || db != mDatabasePath) {
        QString why;
        if (!prepareStudyLocation(location, &why))
            return fail(why);
        if (!location.relocatedBecause.isEmpty())
            statusBar()->showMessage(location.relocatedBecause, 15000);
        auto storage = Storage::open(db, &why);
        if (!storage)
            return fail(tr("%1: %2").arg(redactedLocation(db), why));
        mMonitor->close();
        mStorage = std::move(storage);
        mDatabasePath = db;
        mDatabaseLabel->setText(databaseLabelText(db));
        mStudyListTimer.start();
    }

    RunOptions options;
    options.runsDirectory = location.runsDirectory;
    mRunsDirectory = location.runsDirectory;
    mTrials->setRunsDirectory(options.runsDirectory);
    mStudyPanel->setStorage(mStorage.get(), options.runsDirectory);
    mMonitor->close();
    mRunner = std::make_unique<StudyRunner>(spec, mStorage.get(), options);
    QString why;
    if (!mRunner->prepare(&why)) {
        mRunner.reset();
        return fail(why);
    }
    connect(mRunner.get(), &StudyRunner::finished, this, &MainWindow::onRunnerFinished);
    connect(mRunner.get(), &StudyRunner::errorOccurred, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
        QMessageBox::warning(this, tr("Study stopped"), message);
    });
    connect(mRunner.get(), &StudyRunner::trialFinished, this, [this](const Trial &) {
        if (mCloseWhenIdle && mRunner && mRunner->runningCount() == 0)
            QTimer::singleShot(0, this, &QWidget::close);
    });
    mMonitor->attach(mRunner.get());
    mShownStudy = spec.name;
    mTrials->setColumnSettings(WindowSettings::studyPrefix(mDatabasePath, mShownStudy));
    mRunner->start();
    refreshStudyList();
    mForm->setReadOnly(true);
    if (mTabs->currentWidget() == mForm)
        mTabs->setCurrentIndex(1);
    if (mRunner->notices().isEmpty())
        statusBar()->showMessage(tr("Study '%1' started").arg(spec.name), 4000);
    else // what each warm-start source gave (core's text, as `run` prints it)
        statusBar()->showMessage(tr("Study '%1' started; warm start: %2").arg(spec.name, mRunner->notices().join(QLatin1String("; "))),
                                 15000);
    updateActions();
    updateTitle();
    return true;
}

void MainWindow::pauseStudy()
{
    if (!mRunner || !mRunner->isActive())
        return;
    mRunner->pause();
    statusBar()->showMessage(tr("Paused: no new trials start; running ones finish."), 6000);
    updateActions();
}

void MainWindow::resumeStudy()
{
    if (!mRunner || !mRunner->isActive())
        return;
    mRunner->resume();
    statusBar()->showMessage(tr("Resumed."), 3000);
    updateActions();
}

void MainWindow::stopStudy()
{
    if (!mRunner || !mRunner->isActive())
        return;
    mRunner->stop();
    statusBar()->showMessage(tr("Stopping running trials…"));
    mStopAction->setEnabled(false);
}

void MainWindow::onRunnerFinished()
{
    mForm->setReadOnly(false);
    refreshStudyList();
    const int counted = mRunner ? mRunner->countedTrials() : 0;
    statusBar()->showMessage(tr("Study finished: %1 trials.").arg(counted), 8000);
    updateActions();
    if (mCloseWhenIdle)
        QTimer::singleShot(0, this, &QWidget::close);
}

void MainWindow::updateActions()
{
    const bool active = mRunner && mRunner->isActive();
    const bool paused = active && mRunner->isPaused();
    mStartAction->setEnabled(!active && !(mStorage && !mStorage->readOnlyReason().isEmpty()));
    mPauseAction->setEnabled(active && !paused);
    mResumeAction->setEnabled(active && paused);
    mStopAction->setEnabled(active);
    mOpenAction->setEnabled(!active);
    mNewAction->setEnabled(!active);
    mExportAction->setEnabled(currentChart() != nullptr);
    // Pause and resume change what the status bar says (paused, time left) without any trial
    // changing, so no monitor signal would tell it.
    if (mStatus)
        mStatus->update();
}

void MainWindow::updateTitle()
{
    QString title = mMonitor->isOpen() ? mMonitor->spec().name : mForm->spec().name;
    if (!mSpecPath.isEmpty())
        title += QStringLiteral(" — ") + QFileInfo(mSpecPath).fileName();
    else if (!mDatabasePath.isEmpty())
        title += QStringLiteral(" — ") + (isDatabaseUrl(mDatabasePath) ? redactedLocation(mDatabasePath)
                                                                        : QFileInfo(mDatabasePath).fileName());
    setWindowTitle(title + (mFormDirty ? QStringLiteral("*") : QString()) + QStringLiteral(" — Tunescope"));
}

void MainWindow::prepareNextChart()
{
    // One chart per pass of the event loop: at 10,000 trials each takes up to a tenth of a
    // second, and input waits for one of them at most, not for all.
    if (mChartsToPrepare.isEmpty()) {
        mChartsPending = false;
        emit chartsPrepared();
        return;
    }
    if (const QPointer<ChartView> chart = mChartsToPrepare.takeFirst())
        chart->prepare();
    QTimer::singleShot(0, this, &MainWindow::prepareNextChart);
}

bool MainWindow::isLoading() const
{
    const QList<ChartView *> charts = mTabs->findChildren<ChartView *>();
    return mMonitor->loading() || mChartsPending || mCurves->preparing()
        || std::any_of(charts.cbegin(), charts.cend(), [](const ChartView *c) { return c->busy(); });
}

void MainWindow::restoreStudySettings()
{
    const QString prefix = WindowSettings::studyPrefix(mDatabasePath, mShownStudy);
    mTrials->setColumnSettings(prefix);
    {
        const QScopedValueRollback restoring(mRestoringStudy, true);
        const WindowSettings settings;
        if (const QString metric = settings.value(prefix + QStringLiteral("curves/metric"), QString()); !metric.isEmpty())
            mCurves->setMetric(metric);
        mCurves->topFilter()->setFilter(TopTrialsFilter::Mode(std::clamp(settings.value(prefix + QStringLiteral("curves/top"), 0), 0, 2)),
                                        settings.value(prefix + QStringLiteral("curves/topAmount"), mCurves->topFilter()->amount()));
    }
    const QString view = WindowSettings().value(prefix + QStringLiteral("view"), QString());
    for (int i = 0; i < mTabs->count() && !view.isEmpty(); ++i) {
        if (mTabs->widget(i)->objectName() == view)
            mTabs->setCurrentIndex(i);
    }
}

ChartView *MainWindow::currentChart() const
{
    return qobject_cast<ChartView *>(mTabs->currentWidget());
}

void MainWindow::onNew()
{
    if (mRunner && mRunner->isActive())
        return;
    mRunner.reset();
    mMonitor->close();
    mShownStudy.clear();
    mSpecPath.clear();
    mForm->setSpec(StudyForm().spec());
    mFormDirty = false;
    mTabs->setCurrentWidget(mForm);
    updateTitle();
}

void MainWindow::onOpen()
{
    const QString start = !mSpecPath.isEmpty() ? QFileInfo(mSpecPath).absolutePath() : QDir::currentPath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Study"), start,
                                                      tr("Studies (*.yaml *.yml *.json *.db);;Study files (*.yaml *.yml *.json);;"
                                                         "Study databases (*.db *.sqlite *.sqlite3);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!openFile(path, &error))
        QMessageBox::warning(this, tr("Cannot Open"), tr("<b>%1</b><br><br>%2").arg(QFileInfo(path).fileName().toHtmlEscaped(),
                                                                                   error.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
}

void MainWindow::onSave()
{
    if (mSpecPath.isEmpty()) {
        onSaveAs();
        return;
    }
    QString error;
    if (!saveSpec(mSpecPath, &error)) {
        mTabs->setCurrentWidget(mForm);
        QMessageBox::warning(this, tr("Cannot Save"), error);
    }
}

void MainWindow::onSaveAs()
{
    const QString suggested = QDir(mSpecPath.isEmpty() ? QDir::currentPath() : QFileInfo(mSpecPath).absolutePath())
                                  .absoluteFilePath(safePathComponent(mForm->spec().name) + QStringLiteral(".yaml"));
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Study File"), suggested, tr("Study files (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveSpec(path, &error)) {
        mTabs->setCurrentWidget(mForm);
        QMessageBox::warning(this, tr("Cannot Save"), error);
    }
}

void MainWindow::onStart()
{
    if (mSpecPath.isEmpty() && mDatabasePath.isEmpty()) {
        onSaveAs();
        if (mSpecPath.isEmpty())
            return;
    }
    QString error;
    if (!startStudy(&error))
        QMessageBox::warning(this, tr("Cannot Start"), error);
}

void MainWindow::onExportChart()
{
    if (ChartView *chart = currentChart())
        ChartExport::exportWithDialog(chart, this);
}

void MainWindow::onExportReport()
{
    if (!mStorage || mShownStudy.isEmpty()) {
        QMessageBox::information(this, tr("Export Report"), tr("Open a study database and pick a study first."));
        return;
    }
    // Files are named relative to the study file's folder (else the database's) where they lie.
    const QString base = !mSpecPath.isEmpty() ? QFileInfo(mSpecPath).absolutePath()
                         : isDatabaseUrl(mDatabasePath) ? QString() : QFileInfo(mDatabasePath).absolutePath();
    exportStudyReport(this, *mStorage, mShownStudy, base, mRunsDirectory);
}

void MainWindow::onCompareStudies()
{
    auto *view = new CompareView(this);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    QString error;
    if (!mDatabasePath.isEmpty() && !view->addDatabase(mDatabasePath, &error))
        QMessageBox::warning(this, tr("Compare Studies"), error);
    if (!mShownStudy.isEmpty())
        view->setSelectedStudies({mShownStudy});
    view->show();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (!mRunner || !mRunner->isActive() || mRunner->runningCount() == 0) {
        if (mRunner && mRunner->isActive())
            mRunner->stop();
        event->accept();
        return;
    }
    if (mCloseWhenIdle) {
        // Already asked; keep waiting for the trials (a second close request asks again).
        mCloseWhenIdle = false;
    }
    QMessageBox box(QMessageBox::Question, tr("Trials Are Running"),
                    tr("%n trial(s) of '%1' are still running.", nullptr, mRunner->runningCount()).arg(mRunner->spec().name),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("Stopped trials are recorded as interrupted and run again the next time the study is started."));
    QPushButton *stop = box.addButton(tr("Stop Trials and Quit"), QMessageBox::DestructiveRole);
    QPushButton *wait = box.addButton(tr("Quit When They Finish"), QMessageBox::AcceptRole);
    // Slurm jobs carry on without Tunescope; starting the study again re-attaches to them.
    QPushButton *leave = nullptr;
    if (mRunner->spec().backend.isSlurm()) {
        box.setInformativeText(tr("Their Slurm jobs can keep running without Tunescope: start the study again later and it "
                                  "follows them where they are. Stopped trials are recorded as interrupted and run again."));
        leave = box.addButton(tr("Quit, Jobs Keep Running"), QMessageBox::AcceptRole);
    }
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.exec();
    if (leave && box.clickedButton() == leave) {
        mMonitor->close();
        mRunner.reset(); // lets go of its jobs: they stay RUNNING, for the next start to follow
        event->accept();
        return;
    }
    if (box.clickedButton() == stop) {
        mCloseWhenIdle = true;
        mRunner->stop();
    } else if (box.clickedButton() == wait) {
        mCloseWhenIdle = true;
        mRunner->pause();
        statusBar()->showMessage(tr("Tunescope quits when the running trials finish."));
    }
    updateActions();
    event->ignore();
}

bool MainWindow::saveScreenshots(const QString &dir, QString *error)
{
    // Show the best trial's details, as a user would after a run.
    if (const Trial *best = mMonitor->best())
        mTrials->selectTrial(best->number);
    QStringList names;
    for (int i = 0; i < mTabs->count(); ++i)
        names << mTabs->widget(i)->objectName();
    return saveTabScreenshots(this, mTabs, names, dir, error);
}

} // namespace tunescope
