#pragma once

#include <QColor>
#include <QFont>
#include <QMarginsF>

class QChart;
class QPainter;
class QRectF;
class QString;

namespace tunescope {

/// Fonts and colours of the Qt Charts light theme, read once from a real QChart, so that the
/// widgets painted with QPainter (heatmap, parallel coordinates, slice plot) look like the
/// Qt Charts ones next to them — and follow them if the theme or Qt version changes.
struct ChartStyle
{
    QFont labelFont;       ///< tick labels
    QFont titleFont;       ///< axis titles
    QFont chartTitleFont;  ///< chart title
    QColor labelColor;
    QColor titleColor;
    QColor gridColor;
    QColor axisColor;
    QColor backgroundColor;
    QMarginsF margins{12, 12, 12, 12}; ///< around the plot, like QChart's default margins

    static const ChartStyle &get();

    /// Takes the ligatures out of a Qt Charts chart's text (title, axes, legend), as get()'s
    /// fonts have none. Call before rendering: axes added since keep theirs.
    static void withoutLigatures(QChart *chart);

    /// Draws text centred in target, wrapped, in the title font: what a chart shows instead
    /// of a plot when it has nothing to plot.
    void drawMessage(QPainter *painter, const QRectF &target, const QString &text) const;
};

} // namespace tunescope
