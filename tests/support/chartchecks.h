#pragma once

// Shared by the chart suites (tst_charts, tst_pareto, tst_studyviews): what every chart's
// export must give, what a drawing holds, and a way to look at the charts a test drew.
#include "charts/chartexport.h"
#include "charts/chartview.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace chartchecks {

using namespace tunescope;

/// How many pixels of the image have a colour for which isCounted(QColor) holds.
template <typename Predicate>
int countPixelsWhere(const QImage &image, Predicate isCounted)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += isCounted(image.pixelColor(x, y)) ? 1 : 0;
    return n;
}

/// How many pixels of the image are exactly this colour (a series drawn in it, or not).
inline int countPixels(const QImage &image, const QColor &colour)
{
    return countPixelsWhere(image, [&colour](const QColor &c) { return c == colour; });
}

/// With TUNESCOPE_CHART_DUMP=<dir> set, writes view to <dir>/<name>.png for a look.
inline void dump(ChartView *view, const QString &name)
{
    const QString dir = qEnvironmentVariable("TUNESCOPE_CHART_DUMP");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(ChartExport::savePng(view, dir + QLatin1Char('/') + name + QStringLiteral(".png"), QSize(900, 560), 1.0));
}

/// Exports view (it need never have been shown) at 640x400: a PNG rendered at 2x that is not
/// blank, a well-formed SVG with a real drawing in it, and no file of an unknown format.
/// Callers check QTest::currentTestFailed() after it.
inline void verifyPngAndSvgExport(ChartView *view)
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("chart.png"));
    const QString svg = dir.filePath(QStringLiteral("chart.svg"));
    QString error;
    QVERIFY2(ChartExport::save(view, png, QSize(640, 400), &error), qPrintable(error));
    QVERIFY2(ChartExport::save(view, svg, QSize(640, 400), &error), qPrintable(error));
    QVERIFY(!ChartExport::save(view, dir.filePath(QStringLiteral("chart.bmp")), QSize(), &error));

    QImage img(png);
    QVERIFY(!img.isNull());
    QCOMPARE(img.size(), QSize(1280, 800)); // rendered at 2x
    // not blank: the chart painted more than its white background
    QSet<QRgb> colours;
    for (int y = 0; y < img.height(); y += 7)
        for (int x = 0; x < img.width(); x += 7)
            colours.insert(img.pixel(x, y));
    QVERIFY2(colours.size() > 10, qPrintable(QString::number(colours.size())));

    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    int elements = 0;
    bool rootIsSvg = false;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            if (elements++ == 0)
                rootIsSvg = xml.name() == QLatin1String("svg");
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(rootIsSvg);
    QVERIFY(elements > 20);
}

} // namespace chartchecks
