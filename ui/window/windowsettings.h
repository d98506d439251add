#pragma once

#include <QSettings>
#include <QStringList>

class QMainWindow;
class QWidget;

namespace tunescope {

/// What the dashboard remembers between sessions, in QSettings (on Linux
/// ~/.config/tunescope/tunescope.conf): window geometry with the dock and toolbar layout,
/// every named splitter's position, the shown tab, chart preferences and the recent studies.
/// A storage location is remembered redacted (redactedLocation): the password of a
/// postgresql:// URL never reaches the file (libpq finds it again in PGPASSWORD or ~/.pgpass).
class WindowSettings
{
public:
    static constexpr int maxRecentFiles = 10;

    /// Newest first; files that have disappeared since are left out.
    QStringList recentFiles() const;
    /// Puts path first (absolute, once), keeping at most maxRecentFiles.
    void addRecentFile(const QString &path);
    void removeRecentFile(const QString &path);
    void clearRecentFiles();

    /// Geometry, dock and toolbar layout, and the splitters with an objectName below window.
    void saveWindow(const QMainWindow *window);
    void restoreWindow(QMainWindow *window) const;

    bool value(const QString &key, bool fallback) const;
    int value(const QString &key, int fallback) const;
    QString value(const QString &key, const QString &fallback) const;
    void setValue(const QString &key, const QVariant &value);

private:
    QSettings mSettings;
};

} // namespace tunescope
