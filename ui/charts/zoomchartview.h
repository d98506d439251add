#pragma once

#include <QChartView>
#include <QPoint>

class QRubberBand;

namespace tunescope {

/// QChartView with the navigation users expect from plotting tools: rubber-band zoom (left
/// drag), wheel zoom around the cursor, pan with the middle button or Shift+drag or the arrow
/// keys, +/- to zoom, right click to zoom out, double click or Home to reset. A plain click
/// (no drag) is reported as clicked() instead of zooming into an empty rectangle. Ctrl+drag
/// draws a rectangle that picks the trials inside it (picked()) instead of zooming.
class ZoomChartView : public QChartView
{
    Q_OBJECT

public:
    explicit ZoomChartView(QChart *chart, QWidget *parent = nullptr);

signals:
    void userZoomed();                 ///< the user changed the visible range
    void resetRequested();             ///< double click or Home
    void clicked(const QPointF &viewPos);
    void hovered(const QPointF &viewPos);
    void left();                       ///< the mouse left the view
    /// Ctrl+drag ended: the rectangle in view coordinates (charts pick the trials inside).
    void picked(const QRectF &viewRect);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    void zoomAround(const QPointF &viewPos, double factor);

    QPoint mPressPos;
    QPoint mLastPanPos;
    bool mPanning = false;
    QRubberBand *mPickBand = nullptr; ///< shown while Ctrl+dragging; null until the first
    bool mPicking = false;            ///< a Ctrl+drag is under way
};

} // namespace tunescope
