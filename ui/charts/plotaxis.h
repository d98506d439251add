#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

class QPainter;
class QRectF;

namespace tunescope {

struct ChartStyle;
struct Parameter;

/// One axis of the QPainter-drawn plots: maps values to [0, 1] (linear, log or one band per
/// category), makes readable ticks (1-2-5 steps, decades on log axes, category names) and
/// draws itself in the Qt Charts look.
class PlotAxis
{
public:
    enum class Kind { Linear, Log, Categorical };

    struct Tick
    {
        double unit = 0.0;  ///< position in [0, 1]
        QString label;      ///< empty for a minor tick (grid line only)
    };

    PlotAxis() = default;
    static PlotAxis linear(double lo, double hi, const QString &title);
    /// A linear axis of whole numbers (trial numbers, steps): ticks only at whole numbers.
    static PlotAxis counting(double lo, double hi, const QString &title);
    static PlotAxis logarithmic(double lo, double hi, const QString &title);
    static PlotAxis categorical(const QStringList &categories, const QString &title);
    /// Axis for a search-space parameter: log/linear over its bounds (widened to the values
    /// seen, should trials lie outside), one band per choice for categoricals.
    static PlotAxis forParameter(const Parameter &p, const QList<QVariant> &seen = {});

    Kind kind() const { return mKind; }
    QString title() const { return mTitle; }
    double low() const { return mLo; }
    double high() const { return mHi; }
    QStringList categories() const { return mCategories; }

    /// Axis coordinate of a parameter value: the number, or the category index.
    /// NaN when it cannot be shown (not a choice, <= 0 on a log axis).
    double coordinate(const Parameter &p, const QVariant &value) const;
    /// [0, 1] position of an axis coordinate; NaN when not representable.
    double toUnit(double coordinate) const;
    double fromUnit(double unit) const;

    /// Ticks to label, at most about maxLabels labels.
    QList<Tick> ticks(int maxLabels = 8) const;

    /// Draws ticks, labels, grid lines across `plot` and the title, below the plot. A label at
    /// an end stays within `overhang` of the plot's edge, moved inward off its tick if need be.
    void drawHorizontal(QPainter *p, const QRectF &plot, const ChartStyle &style, bool grid = true,
                        double overhang = 20) const;
    /// Same on the left of the plot.
    void drawVertical(QPainter *p, const QRectF &plot, const ChartStyle &style, bool grid = true) const;
    /// Width needed left of a plot for the vertical labels and title.
    double verticalLabelWidth(const ChartStyle &style) const;
    /// Height needed below a plot for the horizontal labels and title.
    static double horizontalLabelHeight(const ChartStyle &style, bool withTitle = true);

private:
    Kind mKind = Kind::Linear;
    bool mWholeNumbers = false; ///< counting(): ticks at whole numbers only
    QString mTitle;
    double mLo = 0.0;
    double mHi = 1.0;
    QStringList mCategories;
};

/// Widens [lo, hi] to multiples of a 1-2-2.5-5 step giving at most maxTicks intervals; returns
/// the tick count (for QValueAxis::setTickCount). Tighter than QValueAxis::applyNiceNumbers,
/// which may double the range. With wholeNumbers (trial numbers, steps) the step is whole:
/// at least 1, and 2.5 times a power of ten only from 25 up.
int niceRange(double &lo, double &hi, int maxTicks = 6, bool wholeNumbers = false);

/// A 1-2-2.5-5 multiple of a power of ten that cuts span into at most maxTicks intervals;
/// whole with wholeNumbers, as for niceRange.
double niceTickInterval(double span, int maxTicks, bool wholeNumbers = false);

/// Number formatting shared by the plots: short, no trailing zeros, exponents when needed.
QString formatValue(double v);

/// Draws a vertical viridis colour bar with its value axis on the right and the title above.
/// `higherIsBrighter` false flips the map (the best of a minimized objective is bright).
/// Width a colour bar with its labels and rotated title needs right of the plot.
double colorBarWidth(const PlotAxis &axis, const ChartStyle &style);
void drawColorBar(QPainter *p, const QRectF &bar, const PlotAxis &axis, bool higherIsBrighter,
                  const ChartStyle &style);

} // namespace tunescope
