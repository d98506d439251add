#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QTreeWidget;

namespace tunescope {

class StudyMonitor;
class TrialArtifactsView;
class SystemMetricsChart;

/// Everything about one trial: parameters, every reported metric (last, best, count), exit
/// code, failure reason, timing, the files it wrote into its folder (TrialArtifactsView) and
/// the tail of its log, all refreshed live while it runs.
class TrialDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit TrialDetailPane(QWidget *parent = nullptr);
    ~TrialDetailPane() override;

    void setMonitor(StudyMonitor *monitor);
    /// Where trial folders live when the study is followed from a database (runs/ next to
    /// it); a runner of this process knows its own.
    void setRunsDirectory(const QString &path) { mRunsDirectory = path; }
    int trial() const { return mNumber; }
    /// The tail of a trial's log (stdout, then stderr), as this pane shows it: the runner's
    /// buffer while it runs here, else its files in the trial folder; empty when none.
    QString logOf(int number) const;

    // --- for tests ---
    QString headerText() const;
    QString logText() const;
    QString noteMarkdown() const; ///< the note as shown; empty when none
    /// The value shown in the details for this label ("exit code", a parameter name, ...).
    QString detailValue(const QString &label) const;
    TrialArtifactsView *artifacts() const { return mArtifacts; }
    /// The sys/* metrics charted for the trial ("sys/cpu_percent", ...).
    QStringList systemMetricsShown() const;

public slots:
    void setTrial(int number); ///< -1 shows a hint instead

private:
    void scheduleRefresh(int number);
    void refresh();
    void refreshLog();
    QString trialDirectory(int number) const;

    QPointer<StudyMonitor> mMonitor;
    QString mRunsDirectory;
    int mNumber = -1;
    QLabel *mHeader = nullptr;
    QTextBrowser *mNote = nullptr;
    QTreeWidget *mDetails = nullptr;
    SystemMetricsChart *mSystem = nullptr; ///< CPU, memory, GPU over the trial's run
    QLabel *mLogLabel = nullptr;
    QWidget *mArtifactsBox = nullptr;
    QLabel *mArtifactsLabel = nullptr;
    TrialArtifactsView *mArtifacts = nullptr;
    QPlainTextEdit *mLog = nullptr;
    QTimer mRefreshTimer;
    QTimer mLogTimer;
};

} // namespace tunescope
