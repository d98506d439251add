#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace tunescope {

/// A problem in a study file or a search space, at the key path it concerns. The command line
/// prints it as text (formatSpecIssue); the study form marks the widget that edits its path.
struct SpecIssue
{
    enum class Severity { Error, Warning };

    SpecIssue() = default;
    SpecIssue(QString path, QString message, Severity severity = Severity::Error, QStringList keys = {})
        : path(std::move(path)), message(std::move(message)), severity(severity), keys(std::move(keys))
    {
    }

    QString path;    ///< "parameters.lr.min", "early_terminate.eta", "metric.goal"; empty: the file as a whole
    QString message; ///< "must be > 0 for log_uniform_values (log scale)"
    Severity severity = Severity::Error;
    /// Keys below `path` that the problem lies between, when it is no single key's: {"min", "max"}
    /// for "min must not be greater than max". A parameter with an empty name is the key "" below
    /// "parameters", since it has no path of its own to name.
    QStringList keys;
    int line = 0;    ///< 1-based position of malformed YAML; 0 when the text parsed
    int column = 0;

    bool isError() const { return severity == Severity::Error; }
    /// The key paths the problem concerns: path itself, or path.key for each of keys.
    QStringList fieldPaths() const;

    bool operator==(const SpecIssue &other) const = default;
};

/// "parameters.lr.min: must be > 0 ..."; with a source, prefixed as the command line prints it:
/// "study.yaml: parameters.lr.min: must be > 0 ...", or "study.yaml:3:1: malformed YAML: ...".
QString formatSpecIssue(const SpecIssue &issue, const QString &source = QString());
/// The issues of one severity, formatted, in order.
QStringList formatSpecIssues(const QList<SpecIssue> &issues, SpecIssue::Severity severity,
                             const QString &source = QString());

} // namespace tunescope
