#include "chartstyle.h"

#include <QChart>
#include <QLineSeries>
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
        // the light theme fills with a gradient whose brush colour is black: use its top stop
        const QBrush bg = chart.backgroundBrush();
        s.backgroundColor = bg.style() == Qt::SolidPattern ? bg.color()
                          : (bg.gradient() && !bg.gradient()->stops().isEmpty()) ? bg.gradient()->stops().first().second
                          : QColor(Qt::white);
        return s;
    }();
    return style;
}

} // namespace tunescope
