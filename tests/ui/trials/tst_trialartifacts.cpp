// The files a trial wrote into its folder, as the detail pane lists them: sorted, the runner's
// own logs left out, images previewed, opened through QDesktopServices, and nothing outside
// the folder listed or opened, whatever a symbolic link inside it points to.
#include "trials/trialartifactsview.h"

#include "execution/studymonitor.h"
#include "storage/storage.h"
#include "storage/studylocation.h"
#include "trials/trialdetailpane.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QScopeGuard>
#include <QUrl>

#include <algorithm>
#include <memory>

using namespace tunescope;

/// Receives the URLs QDesktopServices would hand to the desktop.
class UrlCatcher : public QObject
{
    Q_OBJECT

public:
    QList<QUrl> urls;

public slots:
    void open(const QUrl &url) { urls << url; }
};

class TestTrialArtifacts : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void listsWhatTheTrialWrote();
    void nothingOutsideTheFolder_data();
    void nothingOutsideTheFolder();
    void opensWithTheDesktop();
    void declaredComeFirst();
    void detailPaneListsDeclared();

private:
    void write(const QString &relative, const QByteArray &bytes = "x");
    std::unique_ptr<QTemporaryDir> mRoot; ///< holds the trial folder and an outside folder
    QString mTrial;
    QString mOutside;
};

void TestTrialArtifacts::init()
{
    mRoot = std::make_unique<QTemporaryDir>();
    QVERIFY(mRoot->isValid());
    mTrial = mRoot->filePath(QStringLiteral("runs/study-1/trial-0003"));
    mOutside = mRoot->filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(mTrial) && QDir().mkpath(mOutside));
}

