#pragma once

#include "space/searchspace.h"
#include "space/specissue.h"

#include <QList>
#include <QString>

namespace YAML {
class Node;
}

namespace tunescope {

/// Reads an NNI search space ({"name": {"_type": ..., "_value": [...]}}, docs/source/hpo/
/// search_space.rst, checked as nni/common/hpo_utils/validation.py does) into parameters with
/// NNI's semantics: choice, randint (lower inclusive, upper exclusive), uniform, quniform and
/// qloguniform (rounded to q, then clipped to the range), loguniform, normal, qnormal,
/// lognormal, qlognormal (rounded to q, not clipped), every value a float but for choice and
/// randint. A choice whose values are sub-spaces with a `_name` is a nested choice: the choice
/// takes the names, and each sub-space's parameters exist only while their name is chosen
/// ("layer.conv.size" for "size" under the value "conv" of "layer"; the trial receives
/// {"layer": {"_name": "conv", "size": 3}}, as NNI gives it).
class NniSearchSpaceReader
{
public:
    /// `where` prefixes every key path: "searchSpace" for an inline space, the file's name
    /// for a search space file.
    explicit NniSearchSpaceReader(QString where) : mWhere(std::move(where)) {}

    QList<Parameter> read(const YAML::Node &space);
    const QList<SpecIssue> &issues() const { return mIssues; }

private:
    void readLevel(const YAML::Node &space, const QString &keyPath, const QString &namePrefix, const QStringList &path,
                   const QString &parent, const QVariant &parentValue, QList<Parameter> &out);
    void error(const QString &path, const QString &message);

    QString mWhere;
    QList<SpecIssue> mIssues;
};

} // namespace tunescope
