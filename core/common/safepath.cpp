#include "common/safepath.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>

namespace tunescope {

namespace {

bool keepsCharacter(char32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
               || c == '.';
    // Letters, digits and the marks that combine with them: readable in any script. Format
    // characters (right-to-left overrides, zero-width joiners), spaces and symbols are not.
    return QChar::isLetterOrNumber(c) || QChar::isMark(c);
}

/// The path as the kernel would walk it: the longest existing prefix with every link
/// resolved, then the parts still to be created as written. Empty when a part is a link
/// that leads nowhere (writing through it would create its target, wherever that is).
QString resolvedPath(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList parts = absolute.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList missing;
    while (true) {
        const QString prefix = QLatin1Char('/') + parts.join(QLatin1Char('/'));
        const QFileInfo info(prefix);
        if (info.exists()) {
            const QString canonical = info.canonicalFilePath();
            if (canonical.isEmpty())
                return {};
            // Parts that do not exist yet cannot be links: ".." among them is plain text.
            return missing.isEmpty() ? canonical
                                     : QDir::cleanPath(canonical + QLatin1Char('/') + missing.join(QLatin1Char('/')));
        }
        if (info.isSymLink() || parts.isEmpty())
            return {};
        missing.prepend(parts.takeLast());
    }
}

void removeEntriesBelow(const QString &dir, QStringList &failed)
{
    // System lists broken links too; Hidden the dot files a trainer leaves.
    QDirIterator it(dir, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        const QString entry = it.next();
        const QFileInfo info = it.fileInfo();
        if (info.isDir() && !info.isSymLink()) {
            removeEntriesBelow(entry, failed);
            if (!QDir().rmdir(entry))
                failed << entry;
        } else if (!QFile::remove(entry)) { // a link: unlinked, its target stays
            failed << entry;
        }
    }
}

} // namespace

QString safePathComponent(const QString &text, int maxBytes)
{
    QString out;
    qsizetype bytes = 0;
    for (const char32_t c : text.toUcs4()) {
        const QString piece = keepsCharacter(c) ? QString::fromUcs4(&c, 1) : QStringLiteral("_");
        const QChar first = piece.front();
        if (out.isEmpty() && (first == u'.' || first == u'-' || first == u'_'))
            continue; // no hidden file, no option, no leading filler
        if ((first == u'.' || first == u'_') && out.endsWith(first))
            continue; // no "..", and one '_' for a run of odd characters
        const qsizetype size = piece.toUtf8().size();
        if (bytes + size > maxBytes)
            break;
        out += piece;
        bytes += size;
    }
    // Windows drops a trailing dot, so "name." and "name" would be one folder there.
    while (out.endsWith(u'.') || out.endsWith(u'_'))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("unnamed") : out;
}

bool isInsideFolder(const QString &path, const QString &folder)
{
    const QString inner = resolvedPath(path);
    const QString outer = resolvedPath(folder);
    if (inner.isEmpty() || outer.isEmpty())
        return false;
    if (inner == outer || outer == QLatin1String("/"))
        return true;
    return inner.startsWith(outer + QLatin1Char('/'));
}

bool removeTreeInside(const QString &path, const QString &folder, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QFileInfo target(path);
    if (target.isSymLink())
        return fail(QStringLiteral("%1: is a symbolic link; it is not followed to delete what it points to").arg(path));
    if (!target.exists())
        return true;
    if (!isInsideFolder(path, folder) || resolvedPath(path) == resolvedPath(folder))
        return fail(QStringLiteral("%1: not inside %2; nothing was deleted").arg(path, folder));
    if (!target.isDir())
        return QFile::remove(path) || fail(QStringLiteral("%1: cannot be deleted").arg(path));
    QStringList failed;
    removeEntriesBelow(target.absoluteFilePath(), failed);
    if (failed.isEmpty() && QDir().rmdir(target.absoluteFilePath()))
        return true;
    return fail(failed.isEmpty() ? QStringLiteral("%1: cannot be deleted").arg(path)
                                 : QStringLiteral("%1: cannot delete %2").arg(path, failed.join(QStringLiteral(", "))));
}

QString ReportPaths::shown(const QString &path) const
{
    if (path.isEmpty() || QDir::isRelativePath(path))
        return path;
    const QString clean = QDir::cleanPath(path);
    if (!baseFolder.isEmpty()) {
        const QString base = QDir::cleanPath(QDir(baseFolder).absolutePath());
        if (clean == base)
            return QStringLiteral(".");
        if (clean.startsWith(base + QLatin1Char('/')))
            return clean.mid(base.size() + 1);
    }
    return localPaths ? clean : QFileInfo(clean).fileName();
}

QString ReportPaths::shownText(const QString &text) const
{
    // A path starts a word, an option's value or a quotation; "scheme://" is not one.
    static const QRegularExpression absolute(QStringLiteral("(^|[\\s='\"(,])(/[^\\s'\"),;]+)"));
    QString out;
    qsizetype last = 0;
    auto it = absolute.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart(2) - last);
        out += shown(m.captured(2));
        last = m.capturedEnd(2);
    }
    return out + text.mid(last);
}

} // namespace tunescope
