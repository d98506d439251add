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
    Parameter::Prior prior = Parameter::Prior::Uniform;
    Parameter::Rounding rounding = Parameter::Rounding::Grid; ///< how step applies
    QString mu = QStringLiteral("0");    ///< normal families
    QString sigma = QStringLiteral("1");
    QString alpha = QStringLiteral("1"); ///< beta
    QString beta = QStringLiteral("1");
    QStringList values;
    QString probabilities; ///< "0.2, 0.5, 0.3"; empty: every value equally likely
    QString constant;
    /// The dots of the name nest the value the trial gets ({"a": {"b": ...}}, W&B's nested
    /// parameters); without, "a.b" is one key (Hydra style).
    bool nested = false;
    QString parent;        ///< the choice this parameter depends on; empty: always there
    QString parentValue;   ///< the value of parent it exists for, as text
    /// W&B's name when it is not what the prior says by itself (inv_log_uniform_values).
    QString distribution;

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
/// The distribution name a study file writes for a numeric parameter ("q_log_uniform_values").
QString distributionName(const Parameter &p);

/// Reads a number the way the study file would (C locale, any float syntax).
std::optional<double> parseFormNumber(const QString &text);
/// A value typed in a field: integer, float, boolean or text, as YAML reads it.
QVariant parseFormScalar(const QString &text);

} // namespace tunescope
