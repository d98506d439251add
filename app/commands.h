#pragma once

#include <QStringList>

/// The headless subcommands of DESIGN.md; each returns the process exit code.
namespace commands {

int run(const QStringList &args, bool workerMode);
int studies(const QStringList &args);
int exportStudy(const QStringList &args);
/// `compare DB [DB...] [--study A --study B ...] --format html|pdf|csv [-o FILE]`.
int compare(const QStringList &args);
/// Whether the command draws (export html|pdf, compare html|pdf) and so needs a
/// QApplication; argv as main() got it.
bool needsPainting(int argc, char **argv);
int ask(const QStringList &args);
/// `convert FILE [-o STUDY.yaml]`: an NNI config, NNI search space or sweep file as a study file.
int convert(const QStringList &args);
int tell(const QStringList &args);
/// `import OPTUNA_DB --study NAME -o DB [--spec SPEC.yaml] [--method M]`.
int importStudy(const QStringList &args);

} // namespace commands
