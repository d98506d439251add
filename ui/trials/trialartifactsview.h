#pragma once

#include <QListWidget>
#include <QStringList>

namespace tunescope {

/// The files a trial wrote into its folder (plots, CSV, JSON, checkpoints), listed in its
/// detail pane: images (PNG, JPEG, SVG) as thumbnails, everything else by name and size; a
/// double-click or Enter opens a file with the desktop's default application
/// (QDesktopServices); files the trial declared with `artifact=path` first, in bold. Only what lies inside the trial's folder is listed: a symbolic link
/// that leads out of it (isInsideFolder) is left out, never followed. Its own logs are the
/// pane's log view, not artifacts.
class TrialArtifactsView : public QListWidget
{
    Q_OBJECT

public:
    /// At most this many files are listed (a trial that writes thousands of shards).
    static constexpr int maxFiles = 200;

    explicit TrialArtifactsView(QWidget *parent = nullptr);

    /// Lists the files of this folder (empty: none); cheap when nothing changed. The files the
    /// trial declared (`artifact=path`, relative to the folder) come first, in their order and
    /// marked as declared, if they exist and lie inside; the rest follow by name.
    void setFolder(const QString &folder, const QStringList &declared = {});
    /// How many of the listed files the trial declared (the first ones).
    int declaredCount() const { return mDeclared; }
    QString folder() const { return mFolder; }
    /// The listed files, relative to the folder, in order.
    QStringList files() const;
    /// Opens the file of this row with the desktop's default application.
    bool openRow(int row);

signals:
    /// A file is being opened.
    void opening(const QString &path);

private:
    QString mFolder;
    QStringList mListed;        ///< relative paths, as listed
    QList<qint64> mStamps;      ///< each file's size and modification time, hashed
    int mDeclared = 0;          ///< the first mDeclared of mListed were declared by the trial
};

} // namespace tunescope
