// The study report: HTML that parses and holds every trial, escaped hostile names everywhere
// (text and charts) and a PDF that renders to pages.
// The importance measure behind its ranking is tested in tests/core/analysis/tst_importance.cpp.
#include "charts/chartstyle.h"
#include "report/reportdocument.h"
#include "support/reportfixture.h"
#include "report/studyreport.h"
#include "samplers/recommender.h"
#include "storage/studylocation.h"

#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QImage>
#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLineSeries>
#include <QPainter>
#include <QPdfWriter>
#include <QValueAxis>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>

using namespace tunescope;

namespace {
/// Before main(), so before fontconfig reads it: fontconfig orders fallback fonts by the user's
/// language, and for a Chinese user the fallback for Chinese text is Noto Sans CJK, the font
/// whose Chinese text in a PDF copied as radicals. Latin text is set as before.
const bool chineseUser = qputenv("FC_LANG", "zh-cn");

/// Parses the HTML as XML (the writer emits well-formed XHTML); returns the error, or empty.
/// Counts the rows of the body of the table with id `tableId`, and collects image sources.
QString parseHtml(const QByteArray &html, const QString &tableId, int *rows, QStringList *images)
{
    QXmlStreamReader xml(html);
    bool inTable = false, inBody = false;
    *rows = 0;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("table") && xml.attributes().value(QLatin1String("id")) == tableId)
                inTable = true;
            else if (inTable && xml.name() == QLatin1String("tbody"))
                inBody = true;
            else if (inBody && xml.name() == QLatin1String("tr"))
                ++*rows;
            else if (xml.name() == QLatin1String("img"))
                images->append(xml.attributes().value(QLatin1String("src")).toString());
            else if (xml.name() == QLatin1String("script"))
                return QStringLiteral("a <script> element");
        } else if (xml.isEndElement() && xml.name() == QLatin1String("table")) {
            inTable = inBody = false;
        }
    }
    return xml.hasError() ? xml.errorString() + QStringLiteral(" at line %1").arg(xml.lineNumber()) : QString();
}
} // namespace

class TestReport : public QObject
{
    Q_OBJECT

private slots:
    void htmlHoldsEveryTrial();
    void hostileNames_data();
    void hostileNames();
    void pdfRenders();
    void pdfNotesKeepTheirMarkdown();
    void pdfTextCopiesAsWritten_data();
    void pdfTextCopiesAsWritten();
    void pdfTurnedChineseTitlesAreRegular();
    void documentTablesBreakBetweenRows();
    void sectionsThatDependOnTheStudy_data();
    void sectionsThatDependOnTheStudy();
    void bestTrialImages();
    void recommendedTrialOfANoisyStudy();
    void computeInReadableUnits_data();
    void computeInReadableUnits();
};

void TestReport::htmlHoldsEveryTrial()
{
    StudyData study = fixture::makeStudy(QStringLiteral("mlp"), 37, 3);
    study.spec.methodOptions = {{QStringLiteral("n_startup_trials"), 12}, {QStringLiteral("candidate_sets"), 2}};
    StudyReport report(study, QStringLiteral("/tmp/study.db"));
    const QByteArray html = report.toHtml();
    int rows = 0;
    QStringList images;
    const QString error = parseHtml(html, QStringLiteral("trials"), &rows, &images);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows, 37);
    // Self-contained: every chart is a data URI, nothing is fetched.
    QVERIFY(images.size() >= 8); // with the distribution and the timeline
    for (const QString &src : images)
        QVERIFY(src.startsWith(QLatin1String("data:image/png;base64,")));
    QVERIFY(!html.contains("http://") || html.contains("http://www.w3.org"));
    QVERIFY(!html.contains("https://"));
    // Numbers are right-aligned by one rule per column (the trial number is the first), not
    // by a class on each of thousands of cells.
    QVERIFY(html.contains("#trials td:nth-child(1)"));
    QVERIFY(!html.contains("<td class=\"num\">"));
    for (const char *section : {"Best trial", "Study settings", "Search space", "Best so far", "Validation curves",
                                "Parameter heatmaps", "Parallel coordinates", "Parameter importance", "All trials", "Environment",
                                "fANOVA", "Tunescope"})
        QVERIFY2(html.contains(section), section);
    // The sampler's settings are part of what the study was: a report without them could not
    // tell two runs of one method apart.
    QVERIFY(html.contains("Method options"));
    QVERIFY(html.contains("candidate_sets=2 n_startup_trials=12"));
}

