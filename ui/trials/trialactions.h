#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QWidget;

namespace tunescope {

class StudyMonitor;

/// What a user does to trials by hand, on the monitor's study: Run Again with Changes
/// (enqueue, filled from the trial), Retry (the selected failed or pruned trials, or all
/// failed ones), Tell Result (a value measured outside Tunescope), Mark Failed (a running
/// trial) and the trial's Markdown note. Disabled where they do not apply (a read-only
/// database, the wrong state); each asks or says what went wrong in a dialog over `parent`.
class TrialActions : public QObject
{
    Q_OBJECT

public:
    TrialActions(StudyMonitor *monitor, QWidget *parent);

    void setSelection(const QList<int> &numbers);
    QList<QAction *> actions() const;

    // The actions without their dialogs (for tests and the dialogs' own use).
    bool enqueue(const QVariantMap &params, bool allowOutOfSpace, QString *error);
    bool retry(const QList<int> &numbers, QString *error); ///< empty: every failed trial
    bool tell(int number, double value, QString *error);
    bool markFailed(int number, QString *error);
    bool setNote(int number, const QString &note, QString *error);

    QAction *runAgainAction() const { return mRunAgain; }
    QAction *retryAction() const { return mRetry; }
    QAction *retryFailedAction() const { return mRetryFailed; }
    QAction *tellAction() const { return mTell; }
    QAction *markFailedAction() const { return mMarkFailed; }
    QAction *noteAction() const { return mNote; }

public slots:
    void updateActions();

private:
    bool writable() const;
    void onRunAgain();
    void onRetry();
    void onRetryFailed();
    void onTell();
    void onMarkFailed();
    void onNote();
    void report(bool ok, const QString &title, const QString &error);

    QPointer<StudyMonitor> mMonitor;
    QWidget *mParent = nullptr;
    QList<int> mSelection;
    QAction *mRunAgain = nullptr;
    QAction *mRetry = nullptr;
    QAction *mRetryFailed = nullptr;
    QAction *mTell = nullptr;
    QAction *mMarkFailed = nullptr;
    QAction *mNote = nullptr;
};

} // namespace tunescope
