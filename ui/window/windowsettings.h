#pragma once

#include <QSettings>
#include <QStringList>

class QMainWindow;
class QWidget;

namespace tunescope {

/// What the dashboard remembers between sessions, in QSettings (on Linux
/// ~/.config/tunescope/tunescope.conf): window geometry with the dock and toolbar layout,
/// every named splitter's position, the shown tab, chart preferences and the recent studies;
/// per study (studyPrefix) its last view and the trial table's columns.
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

    /// The key prefix of what is remembered for one study ("studies/<hash>/"): the hash of
    /// its database location (redacted) and its name, so that studies of one name in two
    /// databases stay apart and no path or URL becomes a settings key.
    static QString studyPrefix(const QString &database, const QString &study);

    bool value(const QString &key, bool fallback) const;
    int value(const QString &key, int fallback) const;
    QString value(const QString &key, const QString &fallback) const;
    void setValue(const QString &key, const QVariant &value);

private:
    QSettings mSettings;
};

} // namespace tunescope
