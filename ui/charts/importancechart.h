#pragma once

#include "analysis/importance.h"
#include "charts/paintedchart.h"

#include <QList>
#include <QRectF>

#include <memory>

namespace tunescope {

/// Parameter importance, live: fANOVA main effects of the searchable parameters as bars with
/// the spread over the forest's trees as a whisker, and the strongest pairwise interactions
/// below them. The forest is fitted on a worker thread from a snapshot of the study, at most
/// once a second and only when the set of complete trials changed, so a study that runs
/// stays responsive. A click (or Enter on the row chosen with the arrow keys) on a parameter
/// asks for its slice plot (parameterActivated).
class ImportanceChart : public PaintedChart
{
    Q_OBJECT

public:
    explicit ImportanceChart(QWidget *parent = nullptr);
    ~ImportanceChart() override;

    QString chartTitle() const override;
    void renderChart(QPainter *painter, const QRectF &target) override;
    QSize defaultExportSize() const override;
    bool busy() const override { return mJob != 0; }

    const StudyImportance &importance() const { return mResult; }
    /// Row chosen with the keyboard (-1: none): a parameter of the ranking.
    int currentRow() const { return mCurrentRow; }

    /// The bars of a ranking and its strongest interactions: what this chart and the report paint.
    static void paint(QPainter *painter, const QRectF &target, const StudyImportance &importance, int highlightedRow = -1,
                      QList<QRectF> *rowRects = nullptr);
    /// How tall paint() wants to be for this result at a width of about 900.
    static int preferredHeight(const StudyImportance &importance);

signals:
    /// The user clicked this parameter (or pressed Enter on it): show its slice.
    void parameterActivated(const QString &name);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void rebuild() override;
    void monitorChanged() override;
    void startJob();

    StudyImportance mResult;
    int mFittedTrials = -1;     ///< complete trials of the result shown (-1: none yet)
    quint64 mGeneration = 0;    ///< counts the jobs started
    quint64 mJob = 0;           ///< generation of the job under way (0: none)
    bool mJobAgain = false;     ///< trials finished while a job ran: run another
    int mCurrentRow = -1;
    QList<QRectF> mRowRects;    ///< last on-screen paint, for clicks
    std::shared_ptr<ImportanceChart *> mSelf; ///< jobs deliver only while this chart lives
};

} // namespace tunescope
