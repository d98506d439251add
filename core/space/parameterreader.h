#pragma once

#include "space/searchspace.h"
#include "space/specissue.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace YAML {
class Node;
}

namespace tunescope {

/// Reads the `parameters` mapping of a study file into parameters, with every problem at its
/// key path: W&B's parameter syntax as its schema (src/sweeps/config/schema.json) and
/// validator define it, every distribution with W&B's keys and defaults, nested `parameters`
/// (flattened to dotted names, nested again for the trial), `values` with `probabilities`;
/// NNI's quniform and qloguniform by their names; Tunescope's `type`, `log`, `step`/`q` on
/// uniform ranges and `when` (parameters that exist only for one value of a choice).
class ParameterReader
{
public:
    /// The parameters of a `parameters` mapping, parents before the parameters that depend
    /// on them. Check issues() for what stops them.
    QList<Parameter> read(const YAML::Node &parameters);
    const QList<SpecIssue> &issues() const { return mIssues; }

private:
    /// Where a level of the mapping sits: its key path, the names and JSON path its
    /// parameters are prefixed with, and the choice they depend on.
    struct Level
    {
        QString keyPath;      ///< "parameters", "parameters.opt.parameters", "parameters.layer.when.conv"
        QString namePrefix;   ///< "", "opt.", "layer.conv."
        QStringList path;     ///< JSON path of the level
        QString parent;       ///< the choice this level depends on; empty for none
        QVariant parentValue;
    };

    void readLevel(const YAML::Node &map, const Level &level, QList<Parameter> &out);
    void readParameter(const QString &key, const YAML::Node &node, const Level &level, QList<Parameter> &out);
    /// A parameter with min/max or a prior, read by its distribution; nullopt on errors.
    std::optional<Parameter> readNumeric(Parameter p, const YAML::Node &node, const QString &at, QString dist);
    std::optional<double> number(const YAML::Node &node, const QString &path);
    void error(const QString &path, const QString &message, const QStringList &keys = {});
    void warn(const QString &path, const QString &message);

    QList<SpecIssue> mIssues;
};

} // namespace tunescope
