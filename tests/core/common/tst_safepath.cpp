#include "common/safepath.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

/// Names from users and other tools become one harmless path component; paths are checked
/// after resolving links; deletion never follows a link out; reports name files shareably.
class TestSafePath : public QObject
{
    Q_OBJECT

private:
    static void touch(const QString &path)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
    }

private slots:
    void componentsOfHostileNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("parent folders") << QStringLiteral("../../../tmp/sec-evil");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("backslashes") << QStringLiteral("..\\..\\windows");
        QTest::newRow("NUL") << QString::fromUtf16(u"a\0b", 3);
        QTest::newRow("newline") << QStringLiteral("a\nb\r\tc");
        QTest::newRow("300 characters") << QString(300, u'n');
        QTest::newRow("300 wide characters") << QString(300, QChar(0x540D));
        QTest::newRow("dot") << QStringLiteral(".");
        QTest::newRow("dot dot") << QStringLiteral("..");
        QTest::newRow("hidden") << QStringLiteral(".bashrc");
        QTest::newRow("option") << QStringLiteral("-rf");
        QTest::newRow("trailing dot") << QStringLiteral("mnist.");
        QTest::newRow("dots inside") << QStringLiteral("a..b...c");
        QTest::newRow("right-to-left override") << QStringLiteral("x\u202Egnp.exe");
        QTest::newRow("empty") << QString();
        QTest::newRow("spaces only") << QStringLiteral("   ");
        QTest::newRow("DEL") << QStringLiteral("a\x7f");
    }

    void componentsOfHostileNames()
    {
        QFETCH(QString, name);
        const QString c = safePathComponent(name);
        QVERIFY(!c.isEmpty());
        QVERIFY2(!c.contains(u'/') && !c.contains(u'\\'), qPrintable(c));
        QVERIFY2(!c.contains(QLatin1String("..")), qPrintable(c));
        QVERIFY2(!c.startsWith(u'.') && !c.startsWith(u'-'), qPrintable(c));
        QVERIFY2(!c.endsWith(u'.'), qPrintable(c));
        for (const QChar ch : c)
            QVERIFY2(ch.isLetterOrNumber() || ch.isMark() || ch == u'-' || ch == u'_' || ch == u'.', qPrintable(c));
        QVERIFY2(c.toUtf8().size() <= 64, qPrintable(c));
        // Below any folder it stays one level below it.
        const QDir parent(QStringLiteral("/srv/runs"));
        QCOMPARE(QFileInfo(QDir::cleanPath(parent.filePath(c))).absolutePath(), parent.path());
    }

    void readableNamesStay()
    {
        QCOMPARE(safePathComponent(QStringLiteral("spirals-seed3")), QStringLiteral("spirals-seed3"));
        QCOMPARE(safePathComponent(QStringLiteral("lr_sweep.v2")), QStringLiteral("lr_sweep.v2"));
        QCOMPARE(safePathComponent(QStringLiteral("résumé 学习率")), QStringLiteral("résumé_学习率"));
        QCOMPARE(safePathComponent(QStringLiteral("../../../tmp/sec-evil")), QStringLiteral("tmp_sec-evil"));
        QCOMPARE(safePathComponent(QStringLiteral("..")), QStringLiteral("unnamed"));
        QCOMPARE(safePathComponent(QString(300, u'n')), QString(64, u'n'));
        // A multi-byte character is never cut in half.
        QCOMPARE(safePathComponent(QString(300, QChar(0x540D))), QString(21, QChar(0x540D)));
    }

    void insideFolderAfterResolvingLinks()
    {
        QTemporaryDir dir;
        QTemporaryDir outside;
        QVERIFY(dir.isValid() && outside.isValid());
        const QString runs = dir.filePath("runs");
        QVERIFY(QDir().mkpath(runs + "/study-1"));
        QVERIFY(isInsideFolder(runs + "/study-1", runs));
        QVERIFY(isInsideFolder(runs + "/study-1/trial-0000/repeat-1", runs)); // not created yet
        QVERIFY(isInsideFolder(runs, runs));
        QVERIFY(!isInsideFolder(runs + "/../elsewhere", runs));
        QVERIFY(!isInsideFolder(dir.path(), runs));
        QVERIFY(!isInsideFolder(runs + "-other/x", runs)); // a sibling sharing the prefix

        QVERIFY(QFile::link(outside.path(), runs + "/escape-2"));
        QVERIFY(!isInsideFolder(runs + "/escape-2", runs));
        QVERIFY(!isInsideFolder(runs + "/escape-2/trial-0000", runs));
        QVERIFY(QFile::link(runs + "/study-1", runs + "/alias-3")); // a link that stays inside
        QVERIFY(isInsideFolder(runs + "/alias-3/trial-0000", runs));
        QVERIFY(QFile::link(dir.filePath("nowhere"), runs + "/dangling-4"));
        QVERIFY(!isInsideFolder(runs + "/dangling-4", runs));
        QVERIFY(!isInsideFolder(runs + "/dangling-4/trial-0000", runs));

        // The runs folder may itself be a link (runs on a scratch disk).
        const QString linkedRuns = dir.filePath("linked-runs");
        QVERIFY(QFile::link(runs, linkedRuns));
        QVERIFY(isInsideFolder(linkedRuns + "/study-1/trial-0000", linkedRuns));
        QVERIFY(!isInsideFolder(linkedRuns + "/escape-2/x", linkedRuns));
    }

    /// The symlink planted in a trial folder before deletion: the link goes, its target stays.
    void deletionNeverFollowsALinkOut()
    {
        QTemporaryDir dir;
        QTemporaryDir outside;
        QVERIFY(dir.isValid() && outside.isValid());
        touch(outside.filePath("precious.txt"));
        QVERIFY(QDir().mkpath(outside.filePath("folder")));
        touch(outside.filePath("folder/inner.txt"));

        const QString runs = dir.filePath("runs");
        const QString study = runs + "/study-1";
        QVERIFY(QDir().mkpath(study + "/trial-0000/.hidden"));
        touch(study + "/trial-0000/stdout.log");
        touch(study + "/trial-0000/.hidden/state");
        QVERIFY(QFile::link(outside.path(), study + "/trial-0000/outside-folder"));
        QVERIFY(QFile::link(outside.filePath("precious.txt"), study + "/trial-0000/outside-file"));
        QVERIFY(QFile::link(dir.filePath("gone"), study + "/trial-0000/dangling"));

        QString error;
        QVERIFY2(removeTreeInside(study, runs, &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(study));
        QVERIFY(QFileInfo::exists(runs));
        QVERIFY(QFileInfo::exists(outside.filePath("precious.txt")));
        QVERIFY(QFileInfo::exists(outside.filePath("folder/inner.txt")));

        // A study folder that is itself a link to elsewhere is refused, whatever it holds.
        QVERIFY(QFile::link(outside.path(), runs + "/planted-2"));
        QVERIFY(!removeTreeInside(runs + "/planted-2", runs, &error));
        QVERIFY2(error.contains("symbolic link"), qPrintable(error));
        QVERIFY(QFileInfo::exists(outside.filePath("folder/inner.txt")));
        // Reached through a linked parent, it lies outside: refused as well.
        QVERIFY(!removeTreeInside(runs + "/planted-2/folder", runs, &error));
        QVERIFY2(error.contains("not inside"), qPrintable(error));
        QVERIFY(QFileInfo::exists(outside.filePath("folder/inner.txt")));
        // Neither the runs folder itself nor anything beside it.
        QVERIFY(!removeTreeInside(runs, runs, &error));
        QVERIFY(!removeTreeInside(outside.path(), runs, &error));
        QVERIFY(!removeTreeInside(runs + "/../", runs, &error));
        QVERIFY(QFileInfo::exists(runs) && QFileInfo::exists(outside.filePath("precious.txt")));
        // Nothing there: nothing to do.
        QVERIFY(removeTreeInside(runs + "/never-made-3", runs, &error));
    }

    void reportPathsAreShareable()
    {
        const ReportPaths team{QStringLiteral("/home/alice/sweeps/lr"), true};
        QCOMPARE(team.shown("/home/alice/sweeps/lr/tunescope.db"), QStringLiteral("tunescope.db"));
        QCOMPARE(team.shown("/home/alice/sweeps/lr/bin/train.py"), QStringLiteral("bin/train.py"));
        QCOMPARE(team.shown("/opt/tools/train.py"), QStringLiteral("/opt/tools/train.py"));
        QCOMPARE(team.shown("train.py"), QStringLiteral("train.py"));
        QCOMPARE(team.shown("/home/alice/sweeps/lr2/x.db"), QStringLiteral("/home/alice/sweeps/lr2/x.db"));

        const ReportPaths outsiders{QStringLiteral("/home/alice/sweeps/lr"), false};
        QCOMPARE(outsiders.shown("/home/alice/sweeps/lr/tunescope.db"), QStringLiteral("tunescope.db"));
        QCOMPARE(outsiders.shown("/opt/tools/train.py"), QStringLiteral("train.py"));
        QCOMPARE(outsiders.shownText("--data=/home/alice/data/set.npz"), QStringLiteral("--data=set.npz"));
        QCOMPARE(outsiders.shownText("cannot create trial directory '/home/alice/runs/x-1/trial-0002'"),
                 QStringLiteral("cannot create trial directory 'trial-0002'"));
        QCOMPARE(outsiders.shownText("postgresql://bob@db.example/tune and a / b"),
                 QStringLiteral("postgresql://bob@db.example/tune and a / b"));
        QCOMPARE(ReportPaths{}.shown("/opt/tools/train.py"), QStringLiteral("/opt/tools/train.py"));
    }
};

QTEST_GUILESS_MAIN(TestSafePath)
#include "tst_safepath.moc"
