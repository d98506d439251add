#pragma once

#include "space/specissue.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace tunescope {

/// One tunable (or constant) parameter of a search space.
///
/// A sampler draws a unit coordinate u in [0, 1] per searchable parameter; fromUnit turns it
/// into a value through the parameter's prior (its inverse CDF) and its rounding, toUnit goes
/// back (the CDF). The priors and roundings cover W&B's distributions and NNI's `_type`s with
/// their exact semantics (W&B's q_* round without clipping, NNI's q* clip to the range).
struct Parameter
{
    enum class Type { Float, Int, Categorical, Constant };
    /// The law of the number before rounding. low and high bound a Uniform prior only.
    enum class Prior {
        Uniform, ///< uniform on [low, high], or on [log low, log high] when log
        Normal,  ///< N(mu, sigma), of the value or (log) of its logarithm
        Beta,    ///< Beta(alpha, beta) on [0, 1]
    };
    /// How step turns the drawn number into a value.
    enum class Rounding {
        Grid,            ///< low + k step within [low, high] (Tunescope's ints and q steps, Optuna's step)
        Multiple,        ///< the nearest multiple of step, even beyond [low, high] (W&B's q_*)
        ClippedMultiple, ///< the nearest multiple of step, clipped to [low, high] (NNI's q*)
    };

    QString name;       ///< unique; the key in storage, a column, ${NAME}
    /// Where the value sits in the nested object a trial receives (${args_json},
    /// TUNESCOPE_PARAMS) and its dotted flag (${args}); empty: {name}.
    QStringList path;
    Type type = Type::Float;
    double low = 0.0;   ///< Float/Int: inclusive bounds of a Uniform prior
    double high = 1.0;
    bool log = false;   ///< sample uniformly (or normally) in log space
    double step = 0.0;  ///< Float: quantization step (0 = continuous); Int: step (>= 1)
    Prior prior = Prior::Uniform;
    Rounding rounding = Rounding::Grid;
    double mu = 0.0;    ///< Normal prior: mean (of the logarithm when log)
    double sigma = 1.0; ///< Normal prior: standard deviation (> 0)
    double alpha = 1.0; ///< Beta prior: shape a
    double beta = 1.0;  ///< Beta prior: shape b
    QVariantList choices; ///< Categorical: the values (QString, double, qlonglong or bool)
    QList<double> probabilities; ///< Categorical: one weight per choice (sum 1); empty: uniform
    QVariant value;       ///< Constant: the value
    QString distribution; ///< the distribution name it was written with (W&B's, or NNI's quniform/qloguniform)
    /// A conditional parameter (NNI's nested choice) exists only while the categorical
    /// parameter named parent has the value parentValue (and parent itself exists).
    QString parent;
    QVariant parentValue;
    /// The key path it was written at, for messages ("parameters.opt.parameters.lr", an NNI
    /// search space's "layer._value[1].size"); empty: "parameters.<name>".
    QString origin;

    bool isNumeric() const { return type == Type::Float || type == Type::Int; }
    bool isConditional() const { return !parent.isEmpty(); }
    /// Whether its values are evenly spaced steps from low to high (a Uniform prior with Grid
    /// rounding on an int or a stepped float), so a sampler may model it as discrete.
    bool hasStepGrid() const
    {
        return prior == Prior::Uniform && rounding == Rounding::Grid && (type == Type::Int || step > 0);
    }
    QStringList jsonPath() const { return path.isEmpty() ? QStringList{name} : path; }
    QString keyPath() const { return origin.isEmpty() ? QStringLiteral("parameters.") + name : origin; }
    /// Discrete values the parameter takes on a grid; empty when it has none (continuous float).
    QVariantList gridValues() const;
    /// Maps a value to [0, 1]: its CDF for numbers (linear or log for Uniform, with half a
    /// step beyond the ends for Grid-discrete ones), the middle of its bucket for categoricals.
    double toUnit(const QVariant &v) const;
    /// Inverse of toUnit: the prior's quantile, then the rounding; ints as qlonglong; the
    /// categorical bucket of u (buckets as wide as the probabilities).
    QVariant fromUnit(double u) const;
    /// Index of v in choices, or -1. Compares numbers numerically.
    int choiceIndex(const QVariant &v) const;
    /// v as this parameter holds it (a choice as listed, an int as qlonglong), or nullopt with
    /// why it cannot, completing "took <v>, ...": not one of its values, outside its range, not
    /// a number or not an integer, or not the constant's value.
    std::optional<QVariant> heldValue(const QVariant &v, QString *why) const;
};

/// An ordered set of parameters, with the unit-cube encoding the samplers work in.
class SearchSpace
{
public:
    SearchSpace() = default;
    explicit SearchSpace(QList<Parameter> params) : mParams(std::move(params)) {}

    const QList<Parameter> &parameters() const { return mParams; }
    void append(const Parameter &p) { mParams.append(p); }
    const Parameter *find(const QString &name) const;

    /// The parameters the samplers search (all but the constants), in order.
    QList<Parameter> searchable() const;
    int dimension() const; ///< number of searchable parameters

    /// Unit-cube coordinates of the searchable parameters of `params`; 0.5 for those it lacks
    /// (inactive conditional parameters sit at that neutral coordinate).
    std::vector<double> encode(const QVariantMap &params) const;
    /// Parameter values (constants included) for unit-cube coordinates; conditional
    /// parameters whose condition the decoded values do not meet are left out.
    QVariantMap decode(const std::vector<double> &unit) const;

    /// Number of grid points, or nullopt with the reason when a parameter has no grid. A
    /// conditional space counts only the valid combinations (each choice with its own
    /// sub-parameters).
    std::optional<qint64> gridSize(SpecIssue *whyNot = nullptr) const;
    /// The grid point with this index (mixed radix, last parameter fastest; a choice's digit
    /// runs through its values together with the grid of their conditional parameters).
    QVariantMap gridPoint(qint64 index) const;
    /// Index of a parameter set on the grid, or nullopt when it is not a grid point.
    std::optional<qint64> gridIndex(const QVariantMap &params) const;

    /// Errors in the space itself ("parameters.lr.min: must be > 0 for log_uniform_values").
    QList<SpecIssue> validate() const;

    /// Whether some parameter is conditional (exists only for some value of another).
    bool hasConditions() const;
    /// Whether p exists in a trial with these parameters: it is unconditional, or its parent
    /// exists there with the value that p depends on.
    bool isActive(const Parameter &p, const QVariantMap &params) const;
    /// Whether p has conditional parameters that depend on its value.
    bool hasConditionalChildren(const Parameter &p) const;
    /// The object a trial receives (${args_json}, TUNESCOPE_PARAMS): values nested along their
    /// paths; a choice with conditional parameters becomes {"_name": choice, sub: value, ...}
    /// as NNI passes a nested choice. Flat names not in the space stay at the top.
    QVariantMap nested(const QVariantMap &params) const;
    /// "--a.b=value" flags of ${args}, with the dotted path of each parameter as its name.
    QList<QPair<QString, QVariant>> flags(const QVariantMap &params) const;

private:
    QList<Parameter> mParams;
};

/// Canonical string of a parameter value, used for comparisons and display.
QString paramValueToString(const QVariant &v);

} // namespace tunescope
