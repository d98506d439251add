#include "window/recentfilesmenu.h"

#include "window/windowsettings.h"

#include <QDir>

namespace tunescope {

RecentFilesMenu::RecentFilesMenu(QWidget *parent)
    : QMenu(tr("Open &Recent"), parent)
{
    setObjectName(QStringLiteral("recentMenu"));
    connect(this, &QMenu::aboutToShow, this, &RecentFilesMenu::rebuild);
    rebuild();
}

void RecentFilesMenu::rebuild()
{
    clear();
    const QStringList files = WindowSettings().recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        // &1 .. &9, then &0: the keyboard reaches the first ten.
        QAction *a = addAction(QStringLiteral("&%1  %2").arg((i + 1) % 10).arg(QDir::toNativeSeparators(path)));
        connect(a, &QAction::triggered, this, [this, path] { emit openRequested(path); });
    }
    if (files.isEmpty())
        addAction(tr("No recent studies"))->setEnabled(false);
    addSeparator();
    QAction *clearList = addAction(tr("&Clear Menu"), this, [] { WindowSettings().clearRecentFiles(); });
    clearList->setEnabled(!files.isEmpty());
}

} // namespace tunescope
