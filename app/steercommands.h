#pragma once

#include <QStringList>

/// Subcommands that steer a study by hand; each returns the process exit code.
namespace commands {

/// `enqueue DB --study S --param NAME=VALUE ... [--param-file FILE.json] [--allow-out-of-space]`.
int enqueue(const QStringList &args);
/// `retry DB --study S (--trial N ... | --failed)`.
int retry(const QStringList &args);
/// `note DB --study S [--trial N] TEXT|-`.
int note(const QStringList &args);
/// `tag DB --study S [TAG...] [--remove TAG ...]`.
int tag(const QStringList &args);
/// `rename DB --study S NEW_NAME`.
int rename(const QStringList &args);
/// `delete DB --study S --yes [--remove-folders]`.
int deleteStudy(const QStringList &args);

} // namespace commands