void TestReport::sectionsThatDependOnTheStudy_data()
{
    QTest::addColumn<bool>("trainLoss");
    QTest::addColumn<bool>("twoObjectives");
    QTest::addColumn<bool>("artifacts");
    QTest::addColumn<bool>("oneStep");
    QTest::newRow("one metric") << false << false << false << false;
    QTest::newRow("a training metric too") << true << false << false << false;
    QTest::newRow("two objectives") << false << true << false << false;
    QTest::newRow("declared artifacts") << false << false << true << false;
    QTest::newRow("metrics reported once") << true << false << false << true;
}

void TestReport::sectionsThatDependOnTheStudy()
{
    // The two-metrics chart when the trials report a second metric; the hypervolume history
    // when the study has two or more objectives; neither otherwise. No curves at all when every
    // trial reported its metrics at one step (a program that prints its result once).
    QFETCH(bool, trainLoss);
    QFETCH(bool, twoObjectives);
    QFETCH(bool, artifacts);
    QFETCH(bool, oneStep);
    StudyData study = fixture::makeStudy(QStringLiteral("mlp"), 30, 5);
    // The files trials declared (`artifact=path`): a table of them, paths escaped.
    if (artifacts) {
        study.trials[3].id = 103;
        study.trials[7].id = 107;
        study.artifacts.insert(103, {QStringLiteral("plots/loss.png"), QStringLiteral("preds.csv")});
        study.artifacts.insert(107, {QStringLiteral("<b>bold</b>.png")});
    }
    if (twoObjectives)
        study.spec.metrics.append(MetricSpec{QStringLiteral("size_mb"), Goal::Minimize, false});
    for (Trial &t : study.trials) {
        const QList<MetricPoint> accuracy = t.intermediate.value(QStringLiteral("val_accuracy"));
        if (trainLoss) {
            for (const MetricPoint &p : accuracy)
                t.intermediate[QStringLiteral("train_loss")].append({p.step, 1.0 - p.value});
        }
        if (twoObjectives && t.value)
            t.values = {*t.value, 10.0 + t.number % 7};
        if (oneStep) {
            for (QList<MetricPoint> &series : t.intermediate)
                series = series.mid(series.size() - 1);
        }
    }
    StudyReport report(study, QStringLiteral("/tmp/study.db"));
    const QByteArray html = report.toHtml();
    int rows = 0;
    QStringList images;
    const QString error = parseHtml(html, QStringLiteral("trials"), &rows, &images);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(html.contains("Validation curves"), !oneStep);
    QCOMPARE(html.contains("Two metrics side by side"), trainLoss && !oneStep);
    QCOMPARE(html.contains("val_accuracy and train_loss per step, every trial"), trainLoss && !oneStep);
    QCOMPARE(html.contains("<h2>Hypervolume</h2>"), twoObjectives);
    QCOMPARE(html.contains("Hypervolume of the Pareto front after each finished trial"), twoObjectives);
    QCOMPARE(html.contains("<h2>Trial artifacts</h2>"), artifacts);
    if (artifacts) {
        int artifactRows = 0;
        QVERIFY(parseHtml(html, QStringLiteral("artifacts"), &artifactRows, &images).isEmpty());
        QCOMPARE(artifactRows, 2);
        QVERIFY(html.contains("plots/loss.png, preds.csv"));
        QVERIFY(html.contains("&lt;b&gt;bold&lt;/b&gt;.png") && !html.contains("<b>bold</b>"));
    }
}

