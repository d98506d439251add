#pragma once

// Internal to core/storage: Optuna's parameter distributions, read for OptunaReader.

#include "space/searchspace.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <optional>

namespace tunescope {

/// One parameter distribution as Optuna stores it in trial_params.distribution_json, as the
/// Tunescope Parameter it is, with Optuna's conversion of the stored float to the value.
///
/// Optuna 3 and 4 write FloatDistribution, IntDistribution and CategoricalDistribution; the
/// classes Optuna 3 deprecated (UniformDistribution, LogUniformDistribution,
/// DiscreteUniformDistribution, IntUniformDistribution, IntLogUniformDistribution) are read
/// too, as Optuna itself still reads them. Categorical choices keep their JSON types (string,
/// integer, float, boolean); Python's None, which a Tunescope value cannot be, becomes the
/// text "None".
struct OptunaDistribution
{
    Parameter parameter; ///< without a name

    /// Optuna's to_external_repr: the value a stored param_value stands for (a categorical
    /// stores the index of its choice). nullopt when it stands for none (an index out of range).
    std::optional<QVariant> value(double stored) const;

    /// Reads distribution_json; nullopt with the reason in *error for text Optuna would not read.
    static std::optional<OptunaDistribution> fromJson(const QByteArray &json, QString *error);
};

/// A parameter covering both a and b (one name in two trials): a define-by-run study may ask
/// for a parameter with other bounds or steps from trial to trial. Numbers take the widest
/// bounds and keep a log scale or a step only where both have it; a float and an int make a
/// float; categoricals take the choices of both, a's first. A categorical and a number (which
/// Optuna refuses to store) give nullopt.
std::optional<Parameter> mergedParameter(const Parameter &a, const Parameter &b);

} // namespace tunescope
