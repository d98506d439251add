#include "charts/paintedchart.h"

#include "charts/chartstyle.h"
#include "charts/plotcanvas.h"

#include <QPainter>
#include <QToolTip>
#include <QVBoxLayout>

namespace tunescope {

PaintedChart::PaintedChart(QWidget *parent) : BatchedChart(parent)
{
    mCanvas = new PlotCanvas(this);
    mCanvas->paintFunction = [this](QPainter *p, const QRectF &r) { renderChart(p, r); };
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mCanvas, 1);
    connect(mCanvas, &PlotCanvas::left, this, [] { QToolTip::hideText(); });
}

void PaintedChart::addControlBar(QLayout *bar)
{
    static_cast<QVBoxLayout *>(layout())->insertLayout(0, bar);
}

void PaintedChart::selectionChanged()
{
    mCanvas->update();
}

bool PaintedChart::beginPaint(QPainter *painter, const QRectF &target, const QString &message)
{
    const ChartStyle &style = ChartStyle::get();
    painter->save();
    painter->fillRect(target, style.backgroundColor);
    if (message.isEmpty())
        return true;
    style.drawMessage(painter, target, message);
    painter->restore();
    return false;
}

bool PaintedChart::paintsOnScreen(const QPainter *painter) const
{
    return painter->device() == mCanvas;
}

} // namespace tunescope
