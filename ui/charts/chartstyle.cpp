#include "charts/chartstyle.h"

#include <QChart>
#include <QLineSeries>
#include <QPainter>
#include <QValueAxis>

namespace tunescope {

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

void ChartStyle::drawMessage(QPainter *painter, const QRectF &target, const QString &text) const
{
    painter->setFont(titleFont);
    painter->setPen(labelColor);
    painter->drawText(target, Qt::AlignCenter | Qt::TextWordWrap, text);
}

} // namespace tunescope
