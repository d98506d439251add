#include "charts/hypervolumechart.h"

#include "analysis/hypervolume.h"
#include "charts/chartstyle.h"
#include "charts/plotaxis.h"
#include "charts/plotcanvas.h"
#include "execution/studymonitor.h"
#include "trials/statetext.h"

#include <QFontMetricsF>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace tunescope {

/// What the hypervolume chart paints, computed once per batch.
struct HypervolumeData
{
    QList<HypervolumeSeries> series;
    QList<int> trials;            ///< trial number of each step of the study's line
    std::vector<double> reference; ///< in use, minimization coordinates
    QString caption;
    QString message;
};

namespace {

/// Minimization coordinates <-> the objectives' own units: maximized objectives are negated.
std::vector<double> toMinimization(const QList<double> &point, const QList<MetricSpec> &metrics)
{
    std::vector<double> out;
    for (qsizetype k = 0; k < point.size() && k < metrics.size(); ++k)
        out.push_back(metrics[k].goal == Goal::Maximize ? -point[k] : point[k]);
    return out;
}

} // namespace

HypervolumeChart::HypervolumeChart(QWidget *parent)
    : PaintedChart(parent)
    , mData(std::make_unique<HypervolumeData>())
{
    mReferenceEdit = new QLineEdit(this);
    mReferenceEdit->setClearButtonEnabled(true);
    mReferenceEdit->setToolTip(tr("One value per objective, in its own units, separated by commas; empty: the worst "
                                  "value of each objective plus 10 % of its range"));
    auto *bar = new QHBoxLayout;
    auto *label = new QLabel(tr("&Reference point:"), this);
    label->setBuddy(mReferenceEdit);
    bar->addWidget(label);
    bar->addWidget(mReferenceEdit, 1);
    addControlBar(bar);
    connect(mReferenceEdit, &QLineEdit::editingFinished, this, &HypervolumeChart::applyReferenceText);
    rebuild();
}

HypervolumeChart::~HypervolumeChart() = default;

QString HypervolumeChart::chartTitle() const
{
    return tr("Hypervolume");
}

const QList<HypervolumeSeries> &HypervolumeChart::series() const
{
    return mData->series;
}

QString HypervolumeChart::message() const
{
    return mData->message;
}

void HypervolumeChart::applyReferenceText()
{
    const QString text = mReferenceEdit->text().trimmed();
    QList<double> point;
    bool ok = true;
    if (!text.isEmpty()) {
        for (const QString &part : text.split(QLatin1Char(','))) {
            bool good = false;
            const double v = QLocale().toDouble(part.trimmed(), &good);
            const double c = good ? v : part.trimmed().toDouble(&good); // C locale too ("0.5")
            ok = ok && good && std::isfinite(c);
            point << c;
        }
    }
    QString error;
    if (ok && setReferencePoint(point, &error)) {
        mReferenceEdit->setStyleSheet(QString());
        mReferenceEdit->setToolTip(tr("One value per objective, in its own units, separated by commas; empty: the worst "
                                      "value of each objective plus 10 % of its range"));
        return;
    }
    mReferenceEdit->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #d62728; }"));
    mReferenceEdit->setToolTip(ok ? error : tr("Not a list of numbers: %1").arg(text));
}

bool HypervolumeChart::setReferencePoint(const QList<double> &point, QString *error)
{
    if (!point.isEmpty() && mMonitor && point.size() != mMonitor->spec().metrics.size()) {
        if (error)
            *error = tr("The study has %1 objectives: give one value for each.").arg(mMonitor->spec().metrics.size());
        return false;
    }
    mUserReference = point;
    rebuild();
    return true;
}

QList<double> HypervolumeChart::referencePoint() const
{
    QList<double> out;
    if (!mMonitor)
        return out;
    const QList<MetricSpec> &metrics = mMonitor->spec().metrics;
    for (size_t k = 0; k < mData->reference.size() && qsizetype(k) < metrics.size(); ++k)
        out << (metrics[qsizetype(k)].goal == Goal::Maximize ? -mData->reference[k] : mData->reference[k]);
    return out;
}

