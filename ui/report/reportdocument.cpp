#include "report/reportdocument.h"

#include "charts/chartstyle.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {
QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

// Colours shared by the HTML and the PDF so both read the same.
const QColor ink(0x1f, 0x23, 0x28);
const QColor muted(0x5f, 0x66, 0x6d);
const QColor rule(0xd0, 0xd7, 0xde);
const QColor zebra(0xf6, 0xf8, 0xfa);
const QColor mark(0xff, 0xf1, 0xc2);
const QColor headerFill(0xea, 0xee, 0xf2);
const QColor warnFill(0xff, 0xf4, 0xe5);

const char *css = R"(
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1f2328; margin: 0 auto;
       max-width: 1040px; padding: 24px 32px 48px; line-height: 1.45; font-size: 14px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
.subtitle { color: #5f666d; margin: 0 0 20px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
p { margin: 6px 0 10px; }
p.warning { background: #fff4e5; border-left: 4px solid #e8a33d; padding: 6px 10px; }
.scroll { overflow-x: auto; margin: 8px 0 4px; }
table { border-collapse: collapse; font-size: 13px; }
table.data th { background: #eaeef2; text-align: left; position: sticky; top: 0; }
table.data th, table.data td { border: 1px solid #d0d7de; padding: 3px 8px; white-space: nowrap; }
table.data tbody tr:nth-child(even) td { background: #f6f8fa; }
table.data tr.mark td { background: #fff1c2; }
table.kv td { padding: 2px 16px 2px 0; vertical-align: top; }
table.kv td:first-child { font-weight: bold; white-space: nowrap; }
table.kv tr.mark td { background: #fff1c2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wrap { white-space: normal; min-width: 200px; }
.note { color: #5f666d; font-size: 12px; margin: 2px 0 12px; }
div.usernote { border-left: 4px solid #9aa5b1; padding: 2px 12px; margin: 6px 0 14px; }
figure { margin: 12px 0 20px; }
figure img { width: 100%; max-width: 960px; height: auto; border: 1px solid #d0d7de; }
figcaption { color: #5f666d; font-size: 12px; margin-top: 4px; }
figure .charttitle { font-weight: bold; margin-bottom: 4px; }
@media print { h2 { break-after: avoid; } tr, figure { break-inside: avoid; } .scroll { overflow: visible; } }
)";

/// A chart as PNG for the HTML report. PNG rather than SVG: Qt 6.4's QSvgGenerator writes
/// drawn text without escaping it, so a parameter named "<script>" or "a&b" would make the
/// SVG invalid; pixels carry no markup at all.
QByteArray pngOf(const QImage &image)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return out;
}

QByteArray chartPng(const ReportDocument::ChartPainter &paint, QSize size, qreal scale)
{
    QImage image(size * scale, QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    paint(&p, QRectF(QPointF(0, 0), size));
    p.end();
    return pngOf(image);
}

/// The PDF's text font at a size: every word of the document, the page footers included.
QFont baseFont(double pt, bool bold = false)
{
    QFont f;
    f.setPointSizeF(pt);
    f.setBold(bold);
    return ChartStyle::pdfFont(f);
}

/// Cursor over the pages of a PDF: content rectangle, current y, a footer on every page.
class PdfCursor
{
public:
    PdfCursor(QPdfWriter &writer, QPainter &painter, const QString &title)
        : mWriter(writer), mPainter(painter), mTitle(title)
    {
        const double w = painter.device()->width(), h = painter.device()->height();
        mContent = QRectF(margin, margin, w - 2 * margin, h - 2 * margin - footer);
        mY = mContent.top();
        drawFooter();
    }

    static constexpr double margin = 44;  ///< device pixels at 96 dpi: about 11.6 mm
    static constexpr double footer = 20;

    QRectF content() const { return mContent; }
    double y() const { return mY; }
    void advance(double dy) { mY += dy; }
    double remaining() const { return mContent.bottom() - mY; }
    bool atTop() const { return mY <= mContent.top() + 0.5; }

    /// Starts a new page unless `height` still fits (or the page is still empty).
    bool ensure(double height)
    {
        if (height <= remaining() || atTop())
            return false;
        newPage();
        return true;
    }

    void newPage()
    {
        mWriter.newPage();
        ++mPage;
        mY = mContent.top();
        drawFooter();
    }

private:
    void drawFooter()
    {
        mPainter.save();
        const QFont f = baseFont(7.5);
        mPainter.setFont(f);
        mPainter.setPen(muted);
        const QRectF band(mContent.left(), mContent.bottom() + 6, mContent.width(), footer);
        mPainter.drawText(band, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetricsF(f).elidedText(mTitle, Qt::ElideRight, band.width() * 0.8));
        mPainter.drawText(band, Qt::AlignRight | Qt::AlignVCenter, QCoreApplication::translate("tunescope::ReportDocument", "page %1").arg(mPage));
        mPainter.restore();
    }

    QPdfWriter &mWriter;
    QPainter &mPainter;
    QString mTitle;
    QRectF mContent;
    double mY = 0;
    int mPage = 1;
};

template<typename Block>
double chartHeight(const Block &b, const QRectF &content)
{
    return std::min(content.width() * b.size.height() / std::max(1, b.size.width()), content.height() * 0.6);
}

double drawWrapped(QPainter &p, PdfCursor &c, const QString &text, const QFont &font, const QColor &color,
                   const QColor &fill = QColor())
{
    p.setFont(font);
    const double pad = fill.isValid() ? 6 : 0;
    QRectF box(c.content().left() + pad, 0, c.content().width() - 2 * pad, 10000);
    const QRectF need = p.boundingRect(box, Qt::TextWordWrap, text);
    c.ensure(need.height() + 2 * pad);
    box.moveTop(c.y() + pad);
    box.setHeight(need.height());
    if (fill.isValid())
        p.fillRect(QRectF(c.content().left(), c.y(), c.content().width(), need.height() + 2 * pad), fill);
    p.setPen(color);
    p.drawText(box, Qt::TextWordWrap, text);
    c.advance(need.height() + 2 * pad);
    return need.height();
}

/// The user's note with its formatting (headings, emphasis, lists, code), as the HTML report
/// shows it. It flows over pages between lines, never through one.
void drawMarkdown(QPainter &p, PdfCursor &c, const QString &markdown)
{
    QTextDocument note;
    note.documentLayout()->setPaintDevice(p.device()); // the PDF's metrics, not the screen's
    note.setDefaultFont(baseFont(8.5));
    note.setDocumentMargin(0);
    note.setMarkdown(markdown, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub
                                                                 | QTextDocument::MarkdownNoHTML));
    // Code is set in a font of its own (the system's monospace one), so it needs the PDF's
    // font for Chinese (pdfFont) as the default font has it. Gathered first: merging formats
    // may join fragments under an iterator.
    QList<std::pair<int, int>> ownFonts;
    for (QTextBlock block = note.begin(); block.isValid(); block = block.next())
        for (auto it = block.begin(); !it.atEnd(); ++it)
            if (it.fragment().charFormat().hasProperty(QTextFormat::FontFamilies))
                ownFonts.append({it.fragment().position(), it.fragment().length()});
    for (const auto &[position, length] : std::as_const(ownFonts)) {
        QTextCursor run(&note);
        run.setPosition(position);
        run.setPosition(position + length, QTextCursor::KeepAnchor);
        QTextCharFormat format;
        format.setFontFamilies(ChartStyle::pdfFont(run.charFormat().font()).families());
        run.mergeCharFormat(format);
    }
    note.setTextWidth(c.content().width());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, ink);
    // Draws the document's band [top, bottom) at the cursor.
    const auto drawBand = [&](double top, double bottom) {
        if (bottom <= top)
            return;
        p.save();
        p.translate(c.content().left(), c.y() - top);
        p.setClipRect(QRectF(0, top, c.content().width(), bottom - top));
        // The layout skips blocks outside context.clip: the first line of the next band
        // starts at `bottom` and is kept out, so that its text is not in this page twice.
        context.clip = QRectF(0, top, c.content().width(), bottom - top - 0.5);
        note.documentLayout()->draw(&p, context);
        p.restore();
        c.advance(bottom - top);
    };
    double bandTop = 0;
    for (QTextBlock block = note.begin(); block.isValid(); block = block.next()) {
        const QPointF origin = block.layout()->position();
        const QTextLayout *layout = block.layout();
        for (int i = 0; layout && i < layout->lineCount(); ++i) {
            const QRectF line = layout->lineAt(i).rect().translated(origin);
            // A line that does not fit ends the band, unless it is alone on a fresh page.
            if (line.bottom() - bandTop > c.remaining() && (line.top() > bandTop || !c.atTop())) {
                drawBand(bandTop, line.top());
                c.newPage();
                bandTop = line.top();
            }
        }
    }
    drawBand(bandTop, note.size().height());
}

void drawTable(QPainter &p, PdfCursor &c, const ReportDocument::Table &t)
{
    const int columns = t.keyValue ? 2 : int(t.header.size());
    if (columns == 0)
        return;
    const double width = c.content().width();
    const double cellPad = 4;
    // The widest font size that fits the page: wide trial tables shrink to 6 pt before any
    // cell is cut, and cells that still do not fit are elided (the HTML has them whole).
    double pt = t.keyValue ? 8.5 : 8.0;
    QList<double> natural(columns, 0.0);
    auto measure = [&](double size) {
        const QFontMetricsF fm(baseFont(size)), bfm(baseFont(size, true));
        for (int i = 0; i < columns; ++i)
            natural[i] = t.keyValue || i >= t.header.size() ? 0.0 : bfm.horizontalAdvance(t.header[i]) + 2 * cellPad;
        for (const QStringList &row : t.rows) {
            for (int i = 0; i < columns && i < row.size(); ++i) {
                const QFontMetricsF &m = (t.keyValue && i == 0) ? bfm : fm;
                natural[i] = std::max(natural[i], m.horizontalAdvance(row[i].section(u'\n', 0, 0)) + 2 * cellPad);
            }
        }
        double sum = 0;
        for (double &w : natural) {
            w = std::min(w, 260.0);
            sum += w;
        }
        return sum;
    };
    double total = measure(pt);
    while (total > width && pt > 6.0) {
        pt -= 0.5;
        total = measure(pt);
    }
    QList<double> widths = natural;
    if (t.keyValue) {
        widths[0] = std::min(natural[0], width * 0.35);
        widths[1] = width - widths[0];
    } else if (total > width) {
        // Still too wide at 6 pt: every column gives up the same share; cells are elided.
        for (double &w : widths)
            w *= width / total;
    }
    double tableWidth = 0;
    for (double w : widths)
        tableWidth += w;

    const QFont font = baseFont(pt), bold = baseFont(pt, true);
    const QFontMetricsF fm(font);
    const double rowH = fm.height() + 2 * 3;
    const double left = c.content().left();

    auto drawRow = [&](const QStringList &cells, bool header, const QColor &fill) {
        double x = left;
        if (fill.isValid())
            p.fillRect(QRectF(left, c.y(), tableWidth, rowH), fill);
        for (int i = 0; i < columns; ++i) {
            const QString text = i < cells.size() ? cells[i].section(u'\n', 0, 0) : QString();
            const bool num = !header && i < t.numeric.size() && t.numeric[i];
            p.setFont(header || (t.keyValue && i == 0) ? bold : font);
            p.setPen(ink);
            const QRectF cell(x + cellPad, c.y(), widths[i] - 2 * cellPad, rowH);
            const QString shown = QFontMetricsF(p.font()).elidedText(text, Qt::ElideRight, cell.width());
            p.drawText(cell, Qt::AlignVCenter | (num ? Qt::AlignRight : Qt::AlignLeft), shown);
            x += widths[i];
        }
        if (!t.keyValue) {
            p.setPen(QPen(rule, 0.6));
            p.drawLine(QPointF(left, c.y() + rowH), QPointF(left + tableWidth, c.y() + rowH));
        }
        c.advance(rowH);
    };
    auto drawHeader = [&] {
        if (!t.keyValue && !t.header.isEmpty())
            drawRow(t.header, true, headerFill);
    };
    // Keep the header with at least two rows.
    c.ensure(rowH * std::min<qsizetype>(3, t.rows.size() + 1));
    drawHeader();
    for (qsizetype r = 0; r < t.rows.size(); ++r) {
        if (c.ensure(rowH))
            drawHeader();
        const bool marked = r < t.highlighted.size() && t.highlighted[r];
        drawRow(t.rows[r], false, marked ? mark : (!t.keyValue && r % 2 == 1 ? zebra : QColor()));
    }
    if (!t.note.isEmpty()) {
        c.advance(3);
        drawWrapped(p, c, t.note, baseFont(7.5), muted);
    }
    c.advance(10);
}
} // namespace

void ReportDocument::setTitle(const QString &title, const QString &subtitle)
{
    mTitle = title;
    mSubtitle = subtitle;
}

void ReportDocument::addHeading(const QString &text)
{
    mBlocks.append(Block{Kind::Heading, text, {}, {}, {}, {}, {}});
}

void ReportDocument::addParagraph(const QString &text)
{
    mBlocks.append(Block{Kind::Paragraph, text, {}, {}, {}, {}, {}});
}

void ReportDocument::addWarning(const QString &text)
{
    mBlocks.append(Block{Kind::Warning, text, {}, {}, {}, {}, {}});
}

void ReportDocument::addMarkdown(const QString &markdown)
{
    mBlocks.append(Block{Kind::Markdown, markdown, {}, {}, {}, {}, {}});
}

void ReportDocument::addTable(const Table &table)
{
    mBlocks.append(Block{Kind::Table, {}, {}, table, {}, {}, {}});
}

void ReportDocument::addKeyValues(const QList<QPair<QString, QString>> &pairs, const QList<bool> &highlighted)
{
    Table t;
    t.keyValue = true;
    for (const auto &[k, v] : pairs)
        t.rows.append({k, v});
    t.highlighted = highlighted;
    addTable(t);
}

void ReportDocument::addChart(const QString &title, QSize size, ChartPainter paint, const QString &caption)
{
    mBlocks.append(Block{Kind::Chart, title, caption, {}, size, std::move(paint), {}});
}

void ReportDocument::addImage(const QString &title, const QImage &image, const QString &caption)
{
    addChart(title, image.size(), [image](QPainter *p, const QRectF &r) {
        // Whole and undistorted, centred; enlarged at most 1.5 times so that it stays sharp.
        const double scale = std::min({r.width() / image.width(), r.height() / image.height(), 1.5});
        const QSizeF size(image.width() * scale, image.height() * scale);
        p->save();
        p->setRenderHint(QPainter::SmoothPixmapTransform);
        p->drawImage(QRectF(r.center() - QPointF(size.width() / 2, size.height() / 2), size), image);
        p->restore();
    }, caption);
    mBlocks.last().image = image;
}

QByteArray ReportDocument::toHtml() const
{
    QString h;
    int tables = 0; // numbers the tables that need an id for their column rules
    // The language the report's own texts were translated to.
    const QString language = QCoreApplication::translate("tunescope::ReportDocument", "en", "HTML lang of this translation");
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"%1\">\n<head>\n<meta charset=\"utf-8\"/>\n").arg(esc(language));
    h += QStringLiteral("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                        "<meta name=\"generator\" content=\"Tunescope\"/>\n");
    h += QStringLiteral("<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n").arg(esc(mTitle), QString::fromLatin1(css));
    h += QStringLiteral("<h1>%1</h1>\n").arg(esc(mTitle));
    if (!mSubtitle.isEmpty())
        h += QStringLiteral("<p class=\"subtitle\">%1</p>\n").arg(esc(mSubtitle));
    for (const Block &b : mBlocks) {
        switch (b.kind) {
        case Kind::Heading:
            h += QStringLiteral("<h2>%1</h2>\n").arg(esc(b.text));
            break;
        case Kind::Paragraph:
            h += QStringLiteral("<p>%1</p>\n").arg(esc(b.text));
            break;
        case Kind::Warning:
            h += QStringLiteral("<p class=\"warning\">%1</p>\n").arg(esc(b.text));
            break;
        case Kind::Markdown: {
            QTextDocument note;
            note.setMarkdown(b.text, QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub
                                                                       | QTextDocument::MarkdownNoHTML));
            QString body = note.toHtml();
            const qsizetype open = body.indexOf(QLatin1String("<body"));
            const qsizetype start = open < 0 ? -1 : body.indexOf(u'>', open);
            const qsizetype end = body.lastIndexOf(QLatin1String("</body>"));
            body = start >= 0 && end > start ? body.mid(start + 1, end - start - 1) : esc(b.text);
            body.remove(QRegularExpression(QStringLiteral("<img[^>]*>"))); // a report loads nothing
            h += QStringLiteral("<div class=\"usernote\">%1</div>\n").arg(body);
            break;
        }
        case Kind::Table: {
            const Table &t = b.table;
            QString tableId = t.id;
            if (!t.keyValue && tableId.isEmpty() && t.numeric.contains(true))
                tableId = QStringLiteral("table-%1").arg(++tables);
            const QString id = tableId.isEmpty() ? QString() : QStringLiteral(" id=\"%1\"").arg(esc(tableId));
            // Numeric columns are aligned by one rule per column, not a class on every cell:
            // 10,000 rows of a study are a megabyte smaller.
            QStringList numericColumns;
            for (qsizetype i = 0; i < t.numeric.size(); ++i) {
                if (t.numeric[i] && !t.keyValue)
                    numericColumns << QStringLiteral("#%1 td:nth-child(%2)").arg(esc(tableId)).arg(i + 1);
            }
            if (!numericColumns.isEmpty())
                h += QStringLiteral("<style>%1 { text-align: right; font-variant-numeric: tabular-nums; }</style>\n")
                         .arg(numericColumns.join(QStringLiteral(", ")));
            h += t.keyValue ? QStringLiteral("<table class=\"kv\"%1>\n<tbody>\n").arg(id)
                            : QStringLiteral("<div class=\"scroll\"><table class=\"data\"%1>\n<thead><tr>").arg(id);
            if (!t.keyValue) {
                for (const QString &col : t.header)
                    h += QStringLiteral("<th>%1</th>").arg(esc(col));
                h += QStringLiteral("</tr></thead>\n<tbody>\n");
            }
            for (qsizetype r = 0; r < t.rows.size(); ++r) {
                const bool marked = r < t.highlighted.size() && t.highlighted[r];
                h += marked ? QStringLiteral("<tr class=\"mark\">") : QStringLiteral("<tr>");
                const QStringList &row = t.rows[r];
                for (qsizetype i = 0; i < row.size(); ++i) {
                    const bool num = i < t.numeric.size() && t.numeric[i];
                    const bool wrap = row[i].size() > 60;
                    QString cls = num ? (t.keyValue ? QStringLiteral(" class=\"num\"") : QString())
                                      : (wrap ? QStringLiteral(" class=\"wrap\"") : QString());
                    QString text = esc(row[i]);
                    text.replace(u'\n', QStringLiteral("<br/>"));
                    h += QStringLiteral("<td%1>%2</td>").arg(cls, text);
                }
                h += QStringLiteral("</tr>\n");
            }
            h += t.keyValue ? QStringLiteral("</tbody>\n</table>\n") : QStringLiteral("</tbody>\n</table></div>\n");
            if (!t.note.isEmpty())
                h += QStringLiteral("<p class=\"note\">%1</p>\n").arg(esc(t.note));
            break;
        }
        case Kind::Chart: {
            const QByteArray png = b.image.isNull() ? chartPng(b.paint, b.size, mChartScale) : pngOf(b.image);
            h += QStringLiteral("<figure>\n<div class=\"charttitle\">%1</div>\n").arg(esc(b.text));
            // One multi-argument arg(): a "%2" inside a user's metric name is never substituted.
            h += QStringLiteral("<img alt=\"%1\" width=\"%2\" height=\"%3\" src=\"data:image/png;base64,%4\"/>\n")
                     .arg(esc(b.text), QString::number(b.size.width()), QString::number(b.size.height()),
                          QString::fromLatin1(png.toBase64()));
            if (!b.caption.isEmpty())
                h += QStringLiteral("<figcaption>%1</figcaption>\n").arg(esc(b.caption));
            h += QStringLiteral("</figure>\n");
            break;
        }
        }
    }
    h += QStringLiteral("</body>\n</html>\n");
    return h.toUtf8();
}

bool ReportDocument::writeHtml(const QString &path, QString *error) const
{
    QSaveFile file(path);
    const QByteArray bytes = toHtml();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = QCoreApplication::translate("tunescope::ReportDocument", "cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool ReportDocument::writePdf(const QString &path, QString *error) const
{
    QPdfWriter writer(path);
    // 96 dpi: one device unit is one logical pixel, so the charts lay out as on screen (their
    // cosmetic pens and point-sized fonts keep their proportions); everything stays vector.
    writer.setResolution(96);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    writer.setTitle(mTitle);
    writer.setCreator(QStringLiteral("Tunescope"));
    QPainter p;
    if (!p.begin(&writer)) {
        if (error)
            *error = QCoreApplication::translate("tunescope::ReportDocument", "cannot write %1").arg(path);
        return false;
    }
    p.setRenderHint(QPainter::Antialiasing);
    PdfCursor c(writer, p, mTitle);

    drawWrapped(p, c, mTitle, baseFont(17, true), ink);
    if (!mSubtitle.isEmpty()) {
        c.advance(2);
        drawWrapped(p, c, mSubtitle, baseFont(9), muted);
    }
    c.advance(8);
    for (qsizetype i = 0; i < mBlocks.size(); ++i) {
        const Block &b = mBlocks[i];
        switch (b.kind) {
        case Kind::Heading: {
            // A heading never ends a page alone: it keeps with a following chart, or with a
            // few lines of whatever follows.
            double need = QFontMetricsF(baseFont(12.5, true)).height() + 80;
            if (i + 1 < mBlocks.size() && mBlocks[i + 1].kind == Kind::Chart)
                need += chartHeight(mBlocks[i + 1], c.content()) + 40;
            c.ensure(need);
            if (!c.atTop())
                c.advance(10);
            drawWrapped(p, c, b.text, baseFont(12.5, true), ink);
            p.setPen(QPen(rule, 1));
            p.drawLine(QPointF(c.content().left(), c.y() + 2), QPointF(c.content().right(), c.y() + 2));
            c.advance(8);
            break;
        }
        case Kind::Paragraph:
            drawWrapped(p, c, b.text, baseFont(8.5), ink);
            c.advance(6);
            break;
        case Kind::Warning:
            drawWrapped(p, c, b.text, baseFont(8.5), ink, warnFill);
            c.advance(6);
            break;
        case Kind::Markdown:
            drawMarkdown(p, c, b.text);
            c.advance(6);
            break;
        case Kind::Table:
            drawTable(p, c, b.table);
            break;
        case Kind::Chart: {
            const double w = c.content().width();
            const double h = chartHeight(b, c.content());
            const QFont titleFont = baseFont(9, true);
            const double titleH = QFontMetricsF(titleFont).height() + 4;
            const double captionH = b.caption.isEmpty() ? 0 : 40;
            c.ensure(titleH + h + captionH);
            drawWrapped(p, c, b.text, titleFont, ink);
            c.advance(4);
            const QRectF target(c.content().left(), c.y(), w, h);
            p.save();
            p.setClipRect(target);
            b.paint(&p, target);
            p.restore();
            p.setPen(QPen(rule, 0.8));
            p.setBrush(Qt::NoBrush);
            p.drawRect(target);
            c.advance(h + 4);
            if (!b.caption.isEmpty())
                drawWrapped(p, c, b.caption, baseFont(7.5), muted);
            c.advance(12);
            break;
        }
        }
    }
    if (!p.end()) {
        if (error)
            *error = QCoreApplication::translate("tunescope::ReportDocument", "cannot write %1").arg(path);
        return false;
    }
    QFile check(path);
    if (!check.exists() || check.size() == 0) {
        if (error)
            *error = QCoreApplication::translate("tunescope::ReportDocument", "cannot write %1").arg(path);
        return false;
    }
    return true;
}

} // namespace tunescope
