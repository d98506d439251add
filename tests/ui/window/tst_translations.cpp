// The interface in Chinese: every user-visible string has a finished translation in the
// committed resources/translations/tunescope_zh_CN.ts (lupdate run on today's sources finds
// nothing new), the translation keeps placeholders, and the main window built after
// Translations::install("zh_CN") shows Chinese menus and tabs, numbers in the locale. In
// English, every plural message has its singular and plural (tunescope_en.ts).
#include "window/mainwindow.h"
#include "window/translations.h"

#include <QLocale>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace tunescope;

namespace {

const QString committedTs = QStringLiteral(TUNESCOPE_SOURCE_DIR "/resources/translations/tunescope_zh_CN.ts");
const QString committedEnglishPlurals = QStringLiteral(TUNESCOPE_SOURCE_DIR "/resources/translations/tunescope_en.ts");
const QString sourceList = QStringLiteral(TUNESCOPE_BINARY_DIR "/translated-sources.lst");

struct Message
{
    QString context;
    QString source;
    QString translation;
    bool finished = false;
};

QList<Message> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            current = Message{context, {}, {}, false};
        } else if (xml.name() == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            current.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            current.finished = type.isEmpty() && !current.translation.trimmed().isEmpty();
            out.append(current);
        }
    }
    return out;
}

QString lupdatePath()
{
    const QString qtTool = QStringLiteral("/usr/lib/qt6/bin/lupdate");
    if (QFileInfo(qtTool).isExecutable())
        return qtTool;
    return QStandardPaths::findExecutable(QStringLiteral("lupdate"));
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("%L?\\d+|%n"));
    QStringList out;
    for (auto it = marker.globalMatch(text); it.hasNext();)
        out << it.next().captured();
    out.sort();
    return out;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void everyStringIsTranslated();
    void englishHasItsPlurals(); // before the Chinese translator is installed
    void translationsKeepPlaceholders();
    void mainWindowSpeaksChinese();
};

/// lupdate merges today's sources into a copy of the committed file `committed` (with
/// `options`): a string added since arrives unfinished, one whose source changed loses its
/// translation. The merged file's messages, or an empty list with *error set.
static QList<Message> mergedWithTodaysSources(const QString &committed, const QStringList &options, QTemporaryDir &dir, QString *error)
{
    const QString ts = dir.filePath(QFileInfo(committed).fileName());
    if (!QFile::copy(committed, ts)) {
        *error = QStringLiteral("cannot copy ") + committed;
        return {};
    }
    QProcess run;
    run.start(lupdatePath(), options + QStringList{QStringLiteral("-no-obsolete"), QStringLiteral("-locations"), QStringLiteral("none"),
                                                   QLatin1Char('@') + sourceList, QStringLiteral("-ts"), ts});
    if (!run.waitForFinished(120000) || run.exitCode() != 0) {
        *error = QString::fromLocal8Bit(run.readAllStandardError());
        return {};
    }
    return readTs(ts);
}

void TestTranslations::everyStringIsTranslated()
{
    if (lupdatePath().isEmpty())
        QSKIP("lupdate is not installed (Debian: qt6-l10n-tools); cannot check for untranslated strings");
    QVERIFY2(QFileInfo::exists(sourceList), qPrintable(sourceList + QStringLiteral(" is missing: configure the build first")));
    QTemporaryDir dir;
    QString error;
    const QList<Message> messages = mergedWithTodaysSources(committedTs, {}, dir, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 400);
    QStringList untranslated;
    for (const Message &m : messages) {
        if (!m.finished)
            untranslated << QStringLiteral("  [%1] %2").arg(m.context, m.source);
    }
    qInfo("zh_CN: %lld of %lld strings translated", qlonglong(messages.size() - untranslated.size()), qlonglong(messages.size()));
    QVERIFY2(untranslated.isEmpty(),
             qPrintable(QStringLiteral("%1 string(s) without a finished zh_CN translation; run the update_translations "
                                       "target and translate them in resources/translations/tunescope_zh_CN.ts:\n%2")
                            .arg(untranslated.size()).arg(untranslated.join(u'\n'))));
}

