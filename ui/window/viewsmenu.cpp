#include "window/viewsmenu.h"

#include <QActionGroup>
#include <QTabWidget>

namespace tunescope {

ViewsMenu::ViewsMenu(QTabWidget *tabs, QWidget *parent)
    : QMenu(tr("&View"), parent)
    , mTabs(tabs)
    , mGroup(new QActionGroup(this))
{
    mGroup->setExclusive(true);
    connect(mTabs, &QTabWidget::currentChanged, this, &ViewsMenu::followCurrent);
}

void ViewsMenu::addGroup(const QString &title, const QList<QWidget *> &pages)
{
    addSection(title);
    for (QWidget *page : pages) {
        const int index = mTabs->indexOf(page);
        if (index < 0)
            continue;
        // The tab's text without its mnemonic ampersand, which the menu would show as one.
        QAction *action = addAction(mTabs->tabText(index).remove(QLatin1Char('&')));
        action->setCheckable(true);
        action->setData(QVariant::fromValue(static_cast<QObject *>(page)));
        mGroup->addAction(action);
        if (mShortcuts < 10) {
            // Alt+1 … Alt+9, then Alt+0: the menu bar's Alt+letter mnemonics leave digits free.
            action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + (mShortcuts + 1) % 10)));
            ++mShortcuts;
        }
        connect(action, &QAction::triggered, this, [this, page] { mTabs->setCurrentWidget(page); });
    }
    followCurrent();
}

void ViewsMenu::addNavigation()
{
    addSeparator();
    QAction *next = addAction(tr("&Next View"));
    next->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    connect(next, &QAction::triggered, this, [this] { mTabs->setCurrentIndex((mTabs->currentIndex() + 1) % mTabs->count()); });
    QAction *previous = addAction(tr("&Previous View"));
    previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
    connect(previous, &QAction::triggered, this,
            [this] { mTabs->setCurrentIndex((mTabs->currentIndex() + mTabs->count() - 1) % mTabs->count()); });
}

QAction *ViewsMenu::actionFor(const QWidget *page) const
{
    for (QAction *action : mGroup->actions()) {
        if (action->data().value<QObject *>() == page)
            return action;
    }
    return nullptr;
}

void ViewsMenu::followCurrent()
{
    if (QAction *action = actionFor(mTabs->currentWidget()))
        action->setChecked(true);
}

} // namespace tunescope
