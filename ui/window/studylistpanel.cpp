#include "window/studylistpanel.h"

#include "execution/studysteering.h"
#include "storage/storage.h"
#include "trials/notedialog.h"
#include "trials/studylistmodel.h"
#include "trials/studylistproxy.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace tunescope {

StudyListPanel::StudyListPanel(StudyListModel *model, QWidget *parent)
    : QWidget(parent)
    , mModel(model)
{
    mProxy = new StudyListProxy(this);
    mProxy->setSourceModel(model);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    mSearch = new QLineEdit(this);
    mSearch->setPlaceholderText(tr("Search name, tag or note"));
    mSearch->setClearButtonEnabled(true);
    connect(mSearch, &QLineEdit::textChanged, mProxy, &StudyListProxy::setSearchText);

    auto *orderRow = new QHBoxLayout;
    mOrder = new QComboBox(this);
    mOrder->addItem(tr("By name"), int(StudyListProxy::Order::Name));
    mOrder->addItem(tr("Latest activity first"), int(StudyListProxy::Order::LastActivity));
    mOrder->addItem(tr("Best value first"), int(StudyListProxy::Order::BestValue));
    mOrder->addItem(tr("Most trials first"), int(StudyListProxy::Order::TrialCount));
    connect(mOrder, &QComboBox::currentIndexChanged, this, [this] {
        mProxy->setOrder(StudyListProxy::Order(mOrder->currentData().toInt()));
    });
    auto *menuButton = new QToolButton(this);
    menuButton->setText(tr("Study"));
    menuButton->setToolTip(tr("Rename, delete, tag, annotate or clone the selected study"));
    menuButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(menuButton);
    mRenameAction = menu->addAction(tr("&Rename…"), this, &StudyListPanel::onRename);
    mTagsAction = menu->addAction(tr("&Tags…"), this, &StudyListPanel::onTags);
    mNoteAction = menu->addAction(tr("&Note…"), this, &StudyListPanel::onNote);
    mCloneAction = menu->addAction(tr("New Study from &This One"), this, [this] { emit cloneRequested(currentStudy()); });
    menu->addSeparator();
    mDeleteAction = menu->addAction(tr("&Delete…"), this, &StudyListPanel::onDelete);
    menuButton->setMenu(menu);
    orderRow->addWidget(mOrder, 1);
    orderRow->addWidget(menuButton);

    mView = new QListView(this);
    mView->setModel(mProxy);
    mView->setIconSize(QSize(10, 10));
    mView->setSpacing(2);
    mView->setMinimumWidth(170);
    mView->setWordWrap(true); // a long name or summary wraps instead of scrolling sideways
    mView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    mView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(mView, &QWidget::customContextMenuRequested, this, [this, menu](const QPoint &pos) {
        if (mView->indexAt(pos).isValid())
            menu->exec(mView->viewport()->mapToGlobal(pos));
    });
    connect(mView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &index) {
        showCurrentNote();
        updateActions();
        if (index.isValid())
            emit studySelected(index.data(StudyListModel::NameRole).toString());
    });
    connect(mModel, &QAbstractItemModel::dataChanged, this, &StudyListPanel::showCurrentNote);
    connect(mModel, &QAbstractItemModel::modelReset, this, &StudyListPanel::showCurrentNote);

    mNote = new QTextBrowser(this);
    mNote->setOpenExternalLinks(true);
    mNote->setMaximumHeight(160);
    mNote->setPlaceholderText(tr("No note on this study (Study → Note…)"));

    layout->addWidget(mSearch);
    layout->addLayout(orderRow);
    layout->addWidget(mView, 1);
    layout->addWidget(mNote);
    updateActions();
}

void StudyListPanel::setStorage(Storage *storage, const QString &runsDirectory)
{
    mStorage = storage;
    mRunsDirectory = runsDirectory;
    updateActions();
}

void StudyListPanel::selectStudy(const QString &name)
{
    const int row = mModel->rowOfStudy(name);
    if (row < 0)
        return;
    const QModelIndex index = mProxy->mapFromSource(mModel->index(row));
    if (index.isValid() && mView->currentIndex() != index)
        mView->setCurrentIndex(index);
}

QString StudyListPanel::currentStudy() const
{
    return mView->currentIndex().data(StudyListModel::NameRole).toString();
}

void StudyListPanel::showCurrentNote()
{
    const int row = mModel->rowOfStudy(currentStudy());
    if (row < 0) {
        mNote->clear();
        return;
    }
    const StudyRecord &study = mModel->summaries().at(row).study;
    QString markdown;
    if (!study.tags.isEmpty())
        markdown += QStringLiteral("`#") + study.tags.join(QStringLiteral("` `#")) + QStringLiteral("`\n\n");
    markdown += study.note;
    if (mNote->toMarkdown() != markdown)
        mNote->setMarkdown(markdown);
}