void TestTranslations::englishHasItsPlurals()
{
    // English is the source text but for its plurals: every "%n ..." message has its two
    // forms in tunescope_en.ts, and the English interface reads "1 trial", "3 trials".
    if (lupdatePath().isEmpty())
        QSKIP("lupdate is not installed (Debian: qt6-l10n-tools); cannot check the plural forms");
    QTemporaryDir dir;
    QString error;
    const QList<Message> messages = mergedWithTodaysSources(committedEnglishPlurals, {QStringLiteral("-pluralonly")}, dir, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() >= 15);
    QStringList missing;
    for (const Message &m : messages) {
        if (!m.finished || m.translation.contains(QLatin1String("(s)")))
            missing << QStringLiteral("  [%1] %2").arg(m.context, m.source);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("plural messages without their English forms; run the update_translations "
                                                          "target and write them in resources/translations/tunescope_en.ts:\n")
                                           + missing.join(u'\n')));

    QCOMPARE(Translations::install(Translations::english), Translations::english);
    QCOMPARE(QCoreApplication::translate("tunescope::CurvesChart", "%n trial(s)", nullptr, 1), QStringLiteral("1 trial"));
    QCOMPARE(QCoreApplication::translate("tunescope::CurvesChart", "%n trial(s)", nullptr, 3), QStringLiteral("3 trials"));
    QCOMPARE(QCoreApplication::translate("tunescope::MainWindow", "%n trial(s) of '%1' are still running.", nullptr, 1).arg("s"),
             QStringLiteral("1 trial of 's' is still running."));
}

void TestTranslations::translationsKeepPlaceholders()
{
    const QList<Message> messages = readTs(committedTs);
    QVERIFY(!messages.isEmpty());
    QStringList broken;
    for (const Message &m : messages) {
        if (placeholders(m.source) != placeholders(m.translation))
            broken << QStringLiteral("  [%1] %2 -> %3").arg(m.context, m.source, m.translation);
        if (m.source.count(u'&') != m.translation.count(u'&'))
            broken << QStringLiteral("  [%1] %2 -> %3 (accelerator or entity lost)").arg(m.context, m.source, m.translation);
    }
    QVERIFY2(broken.isEmpty(), qPrintable(broken.join(u'\n')));
}

void TestTranslations::mainWindowSpeaksChinese()
{
    QStandardPaths::setTestModeEnabled(true); // the window's settings: never the user's own
    QCOMPARE(Translations::install(Translations::simplifiedChinese), QStringLiteral("zh_CN"));
    QCOMPARE(QLocale().language(), QLocale::Chinese);

    MainWindow window;
    QStringList menus;
    for (QAction *a : window.menuBar()->actions())
        menus << a->text();
    QCOMPARE(menus, (QStringList{QStringLiteral("文件(&F)"), QStringLiteral("研究(&S)"), QStringLiteral("视图(&V)"), QStringLiteral("设置(&T)")}));

    auto *tabs = window.findChild<QTabWidget *>();
    QVERIFY(tabs);
    QStringList titles;
    for (int i = 0; i < tabs->count(); ++i)
        titles << tabs->tabText(i);
    QCOMPARE(titles, (QStringList{QStringLiteral("设计"), QStringLiteral("试验"), QStringLiteral("曲线"), QStringLiteral("指标对比"), QStringLiteral("当前最优"),
                                  QStringLiteral("时间线"), QStringLiteral("分布"), QStringLiteral("热力图"),
                                  QStringLiteral("平行坐标"), QStringLiteral("切片图"), QStringLiteral("重要性"),
                                  QStringLiteral("帕累托前沿"), QStringLiteral("帕累托矩阵"), QStringLiteral("超体积")}));
    // Qt's own strings (standard dialogs and buttons) come from qtbase_zh_CN when installed.
    const QString qtCancel = QCoreApplication::translate("QPlatformTheme", "Cancel");
    if (qtCancel == QLatin1String("Cancel"))
        qInfo("qtbase_zh_CN.qm not installed (Debian: qt6-translations-l10n): standard dialogs stay English");
    else
        QCOMPARE(qtCancel, QStringLiteral("取消"));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
