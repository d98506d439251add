#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>

namespace tunescope {

/// One metric value read from a trial's output.
struct MetricReport
{
    QString name;
    double value = 0.0;
    qint64 step = 0;
};

/// Reads the trial protocol from a stream of output bytes, line by line as it arrives.
///
/// Understands `key=value` pairs, `key: value [(step N)]` lines and one JSON object per line
/// (Python's dict repr and NaN/Infinity too); or, when a user regex is set, only that (named
/// groups `name`/`value`/`step`; without a `name` group the metric is called "value"; several
/// matches per line). A report's step is the value of step, epoch, iteration or global_step on
/// the same line (first of those that is an integer), else a per-metric counter that counts
/// that metric's reports. '\r' ends a line too (progress bars). Partial lines wait for their
/// newline; lines longer than maxLineBytes are cut there; bytes that are not UTF-8 never
/// produce a report by accident.
///
/// A line `artifact=PATH` (nothing else on it but spaces; PATH may hold spaces) declares a
/// file the trial wrote, whatever the metric format: takeArtifacts() hands those over, not
/// checked (confineArtifact does that against the trial folder).
class MetricParser
{
public:
    MetricParser() = default;

    /// Replaces the built-in formats. Returns false (and leaves the parser as it was) when the
    /// pattern does not compile; *error then says why.
    bool setCustomRegex(const QString &pattern, QString *error = nullptr);

    /// Feeds a chunk of output; returns the reports completed by it.
    QList<MetricReport> feed(const QByteArray &chunk);
    /// Flushes a last line without a newline.
    QList<MetricReport> finish();

    /// Parses one complete line (no newline). Steps from counters advance.
    QList<MetricReport> parseLine(const QByteArray &line);

    /// The paths declared by `artifact=` lines since the last call, in order.
    QStringList takeArtifacts();

    static constexpr qsizetype maxLineBytes = 1 << 20;

private:
    QStringList mArtifacts;
    QByteArray mPending;
    bool mDiscardingLongLine = false;
    QHash<QString, qint64> mCounters;
    std::optional<QRegularExpression> mCustom;
    bool mCustomHasName = false;
};

} // namespace tunescope
