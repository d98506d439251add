#include "charts/chartstyle.h"

#include <algorithm>

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QFontInfo>
#include <QPaintEngine>
#include <QPainter>
#include <QValueAxis>

namespace tunescope {

namespace {

/// No ligatures: in a PDF report "fi" in an axis title or a legend's path became one glyph
/// that copies and searches as U+FB01. Shaping stays where a script needs it.
QFont unshaped(QFont f)
{
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

bool drawsIntoPdf(const QPainter *painter)
{
    return painter && painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::Pdf;
}

} // namespace

const ChartStyle &ChartStyle::get()
{
    static const ChartStyle style = [] {
        ChartStyle s;
        QChart chart;
        chart.setTheme(QChart::ChartThemeLight);
        auto *axis = new QValueAxis;
        chart.addAxis(axis, Qt::AlignLeft);
        axis->setTitleText(QStringLiteral("x"));
        s.labelFont = axis->labelsFont();
        s.titleFont = axis->titleFont();
        s.chartTitleFont = chart.titleFont();
        for (QFont *f : {&s.labelFont, &s.titleFont, &s.chartTitleFont})
            *f = unshaped(*f);
        s.labelColor = axis->labelsBrush().color();
        s.titleColor = axis->titleBrush().color();
        s.gridColor = axis->gridLineColor();
        s.axisColor = axis->linePenColor();
        // The light theme's background is a gradient that Qt Charts only builds once a chart is
        // in a scene (read here, its brush is black): the charts are white, so say so.
        s.backgroundColor = QColor(Qt::white);
        return s;
    }();
    return style;
}

const ChartStyle &ChartStyle::get(const QPainter *painter)
{
    if (!drawsIntoPdf(painter))
        return get();
    static const ChartStyle style = [] {
        ChartStyle s = get();
        for (QFont *f : {&s.labelFont, &s.titleFont, &s.chartTitleFont})
            *f = pdfFont(*f);
        s.pdf = true;
        return s;
    }();
    return style;
}

QFont ChartStyle::sidewaysTitleFont(const QString &title) const
{
    QFont font = titleFont;
    if (pdf && font.bold()
        && std::any_of(title.begin(), title.end(), [](QChar c) { return c.script() == QChar::Script_Han; }))
        font.setBold(false);
    return font;
}

QFont ChartStyle::pdfFont(QFont font)
{
    // The PDF's typefaces are its own, whatever the screen's: named, not resolved from the
    // font as given, since for a Chinese user "Sans Serif" and "monospace" resolve to Noto CJK
    // itself. DejaVu is what the text is set in; a character it lacks is looked for in the
    // next family before the system's fallback fonts.
    const bool code = font.fixedPitch() || QFontInfo(font).fixedPitch();
    font.setFamilies({code ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"),
                      QStringLiteral("WenQuanYi Zen Hei")});
    return unshaped(font);
}

ChartTextStyle::ChartTextStyle(QChart *chart, const QPainter *painter)
    : mChart(chart), mTitle(chart->titleFont()), mLegend(chart->legend()->font())
{
    const bool pdf = drawsIntoPdf(painter);
    const auto styled = [pdf](const QFont &f) { return pdf ? ChartStyle::pdfFont(f) : unshaped(f); };
    chart->setTitleFont(styled(mTitle));
    chart->legend()->setFont(styled(mLegend));
    for (QAbstractAxis *axis : chart->axes()) {
        mAxes.append({axis, axis->labelsFont(), axis->titleFont()});
        axis->setLabelsFont(styled(axis->labelsFont()));
        axis->setTitleFont(styled(axis->titleFont()));
    }
}

ChartTextStyle::~ChartTextStyle()
{
    mChart->setTitleFont(mTitle);
    mChart->legend()->setFont(mLegend);
    const QList<QAbstractAxis *> current = mChart->axes();
    for (const AxisFonts &a : mAxes) {
        if (!current.contains(a.axis))
            continue; // removed meanwhile
        a.axis->setLabelsFont(a.labels);
        a.axis->setTitleFont(a.title);
    }
}

void ChartStyle::drawMessage(QPainter *painter, const QRectF &target, const QString &text) const
{
    painter->setFont(titleFont);
    painter->setPen(labelColor);
    painter->drawText(target, Qt::AlignCenter | Qt::TextWordWrap, text);
}

} // namespace tunescope
