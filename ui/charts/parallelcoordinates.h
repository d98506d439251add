#pragma once

#include "charts/paintedchart.h"

#include <QStringList>

#include <memory>

namespace tunescope {

struct ParallelData;

/// Parallel coordinates: one vertical axis per searchable parameter plus the objective,
/// one polyline per complete trial coloured by its objective (viridis, better = brighter),
/// with a colour bar. Log parameters get log axes, categoricals one band per value; the best
/// trial is drawn on top in black, the one under the mouse is identified in a tooltip.
/// Lines are rendered once into a cached image and only re-rendered when data or size change,
/// so hovering stays cheap with thousands of trials.
class ParallelCoordinatesWidget : public PaintedChart
{
    Q_OBJECT

public:
    explicit ParallelCoordinatesWidget(QWidget *parent = nullptr);
    ~ParallelCoordinatesWidget() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    // --- for tests ---
    QStringList axisNames() const;  ///< parameters in order, then the objective
    int lineCount() const;          ///< complete trials drawn
    int bestTrial() const;
    int hoveredTrial() const;
    /// Trial whose polyline passes within a few pixels of pos (widget coordinates), or -1.
    int trialAt(const QPointF &pos) const;

private:
    void rebuild() override;
    QRectF plotArea(const QRectF &target) const;
    void ensureLineCache(const QRectF &target, qreal dpr);

    std::unique_ptr<ParallelData> mData;
};

} // namespace tunescope
