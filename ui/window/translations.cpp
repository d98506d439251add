#include "window/translations.h"

#include "window/windowsettings.h"

#include <QActionGroup>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QTranslator>

namespace tunescope {
namespace Translations {

namespace {
const QString languageKey = QStringLiteral("ui/language");
const QString resourceFolder = QStringLiteral(":/i18n");

/// The locale a setting asks for; the system's when it names none we know.
QLocale localeOf(const QString &language)
{
    if (language == english)
        return QLocale(QLocale::English, QLocale::UnitedStates);
    if (language == simplifiedChinese)
        return QLocale(QLocale::Chinese, QLocale::SimplifiedChineseScript, QLocale::China);
    return QLocale::system();
}
} // namespace

QString storedLanguage()
{
    return WindowSettings().value(languageKey, systemLanguage);
}

void storeLanguage(const QString &language)
{
    WindowSettings().setValue(languageKey, language);
}

QString install(const QString &language)
{
    const QLocale wanted = localeOf(language);
    // QTranslator::load(QLocale) walks the locale's UI languages (for the system locale
    // LANGUAGE=zh_CN:en first) and takes the first translation it has.
    auto *ours = new QTranslator(QCoreApplication::instance());
    const bool found = language != english && ours->load(wanted, QStringLiteral("tunescope"), QStringLiteral("_"), resourceFolder);
    if (!found || ours->language() == english) {
        // English, asked for or as the fallback: the source text, with its plural forms
        // ("1 trial", "3 trials") from the plurals-only file.
        if (found || ours->load(QStringLiteral("tunescope_en"), resourceFolder))
            QCoreApplication::installTranslator(ours);
        else
            delete ours;
        QLocale::setDefault(wanted);
        return english;
    }
    QCoreApplication::installTranslator(ours);
    const QLocale translated(ours->language());
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(translated, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    // Numbers and dates in the language of the text, also when only LANGUAGE chose it (LANG=C).
    QLocale::setDefault(wanted.language() == translated.language() ? wanted : translated);
    return ours->language();
}

void addLanguageMenu(QMenu *menu, QWidget *parent)
{
    auto *group = new QActionGroup(menu);
    const QString current = storedLanguage();
    // Each language in its own name: who cannot read the current one still finds theirs.
    const QList<std::pair<QString, QString>> choices{
        {systemLanguage, QCoreApplication::translate("Translations", "&System Language")},
        {english, QStringLiteral("English")},
        {simplifiedChinese, QStringLiteral("简体中文")},
    };
    for (const auto &[code, label] : choices) {
        QAction *a = menu->addAction(label);
        a->setCheckable(true);
        a->setChecked(code == current);
        a->setData(code);
        group->addAction(a);
        QObject::connect(a, &QAction::triggered, parent, [parent, code] {
            if (code == storedLanguage())
                return;
            storeLanguage(code);
            QMessageBox::information(parent, QCoreApplication::translate("Translations", "Language"),
                                     QCoreApplication::translate("Translations",
                                                                 "The language changes the next time Tunescope starts."));
        });
    }
}

} // namespace Translations
} // namespace tunescope
