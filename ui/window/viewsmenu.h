#pragma once

#include <QMenu>

class QActionGroup;
class QTabWidget;

namespace tunescope {

/// Every view of the window's tab widget, by group (Study, Progress, Parameters, Objectives),
/// as the menu bar's View menu and as a button in the tab bar's corner: with more tabs than a
/// 1280 px window shows, the tab bar scrolls and every view is still one click or one shortcut
/// (Alt+1 … Alt+0 for the first ten, Ctrl+PgDown / Ctrl+PgUp for the next and previous) away.
class ViewsMenu : public QMenu
{
    Q_OBJECT

public:
    ViewsMenu(QTabWidget *tabs, QWidget *parent = nullptr);

    /// A section headed title, with one checkable action per page (named by its tab's text).
    void addGroup(const QString &title, const QList<QWidget *> &pages);
    /// Next and Previous View, after the groups.
    void addNavigation();
    /// The action that shows page, or null.
    QAction *actionFor(const QWidget *page) const;

private:
    void followCurrent();

    QTabWidget *mTabs = nullptr;
    QActionGroup *mGroup = nullptr;
    int mShortcuts = 0; ///< how many Alt+digit shortcuts are given out
};

} // namespace tunescope