void StudyListPanel::updateActions()
{
    const bool editable = mStorage && mStorage->readOnlyReason().isEmpty() && !currentStudy().isEmpty();
    for (QAction *a : {mRenameAction, mDeleteAction, mTagsAction, mNoteAction})
        a->setEnabled(editable);
    mCloneAction->setEnabled(!currentStudy().isEmpty());
}

bool StudyListPanel::renameStudy(const QString &name, const QString &newName, QString *error)
{
    const auto study = mStorage ? mStorage->findStudy(name) : std::nullopt;
    if (!study) {
        *error = mStorage ? mStorage->lastError() : tr("No database is open.");
        return false;
    }
    const bool renamed = tunescope::renameStudy(*mStorage, *study, newName, mRunsDirectory, error);
    if (renamed || !mStorage->findStudy(name)) { // renamed, its folder perhaps not moved
        emit studyRenamed(name, newName.trimmed()); // first: the window follows the study it shows
        emit studiesChanged();
    }
    return renamed;
}

bool StudyListPanel::deleteStudy(const QString &name, bool removeFolders, QString *error)
{
    const auto study = mStorage ? mStorage->findStudy(name) : std::nullopt;
    if (!study) {
        *error = mStorage ? mStorage->lastError() : tr("No database is open.");
        return false;
    }
    const bool deleted = tunescope::deleteStudy(*mStorage, *study, removeFolders, mRunsDirectory, error);
    if (deleted || !mStorage->findStudy(name)) {
        emit studyDeleted(name);
        emit studiesChanged();
    }
    return deleted;
}

bool StudyListPanel::setTags(const QString &name, const QStringList &tags, QString *error)
{
    const auto study = mStorage ? mStorage->findStudy(name) : std::nullopt;
    if (!study || !mStorage->setStudyTags(study->id, tags)) {
        *error = mStorage ? mStorage->lastError() : tr("No database is open.");
        return false;
    }
    emit studiesChanged();
    return true;
}

bool StudyListPanel::setNote(const QString &name, const QString &note, QString *error)
{
    const auto study = mStorage ? mStorage->findStudy(name) : std::nullopt;
    if (!study || !mStorage->setStudyNote(study->id, note)) {
        *error = mStorage ? mStorage->lastError() : tr("No database is open.");
        return false;
    }
    emit studiesChanged();
    return true;
}

void StudyListPanel::onRename()
{
    const QString name = currentStudy();
    bool ok = false;
    const QString newName = QInputDialog::getText(this, tr("Rename Study"), tr("New name of study '%1':").arg(name),
                                                  QLineEdit::Normal, name, &ok);
    if (!ok || newName.trimmed().isEmpty() || newName.trimmed() == name)
        return;
    QString error;
    if (!renameStudy(name, newName, &error))
        QMessageBox::warning(this, tr("Cannot Rename"), error);
}

void StudyListPanel::onDelete()
{
    const QString name = currentStudy();
    const int row = mModel->rowOfStudy(name);
    if (row >= 0 && (mModel->summaries().at(row).running > 0 || mModel->summaries().at(row).liveWorkers > 0)) {
        QMessageBox::warning(this, tr("Cannot Delete"), tr("Trials of study '%1' are running; stop them first.").arg(name));
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Delete Study"),
                    tr("Delete study '%1' and all its trials from the database? This cannot be undone.").arg(name),
                    QMessageBox::Cancel, this);
    QPushButton *remove = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    auto *folders = new QCheckBox(tr("Also remove its trial folders (logs and outputs)"), &box);
    folders->setEnabled(!mRunsDirectory.isEmpty());
    box.setCheckBox(folders);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    QString error;
    if (!deleteStudy(name, folders->isChecked(), &error))
        QMessageBox::warning(this, tr("Cannot Delete"), error);
}

void StudyListPanel::onTags()
{
    const QString name = currentStudy();
    const int row = mModel->rowOfStudy(name);
    const QStringList tags = row >= 0 ? mModel->summaries().at(row).study.tags : QStringList();
    bool ok = false;
    const QString text = QInputDialog::getText(this, tr("Study Tags"), tr("Tags of study '%1', separated by commas or spaces:").arg(name),
                                               QLineEdit::Normal, tags.join(QStringLiteral(", ")), &ok);
    QString error;
    if (ok && !setTags(name, parseTags(text), &error))
        QMessageBox::warning(this, tr("Cannot Save Tags"), error);
}

void StudyListPanel::onNote()
{
    const QString name = currentStudy();
    const int row = mModel->rowOfStudy(name);
    NoteDialog dialog(tr("Note on Study '%1'").arg(name), row >= 0 ? mModel->summaries().at(row).study.note : QString(), this);
    QString error;
    if (dialog.exec() == QDialog::Accepted && !setNote(name, dialog.note(), &error))
        QMessageBox::warning(this, tr("Cannot Save the Note"), error);
}

} // namespace tunescope
