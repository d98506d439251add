#pragma once

#include "window/trialspage.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <memory>

class QAction;
class QLabel;
class QTabWidget;
class QTableView;

namespace tunescope {

class BestSoFarChart;
class ChartView;
class CurvesChart;
class Storage;
class StudyForm;
class StudyListModel;
class StudyListPanel;
class StudyMonitor;
class StudyRunner;
class StudyStatusBar;
class TrialDetailPane;
class TrialFilterProxy;
class TrialTableModel;
class ViewsMenu;

/// The dashboard: studies of the open database on the left; Design, Trials and the charts
/// as tabs; Open, Save, Start, Pause, Resume, Stop and Export in the toolbar; progress in the
/// status bar. Trials run through a StudyRunner on this thread (asynchronous QProcesses), and
/// every view follows one StudyMonitor, whether the study runs here, in another process, or
/// finished long ago.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a study file (.yaml/.yml/.json) or a database (.db and anything else SQLite).
    bool openFile(const QString &path, QString *error = nullptr);
    bool openSpec(const QString &path, QString *error = nullptr);
    bool openDatabase(const QString &path, const QString &study = {}, QString *error = nullptr);
    bool saveSpec(const QString &path, QString *error = nullptr);

    /// Starts (or resumes in the database) the study the Design form shows.
    bool startStudy(QString *error = nullptr);
    void pauseStudy();
    void resumeStudy();
    void stopStudy();

    /// Renders every view to PNG files in dir (design.png, trials.png, curves.png, ...).
    bool saveScreenshots(const QString &dir, QString *error = nullptr);

    // --- for tests ---
    StudyForm *studyForm() const { return mForm; }
    StudyMonitor *monitor() const { return mMonitor; }
    StudyRunner *runner() const { return mRunner.get(); }
    TrialTableModel *trialModel() const { return mTrials->model(); }
    QTableView *trialView() const { return mTrials->view(); }
    TrialDetailPane *detailPane() const { return mTrials->detailPane(); }
    StudyStatusBar *studyStatusBar() const { return mStatus; }
    StudyListModel *studyList() const { return mStudies; }
    StudyListPanel *studyPanel() const { return mStudyPanel; }
    CurvesChart *curvesChart() const { return mCurves; }
    BestSoFarChart *bestSoFarChart() const { return mBest; }
    QTabWidget *tabs() const { return mTabs; }
    ViewsMenu *viewsMenu() const { return mViewsMenu; }
    QAction *comparePickedAction() const { return mComparePickedAction; }
    TrialsPage *trialsPage() const { return mTrials; }
    QString databasePath() const { return mDatabasePath; }
    /// Whether the shown study is still loading or its charts are still being drawn.
    bool isLoading() const;

signals:
    /// Every chart has drawn what it caches for the study just loaded (the curves' density
    /// may still be counted on a worker thread: CurvesChart::preparing()).
    void chartsPrepared();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildCentral();
    void buildStudyDock();
    void updateActions();
    void prepareNextChart(); ///< the next chart of mChartsToPrepare, then chartsPrepared
    void restoreSettings(); ///< window layout and chart preferences of the last session
    void saveSettings();
    void updateTitle();
    void refreshStudyList();
    void showStudy(const QString &name);
    void cloneStudy(const QString &name); ///< New Study from This One: its spec in the form, renamed
    void onRunnerFinished();
    void onOpen();
    void onSave();
    void onSaveAs();
    void onNew();
    void onStart();
    void onExportChart();
    void onExportReport();   ///< the shown study as an HTML or PDF report
    void onCompareStudies(); ///< opens a CompareView on the open database
    void restoreStudySettings(); ///< mShownStudy's table columns and the view last shown, if any
    ChartView *currentChart() const;

    std::unique_ptr<Storage> mStorage;
    std::unique_ptr<StudyRunner> mRunner;
    StudyMonitor *mMonitor = nullptr;
    QString mSpecPath;
    QString mDatabasePath;
    QString mRunsDirectory; ///< trial folders of the open database; empty when it has none here
    QString mShownStudy;
    bool mRestoringStudy = false; ///< restoreStudySettings() is at work: nothing to remember
    bool mCloseWhenIdle = false;
    bool mFormDirty = false;

    QAction *mNewAction = nullptr;
    QAction *mOpenAction = nullptr;
    QAction *mSaveAction = nullptr;
    QAction *mSaveAsAction = nullptr;
    QAction *mStartAction = nullptr;
    QAction *mPauseAction = nullptr;
    QAction *mResumeAction = nullptr;
    QAction *mStopAction = nullptr;
    QAction *mExportAction = nullptr;
    QAction *mReportAction = nullptr;
    QAction *mCompareAction = nullptr;
    QAction *mComparePickedAction = nullptr; ///< the table's selection, also picked in charts
    QAction *mQuitAction = nullptr;

    QTabWidget *mTabs = nullptr;
    ViewsMenu *mViewsMenu = nullptr;
    QList<QPointer<ChartView>> mChartsToPrepare; ///< drawn ahead one per event-loop turn
    StudyForm *mForm = nullptr;
    TrialsPage *mTrials = nullptr;
    CurvesChart *mCurves = nullptr;
    BestSoFarChart *mBest = nullptr;
    StudyStatusBar *mStatus = nullptr;
    StudyListModel *mStudies = nullptr;
    StudyListPanel *mStudyPanel = nullptr;
    QLabel *mDatabaseLabel = nullptr;
    QTimer mStudyListTimer;
    bool mChartsPending = false; ///< a study's values are in, its charts not drawn yet
};

} // namespace tunescope
