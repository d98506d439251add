#include "charts/plotaxis.h"

#include "charts/chartstyle.h"
#include "charts/colormap.h"
#include "space/searchspace.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {

QString superscript(int n)
{
    static const QString digits = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    QString s = n < 0 ? QStringLiteral("⁻") : QString();
    for (QChar c : QString::number(std::abs(n)))
        s += digits.at(c.digitValue());
    return s;
}

QString decadeLabel(int e)
{
    if (e >= -3 && e <= 4)
        return formatValue(std::pow(10.0, e));
    return QStringLiteral("10") + superscript(e);
}

double niceStep(double span, int maxLabels, bool wholeNumbers)
{
    const double raw = span / std::max(1, maxLabels);
    // On an axis of trial numbers or steps a tick at 2.5 or 0.5 names no trial and no step.
    if (wholeNumbers && raw <= 1.0)
        return 1.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (wholeNumbers && m == 2.5 && mag < 10.0)
            continue;
        if (m * mag >= raw)
            return m * mag;
    }
    return 10 * mag;
}

} // namespace

double niceTickInterval(double span, int maxTicks, bool wholeNumbers)
{
    return span > 0 && std::isfinite(span) ? niceStep(span, maxTicks, wholeNumbers) : 1.0;
}

int niceRange(double &lo, double &hi, int maxTicks, bool wholeNumbers)
{
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return 2;
    const double step = niceStep(hi - lo, maxTicks, wholeNumbers);
    lo = std::floor(lo / step + 1e-9) * step;
    hi = std::ceil(hi / step - 1e-9) * step;
    return int(std::lround((hi - lo) / step)) + 1;
}

QString formatValue(double v)
{
    if (!std::isfinite(v))
        return QString::number(v);
    if (v == 0.0)
        return QStringLiteral("0");
    const double a = std::abs(v);
    if (a >= 1e5 || a < 1e-3) {
        QString s = QString::number(v, 'e', 2);
        // 1.50e-05 -> 1.5e-5: shorter labels, same information
        const int e = s.indexOf(QLatin1Char('e'));
        QString mant = s.left(e), exp = s.mid(e + 1);
        while (mant.contains(QLatin1Char('.')) && (mant.endsWith(QLatin1Char('0')) || mant.endsWith(QLatin1Char('.'))))
            mant.chop(1);
        return mant + QLatin1Char('e') + QString::number(exp.toInt());
    }
    return QString::number(v, 'g', 4);
}

PlotAxis PlotAxis::linear(double lo, double hi, const QString &title)
{
    PlotAxis a;
    a.mKind = Kind::Linear;
    a.mTitle = title;
    if (!(hi > lo)) { // one value (or none): a unit-wide window around it
        const double c = std::isfinite(lo) ? lo : 0.0;
        const double d = c == 0.0 ? 1.0 : std::abs(c) * 0.1;
        lo = c - d;
        hi = c + d;
    }
    a.mLo = lo;
    a.mHi = hi;
    return a;
}

PlotAxis PlotAxis::counting(double lo, double hi, const QString &title)
{
    PlotAxis a = linear(lo, hi, title);
    a.mWholeNumbers = true;
    return a;
}

PlotAxis PlotAxis::logarithmic(double lo, double hi, const QString &title)
{
    PlotAxis a;
    a.mKind = Kind::Log;
    a.mTitle = title;
    if (!(lo > 0))
        lo = 1e-3;
    if (!(hi > lo))
        hi = lo * 10;
    a.mLo = lo;
    a.mHi = hi;
    return a;
}

PlotAxis PlotAxis::categorical(const QStringList &categories, const QString &title)
{
    PlotAxis a;
    a.mKind = Kind::Categorical;
    a.mTitle = title;
    a.mCategories = categories;
    a.mLo = 0;
    a.mHi = std::max<qsizetype>(1, categories.size());
    return a;
}

