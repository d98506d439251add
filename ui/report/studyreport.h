#pragma once

#include "analysis/studyexport.h"

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>

namespace tunescope {

class BestSoFarChart;
class CurvesChart;
class EdfChart;
class HeatmapWidget;
class HypervolumeChart;
class MetricPairChart;
class ParallelCoordinatesWidget;
class ReportDocument;
class SlicePlot;
class TimelineChart;
class StudyMonitor;

/// The report of one study, the one a person sends to colleagues: settings and search space,
/// best trial, the best-so-far plot, validation curves, parameter heatmaps, parallel
/// coordinates, a slice plot, parameter importance (fANOVA over a random forest, see
/// ImportanceForest) with the strongest interactions, the objective's empirical distribution,
/// the timeline of the trials on their slots, the full trials table and the environment. Written as one
/// self-contained HTML file or as a PDF (ReportDocument). The charts are the dashboard's own
/// widgets, rendered off-screen: a QApplication must exist (offscreen platform is fine).
class StudyReport
{
    Q_DECLARE_TR_FUNCTIONS(tunescope::StudyReport)

public:
    /// `source` is the database the study was read from (shown in the report).
    explicit StudyReport(StudyData study, const QString &source = {});
    ~StudyReport();

    const StudyData &study() const { return mStudy; }
    /// Builds the document; the charts it paints stay valid as long as this report lives.
    ReportDocument document() const;

    QByteArray toHtml() const;
    bool writeHtml(const QString &path, QString *error = nullptr) const;
    bool writePdf(const QString &path, QString *error = nullptr) const;

    /// Where the report was made: host, OS, CPU, GPUs (nvidia-smi, if present), Qt and
    /// Tunescope versions, date.
    static QList<QPair<QString, QString>> environment();

private:
    /// The images among the best trial's declared artifacts, each as a figure (at most
    /// maxArtifactImages), read from its folder when the trial folders are here.
    void addArtifactImages(ReportDocument &doc, const Trial &best) const;
    static constexpr int maxArtifactImages = 4;

    StudyData mStudy;
    QString mSource;
    std::unique_ptr<StudyMonitor> mMonitor;
    std::unique_ptr<BestSoFarChart> mBest;
    std::unique_ptr<CurvesChart> mCurves;
    std::unique_ptr<HeatmapWidget> mHeatmap;
    std::unique_ptr<ParallelCoordinatesWidget> mParallel;
    std::unique_ptr<SlicePlot> mSlice;
    std::unique_ptr<TimelineChart> mTimeline;
    std::unique_ptr<EdfChart> mEdf;
    std::unique_ptr<HypervolumeChart> mHypervolume;
    std::unique_ptr<MetricPairChart> mMetricPair; ///< objective and its counterpart metric
};

} // namespace tunescope
