#include "window/windowsettings.h"

#include "storage/studylocation.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QMainWindow>
#include <QSplitter>

namespace tunescope {

namespace {
const QString recentKey = QStringLiteral("recent/files");
} // namespace

QStringList WindowSettings::recentFiles() const
{
    QStringList out;
    for (const QString &path : mSettings.value(recentKey).toStringList()) {
        if (isDatabaseUrl(path) || QFileInfo::exists(path))
            out << path;
    }
    return out;
}

QString WindowSettings::studyPrefix(const QString &database, const QString &study)
{
    const QString location = isDatabaseUrl(database) ? redactedLocation(database) : QFileInfo(database).absoluteFilePath();
    const QByteArray identity = location.toUtf8() + '\0' + study.toUtf8();
    return QStringLiteral("studies/%1/").arg(QString::fromLatin1(QCryptographicHash::hash(identity, QCryptographicHash::Sha1).toHex()));
}

void WindowSettings::addRecentFile(const QString &path)
{
    const QString entry = isDatabaseUrl(path) ? redactedLocation(path) : QFileInfo(path).absoluteFilePath();
    QStringList files = mSettings.value(recentKey).toStringList();
    files.removeAll(entry);
    files.prepend(entry);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    mSettings.setValue(recentKey, files);
}

void WindowSettings::removeRecentFile(const QString &path)
{
    QStringList files = mSettings.value(recentKey).toStringList();
    files.removeAll(path);
    mSettings.setValue(recentKey, files);
}

void WindowSettings::clearRecentFiles()
{
    mSettings.remove(recentKey);
}

void WindowSettings::saveWindow(const QMainWindow *window)
{
    mSettings.setValue(QStringLiteral("window/geometry"), window->saveGeometry());
    mSettings.setValue(QStringLiteral("window/state"), window->saveState());
    for (const QSplitter *splitter : window->findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            mSettings.setValue(QStringLiteral("splitters/") + splitter->objectName(), splitter->saveState());
    }
}

void WindowSettings::restoreWindow(QMainWindow *window) const
{
    window->restoreGeometry(mSettings.value(QStringLiteral("window/geometry")).toByteArray());
    window->restoreState(mSettings.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *splitter : window->findChildren<QSplitter *>()) {
        const QByteArray state = mSettings.value(QStringLiteral("splitters/") + splitter->objectName()).toByteArray();
        if (!splitter->objectName().isEmpty() && !state.isEmpty())
            splitter->restoreState(state);
    }
}

bool WindowSettings::value(const QString &key, bool fallback) const
{
    return mSettings.value(key, fallback).toBool();
}

int WindowSettings::value(const QString &key, int fallback) const
{
    return mSettings.value(key, fallback).toInt();
}

QString WindowSettings::value(const QString &key, const QString &fallback) const
{
    return mSettings.value(key, fallback).toString();
}

void WindowSettings::setValue(const QString &key, const QVariant &value)
{
    mSettings.setValue(key, value);
}

} // namespace tunescope