void HypervolumeChart::rebuild()
{
    mRebuildTimer.stop();
    HypervolumeData d;
    if (!mMonitor || mMonitor->spec().metrics.size() < 2) {
        d.message = tr("Hypervolume needs a study with two or more objectives.");
    } else {
        const StudySpec &spec = mMonitor->spec();
        const QList<Trial> &trials = mMonitor->trials();
        if (mUserReference.size() == spec.metrics.size())
            d.reference = toMinimization(mUserReference, spec.metrics);
        else
            d.reference = defaultReferencePoint(minimizationVectors(trials, spec.metrics));
        if (d.reference.empty()) {
            d.message = tr("No complete trials yet.");
        } else {
            const HypervolumeHistory history = hypervolumeHistory(trials, spec.metrics, d.reference);
            d.trials = history.trials;
            d.series.append({spec.name, QColor(0x1f, 0x77, 0xb4), history.values});
            QStringList ref;
            for (size_t k = 0; k < d.reference.size(); ++k)
                ref << QStringLiteral("%1 = %2").arg(spec.metrics[qsizetype(k)].name,
                                                     formatValue(spec.metrics[qsizetype(k)].goal == Goal::Maximize ? -d.reference[k]
                                                                                                                  : d.reference[k]));
            d.caption = tr("reference point: %1").arg(ref.join(QStringLiteral(", ")));
        }
    }
    if (mReferenceEdit->text().trimmed().isEmpty() && !d.reference.empty()) {
        QStringList placeholder;
        const QList<MetricSpec> &metrics = mMonitor->spec().metrics;
        for (size_t k = 0; k < d.reference.size(); ++k)
            placeholder << formatValue(metrics[qsizetype(k)].goal == Goal::Maximize ? -d.reference[k] : d.reference[k]);
        mReferenceEdit->setPlaceholderText(tr("default: %1").arg(placeholder.join(QStringLiteral(", "))));
    }
    *mData = std::move(d);
    mCanvas->update();
}

void HypervolumeChart::renderChart(QPainter *painter, const QRectF &target)
{
    refreshNow();
    const HypervolumeData &d = *mData;
    if (!beginPaint(painter, target, d.series.isEmpty() ? d.message : QString()))
        return;
    paint(painter, target, d.series, d.caption);
    painter->restore();
}

void HypervolumeChart::paint(QPainter *p, const QRectF &target, const QList<HypervolumeSeries> &series, const QString &caption)
{
    const ChartStyle &style = ChartStyle::get(p);
    p->save();
    p->fillRect(target, style.backgroundColor);
    double hi = 0;
    qsizetype length = 1;
    for (const HypervolumeSeries &s : series) {
        length = std::max(length, s.values.size());
        for (double v : s.values)
            if (std::isfinite(v))
                hi = std::max(hi, v);
    }
    if (hi <= 0)
        hi = 1;
    const PlotAxis x = PlotAxis::counting(1, std::max<double>(2, double(length)), tr("finished trials"));
    const PlotAxis y = PlotAxis::linear(0, hi * 1.05, tr("hypervolume"));
    const QFontMetricsF fm(style.labelFont);
    const QRectF inner = target.marginsRemoved(style.margins);
    const double legendH = fm.height() + 8;
    QRectF plot = inner;
    plot.setLeft(plot.left() + y.verticalLabelWidth(style));
    plot.setTop(plot.top() + legendH);
    plot.setBottom(plot.bottom() - PlotAxis::horizontalLabelHeight(style));
    plot.setRight(plot.right() - 8);
    x.drawHorizontal(p, plot, style);
    y.drawVertical(p, plot, style);
    // The caption (reference point) and, with several studies, the legend on one line.
    p->setFont(style.labelFont);
    double lx = plot.left();
    if (series.size() > 1) {
        for (const HypervolumeSeries &s : series) {
            p->setPen(QPen(s.color, 2.5));
            p->drawLine(QPointF(lx, inner.top() + fm.height() / 2), QPointF(lx + 16, inner.top() + fm.height() / 2));
            p->setPen(style.labelColor);
            p->drawText(QPointF(lx + 22, inner.top() + fm.ascent()), s.label);
            lx += 22 + fm.horizontalAdvance(s.label) + 20;
        }
    }
    p->setPen(style.labelColor);
    p->drawText(QRectF(lx, inner.top(), plot.right() - lx, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                fm.elidedText(caption, Qt::ElideRight, plot.right() - lx));
    p->setRenderHint(QPainter::Antialiasing);
    p->setClipRect(plot.adjusted(-2, -2, 2, 2));
    for (const HypervolumeSeries &s : series) {
        // A step per trial, at most one per pixel column (the line only rises).
        QPainterPath path;
        double lastY = plot.bottom(), column = -1;
        for (qsizetype i = 0; i < s.values.size(); ++i) {
            const double px = plot.left() + x.toUnit(double(i + 1)) * plot.width();
            const double py = plot.bottom() - y.toUnit(s.values[i]) * plot.height();
            if (i == 0) {
                path.moveTo(px, py);
            } else if (std::floor(px) != column || py != lastY) {
                path.lineTo(px, lastY);
                path.lineTo(px, py);
            }
            column = std::floor(px);
            lastY = py;
        }
        p->setPen(QPen(s.color, 2.2, Qt::SolidLine, Qt::FlatCap, Qt::MiterJoin));
        p->setBrush(Qt::NoBrush);
        p->drawPath(path);
    }
    p->restore();
}

} // namespace tunescope
