#include "space/specissue.h"

namespace tunescope {

QStringList SpecIssue::fieldPaths() const
{
    if (keys.isEmpty())
        return {path};
    QStringList paths;
    for (const QString &key : keys)
        paths << path + u'.' + key;
    return paths;
}

QString formatSpecIssue(const SpecIssue &issue, const QString &source)
{
    if (issue.line > 0)
        return QStringLiteral("%1:%2:%3: %4").arg(source).arg(issue.line).arg(issue.column).arg(issue.message);
    QStringList parts;
    if (!source.isEmpty())
        parts << source;
    if (!issue.path.isEmpty())
        parts << issue.path;
    parts << issue.message;
    return parts.join(QStringLiteral(": "));
}

QStringList formatSpecIssues(const QList<SpecIssue> &issues, SpecIssue::Severity severity, const QString &source)
{
    QStringList texts;
    for (const SpecIssue &issue : issues) {
        if (issue.severity == severity)
            texts << formatSpecIssue(issue, source);
    }
    return texts;
}

} // namespace tunescope
