#pragma once

#include "space/specissue.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace tunescope {

/// One tunable (or constant) parameter of a search space.
struct Parameter
{
    enum class Type { Float, Int, Categorical, Constant };

    QString name;
    Type type = Type::Float;
    double low = 0.0;   ///< Float/Int: inclusive bounds
    double high = 1.0;
    bool log = false;   ///< sample uniformly in log space
    double step = 0.0;  ///< Float: quantization step (0 = continuous); Int: step (>= 1)
    QVariantList choices; ///< Categorical: the values (QString, double, qlonglong or bool)
    QVariant value;       ///< Constant: the value
    QString distribution; ///< the W&B distribution name it was written with

    bool isNumeric() const { return type == Type::Float || type == Type::Int; }
    /// Discrete values the parameter takes on a grid; empty when it has none (continuous float).
    QVariantList gridValues() const;
    /// Maps a value to [0, 1]: linear (or log) for numbers, (index + 0.5) / n for categoricals.
    double toUnit(const QVariant &v) const;
    /// Inverse of toUnit: rounds ints to their step, quantizes floats with a step,
    /// picks the categorical bucket floor(u * n).
    QVariant fromUnit(double u) const;
    /// Index of v in choices, or -1. Compares numbers numerically.
    int choiceIndex(const QVariant &v) const;
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

    /// Unit-cube coordinates of the searchable parameters of `params`.
    std::vector<double> encode(const QVariantMap &params) const;
    /// Parameter values (constants included) for unit-cube coordinates.
    QVariantMap decode(const std::vector<double> &unit) const;

    /// Number of grid points, or nullopt with the reason when a parameter has no grid.
    std::optional<qint64> gridSize(SpecIssue *whyNot = nullptr) const;
    /// The grid point with this index (mixed radix, last parameter fastest).
    QVariantMap gridPoint(qint64 index) const;
    /// Index of a parameter set on the grid, or nullopt when it is not a grid point.
    std::optional<qint64> gridIndex(const QVariantMap &params) const;

    /// Errors in the space itself ("parameters.lr.min: must be > 0 for log_uniform_values").
    QList<SpecIssue> validate() const;

private:
    QList<Parameter> mParams;
};

/// Canonical string of a parameter value, used for comparisons and display.
QString paramValueToString(const QVariant &v);

} // namespace tunescope
