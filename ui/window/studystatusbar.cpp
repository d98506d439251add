#include "window/studystatusbar.h"

#include "analysis/studycost.h"
#include "common/format.h"
#include "trials/statetext.h"

#include "charts/statecolors.h"
#include "execution/studymonitor.h"
#include "execution/studyrunner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

#include <climits>
#include <cmath>

namespace tunescope {

namespace {

QLabel *dotLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::RichText);
    return label;
}

} // namespace

StudyStatusBar::StudyStatusBar(QWidget *parent)
    : QWidget(parent)
{
    mProgress = new QProgressBar(this);
    mProgress->setMinimumWidth(160);
    mProgress->setMaximumWidth(220);
    mProgress->setTextVisible(true);
    mRunning = dotLabel(this);
    mPruned = dotLabel(this);
    mFailed = dotLabel(this);
    mTime = new QLabel(this);
    mBest = dotLabel(this);
    mBest->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(14);
    layout->addWidget(mProgress);
    layout->addWidget(mRunning);
    layout->addWidget(mPruned);
    layout->addWidget(mFailed);
    layout->addWidget(mTime);
    layout->addWidget(mBest);

    mClock.setInterval(1000);
    connect(&mClock, &QTimer::timeout, this, &StudyStatusBar::update);
    mCoalesce.setSingleShot(true);
    mCoalesce.setInterval(100);
    connect(&mCoalesce, &QTimer::timeout, this, &StudyStatusBar::update);
    update();
}

void StudyStatusBar::setMonitor(StudyMonitor *monitor)
{
    if (mMonitor)
        disconnect(mMonitor, nullptr, this, nullptr);
    mMonitor = monitor;
    if (monitor) {
        connect(monitor, &StudyMonitor::reset, this, &StudyStatusBar::scheduleUpdate);
        connect(monitor, &StudyMonitor::trialAdded, this, &StudyStatusBar::scheduleUpdate);
        connect(monitor, &StudyMonitor::trialChanged, this, &StudyStatusBar::scheduleUpdate);
        connect(monitor, &StudyMonitor::workersChanged, this, &StudyStatusBar::scheduleUpdate);
        connect(monitor, &StudyMonitor::loadingChanged, this, &StudyStatusBar::scheduleUpdate);
        connect(monitor, &StudyMonitor::loadProgress, this, [this](qint64 done, qint64 total) {
            mLoadDone = done;
            mLoadTotal = total;
            showLoadProgress();
        });
    }
    update();
}

void StudyStatusBar::scheduleUpdate()
{
    if (!mCoalesce.isActive())
        mCoalesce.start();
}

std::optional<double> StudyStatusBar::storedRunSeconds()
{
    if (!mMonitor || mMonitor->runner() || !mMonitor->storage() || mMonitor->studyId() <= 0
        || mMonitor->spec().maxDurationSeconds <= 0)
        return std::nullopt;
    // One query every few seconds: its runs' heartbeats move it no faster.
    if (mRunSecondsStudy != mMonitor->studyId() || !mSinceRunSeconds.isValid() || mSinceRunSeconds.elapsed() > 5000) {
        if (const std::optional<double> seconds = mMonitor->storage()->studyRunSeconds(mMonitor->studyId())) {
            mRunSeconds = seconds;
            mRunSecondsGrow = mMonitor->liveWorkers() > 0;
            mRunSecondsStudy = mMonitor->studyId();
            mSinceRunSeconds.start();
        }
    }
    if (!mRunSeconds || mRunSecondsStudy != mMonitor->studyId())
        return std::nullopt;
    return *mRunSeconds + (mRunSecondsGrow ? mSinceRunSeconds.elapsed() / 1000.0 : 0.0);
}