void TestReport::recommendedTrialOfANoisyStudy()
{
    // A bayes study whose values carry noise, one trial far from the peak a lucky draw above
    // all others: the report names the trial the model recommends (what `tunescope run`
    // prints at the end) beside the best observed one. Other methods have no model and no
    // such section.
    StudyData study = fixture::makeStudy(QStringLiteral("noisy"), 60, 5, QStringLiteral("optimizer"), QString(),
                                         QStringLiteral("bayes"));
    QRandomGenerator rng(17);
    double highest = -1.0;
    int lucky = -1;
    for (Trial &t : study.trials) {
        if (t.state != TrialState::Complete)
            continue;
        t.value = *t.value + 0.04 * (rng.generateDouble() - 0.5);
        highest = std::max(highest, *t.value);
        if (lucky < 0 && t.params.value(QStringLiteral("lr")).toDouble() < 3e-4)
            lucky = t.number;
    }
    QVERIFY(lucky >= 0);
    study.trials[lucky].value = highest + 0.02;
    const std::optional<int> pick = Recommender().recommended(study.spec, study.trials);
    QVERIFY(pick && *pick != lucky); // what the data is made for

    const QByteArray html = StudyReport(study, QStringLiteral("/tmp/study.db")).toHtml();
    int rows = 0;
    QStringList images;
    const QString error = parseHtml(html, QStringLiteral("trials"), &rows, &images);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(html.contains("<h2>Best trial</h2>"));
    QVERIFY(html.contains("<h2>Recommended trial</h2>"));
    QVERIFY2(html.contains(QStringLiteral("The model expects trial %1 to be the best").arg(*pick).toUtf8()), html.constData());
    QVERIFY(html.indexOf("<h2>Best trial</h2>") < html.indexOf("<h2>Recommended trial</h2>"));

    study.spec.method = study.record.method = QStringLiteral("random");
    const QByteArray plain = StudyReport(study, QStringLiteral("/tmp/study.db")).toHtml();
    QVERIFY(plain.contains("<h2>Best trial</h2>"));
    QVERIFY(!plain.contains("Recommended trial"));
}

