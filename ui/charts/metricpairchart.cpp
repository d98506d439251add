#include "charts/metricpairchart.h"

#include "charts/curveschart.h"
#include "execution/studymonitor.h"

#include <QScopedValueRollback>
#include <QHBoxLayout>
#include <QPainter>
#include <QSplitter>

#include <cstring>

namespace tunescope {

MetricPairChart::MetricPairChart(QWidget *parent) : ChartView(parent)
{
    mLeft = new CurvesChart(this);
    mRight = new CurvesChart(this);
    // One above the other: the steps line up, and each chart keeps the width its controls
    // need (side by side, two control bars would make the window wider than a laptop screen).
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(mLeft);
    split->addWidget(mRight);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    for (CurvesChart *chart : {mLeft, mRight}) {
        // A click in either selects the trial in both (and, through the window, everywhere).
        connect(chart, &ChartView::trialClicked, this, [this](int number) {
            setSelectedTrial(number);
            emit trialClicked(number);
        });
        connect(chart, &ChartView::trialPicked, this, &ChartView::trialPicked);
        // A metric chosen other than by pickMetrics (the chart's own list) stays.
        connect(chart, &CurvesChart::metricChanged, this, [this] {
            if (!mPicking)
                mUserPicked = true;
        });
    }
}

QString MetricPairChart::counterpart(const QString &metric, const QStringList &names)
{
    // val_loss -> train_loss, validation_accuracy -> training_accuracy, test_x -> train_x
    for (const auto &[from, to] : {std::pair{"val_", "train_"}, std::pair{"validation_", "training_"}, std::pair{"test_", "train_"},
                                   std::pair{"train_", "val_"}}) {
        if (metric.startsWith(QLatin1String(from))) {
            const QString other = QLatin1String(to) + metric.mid(qsizetype(strlen(from)));
            if (names.contains(other))
                return other;
        }
    }
    for (const QString &n : names)
        if (n != metric && n != QLatin1String("step") && n != QLatin1String("epoch"))
            return n;
    return {};
}

void MetricPairChart::pickMetrics()
{
    if (!mMonitor || mMonitor->spec().metrics.isEmpty())
        return;
    const QScopedValueRollback picking(mPicking, true);
    const QString objective = mMonitor->spec().objective().name;
    const QStringList names = mLeft->metricNames();
    if (names.contains(objective) && mLeft->metric() != objective)
        mLeft->setMetric(objective);
    const QString other = counterpart(mLeft->metric(), names);
    if (!other.isEmpty() && mRight->metric() != other)
        mRight->setMetric(other);
}

void MetricPairChart::setMonitor(StudyMonitor *monitor)
{
    mMonitor = monitor;
    mUserPicked = false;
    mLeft->setMonitor(monitor);
    mRight->setMonitor(monitor);
    pickMetrics();
}

StudyMonitor *MetricPairChart::monitor() const
{
    return mMonitor;
}

QString MetricPairChart::chartTitle() const
{
    return tr("Metrics side by side");
}

void MetricPairChart::renderChart(QPainter *painter, const QRectF &target)
{
    const double half = target.height() / 2;
    mLeft->renderChart(painter, QRectF(target.left(), target.top(), target.width(), half));
    mRight->renderChart(painter, QRectF(target.left(), target.top() + half, target.width(), target.height() - half));
}

void MetricPairChart::refreshNow()
{
    mLeft->refreshNow();
    mRight->refreshNow();
    if (!mUserPicked)
        pickMetrics();
}

void MetricPairChart::prepare()
{
    refreshNow();
    mLeft->prepare();
    mRight->prepare();
}

bool MetricPairChart::busy() const
{
    return mLeft->preparing() || mRight->preparing();
}

void MetricPairChart::showEvent(QShowEvent *event)
{
    ChartView::showEvent(event);
    // A live study reports its metrics after the tab was made: pick the pair when shown.
    refreshNow();
}

int MetricPairChart::selectedTrial() const
{
    return mLeft->selectedTrial();
}

void MetricPairChart::setSelectedTrial(int number)
{
    mLeft->setSelectedTrial(number);
    mRight->setSelectedTrial(number);
}

} // namespace tunescope
