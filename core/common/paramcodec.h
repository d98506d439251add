#pragma once

#include <QByteArray>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace tunescope {

/// A trial's parameters as a JSON object: the one spelling of them that storage keeps, a trial
/// program gets (${args_json}, TUNESCOPE_PARAMS) and `tunescope ask` prints.
///
/// QJsonDocument writes the double 64.0 as "64", which reads back as an integer. Here integers
/// are written as integers and doubles always with a '.' or an exponent, in the shortest text
/// that reads back as the same double (64.0, 0.001, 1e-300, -0.0), so that every value reads
/// back with its type and its exact value. Strings are UTF-8 with '"', '\' and control
/// characters escaped; lists and maps nest.
///
/// nullopt, with the reason in *error, for NaN and infinities (JSON has no spelling for them)
/// and for values that have no text.
std::optional<QByteArray> paramsToJson(const QVariantMap &params, QString *error = nullptr);

/// Reads paramsToJson's text back: a number with '.', 'e' or 'E' is a double, any other a
/// qlonglong. JSON not in that form (edited by hand) is read by Qt's parser instead; text
/// that is no JSON object gives an empty map.
QVariantMap paramsFromJson(const QByteArray &json);

/// One JSON value as Python's json.dumps writes it (Optuna keeps its distributions and
/// attributes so): numbers typed by their spelling as paramsFromJson does, null as an invalid
/// QVariant, and NaN, Infinity and -Infinity, which Python writes although JSON has no spelling
/// for them. nullopt when the text is no such value.
std::optional<QVariant> valueFromPythonJson(const QByteArray &json);

/// The shortest text that reads back as the same double; -0.0 is "-0", where Qt writes "0".
QByteArray shortestDoubleText(double d);

} // namespace tunescope
