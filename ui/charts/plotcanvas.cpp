#include "charts/plotcanvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QRubberBand>

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

void PlotCanvas::mousePressEvent(QMouseEvent *event)
{
    mPressPos = event->pos();
    mPicking = event->button() == Qt::LeftButton && event->modifiers() & Qt::ControlModifier;
    if (mPicking && !mPickBand)
        mPickBand = new QRubberBand(QRubberBand::Rectangle, this);
}

void PlotCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (mPicking) {
        mPickBand->setGeometry(QRect(mPressPos, event->pos()).normalized());
        mPickBand->setVisible((event->pos() - mPressPos).manhattanLength() >= 4);
        return;
    }
    emit hovered(event->position());
}

void PlotCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    if (mPicking) {
        mPicking = false;
        mPickBand->hide();
        if ((event->pos() - mPressPos).manhattanLength() >= 4) {
            emit picked(QRectF(QRect(mPressPos, event->pos()).normalized()));
            return;
        }
    }
    emit clicked(event->position()); // with Ctrl, the chart picks the one trial
}

void PlotCanvas::leaveEvent(QEvent *)
{
    emit left();
}

} // namespace tunescope
