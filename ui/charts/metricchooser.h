#pragma once

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;

namespace tunescope {

struct StudySpec;
struct Trial;

/// "Metric:" and a list of the study's objective(s) and every other metric its trials
/// reported, for the charts that plot one value per trial (best so far, slice, heatmap): the
/// objective by default, else a trial's last reported value of the chosen metric. A metric
/// that is not an objective has no goal in the study, so a "Higher is better" box next to
/// it says which way is better (lower until ticked).
class MetricChooser : public QWidget
{
    Q_OBJECT

public:
    explicit MetricChooser(QWidget *parent = nullptr);

    /// Lists the objectives and the metrics these trials reported (kept as trials report more).
    void refresh(const StudySpec &spec, const QList<Trial> &trials);
    /// The chosen metric; empty: the (first) objective.
    QString metric() const { return mMetric; }
    /// Chooses a metric by name (empty: the objective); one not reported yet stays chosen
    /// and is listed.
    void setMetric(const QString &metric);
    /// Whether higher values of the chosen metric are better: the objective's goal, else the box.
    bool maximize(const StudySpec &spec) const;
    void setHigherIsBetter(bool on);
    /// The chosen metric's name for an axis.
    QString axisName(const StudySpec &spec) const;
    /// The value a trial gives the chosen metric: the objective's value, or its last report.
    std::optional<double> valueOf(const Trial &t) const;

signals:
    void changed();

private:
    void fill();

    QComboBox *mCombo = nullptr;
    QCheckBox *mHigherBetter = nullptr;
    QString mObjective;        ///< the first objective's name
    QStringList mObjectives;   ///< every objective's name
    QStringList mOthers;       ///< other reported metrics, sorted
    QString mMetric;           ///< empty: the objective
};

} // namespace tunescope
