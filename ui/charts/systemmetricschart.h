#pragma once

#include "common/trial.h"

#include <QList>
#include <QWidget>

namespace tunescope {

/// One trial's live system metrics (sys/cpu_percent, sys/rss_mb, sys/gpu_util, sys/gpu_mem_mb)
/// as small strips, one per metric that has values, over the seconds the trial ran: a memory
/// curve climbing towards the machine's limit is visible before the trial dies.
class SystemMetricsChart : public QWidget
{
    Q_OBJECT

public:
    explicit SystemMetricsChart(QWidget *parent = nullptr);

    /// Takes the trial's sys/* series (the first repeat's with repeats); hides itself when it
    /// has none.
    void setTrial(const Trial *trial);
    /// The strips shown, by metric name (for tests).
    QStringList shownMetrics() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Strip
    {
        QString metric;
        QString title;
        QString unit;
        QList<MetricPoint> points;
    };
    QList<Strip> mStrips;
};

} // namespace tunescope
