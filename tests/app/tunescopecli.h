#pragma once
// The command-line suites run the built tunescope binary as a user does from a shell; this is
// the one way they start it and write the files it reads.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QStringList>

/// What one run of the tunescope binary left: its exit code (-1 when it crashed or was killed
/// after the timeout), stdout and stderr.
struct CliResult
{
    int code = -1;
    QString out;
    QString err;
};

/// Runs `tunescope args...` in workingDir with `input` on its stdin (closed after), killing it
/// after timeoutMs.
inline CliResult runTunescope(const QString &workingDir, const QStringList &args, const QByteArray &input = {},
                              int timeoutMs = 60000)
{
    QProcess p;
    p.setWorkingDirectory(workingDir);
    p.start(QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/tunescope"), args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

/// Writes text to path, making its folder; the path, or empty when it could not be written.
inline QString writeTestFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
        return {};
    return f.fileName();
}
