#pragma once

#include "charts/paintedchart.h"

#include <QList>
#include <QStringList>

class QComboBox;

namespace tunescope {

/// The curves of a few picked trials overlaid, one colour each (the comparison's colours), for
/// one reported metric chosen above the plot: how trials that ended apart got there. Part of
/// the trial comparison; exports like every chart.
class TrialCurvesChart : public PaintedChart
{
    Q_OBJECT

public:
    explicit TrialCurvesChart(QWidget *parent = nullptr);

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// The trials to draw, in this order (their colours follow it).
    void setTrials(const QList<int> &numbers);
    QList<int> trials() const { return mNumbers; }
    void setMetric(const QString &metric);
    QString metric() const { return mMetric; }
    /// Metrics any of the trials reported, sorted.
    QStringList metricNames() const;

private:
    void rebuild() override;

    QList<int> mNumbers;
    QString mMetric;
    QComboBox *mMetricCombo = nullptr;
};

} // namespace tunescope
