// What the dashboard remembers between sessions: recent studies (newest first, once each,
// at most ten, gone files left out, passwords never stored), the window's layout and
// splitters, the shown tab and chart preferences, File → Open Recent, every view reachable
// from the View menu at 1280 px, and the view last shown remembered per study.
#include "charts/curveschart.h"
#include "execution/studymonitor.h"
#include "space/studyspec.h"
#include "storage/storage.h"
#include "trials/studylistmodel.h"
#include "window/studylistpanel.h"
#include "window/trialspage.h"
#include "window/viewsmenu.h"
#include "charts/toptrialsfilter.h"
#include "window/mainwindow.h"
#include "window/windowsettings.h"

#include <QComboBox>
#include <QFile>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
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
    void everyViewReachableAt1280();
    void viewRememberedPerStudy();
    void tableColumnsRememberedPerStudy();
    void curvesChoiceRememberedPerStudy();

private:
    QString touch(const QString &name);
    QString twoStudies(); ///< a new database with the empty studies alpha and beta
    int mDatabases = 0;
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

QString TestWindowSettings::twoStudies()
{
    const QString db = mDir.filePath(QStringLiteral("views-%1.db").arg(++mDatabases));
    {
        QString error;
        auto storage = Storage::open(db, &error);
        if (!storage)
            qFatal("%s", qPrintable(error));
        for (const QString &name : {QStringLiteral("alpha"), QStringLiteral("beta")}) {
            const QByteArray yaml = "name: " + name.toUtf8()
                                    + "\nmethod: random\nprogram: /bin/true\nmetric: {name: loss}\n"
                                      "parameters:\n  lr: {distribution: uniform, min: 0, max: 1}\n";
            StudyRecord r;
            r.name = name;
            r.method = QStringLiteral("random");
            r.metricName = QStringLiteral("loss");
            r.specYaml = studySpecToYaml(*parseStudySpec(yaml, QStringLiteral("test")).spec);
            if (!storage->createStudy(r))
                qFatal("cannot create %s", qPrintable(name));
        }
    }
    return db;
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

void TestWindowSettings::everyViewReachableAt1280()
{
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTabWidget *tabs = w.tabs();
    // The tabs do not fit: the bar scrolls, and the corner button is inside the window.
    QVERIFY(tabs->tabBar()->sizeHint().width() > tabs->tabBar()->width());
    auto *corner = qobject_cast<QToolButton *>(tabs->cornerWidget(Qt::TopRightCorner));
    QVERIFY(corner && corner->isVisible() && corner->menu() == w.viewsMenu());
    QVERIFY(w.rect().contains(QRect(corner->mapTo(&w, QPoint(0, 0)), corner->size())));
    // Every page has its action in the View menu, which shows it.
    for (int i = tabs->count() - 1; i >= 0; --i) {
        QAction *action = w.viewsMenu()->actionFor(tabs->widget(i));
        QVERIFY2(action, qPrintable(tabs->tabText(i)));
        QCOMPARE(action->text(), tabs->tabText(i));
        if (i < 10) // the tabs in the menu's order: Alt+digit is the tab's position
            QCOMPARE(action->shortcut(), QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + (i + 1) % 10)));
        action->trigger();
        QCOMPARE(tabs->currentIndex(), i);
        QVERIFY(action->isChecked());
    }
    // And from the keyboard: Alt+digit for the first ten, Ctrl+PgDown/PgUp for the rest.
    QTest::keyClick(&w, Qt::Key_3, Qt::AltModifier);
    QCOMPARE(tabs->currentIndex(), 2);
    QTest::keyClick(&w, Qt::Key_0, Qt::AltModifier);
    QCOMPARE(tabs->currentIndex(), 9);
    QTest::keyClick(&w, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 10);
    QTest::keyClick(&w, Qt::Key_PageUp, Qt::ControlModifier);
    QTest::keyClick(&w, Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 8);
}

void TestWindowSettings::viewRememberedPerStudy()
{
    const QString db = twoStudies();
    const auto pageIndex = [](QTabWidget *tabs, const QString &name) {
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->objectName() == name)
                return i;
        }
        return -1;
    };
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.openDatabase(db, QStringLiteral("alpha"), &error), qPrintable(error));
        QCOMPARE(w.tabs()->currentWidget()->objectName(), QStringLiteral("trials")); // nothing remembered yet
        w.tabs()->setCurrentIndex(pageIndex(w.tabs(), QStringLiteral("timeline")));
        w.studyPanel()->selectStudy(QStringLiteral("beta"));
        QTRY_COMPARE(w.monitor()->spec().name, QStringLiteral("beta"));
        w.tabs()->setCurrentIndex(pageIndex(w.tabs(), QStringLiteral("hypervolume")));
        w.studyPanel()->selectStudy(QStringLiteral("alpha"));
        QCOMPARE(w.tabs()->currentWidget()->objectName(), QStringLiteral("timeline"));
        w.studyPanel()->selectStudy(QStringLiteral("beta"));
        QCOMPARE(w.tabs()->currentWidget()->objectName(), QStringLiteral("hypervolume"));
        w.close();
    }
    MainWindow again;
    QString error;
    QVERIFY2(again.openDatabase(db, QStringLiteral("alpha"), &error), qPrintable(error));
    QCOMPARE(again.tabs()->currentWidget()->objectName(), QStringLiteral("timeline"));
}

