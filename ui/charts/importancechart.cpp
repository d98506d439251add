#include "charts/importancechart.h"

#include "charts/chartstyle.h"
#include "charts/plotcanvas.h"
#include "trials/statetext.h"
#include "execution/studymonitor.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QKeyEvent>
#include <QPainter>
#include <QThreadPool>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

/// Interactions shown under the main effects: the strongest few, as the issue asks for the top one.
constexpr int kShownInteractions = 3;
/// A live study refits at most this often.
constexpr int kRefitMs = 1000;

QString percentText(double share)
{
    return ImportanceChart::tr("%1 %").arg(numberText(share * 100, 'f', 1));
}

int completeWithValue(const QList<Trial> &trials)
{
    return int(std::count_if(trials.cbegin(), trials.cend(), [](const Trial &t) {
        return t.state == TrialState::Complete && t.value && std::isfinite(*t.value);
    }));
}

} // namespace

ImportanceChart::ImportanceChart(QWidget *parent)
    : PaintedChart(parent)
    , mSelf(std::make_shared<ImportanceChart *>(this))
{
    setBatchInterval(kRefitMs);
    setFocusPolicy(Qt::StrongFocus);
    connect(mCanvas, &PlotCanvas::clicked, this, [this](const QPointF &pos) {
        for (int i = 0; i < mRowRects.size(); ++i) {
            if (mRowRects[i].contains(pos) && i < mResult.ranking.size()) {
                mCurrentRow = i;
                mCanvas->update();
                emit parameterActivated(mResult.ranking[i].name);
                return;
            }
        }
    });
    connect(mCanvas, &PlotCanvas::hovered, this, [this](const QPointF &pos) {
        const bool onRow = std::any_of(mRowRects.cbegin(), mRowRects.cend(), [&pos](const QRectF &r) { return r.contains(pos); });
        mCanvas->setCursor(onRow ? Qt::PointingHandCursor : Qt::ArrowCursor);
    });
    rebuild();
}

ImportanceChart::~ImportanceChart() = default;

QString ImportanceChart::chartTitle() const
{
    return tr("Parameter importance");
}

QSize ImportanceChart::defaultExportSize() const
{
    return {960, std::max(360, preferredHeight(mResult))};
}

void ImportanceChart::monitorChanged()
{
    mFittedTrials = -1;
    mResult = {};
    mJob = 0;
    mCurrentRow = -1;
}

void ImportanceChart::rebuild()
{
    mRebuildTimer.stop();
    if (!mMonitor) {
        mResult = {};
        mFittedTrials = -1;
        mCanvas->update();
        return;
    }
    // A new spec or study makes the fitted count meaningless: count again from nothing.
    if (mMonitor->trials().isEmpty())
        mFittedTrials = -1;
    if (completeWithValue(mMonitor->trials()) == mFittedTrials && !mResult.ranking.isEmpty())
        return;
    startJob();
}

void ImportanceChart::startJob()
{
    if (mJob != 0) { // one fit at a time; the next starts when this one delivers
        mJobAgain = true;
        return;
    }
    mJob = ++mGeneration;
    mJobAgain = false;
    const StudySnapshot snapshot = mMonitor->snapshot();
    const quint64 generation = mJob;
    const std::weak_ptr<ImportanceChart *> self = mSelf;
    QThreadPool::globalInstance()->start([snapshot, generation, self] {
        auto result = std::make_shared<StudyImportance>(studyImportance(snapshot.spec.space, snapshot.trials));
        const int fitted = completeWithValue(snapshot.trials);
        // Delivered on the GUI thread (the application object outlives every chart).
        QMetaObject::invokeMethod(qApp, [result, fitted, generation, self] {
            const std::shared_ptr<ImportanceChart *> alive = self.lock();
            if (!alive)
                return;
            ImportanceChart *chart = *alive;
            if (chart->mJob != generation)
                return; // superseded by another study
            chart->mJob = 0;
            chart->mResult = std::move(*result);
            chart->mFittedTrials = fitted;
            if (chart->mCurrentRow >= chart->mResult.ranking.size())
                chart->mCurrentRow = -1;
            chart->mCanvas->update();
            if (chart->mJobAgain)
                chart->scheduleRebuild();
        }, Qt::QueuedConnection);
    });
}

