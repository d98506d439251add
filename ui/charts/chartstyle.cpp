#include "charts/chartstyle.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QPainter>
#include <QValueAxis>

namespace tunescope {

namespace {

/// No ligatures: in a PDF report "fi" in an axis title or a legend's path became one glyph
/// that copies and searches as U+FB01. Shaping stays where a script needs it.
QFont unshaped(QFont f)
{
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

} // namespace

const ChartStyle &ChartStyle::get()
{
    static const ChartStyle style = [] {
        ChartStyle s;
        QChart chart;
        chart.setTheme(QChart::ChartThemeLight);
        auto *axis = new QValueAxis;
        chart.addAxis(axis, Qt::AlignLeft);
        axis->setTitleText(QStringLiteral("x"));
        s.labelFont = axis->labelsFont();
        s.titleFont = axis->titleFont();
        s.chartTitleFont = chart.titleFont();
        for (QFont *f : {&s.labelFont, &s.titleFont, &s.chartTitleFont})
            *f = unshaped(*f);
        s.labelColor = axis->labelsBrush().color();
        s.titleColor = axis->titleBrush().color();
        s.gridColor = axis->gridLineColor();
        s.axisColor = axis->linePenColor();
        // The light theme's background is a gradient that Qt Charts only builds once a chart is
        // in a scene (read here, its brush is black): the charts are white, so say so.
        s.backgroundColor = QColor(Qt::white);
        return s;
    }();
    return style;
}

void ChartStyle::withoutLigatures(QChart *chart)
{
    chart->setTitleFont(unshaped(chart->titleFont()));
    chart->legend()->setFont(unshaped(chart->legend()->font()));
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsFont(unshaped(axis->labelsFont()));
        axis->setTitleFont(unshaped(axis->titleFont()));
    }
}

void ChartStyle::drawMessage(QPainter *painter, const QRectF &target, const QString &text) const
{
    painter->setFont(titleFont);
    painter->setPen(labelColor);
    painter->drawText(target, Qt::AlignCenter | Qt::TextWordWrap, text);
}

} // namespace tunescope
