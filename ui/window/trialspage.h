#pragma once

#include <QSet>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPushButton;
class QMenu;
class QTableView;
class QToolButton;

namespace tunescope {

class StudyMonitor;
class TrialDetailPane;
class TrialActions;
class TrialFilterProxy;
class TrialTableModel;

/// The Trials tab of the main window: a filter bar (state, any text) over the table of the
/// monitor's trials, and the current trial's details beside it. Several rows selected (Ctrl or
/// Shift) can be compared side by side. Columns fit their contents
/// as rows and values arrive, except those the user sized. Which columns show is the user's
/// choice (the header's context menu and the Columns button), remembered per study.
class TrialsPage : public QWidget
{
    Q_OBJECT

public:
    explicit TrialsPage(StudyMonitor *monitor, QWidget *parent = nullptr);

    /// Makes the trial current in the table, clearing the filter if it hides the trial.
    void selectTrial(int number);
    /// Adds the trial to the table's selection, or takes it out when it is in (a Ctrl-click in
    /// a chart): the selection is what Compare compares.
    void togglePicked(int number);
    /// Adds these trials to the selection (the trials picked to compare); none leaves it.
    void addPicked(const QList<int> &numbers);
    /// Where the detail pane finds the trials' run folders (empty: none).
    void setRunsDirectory(const QString &dir);
    /// The study's settings prefix (WindowSettings::studyPrefix; empty: none): the hidden
    /// columns are read from it now and written to it as the user changes them.
    void setColumnSettings(const QString &studyPrefix);
    /// Shows or hides the column whose TrialTableModel::columnKey is key (and remembers it).
    void setColumnShown(const QString &key, bool shown);
    bool isColumnShown(const QString &key) const;
    QToolButton *columnsButton() const { return mColumnsButton; }

    TrialTableModel *model() const { return mModel; }
    TrialFilterProxy *proxy() const { return mProxy; }
    QTableView *view() const { return mView; }
    TrialDetailPane *detailPane() const { return mDetail; }
    TrialActions *actions() const { return mActions; }
    /// Trial numbers of the selected rows, in table order.
    QList<int> selectedTrials() const;
    /// Opens the comparison of the selected trials (2 to 10); returns it (nullptr: too few
    /// or too many selected). It closes with the page.
    QWidget *compareSelected();

signals:
    /// The table's current trial changed (-1: none); the detail pane shows it already.
    void trialSelected(int number);

private:
    void widenColumns();
    void applyHiddenColumns();
    void fillColumnsMenu(QMenu *menu); ///< one checkable entry per column but the number
    void fitNumberColumn();

    TrialTableModel *mModel = nullptr;
    TrialFilterProxy *mProxy = nullptr;
    QTableView *mView = nullptr;
    QComboBox *mStateFilter = nullptr;
    QLineEdit *mTextFilter = nullptr;
    TrialDetailPane *mDetail = nullptr;
    TrialActions *mActions = nullptr;
    QPushButton *mCompareButton = nullptr;
    QToolButton *mColumnsButton = nullptr;
    QString mColumnSettings;     ///< the study's settings prefix; empty: nothing remembered
    QSet<QString> mHiddenColumns; ///< by column key
    StudyMonitor *mMonitor = nullptr;
    QTimer mFitColumnsTimer;     ///< widens columns as rows and values arrive
    QSet<int> mUserSizedColumns; ///< columns the user resized: left as they are
    bool mSizingColumns = false;
};

} // namespace tunescope
