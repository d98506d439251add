#include "charts/zoomchartview.h"

#include <QChart>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QRubberBand>
#include <QWheelEvent>

namespace tunescope {

ZoomChartView::ZoomChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
{
    setRubberBand(QChartView::RectangleRubberBand);
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Drag: zoom to a rectangle · Wheel: zoom · Shift+drag or middle button: pan\n"
                  "Right click: zoom out · Double click or Home: reset · Ctrl+click or Ctrl+drag: pick trials"));
}

void ZoomChartView::zoomAround(const QPointF &viewPos, double factor)
{
    const QRectF area = chart()->plotArea();
    const QPointF c = chart()->mapFromScene(mapToScene(viewPos.toPoint()));
    if (!area.contains(c))
        return;
    // keep the point under the cursor fixed
    QRectF r(c.x() - (c.x() - area.left()) * factor, c.y() - (c.y() - area.top()) * factor,
             area.width() * factor, area.height() * factor);
    chart()->zoomIn(r);
    emit userZoomed();
}

void ZoomChartView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    zoomAround(event->position(), std::pow(0.85, steps));
    event->accept();
}

void ZoomChartView::mousePressEvent(QMouseEvent *event)
{
    mPressPos = event->pos();
    if (event->button() == Qt::LeftButton && event->modifiers() & Qt::ControlModifier) {
        if (!mPickBand)
            mPickBand = new QRubberBand(QRubberBand::Rectangle, viewport());
        mPicking = true;
        event->accept();
        return;
    }
    if (event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && event->modifiers() & Qt::ShiftModifier)) {
        mPanning = true;
        mLastPanPos = event->pos();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void ZoomChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (mPanning) {
        const QPoint d = event->pos() - mLastPanPos;
        mLastPanPos = event->pos();
        chart()->scroll(-d.x(), d.y());
        emit userZoomed();
        event->accept();
        return;
    }
    if (mPicking) {
        mPickBand->setGeometry(QRect(mPressPos, event->pos()).normalized());
        mPickBand->setVisible((event->pos() - mPressPos).manhattanLength() >= 4);
        event->accept();
        return;
    }
    if (!(event->buttons() & Qt::LeftButton))
        emit hovered(event->position());
    QChartView::mouseMoveEvent(event);
}

void ZoomChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (mPicking && event->button() == Qt::LeftButton) {
        const QRect rect = QRect(mPressPos, event->pos()).normalized();
        mPicking = false;
        mPickBand->hide();
        event->accept();
        if ((event->pos() - mPressPos).manhattanLength() < 4)
            emit clicked(event->position()); // a Ctrl-click picks one trial
        else
            emit picked(QRectF(rect));
        return;
    }
    if (mPanning) {
        mPanning = false;
        unsetCursor();
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && (event->pos() - mPressPos).manhattanLength() < 4) {
        // a click, not a drag: QChartView would zoom into a degenerate rectangle
        if (auto *band = findChild<QRubberBand *>())
            band->hide();
        emit clicked(event->position());
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton || event->button() == Qt::RightButton)
        emit userZoomed();
}

void ZoomChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        emit resetRequested();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void ZoomChartView::keyPressEvent(QKeyEvent *event)
{
    const double stepX = chart()->plotArea().width() / 10;
    const double stepY = chart()->plotArea().height() / 10;
    switch (event->key()) {
    case Qt::Key_Left:  chart()->scroll(-stepX, 0); break;
    case Qt::Key_Right: chart()->scroll(stepX, 0); break;
    case Qt::Key_Up:    chart()->scroll(0, stepY); break;
    case Qt::Key_Down:  chart()->scroll(0, -stepY); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: chart()->zoom(1.25); break;
    case Qt::Key_Minus: chart()->zoom(0.8); break;
    case Qt::Key_Home:
    case Qt::Key_0:
        emit resetRequested();
        return;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    emit userZoomed();
}

void ZoomChartView::leaveEvent(QEvent *event)
{
    emit left();
    QChartView::leaveEvent(event);
}

} // namespace tunescope
