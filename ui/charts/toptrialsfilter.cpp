#include "charts/toptrialsfilter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace tunescope {

TopTrialsFilter::TopTrialsFilter(QWidget *parent)
    : QWidget(parent)
{
    mCombo = new QComboBox(this);
    mCombo->addItem(tr("All complete trials"), int(Mode::All));
    mCombo->addItem(tr("Top k trials"), int(Mode::TopCount));
    mCombo->addItem(tr("Top % of trials"), int(Mode::TopPercent));
    mCombo->setToolTip(tr("Only the best complete trials by the objective; the axes fit them"));
    mSpin = new QSpinBox(this);
    mLabel = new QLabel(tr("S&how:"), this);
    mLabel->setBuddy(mCombo);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mLabel);
    layout->addWidget(mCombo);
    layout->addWidget(mSpin);
    connect(mCombo, &QComboBox::activated, this, [this] {
        // Each mode keeps its own amount.
        const Mode mode = Mode(mCombo->currentData().toInt());
        setFilter(mode, mode == Mode::TopPercent ? mPercent : mCount);
    });
    connect(mSpin, &QSpinBox::valueChanged, this, [this](int value) { setFilter(mMode, value); });
    sync();
}

void TopTrialsFilter::setCompact()
{
    mLabel->hide();
    // Short names, whole: a list cut to "All comp" would not say what it shows.
    mCombo->setItemText(mCombo->findData(int(Mode::All)), tr("All trials"));
    mCombo->setItemText(mCombo->findData(int(Mode::TopCount)), tr("Top k"));
    mCombo->setItemText(mCombo->findData(int(Mode::TopPercent)), tr("Top %"));
    mCombo->setToolTip(toolTip());
}

int TopTrialsFilter::amount() const
{
    return mMode == Mode::TopPercent ? mPercent : mCount;
}

void TopTrialsFilter::setFilter(Mode mode, int amount)
{
    mMode = mode;
    if (mode == Mode::TopPercent)
        mPercent = std::clamp(amount, 1, 100);
    else if (mode == Mode::TopCount)
        mCount = std::clamp(amount, 1, 100000);
    sync();
    emit changed();
}

void TopTrialsFilter::sync()
{
    const QSignalBlocker blockCombo(mCombo), blockSpin(mSpin);
    mCombo->setCurrentIndex(mCombo->findData(int(mMode)));
    mSpin->setVisible(mMode != Mode::All);
    if (mMode == Mode::TopPercent) {
        mSpin->setRange(1, 100);
        mSpin->setSuffix(QStringLiteral(" %"));
        mSpin->setValue(mPercent);
    } else {
        mSpin->setRange(1, 100000);
        mSpin->setSuffix(QString());
        mSpin->setValue(mCount);
    }
}

size_t TopTrialsFilter::keep(size_t count) const
{
    switch (mMode) {
    case Mode::All: return count;
    case Mode::TopCount: return std::min(count, size_t(mCount));
    case Mode::TopPercent:
        // At least one trial: the top 10 % of 5 trials is the best one, not none.
        return count == 0 ? 0 : std::clamp(size_t(std::ceil(count * mPercent / 100.0)), size_t(1), count);
    }
    return count;
}

} // namespace tunescope
