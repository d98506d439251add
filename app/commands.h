#pragma once

#include <QStringList>

/// The headless subcommands of DESIGN.md; each returns the process exit code.
namespace commands {

int run(const QStringList &args, bool workerMode);
int studies(const QStringList &args);
int exportStudy(const QStringList &args);
int ask(const QStringList &args);
int tell(const QStringList &args);

} // namespace commands
