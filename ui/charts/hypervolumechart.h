#pragma once

#include "charts/paintedchart.h"

#include <QColor>
#include <QList>

#include <memory>
#include <optional>
#include <vector>

class QLineEdit;

namespace tunescope {

/// One line of a hypervolume plot: the hypervolume after each finished trial.
struct HypervolumeSeries
{
    QString label;
    QColor color;
    QList<double> values;
};

struct HypervolumeData;

/// Hypervolume history of a multi-objective study: after each finished trial, the volume of
/// objective space that the Pareto front so far dominates up to a reference point (exact,
/// core/analysis/hypervolume). It rises when a trial improves the front and flattens when the
/// sampler stops finding better trade-offs. The reference point is typed in the objectives' own
/// units above the plot (one number per objective); empty means the default (the worst value of
/// each objective plus 10 % of its range). The static paint() also draws compared studies.
class HypervolumeChart : public PaintedChart
{
    Q_OBJECT

public:
    explicit HypervolumeChart(QWidget *parent = nullptr);
    ~HypervolumeChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;

    /// Reference point in the objectives' units, one per objective; empty: the default.
    /// Returns false (and keeps the one in use) when it does not fit the study's objectives.
    bool setReferencePoint(const QList<double> &point, QString *error = nullptr);
    /// The reference in use, in the objectives' units (empty without a multi-objective study).
    QList<double> referencePoint() const;

    /// Draws the lines on one axis (finished trials across, hypervolume up).
    static void paint(QPainter *painter, const QRectF &target, const QList<HypervolumeSeries> &series, const QString &caption);

    // --- for tests ---
    const QList<HypervolumeSeries> &series() const;
    QString message() const;

private:
    void rebuild() override;
    void applyReferenceText();

    std::unique_ptr<HypervolumeData> mData;
    QLineEdit *mReferenceEdit = nullptr;
    QList<double> mUserReference; ///< in the objectives' units; empty: the default
};

} // namespace tunescope
