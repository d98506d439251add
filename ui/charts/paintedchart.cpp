#include "charts/paintedchart.h"

#include "charts/chartstyle.h"
#include "charts/plotcanvas.h"

#include <QImage>
#include <QLayout>
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
    const ChartStyle &style = ChartStyle::get(painter);
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
    return painter->device() == mCanvas || mPreparing;
}

void PaintedChart::prepare()
{
    refreshNow();
    // A tab never shown has not laid its canvas out yet.
    if (layout())
        layout()->activate();
    if (mCanvas->size().isEmpty())
        return;
    // A paint at the canvas' size and pixel ratio that counts as on screen: what the chart
    // caches for the screen (lines, points) is drawn now, the next real paint only blits.
    const qreal dpr = mCanvas->devicePixelRatioF();
    QImage scratch(mCanvas->size() * dpr, QImage::Format_ARGB32_Premultiplied);
    scratch.setDevicePixelRatio(dpr);
    QPainter painter(&scratch);
    mPreparing = true;
    renderChart(&painter, QRectF(mCanvas->rect()));
    mPreparing = false;
}

} // namespace tunescope