void TestReport::bestTrialImages()
{
    // The images the best trial declared are figures of the report, read from its folder:
    // big ones scaled down, files that are not images and links out of the folder left out,
    // other trials' images not shown. Without local trial folders, only the table.
    StudyData study = fixture::makeStudy(QStringLiteral("mlp"), 30, 5);
    for (int i = 0; i < study.trials.size(); ++i)
        study.trials[i].id = 100 + i;
    const Trial *best = bestTrial(study.trials, Goal::Maximize);
    QVERIFY(best);
    const Trial *other = best->number == 0 ? &study.trials[1] : &study.trials[0];
    study.artifacts.insert(best->id, {QStringLiteral("plots/loss.png"), QStringLiteral("preds.csv"), QStringLiteral("outside.png"),
                                      QStringLiteral("gone.png"), QStringLiteral("huge.png")});
    study.artifacts.insert(other->id, {QStringLiteral("other.png")});
    QTemporaryDir runs;
    const QString folder = trialFolder(runs.path(), study.record.name, study.record.id, best->number);
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/plots")));
    QImage loss(400, 300, QImage::Format_RGB32);
    loss.fill(QColor(200, 30, 30));
    QVERIFY(loss.save(folder + QStringLiteral("/plots/loss.png")));
    QImage huge(4000, 1000, QImage::Format_RGB32);
    huge.fill(Qt::blue);
    QVERIFY(huge.save(folder + QStringLiteral("/huge.png")));
    QFile csv(folder + QStringLiteral("/preds.csv"));
    QVERIFY(csv.open(QIODevice::WriteOnly) && csv.write("a,b\n1,2\n") > 0);
    csv.close();
    QVERIFY(loss.save(runs.filePath(QStringLiteral("secret.png"))));
    QVERIFY(QFile::link(runs.filePath(QStringLiteral("secret.png")), folder + QStringLiteral("/outside.png")));
    const QString otherFolder = trialFolder(runs.path(), study.record.name, study.record.id, other->number);
    QVERIFY(QDir().mkpath(otherFolder) && loss.save(otherFolder + QStringLiteral("/other.png")));

    const auto figureTitle = [best](const char *file) {
        return QStringLiteral("alt=\"Best trial %1: %2\"").arg(best->number).arg(QLatin1String(file)).toUtf8();
    };
    QCOMPARE(StudyReport(study).toHtml().count("alt=\"Best trial "), 0); // no trial folders here
    study.runsDirectory = runs.path();
    const QByteArray html = StudyReport(study).toHtml();
    QCOMPARE(html.count("alt=\"Best trial "), 2);
    QVERIFY(html.contains(figureTitle("plots/loss.png")));
    QVERIFY(html.contains(figureTitle("huge.png") + " width=\"1200\" height=\"300\""));
    for (const char *left : {"preds.csv", "outside.png", "gone.png"})
        QVERIFY2(!html.contains(figureTitle(left)), left);
    QVERIFY(!html.contains("other.png\" width"));
    // The picture is embedded as it is, not re-rendered at twice its size.
    int rows = 0;
    QStringList images;
    QVERIFY(parseHtml(html, QStringLiteral("trials"), &rows, &images).isEmpty());
    const bool lossEmbedded = std::any_of(images.begin(), images.end(), [](const QString &src) {
        QImage image;
        return image.loadFromData(QByteArray::fromBase64(src.section(u',', 1).toLatin1()), "PNG") && image.size() == QSize(400, 300)
               && image.pixelColor(200, 150) == QColor(200, 30, 30);
    });
    QVERIFY(lossEmbedded);
    QTemporaryDir out;
    QVERIFY(StudyReport(study).writePdf(out.filePath(QStringLiteral("images.pdf"))));
}

void TestReport::hostileNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("script tag") << QStringLiteral("<script>alert(1)</script>");
    QTest::newRow("img onerror") << QStringLiteral("<img src=x onerror=alert(1)>");
    QTest::newRow("quotes and ampersand") << QStringLiteral("a\"b'c&d<e>");
    QTest::newRow("unicode") << QStringLiteral("λ-Größe ✓");
}

void TestReport::hostileNames()
{
    QFETCH(QString, name);
    const StudyData study = fixture::makeStudy(name, 20, 5, name, name);
    StudyReport report(study);
    const QByteArray html = report.toHtml();
    int rows = 0;
    QStringList images;
    const QString error = parseHtml(html, QStringLiteral("trials"), &rows, &images);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows, 20);
    QVERIFY(!html.contains("<script"));
    QVERIFY(!html.contains("<img src=x"));
    QVERIFY(html.contains(name.toHtmlEscaped().toUtf8()));
    // The charts carry the names too (axis titles, legends); they are embedded as PNG, which
    // holds no markup, and each must decode.
    for (const QString &src : images) {
        QImage image;
        QVERIFY(image.loadFromData(QByteArray::fromBase64(src.section(u',', 1).toLatin1()), "PNG"));
        QVERIFY(image.width() > 100 && image.height() > 100);
    }
}

void TestReport::pdfRenders()
{
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
    StudyReport report(fixture::makeStudy(QStringLiteral("<script>alert(1)</script>"), 60, 11));
    QString error;
    QVERIFY2(report.writePdf(pdf, &error), qPrintable(error));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(5) == "%PDF-");
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty())
        QSKIP("pdftoppm (poppler-utils) is not installed");
    QProcess proc;
    proc.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("30"), QStringLiteral("-png"), pdf, dir.filePath(QStringLiteral("page"))});
    QVERIFY(proc.waitForFinished(60000));
    QCOMPARE(proc.exitCode(), 0);
    const QStringList pages = QDir(dir.path()).entryList({QStringLiteral("page*.png")});
    QVERIFY2(pages.size() >= 4, qPrintable(QString::number(pages.size())));
}