PlotAxis PlotAxis::forParameter(const Parameter &p, const QList<QVariant> &seen)
{
    if (p.type == Parameter::Type::Categorical) {
        QStringList names;
        for (const QVariant &c : p.choices)
            names << paramValueToString(c);
        return categorical(names, p.name);
    }
    if (p.type == Parameter::Type::Constant)
        return categorical({paramValueToString(p.value)}, p.name);
    double lo = p.low, hi = p.high;
    if (p.prior != Parameter::Prior::Uniform) { // normal and beta families: their central 98%
        lo = p.fromUnit(0.01).toDouble();
        hi = p.fromUnit(0.99).toDouble();
    }
    for (const QVariant &v : seen) {
        bool ok = false;
        const double d = v.toDouble(&ok);
        if (ok && std::isfinite(d) && (!p.log || d > 0)) {
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
    }
    if (p.log)
        return logarithmic(lo, hi, p.name);
    if (p.type == Parameter::Type::Int) { // half a step of room so the end values are not on the frame
        lo -= 0.5;
        hi += 0.5;
    }
    return linear(lo, hi, p.name);
}

double PlotAxis::coordinate(const Parameter &p, const QVariant &value) const
{
    if (mKind == Kind::Categorical) {
        if (p.type == Parameter::Type::Constant)
            return 0;
        const int i = p.choiceIndex(value);
        return i < 0 ? std::nan("") : double(i);
    }
    bool ok = false;
    const double d = value.toDouble(&ok);
    if (!ok || !std::isfinite(d) || (mKind == Kind::Log && d <= 0))
        return std::nan("");
    return d;
}

double PlotAxis::toUnit(double c) const
{
    if (!std::isfinite(c))
        return std::nan("");
    switch (mKind) {
    case Kind::Linear:
        return (c - mLo) / (mHi - mLo);
    case Kind::Log:
        if (c <= 0)
            return std::nan("");
        return (std::log(c) - std::log(mLo)) / (std::log(mHi) - std::log(mLo));
    case Kind::Categorical:
        return (c + 0.5) / std::max<qsizetype>(1, mCategories.size());
    }
    return std::nan("");
}

double PlotAxis::fromUnit(double u) const
{
    switch (mKind) {
    case Kind::Linear:
        return mLo + u * (mHi - mLo);
    case Kind::Log:
        return std::exp(std::log(mLo) + u * (std::log(mHi) - std::log(mLo)));
    case Kind::Categorical:
        return std::floor(u * mCategories.size());
    }
    return u;
}

QList<PlotAxis::Tick> PlotAxis::ticks(int maxLabels) const
{
    QList<Tick> out;
    switch (mKind) {
    case Kind::Categorical: {
        const qsizetype n = mCategories.size();
        // with many categories label every k-th so the names stay readable
        const qsizetype every = std::max<qsizetype>(1, (n + maxLabels * 2 - 1) / (maxLabels * 2));
        for (qsizetype i = 0; i < n; ++i)
            out.append({(i + 0.5) / n, i % every == 0 ? mCategories.at(i) : QString()});
        break;
    }
    case Kind::Linear: {
        const double step = niceStep(mHi - mLo, maxLabels, mWholeNumbers);
        for (double v = std::ceil(mLo / step - 1e-9) * step; v <= mHi + step * 1e-9; v += step) {
            const double snapped = std::abs(v) < step * 1e-9 ? 0.0 : v;
            out.append({toUnit(snapped), formatValue(snapped)});
        }
        break;
    }
    case Kind::Log: {
        const int e0 = int(std::floor(std::log10(mLo) + 1e-9));
        const int e1 = int(std::ceil(std::log10(mHi) - 1e-9));
        const int decades = e1 - e0;
        const int every = std::max(1, (decades + maxLabels - 1) / maxLabels);
        for (int e = e0; e <= e1; ++e) {
            for (int m = 1; m <= 9; ++m) {
                const double v = m * std::pow(10.0, e);
                if (v < mLo * (1 - 1e-9) || v > mHi * (1 + 1e-9))
                    continue;
                QString label;
                if (m == 1 && (e - e0) % every == 0)
                    label = decadeLabel(e);
                else if (decades <= 2 && maxLabels >= 5 && (m == 2 || m == 5))
                    label = formatValue(v); // few decades: 1-2-5 labels, else too few to read
                if (m == 1 || decades * 3 <= maxLabels) // minor grid lines only where they do not crowd
                    out.append({toUnit(v), label});
            }
        }
        break;
    }
    }
    return out;
}

double PlotAxis::horizontalLabelHeight(const ChartStyle &style, bool withTitle)
{
    const double h = QFontMetricsF(style.labelFont).height() + 8;
    return withTitle ? h + QFontMetricsF(style.titleFont).height() + 4 : h;
}

double PlotAxis::verticalLabelWidth(const ChartStyle &style) const
{
    const QFontMetricsF fm(style.labelFont);
    double w = 0;
    for (const Tick &t : ticks())
        w = std::max(w, fm.horizontalAdvance(t.label));
    if (mKind == Kind::Categorical)
        w = std::min(w, 120.0);
    return w + 8 + (mTitle.isEmpty() ? 0 : QFontMetricsF(style.titleFont).height() + 6);
}

void PlotAxis::drawHorizontal(QPainter *p, const QRectF &plot, const ChartStyle &style, bool grid, double overhang) const
{
    p->save();
    const QFontMetricsF fm(style.labelFont);
    p->setFont(style.labelFont);
    const QList<Tick> tks = ticks(std::max(3, int(plot.width() / 70)));
    double lastRight = -1e9;
    const double bandWidth = mKind == Kind::Categorical ? plot.width() / std::max<qsizetype>(1, mCategories.size()) : 1e9;
    for (const Tick &t : tks) {
        if (!(t.unit >= -1e-9 && t.unit <= 1 + 1e-9))
            continue;
        const double x = plot.left() + t.unit * plot.width();
        if (grid && mKind != Kind::Categorical) {
            p->setPen(QPen(style.gridColor, 1));
            p->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        }
        p->setPen(QPen(style.axisColor, 1));
        p->drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        if (t.label.isEmpty())
            continue;
        const QString text = fm.elidedText(t.label, Qt::ElideRight, std::min(bandWidth - 4, 160.0));
        const double w = fm.horizontalAdvance(text);
        QRectF r(x - w / 2, plot.bottom() + 6, w, fm.height());
        // (not std::clamp: a label wider than the plot would give it bounds out of order)
        r.moveLeft(std::max(plot.left() - overhang, std::min(r.left(), plot.right() + overhang - w)));
        if (r.left() < lastRight + 6)
            continue; // would overlap the previous label
        lastRight = r.right();
        p->setPen(style.labelColor);
        p->drawText(r, Qt::AlignCenter, text);
    }
    if (mKind == Kind::Categorical && grid) { // band separators
        p->setPen(QPen(style.gridColor, 1));
        const qsizetype n = mCategories.size();
        for (qsizetype i = 1; i < n; ++i) {
            const double x = plot.left() + plot.width() * i / n;
            p->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        }
    }
    p->setPen(QPen(style.axisColor, 1));
    p->drawLine(plot.bottomLeft(), plot.bottomRight());
    if (!mTitle.isEmpty()) {
        p->setFont(style.titleFont);
        p->setPen(style.titleColor);
        QRectF tr(plot.left(), plot.bottom() + 8 + fm.height(), plot.width(), QFontMetricsF(style.titleFont).height());
        p->drawText(tr, Qt::AlignCenter, QFontMetricsF(style.titleFont).elidedText(mTitle, Qt::ElideRight, plot.width()));
    }
    p->restore();
}

void PlotAxis::drawVertical(QPainter *p, const QRectF &plot, const ChartStyle &style, bool grid) const
{
    p->save();
    const QFontMetricsF fm(style.labelFont);
    p->setFont(style.labelFont);
    const QList<Tick> tks = ticks(std::max(2, int(plot.height() / 45)));
    double lastTop = 1e9;
    const double labelRight = plot.left() - 7;
    for (const Tick &t : tks) {
        if (!(t.unit >= -1e-9 && t.unit <= 1 + 1e-9))
            continue;
        const double y = plot.bottom() - t.unit * plot.height();
        if (grid && mKind != Kind::Categorical) {
            p->setPen(QPen(style.gridColor, 1));
            p->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
        p->setPen(QPen(style.axisColor, 1));
        p->drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        if (t.label.isEmpty())
            continue;
        const QString text = fm.elidedText(t.label, Qt::ElideRight, 120);
        QRectF r(labelRight - 130, y - fm.height() / 2, 130, fm.height());
        if (r.bottom() > lastTop - 1)
            continue;
        lastTop = r.top();
        p->setPen(style.labelColor);
        p->drawText(r, Qt::AlignRight | Qt::AlignVCenter, text);
    }
    if (mKind == Kind::Categorical && grid) {
        p->setPen(QPen(style.gridColor, 1));
        const qsizetype n = mCategories.size();
        for (qsizetype i = 1; i < n; ++i) {
            const double y = plot.bottom() - plot.height() * i / n;
            p->drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
    }
    p->setPen(QPen(style.axisColor, 1));
    p->drawLine(plot.bottomLeft(), plot.topLeft());
    if (!mTitle.isEmpty()) {
        const QFont font = style.sidewaysTitleFont(mTitle);
        const QFontMetricsF tfm(font);
        p->setFont(font);
        p->setPen(style.titleColor);
        const double x = plot.left() - verticalLabelWidth(style) + tfm.ascent();
        p->translate(x, plot.center().y());
        p->rotate(-90);
        const QString title = tfm.elidedText(mTitle, Qt::ElideRight, plot.height());
        p->drawText(QPointF(-tfm.horizontalAdvance(title) / 2, 0), title);
    }
    p->restore();
}

double colorBarWidth(const PlotAxis &axis, const ChartStyle &style)
{
    const QFontMetricsF fm(style.labelFont);
    double w = 0;
    for (const PlotAxis::Tick &t : axis.ticks())
        w = std::max(w, fm.horizontalAdvance(t.label));
    return 14 + 6 + w + 8 + QFontMetricsF(style.titleFont).height() + 4;
}

void drawColorBar(QPainter *p, const QRectF &bar, const PlotAxis &axis, bool higherIsBrighter,
                  const ChartStyle &style)
{
    p->save();
    const int strips = 96;
    const double h = bar.height() / strips;
    for (int i = 0; i < strips; ++i) {
        const double u = (i + 0.5) / strips; // from the bottom
        p->fillRect(QRectF(bar.left(), bar.bottom() - (i + 1) * h, bar.width(), h + 0.5),
                    ColorMap::viridis(higherIsBrighter ? u : 1 - u));
    }
    p->setPen(QPen(style.axisColor, 1));
    p->setBrush(Qt::NoBrush);
    p->drawRect(bar);
    const QFontMetricsF fm(style.labelFont);
    p->setFont(style.labelFont);
    double lastTop = 1e9, labelsRight = bar.right();
    for (const PlotAxis::Tick &t : axis.ticks(std::max(2, int(bar.height() / 40)))) {
        if (t.label.isEmpty() || t.unit < -1e-9 || t.unit > 1 + 1e-9)
            continue;
        const double y = bar.bottom() - t.unit * bar.height();
        p->setPen(QPen(style.axisColor, 1));
        p->drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        QRectF r(bar.right() + 6, y - fm.height() / 2, fm.horizontalAdvance(t.label) + 2, fm.height());
        if (r.bottom() > lastTop - 1)
            continue;
        lastTop = r.top();
        labelsRight = std::max(labelsRight, r.right());
        p->setPen(style.labelColor);
        p->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, t.label);
    }
    if (!axis.title().isEmpty()) {
        const QFont font = style.sidewaysTitleFont(axis.title());
        const QFontMetricsF tfm(font);
        p->setFont(font);
        p->setPen(style.titleColor);
        p->translate(labelsRight + 6 + tfm.descent(), bar.center().y());
        p->rotate(90); // reads top to bottom on the right edge, like matplotlib's colorbar label
        const QString title = tfm.elidedText(axis.title(), Qt::ElideRight, bar.height());
        p->drawText(QPointF(-tfm.horizontalAdvance(title) / 2, 0), title);
    }
    p->restore();
}

} // namespace tunescope