void ImportanceChart::keyPressEvent(QKeyEvent *event)
{
    const int rows = int(mResult.ranking.size());
    switch (event->key()) {
    case Qt::Key_Down:
    case Qt::Key_Up:
        if (rows > 0) {
            const int step = event->key() == Qt::Key_Down ? 1 : -1;
            mCurrentRow = mCurrentRow < 0 ? 0 : std::clamp(mCurrentRow + step, 0, rows - 1);
            mCanvas->update();
        }
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (mCurrentRow >= 0 && mCurrentRow < rows)
            emit parameterActivated(mResult.ranking[mCurrentRow].name);
        return;
    default:
        PaintedChart::keyPressEvent(event);
    }
}

int ImportanceChart::preferredHeight(const StudyImportance &importance)
{
    const int interactions = int(std::min<qsizetype>(kShownInteractions, importance.interactions.size()));
    // Room for the note under the bars at three lines: a PDF column is narrower than 900 px.
    return 130 + 34 * int(importance.ranking.size()) + (interactions ? 40 + 34 * interactions : 0);
}

void ImportanceChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    QString message;
    if (!mMonitor || mMonitor->spec().space.searchable().isEmpty())
        message = tr("No parameters to show.");
    else if (mResult.ranking.isEmpty())
        message = mJob != 0 ? tr("Fitting the importance forest…")
                            : tr("Importance needs at least 4 complete trials with a varying objective.");
    if (!beginPaint(painter, target, message))
        return;
    QList<QRectF> rows;
    paint(painter, target, mResult, hasFocus() ? mCurrentRow : -1, &rows);
    if (paintsOnScreen(painter))
        mRowRects = rows;
    painter->restore();
}

