#pragma once

#include "charts/paintedchart.h"

#include <QStringList>

#include <memory>

class QComboBox;

namespace tunescope {

class MetricChooser;
struct SliceData;

/// Slice plot: the objective (or any reported metric) against each searchable parameter, as small multiples that
/// share the objective axis (as Optuna's plot_slice), so every parameter's effect is visible
/// at once without picking. Panels flow into a grid of at most 4 columns; log parameters get
/// a log x axis with decade ticks, categoricals one band per value with the points jittered
/// (deterministically per trial) inside the band. Points are coloured by trial number
/// (viridis, early = dark), which shows where the sampler concentrated over time.
class SlicePlot : public PaintedChart
{
    Q_OBJECT

public:
    explicit SlicePlot(QWidget *parent = nullptr);
    ~SlicePlot() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// Shows this parameter's panel alone (an empty name: every parameter), as the
    /// parameter chooser above the plot does; the importance chart opens a slice this way.
    void setShownParameter(const QString &name);
    QString shownParameter() const { return mShown; }

    // --- for tests ---
    QStringList panelNames() const;  ///< one per searchable parameter, in order
    int pointCount() const;          ///< complete trials with a finite objective (or chosen metric)
    MetricChooser *metricChooser() const { return mMetric; }

private:
    void rebuild() override;

    void fillParameterChooser();

    std::unique_ptr<SliceData> mData;
    QComboBox *mParameterCombo = nullptr;
    MetricChooser *mMetric = nullptr; ///< the objective, or another metric on the y axis
    QString mShown; ///< the one parameter shown; empty: all
};

} // namespace tunescope