void StudyStatusBar::update()
{
    int done = 0, running = 0, queued = 0, stale = 0, pruned = 0, failed = 0, counted = 0;
    double completeSeconds = 0.0;
    int completeCount = 0;
    QDateTime first, last;
    if (mMonitor) {
        for (const Trial &t : mMonitor->trials()) {
            if (isInterrupted(t))
                continue;
            ++counted;
            if (t.state == TrialState::Running && t.stale)
                ++stale; // its worker stopped beating: not running, soon redone elsewhere
            else if (isQueued(t))
                ++queued; // its job waits in Slurm's queue
            else if (t.state == TrialState::Running)
                ++running;
            else if (isFinished(t.state))
                ++done;
            if (t.state == TrialState::Failed)
                ++failed;
            if (t.state == TrialState::Pruned)
                ++pruned;
            if (isFinished(t.state)) {
                completeSeconds += t.durationSeconds();
                ++completeCount;
            }
            if (t.started.isValid() && (!first.isValid() || t.started < first))
                first = t.started;
            const QDateTime end = t.finished.isValid() ? t.finished : QDateTime();
            if (end.isValid() && (!last.isValid() || end > last))
                last = end;
        }
    }

    int budget = 0;
    int parallel = 1;
    if (mMonitor && mMonitor->runner()) {
        const int b = mMonitor->runner()->budget();
        budget = b == INT_MAX ? 0 : b;
        parallel = std::max(1, mMonitor->runner()->spec().parallel);
    } else if (mMonitor && mMonitor->isOpen()) {
        const StudySpec &spec = mMonitor->spec();
        budget = spec.runCap;
        if (spec.method == QLatin1String("grid")) {
            if (const auto size = spec.space.gridSize())
                budget = budget > 0 ? int(std::min<qint64>(budget, *size)) : int(*size);
        }
        parallel = std::max(1, spec.parallel);
    }
    if (done != mDone || !mMonitor)
        updateCostTip(); // finished trials are what it sums: only when one finished
    mDone = done;
    mBudget = budget;

    if (mMonitor && mMonitor->loading()) {
        showLoadProgress();
    } else if (budget > 0) {
        mProgress->setRange(0, budget);
        mProgress->setValue(std::min(done, budget));
        mProgress->setFormat(tr("%1 of %2 trials").arg(done).arg(budget));
    } else {
        mProgress->setRange(0, std::max(1, done));
        mProgress->setValue(done);
        mProgress->setFormat(tr("%1 trials").arg(done));
    }
    if (!mMonitor || !mMonitor->loading())
        mLoadDone = mLoadTotal = 0;
    mProgress->setEnabled(mMonitor && mMonitor->isOpen());

    const auto dot = [](TrialState s) {
        return QStringLiteral("<span style='color:%1'>&#9679;</span>").arg(StateColors::color(s).name());
    };
    QString runningText = tr("%1 %2 running").arg(dot(TrialState::Running)).arg(running);
    if (queued > 0)
        runningText += tr(" · %1 queued").arg(queued);
    if (stale > 0)
        runningText += tr(" · %1 stale").arg(stale);
    // Other processes on a shared database (workers, runs on other machines) count too.
    if (const int workers = mMonitor ? mMonitor->liveWorkers() : 0; workers > 0)
        runningText += workers == 1 ? tr(" · 1 worker") : tr(" · %1 workers").arg(workers);
    mRunning->setText(runningText);
    mPruned->setText(tr("%1 %2 pruned").arg(dot(TrialState::Pruned)).arg(pruned));
    // Pruning is opt-in: a study without a pruner does not need a permanent "0 pruned".
    mPruned->setVisible(pruned > 0 || (mMonitor && !mMonitor->spec().earlyTerminate.isEmpty()));
    mFailed->setText(tr("%1 %2 failed").arg(dot(TrialState::Failed)).arg(failed));

    qint64 elapsed = -1;
    if (first.isValid()) {
        const QDateTime end = running + queued > 0 || !last.isValid() ? QDateTime::currentDateTimeUtc() : last;
        elapsed = std::max<qint64>(0, first.secsTo(end));
    }
    QString time = tr("elapsed %1").arg(formatClock(elapsed));
    // A time left only means something while trials run: a study that is stopped, paused or
    // finished says so instead of counting down from a stale estimate.
    const bool live = running > 0 || queued > 0 || (mMonitor && mMonitor->runner() && mMonitor->runner()->isActive()
                                      && !mMonitor->runner()->isPaused());
    if (budget > 0 && done >= budget) {
        time += tr(" · finished");
    } else if (!live) {
        if (mMonitor && mMonitor->runner() && mMonitor->runner()->isPaused())
            time += tr(" · paused");
        else if (done > 0)
            time += tr(" · not running");
    } else if (budget > 0 && completeCount > 0) {
        // Trials left run `parallel` at a time at the mean duration seen so far.
        const double mean = completeSeconds / completeCount;
        const int left = budget - done;
        const qint64 eta = qint64(std::ceil(double(left) / parallel) * mean);
        time += tr(" · about %1 left").arg(formatClock(eta));
    }
    // max_duration counts every run of the study; the runner knows what earlier ones used.
    mTime->setToolTip(QString());
    if (const StudyRunner *runner = mMonitor ? mMonitor->runner() : nullptr; runner && runner->limits().maxSeconds() > 0) {
        const StudyLimits &limits = runner->limits();
        const qint64 left = qint64(std::ceil(limits.msLeft().value_or(0) / 1000.0));
        time += tr(" · %1 left of %2").arg(durationText(double(left)), durationText(double(limits.maxSeconds())));
        if (const QString why = runner->limitReason(); !why.isEmpty()) {
            time += tr(" · no new trials");
            mTime->setToolTip(tr("No new trial starts: %1").arg(why));
        }
    } else if (const std::optional<double> used = storedRunSeconds()) {
        // A study another process runs (or ran): what its stored runs used.
        const int limit = mMonitor->spec().maxDurationSeconds;
        const qint64 left = std::max<qint64>(0, limit - qint64(std::floor(*used)));
        time += tr(" · %1 left of %2").arg(durationText(double(left)), durationText(double(limit)));
    }
    mTime->setText(time);

    const Trial *best = mMonitor ? mMonitor->best() : nullptr;
    if (best && best->value && !mMonitor->spec().metrics.isEmpty()) {
        const QString name = mMonitor->spec().objective().name.toHtmlEscaped();
        QString text = tr("best %1 = <b>%2</b> (trial %3)").arg(name, numberText(*best->value, 'g', 6)).arg(best->number);
        const std::optional<int> pick = mRecommender.recommended(mMonitor->spec(), mMonitor->trials());
        const Trial *recommended = pick && *pick != best->number ? mMonitor->trial(*pick) : nullptr;
        if (recommended && recommended->value)
            text += tr(" · recommended: trial %1 (%2 = %3)")
                        .arg(recommended->number)
                        .arg(name, numberText(*recommended->value, 'g', 6));
        mBest->setText(text);
        mBest->setToolTip(recommended ? tr("The recommended trial is the one the model expects to be best (lowest "
                                           "posterior mean). On a noisy objective the best observed value is often "
                                           "a lucky draw.")
                                      : QString());
    } else {
        mBest->setText(tr("best –"));
        mBest->setToolTip(QString());
    }

    if (running > 0 || queued > 0)
        mClock.start();
    else
        mClock.stop();
}

