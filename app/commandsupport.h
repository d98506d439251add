#pragma once

#include "storage/storage.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <memory>
#include <optional>

/// What every subcommand shares: its streams, its usage errors, its options' parsing and the
/// opening of a database (commands.cpp).
namespace cli {

QTextStream &out();
QTextStream &err();
/// Prints "tunescope: message" on stderr; returns the usage exit code, 2.
int usageError(const QString &message);
/// Parses a subcommand's options; on a bad command line prints why and returns false.
/// positionals: how many arguments it takes, or -1 for one or more.
bool parse(QCommandLineParser &parser, const QStringList &args, const QString &name, int positionals,
           const QString &positionalName);
/// The database at a path or URL, or nullptr after saying why (never with its password).
std::unique_ptr<tunescope::Storage> openStorage(const QString &location);

} // namespace cli