namespace {

/// What a poppler tool prints about the file, or a null string when it is not installed.
QString poppler(const QString &tool, const QStringList &arguments)
{
    const QString program = QStandardPaths::findExecutable(tool);
    if (program.isEmpty())
        return {};
    QProcess proc;
    proc.start(program, arguments);
    if (!proc.waitForFinished(60000) || proc.exitCode() != 0)
        return QStringLiteral("%1 failed: %2").arg(tool, QString::fromLocal8Bit(proc.readAllStandardError()));
    return QString::fromUtf8(proc.readAllStandardOutput());
}

} // namespace

void TestReport::pdfNotesKeepTheirMarkdown()
{
    // A study's note in the PDF as in the HTML: its heading set larger than its text, no
    // Markdown signs left, and a note longer than a page flows on to the next pages whole.
    ReportDocument doc;
    doc.setTitle(QStringLiteral("notes"));
    QString note = QStringLiteral("## Why\n\nThe *learning rate* matters most.\n\n- item one\n- item two\n\n");
    for (int i = 0; i < 120; ++i)
        note += QStringLiteral("Paragraph %1 of the note.\n\n").arg(i);
    doc.addMarkdown(note);
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("notes.pdf"));
    QVERIFY(doc.writePdf(pdf, nullptr));
    // Word boxes (pdftotext -bbox): the heading's height against a line of text. An italic
    // font is no proof here: with fonts-dejavu-core alone, Qt slants the regular face.
    const QString boxes = poppler(QStringLiteral("pdftotext"), {QStringLiteral("-bbox"), pdf, QStringLiteral("-")});
    if (boxes.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    const auto height = [&boxes](const QString &word) {
        static const QRegularExpression box(QStringLiteral("<word xMin=\"[^\"]+\" yMin=\"([^\"]+)\" xMax=\"[^\"]+\" yMax=\"([^\"]+)\">([^<]*)</word>"));
        for (auto it = box.globalMatch(boxes); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (m.captured(3) == word)
                return m.captured(2).toDouble() - m.captured(1).toDouble();
        }
        return 0.0;
    };
    const double heading = height(QStringLiteral("Why")), text = height(QStringLiteral("matters"));
    QVERIFY2(text > 0 && heading > 1.2 * text, qPrintable(QStringLiteral("heading %1, text %2").arg(heading).arg(text)));
    const QString plain = poppler(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QVERIFY2(!plain.contains(QLatin1String("## Why")) && !plain.contains(QLatin1Char('*')), qPrintable(plain.left(300)));
    QVERIFY(plain.contains(QLatin1String("learning rate")) && plain.contains(QLatin1String("item two")));
    for (int i = 0; i < 120; ++i) { // each line once: none lost at a page break, none doubled
        const QString line = QStringLiteral("Paragraph %1 of the note.").arg(i);
        QVERIFY2(plain.count(line) == 1, qPrintable(QStringLiteral("%1: %2 times").arg(line).arg(plain.count(line))));
    }
    QVERIFY2(plain.count(QLatin1Char('\f')) >= 2, qPrintable(QString::number(plain.count(QLatin1Char('\f'))))); // pages
}

void TestReport::pdfTextCopiesAsWritten_data()
{
    // Text that drawing can turn into other characters: the copied PDF text must hold it as
    // written, and none of the characters it is known to turn into.
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("forbidden");
    // "fi", "fl" and "ff" as ligatures copy as U+FB00 to U+FB06: a path with "fi" in it could
    // not be found.
    QTest::newRow("latin ligatures") << QStringLiteral("/tmp/profile-affluent/fifty/train.sh")
                                     << QStringLiteral("[\\x{FB00}-\\x{FB06}]");
    // Noto Sans CJK draws 小 and the radical U+2F29 with one glyph, and the PDF mapped the
    // glyph back to the radical: "最⼩化", and a search for 行 or 页 found nothing.
    QTest::newRow("chinese") << QStringLiteral("最小化目标：一行一页，每个试验")
                             << QStringLiteral("[\\x{2E80}-\\x{2FDF}]");
}

void TestReport::pdfTextCopiesAsWritten()
{
    // Every kind of text in a PDF report reads back as written: body, table, note, page
    // footer, painted charts and Qt Charts charts.
    QFETCH(QString, written);
    QFETCH(QString, forbidden);
    if (QString::fromUtf8(QTest::currentDataTag()) == QLatin1String("chinese"))
        QVERIFY2(QFontDatabase::hasFamily(QStringLiteral("WenQuanYi Zen Hei")),
                 "the PDF's Chinese font is missing: install fonts-wqy-zenhei (scripts/install-deps.sh)");
    ReportDocument doc;
    doc.setTitle(QStringLiteral("office ") + written);
    doc.addParagraph(QStringLiteral("Program: ") + written);
    ReportDocument::Table t;
    t.keyValue = true;
    t.rows = {{QStringLiteral("Program"), written}};
    doc.addTable(t);
    // A note's text, and code in it (set in a monospace font).
    doc.addMarkdown(QStringLiteral("The *fluffy* baseline: ") + written + QStringLiteral(" (`") + written + QStringLiteral("`)"));
    // Chart text too: every chart labels its axes and legends in ChartStyle's fonts for its
    // painter.
    doc.addChart(QStringLiteral("chart"), QSize(400, 200), [&](QPainter *p, const QRectF &r) {
        const ChartStyle &style = ChartStyle::get(p);
        p->setFont(style.labelFont);
        p->drawText(r.topLeft() + QPointF(10, 30), QStringLiteral("label ") + written);
        p->setFont(style.titleFont);
        p->drawText(r.topLeft() + QPointF(10, 60), QStringLiteral("title ") + written);
        p->setFont(style.chartTitleFont);
        p->drawText(r.topLeft() + QPointF(10, 90), QStringLiteral("heading ") + written);
    });
    // And a Qt Charts chart's (best so far, curves, Pareto front), rendered as a SeriesChart
    // renders its scene.
    QGraphicsScene scene;
    auto *chart = new QChart;
    scene.addItem(chart);
    chart->setTheme(QChart::ChartThemeLight);
    chart->setTitle(QStringLiteral("chart ") + written);
    auto *axis = new QValueAxis;
    axis->setTitleText(QStringLiteral("axis ") + written);
    chart->addAxis(axis, Qt::AlignBottom);
    auto *series = new QLineSeries;
    series->setName(QStringLiteral("legend ") + written);
    series->append(0, 0);
    series->append(1, 1);
    chart->addSeries(series);
    series->attachAxis(axis);
    const QFont screenTitleFont = chart->titleFont();
    doc.addChart(QStringLiteral("qt chart"), QSize(900, 300), [&](QPainter *p, const QRectF &r) {
        const ChartTextStyle text(chart, p);
        chart->resize(900, 300);
        chart->layout()->activate();
        scene.render(p, r, QRectF(chart->pos(), QSizeF(900, 300)));
    });
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("copy.pdf"));
    QVERIFY(doc.writePdf(pdf, nullptr));
    // The chart is on screen too: its own fonts are back.
    QCOMPARE(chart->titleFont(), screenTitleFont);
    const QString text = poppler(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    if (text.isNull())
        QSKIP("pdftotext (poppler-utils) is not installed");
    // Title, footer, paragraph, table, note and its code, three painted labels, chart title,
    // axis, legend.
    QVERIFY2(text.count(written) == 12, qPrintable(QString::number(text.count(written)) + QLatin1Char('\n') + text));
    QVERIFY2(!text.contains(QRegularExpression(forbidden)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("office")) && text.contains(QLatin1String("fluffy")), qPrintable(text));
}

void TestReport::pdfTurnedChineseTitlesAreRegular()
{
    // A vertical axis's title in a PDF: WenQuanYi Zen Hei has no bold face, and Qt's PDF
    // writer fakes one with a sideways copy of each glyph that smears turned ideographs into
    // each other. Such titles are set regular there; elsewhere, and on screen, they stay bold.
    const QString chinese = QStringLiteral("val_loss (最小化)");
    const QString latin = QStringLiteral("val_loss (minimize)");
    const ChartStyle &screen = ChartStyle::get();
    QVERIFY(screen.titleFont.bold());
    QVERIFY(screen.sidewaysTitleFont(chinese).bold());
    QTemporaryDir dir;
    QPdfWriter writer(dir.filePath(QStringLiteral("a.pdf")));
    QPainter p(&writer);
    const ChartStyle &pdf = ChartStyle::get(&p);
    QVERIFY(pdf.titleFont.bold());
    QVERIFY(!pdf.sidewaysTitleFont(chinese).bold());
    QVERIFY(pdf.sidewaysTitleFont(latin).bold());
    QCOMPARE(pdf.sidewaysTitleFont(chinese).families(), pdf.titleFont.families());
    QCOMPARE(pdf.sidewaysTitleFont(chinese).pointSizeF(), pdf.titleFont.pointSizeF());
}

void TestReport::documentTablesBreakBetweenRows()
{
    // A table far longer than a page: it must flow over several pages (header repeated).
    ReportDocument doc;
    doc.setTitle(QStringLiteral("long"));
    ReportDocument::Table t;
    t.header = {QStringLiteral("n"), QStringLiteral("text")};
    for (int i = 0; i < 200; ++i)
        t.rows.append({QString::number(i), QStringLiteral("row %1").arg(i)});
    doc.addTable(t);
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("long.pdf"));
    QVERIFY(doc.writePdf(pdf, nullptr));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    const int pageCount = int(QString::fromLatin1(bytes).count(QRegularExpression(QStringLiteral("/Type\\s*/Page(?!s)"))));
    QVERIFY2(pageCount >= 3, qPrintable(QString::number(pageCount)));
}

