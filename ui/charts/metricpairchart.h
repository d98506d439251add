#pragma once

#include "charts/chartview.h"

#include <QPointer>

namespace tunescope {

class CurvesChart;

/// Two metrics of the same trials side by side (train loss next to validation loss): two
/// validation-curve charts, one above the other, that follow one study and share the
/// selection, each with its own metric. The upper (left()) starts on the objective, the
/// lower (right()) on its counterpart (val_ ->
/// train_, or the first other metric reported). Exported and reported as one image.
class MetricPairChart : public ChartView
{
    Q_OBJECT

public:
    explicit MetricPairChart(QWidget *parent = nullptr);

    void setMonitor(StudyMonitor *monitor) override;
    StudyMonitor *monitor() const override;
    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;
    QSize defaultExportSize() const override { return {960, 900}; }
    void refreshNow() override;
    void prepare() override;
    bool busy() const override;
    int selectedTrial() const override;
    void setSelectedTrial(int number) override;

    CurvesChart *left() const { return mLeft; }
    CurvesChart *right() const { return mRight; }
    /// The metric the right chart starts on next to `metric` among `names` (empty: none other).
    static QString counterpart(const QString &metric, const QStringList &names);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void pickMetrics();

    CurvesChart *mLeft = nullptr;
    CurvesChart *mRight = nullptr;
    QPointer<StudyMonitor> mMonitor;
    bool mUserPicked = false; ///< the user chose a metric: keep it
    bool mPicking = false;    ///< pickMetrics() is choosing
};

} // namespace tunescope
