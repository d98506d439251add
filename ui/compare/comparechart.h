#pragma once

#include <QWidget>

#include <memory>

class QPainter;
class QRectF;

namespace tunescope {

class StudyComparison;

/// The two charts of a comparison, painted with QPainter in the look of the other charts
/// (ChartStyle, PlotAxis): the best-so-far curves of every study or group overlaid on one
/// axis (a group of repeated studies as its mean, with a band from the worst to the best
/// member), and the distribution of each study's final values as a box plot with the trials
/// as points, and the same values as empirical distribution functions. The static paint functions serve the widget, the HTML/SVG and the PDF report.
class CompareChart : public QWidget
{
    Q_OBJECT

public:
    enum class Kind { BestSoFar, Distribution, Edf, Hypervolume };

    explicit CompareChart(Kind kind, QWidget *parent = nullptr);

    void setComparison(std::shared_ptr<const StudyComparison> comparison);
    Kind kind() const { return mKind; }

    static void paintBestSoFar(QPainter *p, const QRectF &target, const StudyComparison &comparison);
    static void paintDistribution(QPainter *p, const QRectF &target, const StudyComparison &comparison);
    /// The empirical distribution of each study's final values, one curve per study (EdfChart).
    static void paintEdf(QPainter *p, const QRectF &target, const StudyComparison &comparison);
    /// Hypervolume after each finished trial of each study, all to one reference point (the
    /// default over the trials of every study), when they share their objectives (two or more).
    static void paintHypervolume(QPainter *p, const QRectF &target, const StudyComparison &comparison);
    /// Whether paintHypervolume has something to draw: studies with the same two or more objectives.
    static bool hasHypervolume(const StudyComparison &comparison);
    /// Colour of the i-th study or group (Tableau 10, distinguishable and colour-blind aware).
    static QColor seriesColor(int index);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Kind mKind = Kind::BestSoFar;
    std::shared_ptr<const StudyComparison> mComparison;
};

} // namespace tunescope