void StudyStatusBar::updateCostTip()
{
    if (!mMonitor || !mMonitor->isOpen() || mMonitor->spec().metrics.isEmpty()) {
        mProgress->setToolTip(QString());
        return;
    }
    const StudyCost cost = StudyCost::of(mMonitor->trials(), mMonitor->spec().objective().name);
    if (!cost.hasMeasurements()) {
        mProgress->setToolTip(tr("No measured resource use yet."));
        return;
    }
    const auto hours = [](double h) { return durationText(h * 3600.0); };
    QString tip = tr("<b>Compute used</b> (measured)<br>CPU time: %1 (complete %2, pruned %3, failed %4)<br>"
                     "GPU time: %5 (complete %6, pruned %7, failed %8)")
                      .arg(hours(cost.total.cpuHours), hours(cost.byState[StudyCost::Complete].cpuHours),
                           hours(cost.byState[StudyCost::Pruned].cpuHours), hours(cost.byState[StudyCost::Failed].cpuHours),
                           hours(cost.total.gpuHours), hours(cost.byState[StudyCost::Complete].gpuHours),
                           hours(cost.byState[StudyCost::Pruned].gpuHours), hours(cost.byState[StudyCost::Failed].gpuHours));
    if (cost.prunedWithSteps > 0)
        tip += tr("<br>Saved by pruning (estimated from %1 pruned trials' remaining steps): %2 of CPU time, %3 of GPU time")
                   .arg(cost.prunedWithSteps)
                   .arg(hours(cost.savedCpuHours), hours(cost.savedGpuHours));
    mProgress->setToolTip(tip);
}

void StudyStatusBar::showLoadProgress()
{
    // The progress bar says how far the values are read while a large study loads; the
    // trials' counts beside it are already right.
    mProgress->setEnabled(true);
    mProgress->setRange(0, int(std::max<qint64>(1, mLoadTotal)));
    mProgress->setValue(int(std::min(mLoadDone, mLoadTotal)));
    mProgress->setFormat(tr("loading values %p%"));
}

QString StudyStatusBar::costText() const
{
    return mProgress->toolTip();
}

QString StudyStatusBar::summaryText() const
{
    QString best = mBest->text();
    best.remove(QStringLiteral("<b>")).remove(QStringLiteral("</b>"));
    return QStringList{mProgress->text(), mRunning->text().section(QStringLiteral("</span> "), 1),
                       mPruned->text().section(QStringLiteral("</span> "), 1), mFailed->text().section(QStringLiteral("</span> "), 1), mTime->text(), best}
        .join(QStringLiteral(" | "));
}

} // namespace tunescope