void TestWindowSettings::tableColumnsRememberedPerStudy()
{
    const QString db = twoStudies();
    const auto shown = [](MainWindow &w, const QString &key) { return w.findChild<TrialsPage *>()->isColumnShown(key); };
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.openDatabase(db, QStringLiteral("alpha"), &error), qPrintable(error));
        auto *page = w.findChild<TrialsPage *>();
        QVERIFY(shown(w, QStringLiteral("param:lr")) && shown(w, QStringLiteral("state")));
        page->setColumnShown(QStringLiteral("param:lr"), false);
        // The Columns button's menu: one checkable entry per column but the number.
        QMenu *menu = page->columnsButton()->menu();
        emit menu->aboutToShow();
        QAction *state = nullptr;
        for (QAction *a : menu->actions()) {
            QVERIFY(a->text() != QStringLiteral("#"));
            if (a->text() == QStringLiteral("State"))
                state = a;
            if (a->text() == QStringLiteral("lr"))
                QVERIFY(!a->isChecked());
        }
        QVERIFY(state && state->isChecked());
        state->trigger();
        QVERIFY(!shown(w, QStringLiteral("state")));
        QVERIFY(!shown(w, QStringLiteral("param:lr")));
        w.studyPanel()->selectStudy(QStringLiteral("beta"));
        QTRY_COMPARE(w.monitor()->spec().name, QStringLiteral("beta"));
        QVERIFY(shown(w, QStringLiteral("param:lr")) && shown(w, QStringLiteral("state"))); // beta has its own
        w.studyPanel()->selectStudy(QStringLiteral("alpha"));
        QTRY_COMPARE(w.monitor()->spec().name, QStringLiteral("alpha"));
        QVERIFY(!shown(w, QStringLiteral("param:lr")) && !shown(w, QStringLiteral("state")));
        w.close();
    }
    MainWindow again;
    QString error;
    QVERIFY2(again.openDatabase(db, QStringLiteral("alpha"), &error), qPrintable(error));
    QVERIFY(!shown(again, QStringLiteral("param:lr")) && !shown(again, QStringLiteral("state")));
    QVERIFY(shown(again, QStringLiteral("duration")));
}

void TestWindowSettings::curvesChoiceRememberedPerStudy()
{
    // The curves' metric and top filter: each study keeps its own, across a restart.
    const QString db = twoStudies();
    {
        MainWindow w;
        QString error;
        QVERIFY2(w.openDatabase(db, QStringLiteral("alpha"), &error), qPrintable(error));
        CurvesChart *curves = w.curvesChart();
        curves->topFilter()->setFilter(TopTrialsFilter::Mode::TopPercent, 20);
        auto *combo = curves->findChild<QComboBox *>(QStringLiteral("curvesMetric"));
        QVERIFY(combo);
        combo->addItem(QStringLiteral("train_loss")); // as if a trial had reported it
        combo->setCurrentIndex(combo->count() - 1);
        emit combo->activated(combo->count() - 1);
        QCOMPARE(curves->metric(), QStringLiteral("train_loss"));
        w.studyPanel()->selectStudy(QStringLiteral("beta"));
        QTRY_COMPARE(w.monitor()->spec().name, QStringLiteral("beta"));
        QCOMPARE(curves->topFilter()->mode(), TopTrialsFilter::Mode::All); // beta has its own
        curves->topFilter()->setFilter(TopTrialsFilter::Mode::TopCount, 7);
        w.studyPanel()->selectStudy(QStringLiteral("alpha"));
        QTRY_COMPARE(w.monitor()->spec().name, QStringLiteral("alpha"));
        QCOMPARE(curves->topFilter()->mode(), TopTrialsFilter::Mode::TopPercent);
        QCOMPARE(curves->topFilter()->amount(), 20);
        QCOMPARE(curves->metric(), QStringLiteral("train_loss"));
        w.close();
    }
    MainWindow again;
    QString error;
    QVERIFY2(again.openDatabase(db, QStringLiteral("beta"), &error), qPrintable(error));
    QCOMPARE(again.curvesChart()->topFilter()->mode(), TopTrialsFilter::Mode::TopCount);
    QCOMPARE(again.curvesChart()->topFilter()->amount(), 7);
}

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
