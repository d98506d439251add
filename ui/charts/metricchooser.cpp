#include "charts/metricchooser.h"

#include "common/trial.h"
#include "space/studyspec.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include <cmath>

namespace tunescope {

MetricChooser::MetricChooser(QWidget *parent)
    : QWidget(parent)
{
    mCombo = new QComboBox(this);
    mCombo->setToolTip(tr("What the chart plots per trial: the objective, or the last reported value of another metric"));
    mCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto *label = new QLabel(tr("&Metric:"), this);
    label->setBuddy(mCombo);
    mHigherBetter = new QCheckBox(tr("Higher is better"), this);
    mHigherBetter->setToolTip(tr("The study sets no goal for this metric: say which way is better"));
    mHigherBetter->setVisible(false);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label);
    layout->addWidget(mCombo);
    layout->addWidget(mHigherBetter);
    connect(mCombo, &QComboBox::activated, this, [this] { setMetric(mCombo->currentData().toString()); });
    connect(mHigherBetter, &QCheckBox::toggled, this, &MetricChooser::changed);
}

void MetricChooser::refresh(const StudySpec &spec, const QList<Trial> &trials)
{
    QStringList objectives;
    for (const MetricSpec &m : spec.metrics)
        objectives << m.name;
    mObjectives = objectives;
    mObjective = objectives.value(0);
    // Every trial's names, each time: a background load fills finished trials' values after
    // their rows, and a few names per trial cost well under a millisecond at 10,000 trials.
    QStringList others;
    for (const Trial &t : trials) {
        for (auto it = t.intermediate.cbegin(); it != t.intermediate.cend(); ++it) {
            if (!mObjectives.contains(it.key()) && !others.contains(it.key()))
                others << it.key();
        }
    }
    others.sort();
    mOthers = others;
    fill();
}

void MetricChooser::fill()
{
    QStringList wanted = mObjectives.isEmpty() ? QStringList{QString()} : QStringList{mObjectives.first()};
    wanted << mOthers;
    if (!mMetric.isEmpty() && !wanted.contains(mMetric))
        wanted << mMetric;
    QStringList held;
    for (int i = 0; i < mCombo->count(); ++i)
        held << mCombo->itemData(i).toString();
    const QSignalBlocker block(mCombo);
    if (held != wanted) {
        mCombo->clear();
        for (const QString &name : wanted) {
            if (name == mObjective)
                mCombo->addItem(name.isEmpty() ? tr("objective") : tr("%1 (objective)").arg(name), name);
            else
                mCombo->addItem(name, name);
        }
    }
    mCombo->setCurrentIndex(std::max(0, mCombo->findData(mMetric.isEmpty() ? mObjective : mMetric)));
    mHigherBetter->setVisible(!mMetric.isEmpty() && mMetric != mObjective);
}

void MetricChooser::setMetric(const QString &metric)
{
    const QString chosen = metric == mObjective ? QString() : metric;
    if (chosen == mMetric)
        return;
    mMetric = chosen;
    fill();
    emit changed();
}

void MetricChooser::setHigherIsBetter(bool on)
{
    mHigherBetter->setChecked(on);
}

bool MetricChooser::maximize(const StudySpec &spec) const
{
    if (mMetric.isEmpty())
        return !spec.metrics.isEmpty() && spec.objective().goal == Goal::Maximize;
    return mHigherBetter->isChecked();
}

QString MetricChooser::axisName(const StudySpec &spec) const
{
    if (!mMetric.isEmpty())
        return mMetric;
    return spec.metrics.isEmpty() ? tr("objective") : spec.objective().name;
}

std::optional<double> MetricChooser::valueOf(const Trial &t) const
{
    if (mMetric.isEmpty())
        return t.value;
    const auto it = t.intermediate.constFind(mMetric);
    if (it == t.intermediate.cend() || it->isEmpty())
        return std::nullopt;
    return it->last().value;
}

} // namespace tunescope
