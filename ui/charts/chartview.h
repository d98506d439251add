#pragma once

#include <QGuiApplication>
#include <QSize>
#include <QString>
#include <QWidget>

class QPainter;
class QRectF;

namespace tunescope {

class StudyMonitor;

/// Base class of every chart of the dashboard: one interface for live data (setMonitor), for
/// the selection shared with the trial table (setSelectedTrial, trialClicked), for the main
/// window's single "Export chart…" action and for the report generator, which renders charts
/// off-screen at a fixed size without ever showing them.
class ChartView : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    /// Follows this monitor (nullptr: show nothing). The monitor must outlive the chart or be
    /// unset first; its signals are batched into one redraw per ~40 ms.
    virtual void setMonitor(StudyMonitor *monitor) = 0;
    virtual StudyMonitor *monitor() const = 0;

    /// Short human title ("Validation curves"), used as caption and default file name.
    virtual QString chartTitle() const = 0;

    /// Paints the plot (not the controls around it) into target. Works on any paint device
    /// (QImage, QSvgGenerator, QPrinter, QPdfWriter) and on widgets that were never shown.
    virtual void renderChart(QPainter *painter, const QRectF &target) = 0;

    /// Size (in logical pixels) used when an export does not ask for one.
    virtual QSize defaultExportSize() const { return {960, 600}; }

    /// Applies pending data now instead of waiting for the batch timer (tests, export).
    virtual void refreshNow() = 0;
    /// Applies pending data and draws what the chart caches for its next paint (a density of
    /// thousands of curves, the lines of the parallel coordinates), so that showing it is a blit.
    /// The window calls it on every chart once a study has loaded.
    virtual void prepare() { refreshNow(); }

    virtual int selectedTrial() const = 0;
    /// Whether the chart is still computing what it shows on a worker thread (importance):
    /// screenshots and exports of a freshly loaded study wait for it.
    virtual bool busy() const { return false; }

public slots:
    /// Selection shared with the trial table; -1 clears it. Emits nothing.
    virtual void setSelectedTrial(int number) = 0;

signals:
    /// The user clicked this trial in the chart, which shows it selected already.
    void trialClicked(int number);
    /// The user Ctrl-clicked this trial: it joins the trials picked to compare (or leaves
    /// them, when picked already); the window keeps the picked set (the table's selection).
    void trialPicked(int number);
    /// The user Ctrl+dragged a rectangle over these trials: they join the trials picked to
    /// compare (those picked already stay picked).
    void trialsPicked(const QList<int> &numbers);

protected:
    /// A click that hit this trial (-1: none): selects it here and tells the window; with
    /// Ctrl held, picks it for a comparison instead.
    void selectClickedTrial(int number)
    {
        if (number < 0)
            return;
        if (QGuiApplication::keyboardModifiers() & Qt::ControlModifier) {
            emit trialPicked(number);
            return;
        }
        setSelectedTrial(number);
        emit trialClicked(number);
    }
};

} // namespace tunescope
