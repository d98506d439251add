#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QMarginsF>

class QAbstractAxis;
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
    /// Axis titles drawn turned by 90 degrees (a vertical axis, a colour bar). The title font,
    /// except in a PDF: there Chinese has no bold face (WenQuanYi Zen Hei), and Qt's PDF writer
    /// fakes bold by drawing each glyph twice, one unit apart along the page's x axis, which on
    /// turned text smears the ideographs into each other. So in a PDF a turned title with
    /// Chinese in it is set in the regular weight.
    QFont sidewaysTitleFont(const QString &title) const;
    QColor labelColor;
    QColor titleColor;
    QColor gridColor;
    QColor axisColor;
    QColor backgroundColor;
    QMarginsF margins{12, 12, 12, 12}; ///< around the plot, like QChart's default margins
    bool pdf = false;      ///< the fonts are PDF fonts (pdfFont)

    /// The style for the screen and for pictures (PNG).
    static const ChartStyle &get();
    /// The style for drawing with `painter`: get(), with its fonts made PDF fonts (pdfFont)
    /// when the painter draws into a PDF.
    static const ChartStyle &get(const QPainter *painter);

    /// A font for text in a PDF: the same size and weight, set in DejaVu Sans (DejaVu Sans Mono
    /// for a fixed-pitch font) and, for Chinese, WenQuanYi Zen Hei, without ligatures (a "fi"
    /// glyph copies and searches as U+FB01, so a path with "fi" in it could not be found).
    /// Why: Noto Sans CJK, which the screen uses, draws a radical and its ideograph (U+2F8F and
    /// 行 U+884C) with one glyph, and Qt's PDF writer maps a glyph back to the lowest code point
    /// that reaches it, so Chinese text copied and searched as radicals ("最⼩化" for 最小化).
    /// WenQuanYi Zen Hei gives every ideograph a glyph of its own.
    static QFont pdfFont(QFont font);

    /// Draws text centred in target, wrapped, in the title font: what a chart shows instead
    /// of a plot when it has nothing to plot.
    void drawMessage(QPainter *painter, const QRectF &target, const QString &text) const;
};

/// Sets a Qt Charts chart's text (title, axes, legend) in ChartStyle::get(painter)'s fonts
/// while it lives: no ligatures, and in a PDF its PDF fonts. The chart's own fonts come back
/// afterwards, as the same chart is also on screen. Axes added meanwhile keep theirs.
class ChartTextStyle
{
public:
    ChartTextStyle(QChart *chart, const QPainter *painter);
    ~ChartTextStyle();
    ChartTextStyle(const ChartTextStyle &) = delete;
    ChartTextStyle &operator=(const ChartTextStyle &) = delete;

private:
    struct AxisFonts
    {
        QAbstractAxis *axis;
        QFont labels;
        QFont title;
    };
    QChart *mChart;
    QFont mTitle;
    QFont mLegend;
    QList<AxisFonts> mAxes;
};

} // namespace tunescope
