#pragma once

#include <QPoint>
#include <QWidget>

#include <functional>

class QRubberBand;

namespace tunescope {

/// The drawing surface of the QPainter-drawn charts: paints through a callback (the same one
/// the chart's off-screen renderChart uses, so screen and export never differ) and reports
/// hover, leave and click positions back; Ctrl+drag draws a rectangle and reports it as
/// picked() (the chart picks the trials inside) instead of a click.
class PlotCanvas : public QWidget
{
    Q_OBJECT

public:
    explicit PlotCanvas(QWidget *parent = nullptr);

    std::function<void(QPainter *, const QRectF &)> paintFunction;

signals:
    void hovered(const QPointF &pos);
    void clicked(const QPointF &pos);
    void left();
    /// Ctrl+drag ended on this rectangle (canvas coordinates).
    void picked(const QRectF &rect);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRubberBand *mPickBand = nullptr; ///< shown while Ctrl+dragging; null until the first
    QPoint mPressPos;
    bool mPicking = false;            ///< a Ctrl+drag is under way
};

} // namespace tunescope
