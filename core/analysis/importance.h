#pragma once

#include "space/searchspace.h"
#include "common/trial.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <utility>
#include <vector>

namespace tunescope {

class SplitMix64;

/// Importance of one parameter: the share of the objective's variance it explains alone.
struct ParameterImportance
{
    QString name;
    double importance = 0.0; ///< mean over the trees of V_d / V (0..1)
    double spread = 0.0;     ///< standard deviation over the trees: how sure the estimate is
};

/// Parameter importance by functional ANOVA (fANOVA, Hutter, Hoos & Leyton-Brown, ICML 2014)
/// over a random forest of regression trees.
///
/// The forest is fitted to (unit-cube coordinates of the searchable parameters, objective) of
/// the complete trials. A regression tree cuts the unit cube into boxes with constant
/// predictions, so its marginals are exact: the main effect of parameter d is the prediction
/// averaged over all other parameters, a step function of x_d, and its variance V_d over x_d
/// (uniform, the search space's own measure) divided by the tree's total variance V is the
/// fraction of the variation that d explains on its own. Interactions are what is left
/// (1 - sum of the fractions). Fractions are averaged over the trees; their spread over the
/// trees says how stable the estimate is. Plain C++ on purpose: no Qt types in the numerics.
class ImportanceForest
{
public:
    struct Options
    {
        int trees = 64;
        int minLeaf = 2;       ///< samples per leaf at least
        int maxDepth = 12;
        /// Rows each tree is grown on (drawn with replacement): all of them up to this many, a
        /// bootstrap of this size beyond, so that 10,000 trials cost what 2,048 do.
        int maxSamples = 2048;
        std::uint64_t seed = 1;
    };

    ImportanceForest() = default;
    explicit ImportanceForest(Options options) : mOptions(options) {}

    /// Fits the forest to x (n rows of `dims` values in [0, 1]) and y (n values).
    void fit(const std::vector<std::vector<double>> &x, const std::vector<double> &y, int dims);
    /// Mean prediction of the trees at x.
    double predict(const std::vector<double> &x) const;
    /// First-order variance fraction of each dimension, averaged over the trees.
    std::vector<double> mainEffects(std::vector<double> *spread = nullptr) const;
    /// Second-order variance fraction of each pair of dimensions (what the pair explains
    /// together beyond both main effects), averaged over the trees.
    std::vector<double> pairEffects(const std::vector<std::pair<int, int>> &pairs, std::vector<double> *spread = nullptr) const;
    int treeCount() const { return int(mTrees.size()); }

private:
    struct Node
    {
        int dim = -1;            ///< -1: a leaf
        double threshold = 0.0;  ///< go left when x[dim] <= threshold
        int left = -1;
        int right = -1;
        double value = 0.0;      ///< leaf prediction
    };
    using Tree = std::vector<Node>;

    int grow(Tree &tree, const std::vector<std::vector<double>> &x, const std::vector<double> &y,
             std::vector<int> &rows, int depth, SplitMix64 &rng) const;
    struct TreeEffects
    {
        std::vector<double> main;  ///< per dimension
        std::vector<double> pairs; ///< per asked pair
    };
    TreeEffects treeEffects(const Tree &tree, const std::vector<std::pair<int, int>> &pairs) const;

    Options mOptions;
    int mDims = 0;
    std::vector<Tree> mTrees;
};

/// Interaction of two parameters: the share of the objective's variance that they explain
/// together beyond what each explains alone (fANOVA's second-order term).
struct PairInteraction
{
    QString first;
    QString second;
    double importance = 0.0; ///< mean over the trees of V_de / V (0..1)
    double spread = 0.0;     ///< standard deviation over the trees
};

/// What studyImportance computes.
struct ImportanceOptions
{
    int trees = 64;
    std::uint64_t seed = 1;
    int pairsAmong = 4; ///< interactions of every pair among this many most important parameters
};

/// Main effects, most important first, and interactions, strongest first, of a study.
struct StudyImportance
{
    QList<ParameterImportance> ranking;
    QList<PairInteraction> interactions;
    int trials = 0; ///< complete trials with a finite objective the forest was fitted to
};

/// fANOVA main effects and pairwise interactions of the searchable parameters over the
/// complete trials with a finite objective. Empty with fewer than 4 such trials or when the
/// objective does not vary. Pure computation on its arguments: safe on a worker thread.
StudyImportance studyImportance(const SearchSpace &space, const QList<Trial> &trials, const ImportanceOptions &options = {});

/// fANOVA importance of the searchable parameters of a study over its complete trials with a
/// finite objective, most important first. Empty with fewer than 4 such trials or when the
/// objective does not vary.
QList<ParameterImportance> parameterImportance(const SearchSpace &space, const QList<Trial> &trials,
                                               int trees = 64, std::uint64_t seed = 1);

} // namespace tunescope
