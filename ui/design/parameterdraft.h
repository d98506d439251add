#pragma once

#include "space/searchspace.h"
#include "space/specissue.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace tunescope {

/// What the user typed for one parameter, kept as text until it is read as a Parameter, so that
/// a half-typed "1e-3x" stays on screen while the form reports it.
struct ParameterDraft
{
    QString name;
    Parameter::Type type = Parameter::Type::Float;
    QString min = QStringLiteral("0");
    QString max = QStringLiteral("1");
    QString step;
    bool log = false;
    QStringList values;
    QString constant;

    static ParameterDraft fromParameter(const Parameter &p);
    /// The parameter the text describes. What the core cannot see in it (it gets numbers, not
    /// text: a min that is no number) is added to *issues, in the core's key-path form.
    Parameter toParameter(QList<SpecIssue> *issues = nullptr) const;
    /// "parameters.<name>": the key path the core names this parameter's issues under.
    QString path() const;
    /// The range or values on one line, for the parameter table: "[0.001, 0.3], log".
    QString summary() const;

    bool operator==(const ParameterDraft &other) const = default;
};

QString parameterTypeLabel(Parameter::Type type); ///< "float", "int", "categorical", "constant"

/// Reads a number the way the study file would (C locale, any float syntax).
std::optional<double> parseFormNumber(const QString &text);
/// A value typed in a field: integer, float, boolean or text, as YAML reads it.
QVariant parseFormScalar(const QString &text);

} // namespace tunescope
