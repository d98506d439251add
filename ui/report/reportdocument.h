#pragma once

#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

#include <QImage>

#include <functional>

class QPainter;
class QRectF;

namespace tunescope {

/// A report as a list of blocks (headings, text, tables, charts) written two ways: one
/// self-contained HTML file (inline CSS, charts as PNG data URIs, no scripts, no network) and a
/// PDF through Qt's own QPdfWriter (A4, charts as vectors, tables that break between rows and
/// repeat their header). Every string is treated as text: it is escaped in HTML and drawn
/// literally in the PDF, so a parameter named "<script>" is only ever shown.
class ReportDocument
{
public:
    using ChartPainter = std::function<void(QPainter *, const QRectF &)>;

    struct Table
    {
        QString id;                ///< HTML id (tests find the trials table by it)
        QStringList header;
        QList<QStringList> rows;
        QList<bool> highlighted;   ///< per row: marked (e.g. differs between studies); may be short
        QList<bool> numeric;       ///< per column: right-aligned; may be short
        bool keyValue = false;     ///< two columns, the first one bold, no header
        QString note;              ///< small text under the table
    };

    void setTitle(const QString &title, const QString &subtitle = {});
    QString title() const { return mTitle; }

    void addHeading(const QString &text);
    void addParagraph(const QString &text);
    /// A paragraph in the warning style.
    void addWarning(const QString &text);
    /// A user's Markdown note, formatted in the HTML and the PDF (raw HTML in it and images
    /// left out, so it stays text and needs no network).
    void addMarkdown(const QString &markdown);
    void addTable(const Table &table);
    void addKeyValues(const QList<QPair<QString, QString>> &pairs, const QList<bool> &highlighted = {});
    /// A chart painted by `paint` into any rectangle; `size` is its size in the HTML (logical
    /// pixels) and gives its aspect ratio in the PDF.
    void addChart(const QString &title, QSize size, ChartPainter paint, const QString &caption = {});
    /// A picture as a figure: in the HTML as it is (PNG, its own size), in the PDF as wide as
    /// a chart but never enlarged more than 1.5 times.
    void addImage(const QString &title, const QImage &image, const QString &caption = {});

    /// Pixels per logical pixel of the charts in the HTML (2: sharp on high-density screens).
    void setChartScale(qreal scale) { mChartScale = scale; }

    QByteArray toHtml() const;
    bool writeHtml(const QString &path, QString *error) const;
    bool writePdf(const QString &path, QString *error) const;

private:
    enum class Kind { Heading, Paragraph, Warning, Markdown, Table, Chart };
    struct Block
    {
        Kind kind = Kind::Paragraph;
        QString text;       ///< heading/paragraph text, chart title
        QString caption;    ///< chart caption
        Table table;
        QSize size;
        ChartPainter paint;
        QImage image;       ///< a picture's own pixels, for the HTML (addImage)
    };

    QString mTitle;
    QString mSubtitle;
    QList<Block> mBlocks;
    qreal mChartScale = 2.0;
};

} // namespace tunescope
