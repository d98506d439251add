#pragma once

#include <QWidget>

#include <functional>

namespace tunescope {

/// The drawing surface of the QPainter-drawn charts: paints through a callback (the same one
/// the chart's off-screen renderChart uses, so screen and export never differ) and reports
/// hover, leave and click positions back.
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

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
};

} // namespace tunescope