void ImportanceChart::paint(QPainter *p, const QRectF &target, const StudyImportance &importance, int highlightedRow,
                            QList<QRectF> *rowRects)
{
    const ChartStyle &style = ChartStyle::get(p);
    p->save();
    p->fillRect(target, style.backgroundColor);
    p->setRenderHint(QPainter::Antialiasing);
    const QRectF inner = target.marginsRemoved(style.margins);
    const QFontMetricsF fm(style.labelFont);
    const QFontMetricsF tfm(style.titleFont);
    const QList<ParameterImportance> &ranking = importance.ranking;
    const QList<PairInteraction> pairs = importance.interactions.mid(0, kShownInteractions);
    const auto pairName = [](const PairInteraction &r) { return QStringLiteral("%1 × %2").arg(r.first, r.second); };
    double labelW = 0;
    for (const ParameterImportance &r : ranking)
        labelW = std::max(labelW, fm.horizontalAdvance(r.name));
    for (const PairInteraction &r : pairs)
        labelW = std::max(labelW, fm.horizontalAdvance(pairName(r)));
    labelW = std::min(labelW + 16, inner.width() * 0.35);
    const double valueW = fm.horizontalAdvance(QStringLiteral("100.0 %")) + 16;
    const double heading = tfm.height() + 10;
    double explained = 0;
    for (const ParameterImportance &r : ranking)
        explained += r.importance;
    for (const PairInteraction &r : importance.interactions)
        explained += r.importance;
    const QString note = tr("fANOVA over a random forest of 64 trees fitted to the %1 complete trials; whiskers: ± one "
                            "standard deviation over the trees. Higher interactions and noise: %2 of the variance.")
                             .arg(importance.trials)
                             .arg(percentText(std::max(0.0, 1.0 - explained)));
    // As many lines as the note takes at this width (three in a narrow PDF column).
    const double footer = fm.boundingRect(QRectF(0, 0, inner.width(), 1e4), Qt::AlignLeft | Qt::TextWordWrap, note).height() + 12;
    const int lines = int(ranking.size() + pairs.size());
    const double avail = inner.height() - heading * (pairs.isEmpty() ? 1 : 2) - footer - fm.height() - 6;
    const double rowH = std::clamp(avail / std::max(1, lines), 12.0, 40.0);
    const double barH = std::min(rowH * 0.62, 22.0);
    const double plotL = inner.left() + labelW, plotW = inner.width() - labelW - valueW;
    const QColor mainColor(0x3b, 0x6e, 0xa8), pairColor(0xc0, 0x6c, 0x2b), whisker(0x1f, 0x23, 0x28);

    double y = inner.top();
    // The share axis on top: 0, 25, 50, 75, 100 % with grid lines through both sections.
    const double plotTop = y + fm.height() + 6;
    const double plotBottom = plotTop + heading * (pairs.isEmpty() ? 1 : 2) + rowH * lines;
    p->setFont(style.labelFont);
    for (int k = 0; k <= 4; ++k) {
        const double x = plotL + plotW * k / 4.0;
        p->setPen(QPen(style.gridColor, 1));
        p->drawLine(QPointF(x, plotTop), QPointF(x, plotBottom));
        p->setPen(style.labelColor);
        p->drawText(QRectF(x - 40, y, 80, fm.height()), Qt::AlignCenter, QStringLiteral("%1 %").arg(25 * k));
    }
    y = plotTop;

    const auto drawRow = [&](const QString &name, double share, double spread, const QColor &color, bool highlighted) {
        const double cy = y + rowH / 2;
        const QRectF row(inner.left(), y, inner.width(), rowH);
        if (highlighted) {
            p->fillRect(row, QColor(0x7b, 0x3f, 0xbf, 40));
            p->setPen(QPen(QColor(0x7b, 0x3f, 0xbf), 1.5));
            p->setBrush(Qt::NoBrush);
            p->drawRect(row.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        p->setPen(style.labelColor);
        p->setFont(style.labelFont);
        p->drawText(QRectF(inner.left(), y, labelW - 10, rowH), Qt::AlignRight | Qt::AlignVCenter,
                    fm.elidedText(name, Qt::ElideMiddle, labelW - 10));
        p->fillRect(QRectF(plotL, cy - barH / 2, plotW * std::clamp(share, 0.0, 1.0), barH), color);
        const double lo = plotL + plotW * std::clamp(share - spread, 0.0, 1.0);
        const double hi = plotL + plotW * std::clamp(share + spread, 0.0, 1.0);
        p->setPen(QPen(whisker, 1.2));
        p->drawLine(QPointF(lo, cy), QPointF(hi, cy));
        p->drawLine(QPointF(lo, cy - barH / 4), QPointF(lo, cy + barH / 4));
        p->drawLine(QPointF(hi, cy - barH / 4), QPointF(hi, cy + barH / 4));
        p->setPen(style.labelColor);
        p->drawText(QRectF(plotL + plotW + 8, y, valueW, rowH), Qt::AlignLeft | Qt::AlignVCenter, percentText(share));
        y += rowH;
        return row;
    };
    const auto drawHeading = [&](const QString &text) {
        p->setFont(style.titleFont);
        p->setPen(style.titleColor);
        p->drawText(QRectF(inner.left(), y, inner.width(), heading), Qt::AlignLeft | Qt::AlignVCenter, text);
        y += heading;
    };

    drawHeading(tr("Main effects: share of the objective's variance each parameter explains alone"));
    for (int i = 0; i < ranking.size(); ++i) {
        const QRectF row = drawRow(ranking[i].name, ranking[i].importance, ranking[i].spread, mainColor, i == highlightedRow);
        if (rowRects)
            rowRects->append(row);
    }
    if (!pairs.isEmpty()) {
        drawHeading(tr("Strongest interactions: what two parameters explain only together"));
        for (const PairInteraction &r : pairs)
            drawRow(pairName(r), r.importance, r.spread, pairColor, false);
    }
    p->setFont(style.labelFont);
    p->setPen(style.labelColor);
    p->drawText(QRectF(inner.left(), y + 8, inner.width(), footer), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, note);
    p->restore();
}

} // namespace tunescope
