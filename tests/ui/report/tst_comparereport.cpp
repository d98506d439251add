// The compare report: HTML that stays well-formed and escaped whatever the study and
// parameter names, and a PDF that renders.
#include "report/comparereport.h"
#include "analysis/comparison.h"
#include "support/reportfixture.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace tunescope;

namespace {
ComparedStudy compared(const StudyData &d, const QString &source = QStringLiteral("a.db"))
{
    return ComparedStudy{d, {}, source, {}};
}
} // namespace

class TestCompareReport : public QObject
{
    Q_OBJECT

private slots:
    void reportHtml();
    void reportPdf();
};

void TestCompareReport::reportHtml()
{
    const QString hostile = QStringLiteral("<script>alert(1)</script>");
    QList<ComparedStudy> studies{compared(fixture::makeStudy(hostile + QStringLiteral("-seed1"), 20, 1, hostile, hostile)),
                                 compared(fixture::makeStudy(hostile + QStringLiteral("-seed2"), 20, 2, hostile, hostile)),
                                 compared(fixture::makeStudy(QStringLiteral("bayes & co"), 25, 3))};
    StudyComparison::assignLabels(studies, true);
    const QByteArray html = CompareReport(std::make_shared<const StudyComparison>(studies)).toHtml();
    QXmlStreamReader xml(html);
    int images = 0, markedRows = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            QVERIFY(xml.name() != QLatin1String("script"));
            images += xml.name() == QLatin1String("img");
            markedRows += xml.name() == QLatin1String("tr") && xml.attributes().value(QLatin1String("class")) == QLatin1String("mark");
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(images, 3); // best so far, box plot, empirical distribution
    QVERIFY(markedRows > 0);
    QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;-seed1"));
    QVERIFY(html.contains("bayes &amp; co"));
    QVERIFY(!html.contains("<script"));
}

void TestCompareReport::reportPdf()
{
    QList<ComparedStudy> studies{compared(fixture::makeStudy(QStringLiteral("a"), 20, 1)),
                                 compared(fixture::makeStudy(QStringLiteral("b"), 20, 2))};
    StudyComparison::assignLabels(studies, true);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("compare.pdf"));
    QString error;
    QVERIFY2(CompareReport(std::make_shared<const StudyComparison>(studies)).writePdf(path, &error), qPrintable(error));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(5) == "%PDF-");
    QVERIFY(f.size() > 5000);
}

QTEST_MAIN(TestCompareReport)
#include "tst_comparereport.moc"
