#include "trials/trialartifactsview.h"

#include "common/safepath.h"
#include "execution/trialartifact.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QDirIterator>
#include <QFont>
#include <QFileInfo>
#include <QIcon>
#include <QImageReader>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QStyle>
#include <QSvgRenderer>
#include <QUrl>

#include <algorithm>

namespace tunescope {

namespace {

constexpr int thumbnail = 72;

/// A thumbnail of an image file, or a null pixmap when it is none (or unreadable).
QPixmap preview(const QFileInfo &file)
{
    const QString suffix = file.suffix().toLower();
    if (suffix == QLatin1String("svg")) {
        QSvgRenderer svg(file.absoluteFilePath());
        if (!svg.isValid())
            return {};
        QSizeF size = svg.defaultSize();
        size.scale(thumbnail, thumbnail, Qt::KeepAspectRatio);
        QPixmap pixmap(size.toSize().expandedTo(QSize(1, 1)));
        pixmap.fill(Qt::white);
        QPainter painter(&pixmap);
        svg.render(&painter);
        return pixmap;
    }
    if (suffix != QLatin1String("png") && suffix != QLatin1String("jpg") && suffix != QLatin1String("jpeg"))
        return {};
    QImageReader reader(file.absoluteFilePath());
    // Decoded at thumbnail size: a 4,000-pixel plot costs a 72-pixel one's memory.
    QSize size = reader.size();
    if (!size.isValid())
        return {};
    size.scale(thumbnail, thumbnail, Qt::KeepAspectRatio);
    reader.setScaledSize(size.expandedTo(QSize(1, 1)));
    return QPixmap::fromImage(reader.read());
}

} // namespace

TrialArtifactsView::TrialArtifactsView(QWidget *parent)
    : QListWidget(parent)
{
    setViewMode(QListView::IconMode);
    setIconSize(QSize(thumbnail, thumbnail));
    setGridSize(QSize(thumbnail + 60, thumbnail + 36));
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setWordWrap(true);
    setTextElideMode(Qt::ElideMiddle); // "loss-lan…cape.png": both ends tell files apart
    setSelectionMode(QAbstractItemView::SingleSelection);
    setToolTip(tr("Files the trial wrote into its folder: double-click or Enter opens one"));
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) { openRow(row(item)); });
}

void TrialArtifactsView::setFolder(const QString &folder, const QStringList &declared)
{
    QStringList listed;
    QList<qint64> stamps;
    int declaredCount = 0;
    if (!folder.isEmpty() && QFileInfo(folder).isDir()) {
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        const QDir root(folder);
        while (it.hasNext() && listed.size() < maxFiles) {
            const QString path = it.next();
            const QString relative = root.relativeFilePath(path);
            // A link may point anywhere: only what resolves inside the folder is the trial's.
            if (isRunnerFile(relative) || !isInsideFolder(path, folder))
                continue;
            const QFileInfo info(path);
            listed << relative;
            stamps << (info.size() ^ (info.lastModified().toMSecsSinceEpoch() << 20));
        }
        // QDirIterator's order is the file system's: sorted, the list stays put as files come.
        QList<int> order(listed.size());
        for (int i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(), [&listed](int a, int b) { return listed[a] < listed[b]; });
        QStringList sortedNames;
        QList<qint64> sortedStamps;
        for (int i : order) {
            sortedNames << listed[i];
            sortedStamps << stamps[i];
        }
        // Declared files first, as declared (also those past maxFiles or written later).
        QStringList first;
        QList<qint64> firstStamps;
        for (const QString &relative : declared) {
            const QString path = root.filePath(relative);
            const QFileInfo info(path);
            if (first.contains(relative) || !info.isFile() || isRunnerFile(relative) || !isInsideFolder(path, folder))
                continue;
            first << relative;
            firstStamps << (info.size() ^ (info.lastModified().toMSecsSinceEpoch() << 20));
        }
        declaredCount = int(first.size());
        for (qsizetype i = 0; i < sortedNames.size(); ++i) {
            if (!first.contains(sortedNames.at(i))) {
                first << sortedNames.at(i);
                firstStamps << sortedStamps.at(i);
            }
        }
        listed = first;
        stamps = firstStamps;
    }
    if (folder == mFolder && listed == mListed && stamps == mStamps && declaredCount == mDeclared)
        return;
    mFolder = folder;
    mListed = listed;
    mStamps = stamps;
    mDeclared = declaredCount;
    clear();
    const QDir root(folder);
    for (qsizetype i = 0; i < listed.size(); ++i) {
        const QFileInfo info(root.filePath(listed.at(i)));
        const QPixmap thumb = preview(info);
        auto *item = new QListWidgetItem(thumb.isNull() ? QIcon::fromTheme(QStringLiteral("text-x-generic"),
                                                                           style()->standardIcon(QStyle::SP_FileIcon))
                                                        : QIcon(thumb),
                                         info.fileName(), this); // the folder is in the tooltip
        item->setToolTip(tr("%1 · %2 · %3").arg(QDir::toNativeSeparators(info.absoluteFilePath()), QLocale().formattedDataSize(info.size()),
                                                QLocale().toString(info.lastModified(), QLocale::ShortFormat)));
        if (i < declaredCount) {
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
            item->setToolTip(tr("Declared by the trial (artifact=%1)").arg(listed.at(i)) + QLatin1Char('\n') + item->toolTip());
        }
    }
}

QStringList TrialArtifactsView::files() const
{
    return mListed;
}

bool TrialArtifactsView::openRow(int row)
{
    if (row < 0 || row >= mListed.size())
        return false;
    const QString path = QDir(mFolder).filePath(mListed.at(row));
    // Checked again: the file may have been replaced by a link since it was listed.
    if (!isInsideFolder(path, mFolder))
        return false;
    emit opening(path);
    return QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

} // namespace tunescope
