#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;
class QListView;
class QTextBrowser;

namespace tunescope {

class Storage;
class StudyListModel;
class StudyListProxy;

/// The Studies sidebar: a search field (name, tag or note), the order (name, last activity,
/// best value, trial count), the list, and the current study's tags and Markdown note below
/// it. Its menu renames, deletes (asking first; trial folders only when asked), tags, notes
/// and clones the current study; what changes in the database it says by signal.
class StudyListPanel : public QWidget
{
    Q_OBJECT

public:
    explicit StudyListPanel(StudyListModel *model, QWidget *parent = nullptr);

    /// The database the studies are in (null: nothing to edit) and their trial folders.
    void setStorage(Storage *storage, const QString &runsDirectory);
    /// Makes the study current (nothing when the search hides it or it is current already).
    void selectStudy(const QString &name);
    QString currentStudy() const;

    // Each edit, without dialogs (the menu's actions ask first, then call these).
    bool renameStudy(const QString &name, const QString &newName, QString *error);
    bool deleteStudy(const QString &name, bool removeFolders, QString *error);
    bool setTags(const QString &name, const QStringList &tags, QString *error);
    bool setNote(const QString &name, const QString &note, QString *error);

    // --- for tests ---
    QListView *view() const { return mView; }
    StudyListProxy *proxy() const { return mProxy; }
    QLineEdit *searchField() const { return mSearch; }
    QComboBox *orderBox() const { return mOrder; }
    QTextBrowser *noteView() const { return mNote; }

signals:
    void studySelected(const QString &name);
    void studiesChanged(); ///< a study's name, tags or note changed: read the list again
    void studyRenamed(const QString &oldName, const QString &newName);
    void studyDeleted(const QString &name);
    /// "New Study from This One": the study's spec, to edit into a new study.
    void cloneRequested(const QString &name);

private:
    void showCurrentNote();
    void updateActions();
    void onRename();
    void onDelete();
    void onTags();
    void onNote();

    Storage *mStorage = nullptr;
    QString mRunsDirectory;
    StudyListModel *mModel = nullptr;
    StudyListProxy *mProxy = nullptr;
    QLineEdit *mSearch = nullptr;
    QComboBox *mOrder = nullptr;
    QListView *mView = nullptr;
    QTextBrowser *mNote = nullptr;
    QAction *mRenameAction = nullptr;
    QAction *mDeleteAction = nullptr;
    QAction *mTagsAction = nullptr;
    QAction *mNoteAction = nullptr;
    QAction *mCloneAction = nullptr;
};

} // namespace tunescope
