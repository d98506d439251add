#pragma once

#include <QString>
#include <QStringList>

class QMenu;
class QWidget;

namespace tunescope {

/// The languages of the interface. Translations are compiled into tunescope-ui
/// (resources/translations/*.ts, qt_add_translations; tunescope_en.ts holds only English's
/// plural forms), so the build tree and an installed copy find them the same way; Qt's own
/// (qtbase_*.qm, standard dialogs) come from Qt's translations folder when its package is
/// installed.
namespace Translations {

/// Setting values: "system" follows the locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), the
/// others name a language whatever the locale says.
inline const QString systemLanguage = QStringLiteral("system");
inline const QString english = QStringLiteral("en");
inline const QString simplifiedChinese = QStringLiteral("zh_CN");

/// The language stored in the settings (WindowSettings), "system" when none is.
QString storedLanguage();
void storeLanguage(const QString &language);

/// Installs the translators of `language` on the application and makes its locale the
/// default one (numbers and dates). Call once a Q(Core)Application exists and before any
/// window is built. Returns the locale name of the translation installed ("en" if none).
QString install(const QString &language = systemLanguage);

/// Adds the "Language" entries (System, English, 简体中文) to `menu`; a choice is stored and
/// applies at the next start, which a message box tells the user.
void addLanguageMenu(QMenu *menu, QWidget *parent);

} // namespace Translations
} // namespace tunescope