void TestTrialArtifacts::write(const QString &relative, const QByteArray &bytes)
{
    const QString path = QDir(mTrial).filePath(relative);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

void TestTrialArtifacts::listsWhatTheTrialWrote()
{
    QImage red(200, 100, QImage::Format_RGB32);
    red.fill(Qt::red);
    QVERIFY(red.save(QDir(mTrial).filePath(QStringLiteral("plot.png"))));
    write(QStringLiteral("curve.svg"), "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40'>"
                                       "<rect width='40' height='40' fill='#0000ff'/></svg>");
    write(QStringLiteral("metrics.csv"), "step,loss\n1,0.5\n");
    write(QStringLiteral("eval/result.json"), "{\"acc\": 0.9}");
    write(QStringLiteral("stdout.log"), "loss=0.5\n"); // the pane's log, not an artifact
    write(QStringLiteral("stderr.log"));
    // A Slurm trial's script and control files are Tunescope's own too.
    for (const char *control : {"job.sh", "job.start", "job.exit", "job.exit.part"})
        write(QString::fromLatin1(control));
    TrialArtifactsView view;
    view.setFolder(mTrial);
    QCOMPARE(view.files(), (QStringList{QStringLiteral("curve.svg"), QStringLiteral("eval/result.json"), QStringLiteral("metrics.csv"),
                                        QStringLiteral("plot.png")}));
    QCOMPARE(view.count(), 4);
    // Images get a preview of themselves: the PNG's thumbnail is red, the SVG's blue.
    const QImage png = view.item(3)->icon().pixmap(QSize(72, 72)).toImage();
    QCOMPARE(QColor(png.pixel(png.width() / 2, png.height() / 2)), QColor(Qt::red));
    QCOMPARE(png.width(), 72); // 2:1 kept
    QCOMPARE(png.height(), 36);
    const QImage svg = view.item(0)->icon().pixmap(QSize(72, 72)).toImage();
    QCOMPARE(QColor(svg.pixel(svg.width() / 2, svg.height() / 2)), QColor(Qt::blue));
    QVERIFY(view.item(2)->toolTip().contains(QStringLiteral("metrics.csv")));
    // New files appear on the next listing; an unchanged folder is not listed again.
    write(QStringLiteral("checkpoint.pt"), QByteArray(1000, 'w'));
    view.setFolder(mTrial);
    QCOMPARE(view.count(), 5);
    QVERIFY(view.files().contains(QStringLiteral("checkpoint.pt")));
    QListWidgetItem *first = view.item(0);
    view.setFolder(mTrial);
    QCOMPARE(view.item(0), first);
    view.setFolder(QString());
    QCOMPARE(view.count(), 0);
}

void TestTrialArtifacts::nothingOutsideTheFolder_data()
{
    QTest::addColumn<QString>("link");   ///< inside the trial folder
    QTest::addColumn<QString>("target"); ///< relative to the temporary root, or absolute
    QTest::addColumn<bool>("listed");
    QTest::newRow("a file outside") << "secret.txt" << "outside/secret.txt" << false;
    QTest::newRow("up and out with ..") << "up.txt" << "runs/study-1/trial-0003/../../../outside/secret.txt" << false;
    QTest::newRow("an absolute system file") << "passwd" << "/etc/passwd" << false;
    QTest::newRow("a folder outside") << "elsewhere" << "outside" << false;
    QTest::newRow("another trial's folder") << "sibling" << "runs/study-1/trial-0004" << false;
    QTest::newRow("a file of its own") << "latest.csv" << "runs/study-1/trial-0003/metrics.csv" << true;
}

void TestTrialArtifacts::nothingOutsideTheFolder()
{
    QFETCH(QString, link);
    QFETCH(QString, target);
    QFETCH(bool, listed);
    write(QStringLiteral("metrics.csv"), "step,loss\n");
    QVERIFY(QDir().mkpath(mRoot->filePath(QStringLiteral("runs/study-1/trial-0004"))));
    QFile other(mRoot->filePath(QStringLiteral("runs/study-1/trial-0004/other.csv")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();
    QFile secret(QDir(mOutside).filePath(QStringLiteral("secret.txt")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("not the trial's");
    secret.close();
    const QString to = QDir::isAbsolutePath(target) ? target : mRoot->filePath(target);
    QVERIFY(QFile::link(to, QDir(mTrial).filePath(link)));
    TrialArtifactsView view;
    view.setFolder(mTrial);
    QStringList expected{QStringLiteral("metrics.csv")};
    if (listed)
        expected.prepend(link);
    std::sort(expected.begin(), expected.end());
    QCOMPARE(view.files(), expected);
    for (const QString &file : view.files())
        QVERIFY2(!file.contains(QStringLiteral("secret")) && !file.contains(QStringLiteral("other")), qPrintable(file));
}

void TestTrialArtifacts::opensWithTheDesktop()
{
    write(QStringLiteral("notes.txt"), "hello");
    write(QStringLiteral("plot.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
    const auto restore = qScopeGuard([] { QDesktopServices::unsetUrlHandler(QStringLiteral("file")); });
    TrialArtifactsView view;
    view.setFolder(mTrial);
    QCOMPARE(view.files(), (QStringList{QStringLiteral("notes.txt"), QStringLiteral("plot.svg")}));
    QSignalSpy opening(&view, &TrialArtifactsView::opening);
    // From the keyboard: the current item, Enter.
    view.setCurrentRow(1);
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_Return);
    QCOMPARE(catcher.urls.value(0), QUrl::fromLocalFile(QDir(mTrial).filePath(QStringLiteral("plot.svg"))));
    QCOMPARE(opening.size(), 1);
    QVERIFY(view.openRow(0));
    QCOMPARE(catcher.urls.value(1).toLocalFile(), QDir(mTrial).filePath(QStringLiteral("notes.txt")));
    // Swapped for a link out of the folder after it was listed: refused, nothing opened.
    QVERIFY(QFile::remove(QDir(mTrial).filePath(QStringLiteral("notes.txt"))));
    QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), QDir(mTrial).filePath(QStringLiteral("notes.txt"))));
    QVERIFY(!view.openRow(0));
    QCOMPARE(catcher.urls.size(), 2);
    QVERIFY(!view.openRow(7));
}

/// Files the trial declared with `artifact=path` lead the list in their order, in bold; one
/// not written (yet) or leading out of the folder is not listed.
void TestTrialArtifacts::declaredComeFirst()
{
    write(QStringLiteral("a.csv"));
    write(QStringLiteral("b.png"));
    write(QStringLiteral("z/deep.json"));
    QFile secret(QDir(mOutside).filePath(QStringLiteral("secret.txt")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.close();
    QVERIFY(QFile::link(secret.fileName(), QDir(mTrial).filePath(QStringLiteral("out.txt"))));
    TrialArtifactsView view;
    view.setFolder(mTrial, {QStringLiteral("z/deep.json"), QStringLiteral("missing.png"), QStringLiteral("b.png"),
                            QStringLiteral("out.txt"), QStringLiteral("stdout.log"), QStringLiteral("b.png")});
    QCOMPARE(view.files(), (QStringList{QStringLiteral("z/deep.json"), QStringLiteral("b.png"), QStringLiteral("a.csv")}));
    QCOMPARE(view.declaredCount(), 2);
    QVERIFY(view.item(0)->font().bold() && view.item(1)->font().bold() && !view.item(2)->font().bold());
    QVERIFY(view.item(1)->toolTip().contains(QStringLiteral("artifact=b.png")));
    // Declared later (the trial is running): the list is made again.
    write(QStringLiteral("missing.png"));
    view.setFolder(mTrial, {QStringLiteral("z/deep.json"), QStringLiteral("missing.png"), QStringLiteral("b.png")});
    QCOMPARE(view.files().first(3), (QStringList{QStringLiteral("z/deep.json"), QStringLiteral("missing.png"), QStringLiteral("b.png")}));
    QCOMPARE(view.declaredCount(), 3);
    view.setFolder(mTrial);
    QCOMPARE(view.declaredCount(), 0);
    QVERIFY(!view.item(0)->font().bold());
}

/// The detail pane lists what a trial declared, read from the database through the monitor
/// (no view reads storage): when the study opens, and on the next poll for a running trial.
void TestTrialArtifacts::detailPaneListsDeclared()
{
    QString error;
    auto storage = Storage::open(mRoot->filePath(QStringLiteral("study.db")), &error);
    QVERIFY2(storage, qPrintable(error));
    StudyRecord record;
    record.name = QStringLiteral("art");
    record.method = QStringLiteral("random");
    record.metricName = QStringLiteral("loss");
    record.goal = QStringLiteral("minimize");
    record.specYaml = "name: art\nprogram: sh\nmethod: random\nmetric: {name: loss}\nparameters:\n  x: {min: 0, max: 1}\n";
    const auto study = storage->createStudy(record);
    QVERIFY2(study, qPrintable(storage->lastError()));
    const auto trial = storage->startTrial(study->id, {{QStringLiteral("x"), 0.5}});
    QVERIFY(trial);
    const QString runs = mRoot->filePath(QStringLiteral("runs"));
    mTrial = trialFolder(runs, record.name, study->id, trial->number);
    write(QStringLiteral("a.csv"));
    write(QStringLiteral("plots/loss.png"));
    write(QStringLiteral("z.json"));
    QVERIFY(storage->addTrialArtifact(trial->id, QStringLiteral("z.json")));

    StudyMonitor monitor;
    monitor.setPollInterval(50);
    QVERIFY2(monitor.open(storage.get(), record.name, &error), qPrintable(error));
    QCOMPARE(monitor.artifacts(trial->number), QStringList{QStringLiteral("z.json")});
    TrialDetailPane pane;
    pane.setRunsDirectory(runs);
    pane.setMonitor(&monitor);
    pane.setTrial(trial->number);
    QCOMPARE(pane.artifacts()->files(),
             (QStringList{QStringLiteral("z.json"), QStringLiteral("a.csv"), QStringLiteral("plots/loss.png")}));
    QCOMPARE(pane.artifacts()->declaredCount(), 1);
    // The trial runs on in another process and declares its plot.
    QVERIFY(storage->addTrialArtifact(trial->id, QStringLiteral("plots/loss.png")));
    QTRY_COMPARE(pane.artifacts()->declaredCount(), 2);
    QCOMPARE(pane.artifacts()->files().first(2), (QStringList{QStringLiteral("z.json"), QStringLiteral("plots/loss.png")}));
}

QTEST_MAIN(TestTrialArtifacts)
#include "tst_trialartifacts.moc"