QTEST_MAIN(TestReport)


void TestReport::computeInReadableUnits_data()
{
    // Each finished trial's measured CPU seconds, and what the table's "All" row must say.
    QTest::addColumn<double>("cpuSeconds");
    QTest::addColumn<QString>("total");
    QTest::newRow("short trials: seconds") << 0.5 << QStringLiteral("15 s");
    QTest::newRow("minutes") << 40.0 << QStringLiteral("20 min");
    QTest::newRow("hours") << 500.0 << QStringLiteral("4 h 10 min");
}

void TestReport::computeInReadableUnits()
{
    // A study of short trials used seconds of CPU: "0.00 CPU-hours" read as nothing at all.
    QFETCH(double, cpuSeconds);
    QFETCH(QString, total);
    StudyData study = fixture::makeStudy(QStringLiteral("mlp"), 30, 3);
    int finished = 0;
    for (Trial &t : study.trials) {
        t.state = TrialState::Complete;
        t.usage.cpuSeconds = cpuSeconds;
        ++finished;
    }
    QCOMPARE(finished, 30);
    const QByteArray html = StudyReport(study, QStringLiteral("/tmp/study.db")).toHtml();
    const qsizetype from = html.indexOf("<h2>Compute</h2>");
    QVERIFY(from >= 0);
    const QByteArray section = html.mid(from, html.indexOf("<h2>", from + 5) - from);
    QVERIFY2(section.contains(QStringLiteral("<td>%1</td>").arg(total).toUtf8()), section.constData());
    QVERIFY2(!section.contains("0.00"), section.constData());
}

#include "tst_report.moc"
