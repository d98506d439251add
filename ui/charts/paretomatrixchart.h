#pragma once

#include "charts/paintedchart.h"

#include <QStringList>

#include <memory>

namespace tunescope {

struct ParetoMatrixData;

/// Scatter matrix of a study with three or more objectives: every pair of objectives as a small
/// scatter plot of the complete trials (objective j across, objective i up), the members of the
/// Pareto front by all objectives dark, the rest light, the objectives' names on the diagonal.
/// Where the Pareto front tab shows two chosen objectives, this shows every pair at once, so a
/// front member that looks dominated in one projection is seen to win in another. Click a point
/// to select its trial; hover for its values.
class ParetoMatrixChart : public PaintedChart
{
    Q_OBJECT

public:
    explicit ParetoMatrixChart(QWidget *parent = nullptr);
    ~ParetoMatrixChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    // --- for tests ---
    QStringList objectiveNames() const;
    int pointCount() const;
    int frontCount() const;
    /// The trial drawn nearest to pos in the last on-screen paint (-1: none near).
    int trialAt(const QPointF &pos) const;

private:
    void rebuild() override;

    std::unique_ptr<ParetoMatrixData> mData;
};

} // namespace tunescope
