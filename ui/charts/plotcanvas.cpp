#include "charts/plotcanvas.h"

#include <QMouseEvent>
#include <QPainter>

namespace tunescope {

PlotCanvas::PlotCanvas(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(240, 180);
    setAttribute(Qt::WA_OpaquePaintEvent); // the paint function fills the background
}

void PlotCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (paintFunction)
        paintFunction(&p, QRectF(rect()));
    else
        p.fillRect(rect(), Qt::white);
}

void PlotCanvas::mouseMoveEvent(QMouseEvent *event)
{
    emit hovered(event->position());
}

void PlotCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        emit clicked(event->position());
}

void PlotCanvas::leaveEvent(QEvent *)
{
    emit left();
}

} // namespace tunescope
