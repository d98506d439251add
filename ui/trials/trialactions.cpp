#include "trials/trialactions.h"

#include "execution/studymonitor.h"
#include "execution/studysteering.h"
#include "storage/storage.h"
#include "trials/enqueuedialog.h"
#include "trials/notedialog.h"

#include <QAction>
#include <QInputDialog>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QWidget>

namespace tunescope {

TrialActions::TrialActions(StudyMonitor *monitor, QWidget *parent)
    : QObject(parent)
    , mMonitor(monitor)
    , mParent(parent)
{
    const auto make = [this](const QString &text, const QString &tip, void (TrialActions::*slot)()) {
        auto *a = new QAction(text, this);
        a->setToolTip(tip);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    mRunAgain = make(tr("Run Again with Changes…"), tr("Queue a new trial with this trial's parameters, edited"), &TrialActions::onRunAgain);
    mRetry = make(tr("Retry"), tr("Run the selected failed or pruned trials again with the same parameters"), &TrialActions::onRetry);
    mRetryFailed = make(tr("Retry All Failed"), tr("Run every failed trial that has no retry yet again"), &TrialActions::onRetryFailed);
    mTell = make(tr("Tell Result…"), tr("Record a result measured outside Tunescope for this trial"), &TrialActions::onTell);
    mMarkFailed = make(tr("Mark Failed"), tr("Record this running trial as failed; its program is stopped"), &TrialActions::onMarkFailed);
    mNote = make(tr("Note…"), tr("Write a Markdown note on this trial"), &TrialActions::onNote);
    if (mMonitor) {
        connect(mMonitor, &StudyMonitor::reset, this, &TrialActions::updateActions);
        connect(mMonitor, &StudyMonitor::trialChanged, this, &TrialActions::updateActions);
        connect(mMonitor, &StudyMonitor::trialAdded, this, &TrialActions::updateActions);
    }
    updateActions();
}

QList<QAction *> TrialActions::actions() const
{
    return {mRunAgain, mRetry, mRetryFailed, mTell, mMarkFailed, mNote};
}

void TrialActions::setSelection(const QList<int> &numbers)
{
    mSelection = numbers;
    updateActions();
}

bool TrialActions::writable() const
{
    return mMonitor && mMonitor->storage() && mMonitor->storage()->readOnlyReason().isEmpty() && mMonitor->studyId() > 0;
}

void TrialActions::updateActions()
{
    const bool ok = writable();
    const Trial *one = ok && mSelection.size() == 1 ? mMonitor->trial(mSelection.first()) : nullptr;
    bool retryable = ok && !mSelection.isEmpty();
    for (int n : std::as_const(mSelection)) {
        const Trial *t = ok ? mMonitor->trial(n) : nullptr;
        retryable = retryable && t && (t->state == TrialState::Failed || t->state == TrialState::Pruned) && !t->retriedAs;
    }
    const bool anyFailed = ok && std::any_of(mMonitor->trials().begin(), mMonitor->trials().end(), [](const Trial &t) {
        return t.state == TrialState::Failed && !t.retriedAs;
    });
    mRunAgain->setEnabled(ok);
    mRetry->setEnabled(retryable);
    mRetryFailed->setEnabled(anyFailed);
    mTell->setEnabled(one && !isFinished(one->state));
    mMarkFailed->setEnabled(one && !isFinished(one->state));
    mNote->setEnabled(one != nullptr);
}

bool TrialActions::enqueue(const QVariantMap &params, bool allowOutOfSpace, QString *error)
{
    const auto study = writable() ? mMonitor->storage()->findStudy(mMonitor->spec().name) : std::nullopt;
    if (!study) {
        *error = tr("The study cannot be written.");
        return false;
    }
    const bool ok = enqueueParams(*mMonitor->storage(), *study, mMonitor->spec(), params, allowOutOfSpace, error).has_value();
    mMonitor->refresh();
    return ok;
}

bool TrialActions::retry(const QList<int> &numbers, QString *error)
{
    const auto study = writable() ? mMonitor->storage()->findStudy(mMonitor->spec().name) : std::nullopt;
    if (!study) {
        *error = tr("The study cannot be written.");
        return false;
    }
    const auto outcome = retryTrials(*mMonitor->storage(), *study, mMonitor->spec(), numbers, error);
    mMonitor->refresh(numbers);
    if (!outcome)
        return false;
    *error = outcome->skipped.join(u'\n');
    return outcome->skipped.isEmpty();
}

bool TrialActions::tell(int number, double value, QString *error)
{
    const Trial *t = writable() ? mMonitor->trial(number) : nullptr;
    if (!t) {
        *error = tr("No trial %1 to record.").arg(number);
        return false;
    }
    const bool ok = mMonitor->storage()->finishTrial(t->id, TrialState::Complete, value, std::nullopt, QString());
    if (!ok)
        *error = mMonitor->storage()->lastError();
    mMonitor->refresh({number});
    return ok;
}

bool TrialActions::markFailed(int number, QString *error)
{
    const Trial *t = writable() ? mMonitor->trial(number) : nullptr;
    if (!t) {
        *error = tr("No trial %1 to mark.").arg(number);
        return false;
    }
    const bool ok = markTrialFailed(*mMonitor->storage(), t->id, error);
    mMonitor->refresh({number});
    return ok;
}

bool TrialActions::setNote(int number, const QString &note, QString *error)
{
    const Trial *t = writable() ? mMonitor->trial(number) : nullptr;
    if (!t) {
        *error = tr("No trial %1 to write on.").arg(number);
        return false;
    }
    const bool ok = mMonitor->storage()->setTrialNote(t->id, note);
    if (!ok)
        *error = mMonitor->storage()->lastError();
    mMonitor->refresh({number});
    return ok;
}

void TrialActions::report(bool ok, const QString &title, const QString &error)
{
    if (!ok && !error.isEmpty())
        QMessageBox::warning(mParent, title, error);
}

void TrialActions::onRunAgain()
{
    const Trial *t = mSelection.size() == 1 ? mMonitor->trial(mSelection.first()) : nullptr;
    EnqueueDialog dialog(mMonitor->spec(), t ? t->params : QVariantMap(), mParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    report(enqueue(dialog.params(), dialog.allowOutOfSpace(), &error), tr("Cannot Enqueue"), error);
}

void TrialActions::onRetry()
{
    QString error;
    report(retry(mSelection, &error), tr("Cannot Retry"), error);
}

void TrialActions::onRetryFailed()
{
    QString error;
    report(retry({}, &error), tr("Cannot Retry"), error);
}

void TrialActions::onTell()
{
    const int number = mSelection.value(0, -1);
    bool ok = false;
    const QString text = QInputDialog::getText(mParent, tr("Tell Result"),
                                               tr("Objective (%1) of trial %2, measured outside Tunescope:")
                                                   .arg(mMonitor->spec().objective().name)
                                                   .arg(number),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    const double value = QLocale().toDouble(text.trimmed(), &ok);
    const double cValue = ok ? value : QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok) {
        QMessageBox::warning(mParent, tr("Tell Result"), tr("'%1' is not a number.").arg(text));
        return;
    }
    QString error;
    report(tell(number, cValue, &error), tr("Cannot Record"), error);
}

void TrialActions::onMarkFailed()
{
    const int number = mSelection.value(0, -1);
    if (QMessageBox::question(mParent, tr("Mark Failed"), tr("Record trial %1 as failed? Its program is stopped if it still runs.").arg(number))
        != QMessageBox::Yes)
        return;
    QString error;
    report(markFailed(number, &error), tr("Cannot Mark Failed"), error);
}

void TrialActions::onNote()
{
    const Trial *t = mMonitor->trial(mSelection.value(0, -1));
    if (!t)
        return;
    NoteDialog dialog(tr("Note on Trial %1").arg(t->number), t->note, mParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    report(setNote(t->number, dialog.note(), &error), tr("Cannot Save the Note"), error);
}

} // namespace tunescope
