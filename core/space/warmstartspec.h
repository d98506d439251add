#pragma once

#include "space/specissue.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace YAML {
class Node;
}

namespace tunescope {

struct StudySpec;

/// `warm_start` of a study file: start a study from what other studies learned.
///
/// Each source is "DATABASE#STUDY": a SQLite file (Tunescope's or Optuna's) relative to the
/// study file, or a postgresql:// URL. best_first enqueues the sources' top_k best
/// configurations that fit this space when the study is created; prior gives the sources'
/// finished trials to the sampler as observations of another task (tpe and bayes only).
/// rename maps a source's parameter names to this study's, for a parameter renamed between
/// the studies; a source's parameters this space lacks are dropped, its constants filled in.
struct WarmStartSpec
{
    enum class Mode { BestFirst, Prior };

    QStringList from;           ///< sources as written; empty: no warm start
    Mode mode = Mode::BestFirst;
    int topK = 0;               ///< 0: the mode's default (defaultTopK)
    QMap<QString, QString> rename; ///< a source's parameter name -> this study's

    bool isEnabled() const { return !from.isEmpty(); }
    /// top_k as given, else 5 configurations for best_first and every trial for prior.
    int effectiveTopK() const;
    bool operator==(const WarmStartSpec &) const = default;
};

QString warmStartModeName(WarmStartSpec::Mode mode); ///< "best_first" | "prior"

/// Reads the `warm_start` mapping (from, mode, top_k, rename); every other key is refused by
/// path.
QList<SpecIssue> parseWarmStartSpec(const YAML::Node &node, WarmStartSpec *warmStart);

/// What the rest of the study says against its warm start: each new name of `rename` must be
/// a parameter of this study; `mode: prior` needs a sampler that models the trials (tpe with
/// one metric, or bayes) on a space without conditions.
QList<SpecIssue> checkWarmStartSpec(const StudySpec &spec);

/// The mapping as written back to a study file, with passwords of URLs left out
/// (redactedLocation); empty when there is no warm start.
QVariantMap warmStartSpecToMap(const WarmStartSpec &warmStart);

/// One source split into its database and study ("a.db#s" -> "a.db", "s"); false when the
/// text has no '#' or either side is empty. The study name is what follows the last '#'.
bool splitWarmStartSource(const QString &source, QString *database, QString *study);

} // namespace tunescope
