#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;

namespace tunescope {

/// "Show: all complete trials / the top k / the top p %" above a chart (parallel
/// coordinates): with thousands of trials the good region is what one wants to read, and
/// fitting the axes to the best trials spreads it over the whole chart.
class TopTrialsFilter : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { All, TopCount, TopPercent };
    Q_ENUM(Mode)

    explicit TopTrialsFilter(QWidget *parent = nullptr);

    void setFilter(Mode mode, int amount); ///< amount: k (1..100,000) or p (1..100)
    /// Without its "Show:" label and with short names in the list (a crowded control bar: the
    /// curves); the tooltip still says what it does.
    void setCompact();
    Mode mode() const { return mMode; }
    int amount() const;
    /// How many of count trials (best first) to keep.
    size_t keep(size_t count) const;

signals:
    void changed();

private:
    void sync(); ///< the spin box's range and suffix after the mode

    QComboBox *mCombo = nullptr;
    QLabel *mLabel = nullptr;
    QSpinBox *mSpin = nullptr;
    Mode mMode = Mode::All;
    int mCount = 100;
    int mPercent = 10;
};

} // namespace tunescope
