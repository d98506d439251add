#pragma once

#include "charts/paintedchart.h"

#include <QStringList>

#include <memory>
#include <optional>

class QComboBox;
class QSpinBox;

namespace tunescope {

struct HeatmapData;

/// The objective (or any reported metric, MetricChooser) over the plane of two parameters: complete trials binned into cells
/// (mean or best per cell), the trials as points on top, and a viridis colour bar.
///
/// Painted with QPainter (Qt Charts has no heatmap) in the Qt Charts look (fonts, axis pens
/// and margins read from a Qt Charts axis, see ChartStyle). Numeric parameters get `bins`
/// equal cells (in log space for log parameters, ticks at decades); categorical ones and
/// integers with few values get one band per value. Empty cells stay transparent.
class MetricChooser;

class HeatmapWidget : public PaintedChart
{
    Q_OBJECT

public:
    enum class Aggregate { Mean, Best };
    Q_ENUM(Aggregate)

    explicit HeatmapWidget(QWidget *parent = nullptr);
    ~HeatmapWidget() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// Searchable parameters offered in the combos.
    QStringList parameterNames() const;
    void setParameters(const QString &xName, const QString &yName);
    QString xParameter() const;
    QString yParameter() const;

    void setAggregate(Aggregate a);
    Aggregate aggregate() const { return mAggregate; }
    void setBins(int bins);        ///< cells per numeric axis (2..50)
    int bins() const { return mBins; }

    // --- for tests ---
    int columns() const;           ///< cells along x
    int rows() const;              ///< cells along y
    /// Aggregate of cell (column, row), row 0 at the bottom; nullopt for an empty cell.
    std::optional<double> cellValue(int column, int row) const;
    int cellCount(int column, int row) const; ///< trials in the cell
    int pointCount() const;        ///< trials drawn as points
    MetricChooser *metricChooser() const { return mMetric; }

private:
    void rebuild() override;
    void fillCombos();

    Aggregate mAggregate = Aggregate::Mean;
    int mBins = 10;
    QComboBox *mXCombo = nullptr;
    QComboBox *mYCombo = nullptr;
    QComboBox *mAggregateCombo = nullptr;
    QSpinBox *mBinsSpin = nullptr;
    MetricChooser *mMetric = nullptr; ///< what the cells' colour is
    std::unique_ptr<HeatmapData> mData;
};

} // namespace tunescope
