#pragma once

#include "charts/paintedchart.h"

#include <QColor>
#include <QList>

#include <memory>
#include <vector>

namespace tunescope {

/// One distribution of an EDF plot: a study's finite objective values.
struct EdfSeries
{
    QString label;
    QColor color;
    std::vector<double> values; ///< sorted ascending
};

struct EdfData;

/// Empirical distribution function of the objective (as Optuna's plot_edf): for each value v,
/// the fraction of complete trials whose objective is at most v. A steep rise early (for a
/// minimized objective) means most trials land near the best; a long flat tail means the
/// sampler wasted trials. The static paint() also draws the curves of compared studies
/// (CompareChart, the compare report). Hovering reads the curve off at the mouse.
class EdfChart : public PaintedChart
{
    Q_OBJECT

public:
    explicit EdfChart(QWidget *parent = nullptr);
    ~EdfChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// Draws the distributions on one value axis, with a legend when there are several;
    /// returns the plot area (empty when there is nothing to draw).
    static QRectF paint(QPainter *painter, const QRectF &target, const QList<EdfSeries> &series, const QString &valueTitle);
    /// Fraction of values <= v (0 for an empty series).
    static double fractionAtMost(const EdfSeries &series, double v);

    // --- for tests ---
    const QList<EdfSeries> &series() const;

private:
    void rebuild() override;

    std::unique_ptr<EdfData> mData;
};

} // namespace tunescope
