#pragma once

#include <QStringList>

class QTabWidget;
class QWidget;

namespace tunescope {

/// Shows each tab of tabs in turn and writes window, as it looks then, to dir/<name>.png, one
/// name per tab (tabs beyond the names are left out): the screenshots of the README.
bool saveTabScreenshots(QWidget *window, QTabWidget *tabs, const QStringList &names, const QString &dir,
                        QString *error = nullptr);

} // namespace tunescope
