// What the dashboard remembers between sessions: recent studies (newest first, once each,
// at most ten, gone files left out, passwords never stored), the window's layout and
// splitters, the shown tab and chart preferences, and File → Open Recent.
#include "charts/curveschart.h"
#include "window/mainwindow.h"
#include "window/windowsettings.h"

#include <QFile>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

class TestWindowSettings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void recentFilesNewestFirstOnce();
    void recentFilesKeepTen();
    void recentFilesLeaveOutGoneFiles();
    void passwordsAreNeverStored();
    void windowLayoutSurvivesARestart();
    void openRecentMenuOpensAStudy();

private:
    QString touch(const QString &name);
    QTemporaryDir mDir;
};

void TestWindowSettings::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // ~/.qttest, never the user's own settings
    QVERIFY(mDir.isValid());
}

void TestWindowSettings::init()
{
    QSettings().clear();
}

QString TestWindowSettings::touch(const QString &name)
{
    QFile f(mDir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(f.fileName()));
    return f.fileName();
}

void TestWindowSettings::recentFilesNewestFirstOnce()
{
    WindowSettings s;
    const QString a = touch(QStringLiteral("a.db")), b = touch(QStringLiteral("b.yaml"));
    s.addRecentFile(a);
    s.addRecentFile(b);
    s.addRecentFile(a);
    QCOMPARE(s.recentFiles(), QStringList({a, b}));
    s.removeRecentFile(a);
    QCOMPARE(s.recentFiles(), QStringList({b}));
    s.clearRecentFiles();
    QVERIFY(s.recentFiles().isEmpty());
}

void TestWindowSettings::recentFilesKeepTen()
{
    WindowSettings s;
    QStringList added;
    for (int i = 0; i < 13; ++i) {
        added.prepend(touch(QStringLiteral("s%1.db").arg(i)));
        s.addRecentFile(added.first());
    }
    QCOMPARE(s.recentFiles().size(), WindowSettings::maxRecentFiles);
    QCOMPARE(s.recentFiles(), added.mid(0, WindowSettings::maxRecentFiles));
}

void TestWindowSettings::recentFilesLeaveOutGoneFiles()
{
    WindowSettings s;
    const QString kept = touch(QStringLiteral("kept.db")), gone = touch(QStringLiteral("gone.db"));
    s.addRecentFile(kept);
    s.addRecentFile(gone);
    QVERIFY(QFile::remove(gone));
    QCOMPARE(s.recentFiles(), QStringList({kept}));
}

void TestWindowSettings::passwordsAreNeverStored()
{
    WindowSettings s;
    s.addRecentFile(QStringLiteral("postgresql://alice:s3cret-pw@db.example:5432/studies"));
    QCOMPARE(s.recentFiles(), QStringList({QStringLiteral("postgresql://alice@db.example:5432/studies")}));
    s.addRecentFile(QStringLiteral("postgresql://alice@db.example/other?password=s3cret-pw"));
    QCOMPARE(s.recentFiles().first(), QStringLiteral("postgresql://alice@db.example/other"));
    {
        // A database that does not open: the dashboard's message shows no password either.
        MainWindow w;
        QString error;
        QVERIFY(!w.openFile(QStringLiteral("postgresql://alice:s3cret-pw@127.0.0.1:1/tune?connect_timeout=1"), &error));
        QVERIFY2(!error.isEmpty() && !error.contains("s3cret-pw"), qPrintable(error));
        QVERIFY(!w.windowTitle().contains("s3cret-pw"));
    }
    QSettings().sync();
    QFile file(QSettings().fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QVERIFY(!file.readAll().contains("s3cret-pw"));
}

void TestWindowSettings::windowLayoutSurvivesARestart()
{
    {
        MainWindow w;
        w.resize(1000, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.tabs()->setCurrentIndex(2);
        auto *splitter = w.findChild<QSplitter *>(QStringLiteral("trialsSplitter"));
        QVERIFY(splitter);
        splitter->setSizes({300, 600});
        w.curvesChart()->setLogScale(true); // wanted, though nothing can be plotted yet
        w.curvesChart()->setDrawMode(CurvesChart::DrawMode::Bands);
        w.curvesChart()->setTopCount(25);
        w.close();
    }
    MainWindow again;
    QCOMPARE(again.size(), QSize(1000, 700));
    QCOMPARE(again.tabs()->currentIndex(), 2);
    QVERIFY(again.curvesChart()->logScaleWanted());
    QCOMPARE(again.curvesChart()->drawMode(), CurvesChart::DrawMode::Bands);
    QCOMPARE(again.curvesChart()->topCount(), 25);
    QVERIFY(!QSettings().value(QStringLiteral("splitters/trialsSplitter")).toByteArray().isEmpty());
}

void TestWindowSettings::openRecentMenuOpensAStudy()
{
    const QString spec = mDir.filePath(QStringLiteral("study.yaml"));
    QFile::remove(spec);
    QVERIFY(QFile::copy(QStringLiteral(TUNESCOPE_SOURCE_DIR "/examples/spirals/study.yaml"), spec));
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.openFile(spec, &error), qPrintable(error));
    }
    QCOMPARE(WindowSettings().recentFiles(), QStringList({spec}));
    MainWindow w;
    auto *menu = w.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(menu);
    emit menu->aboutToShow();
    QAction *first = menu->actions().value(0);
    QVERIFY(first && first->text().endsWith(spec));
    first->trigger();
    QVERIFY(w.windowTitle().contains(QStringLiteral("study.yaml")) || w.windowTitle().contains(QStringLiteral("spirals")));
}

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
