#pragma once

#include <QMenu>

namespace tunescope {

/// File → Open Recent: the studies WindowSettings remembers, newest first, numbered for the
/// keyboard, rebuilt each time it opens (another window may have added one), and a way to
/// clear the list.
class RecentFilesMenu : public QMenu
{
    Q_OBJECT

public:
    explicit RecentFilesMenu(QWidget *parent = nullptr);

    /// Makes the entries anew from the settings; the menu does this itself before it shows.
    void rebuild();

signals:
    void openRequested(const QString &path);
};

} // namespace tunescope
