#include "analysis/importance.h"

#include "common/splitmix.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tunescope {

namespace {
/// Bootstrap draws and feature subsets come from the project's generator (unbiased, the
/// same sequence on every standard library).
int randomBelow(SplitMix64 &rng, int n)
{
    return int(rng.below(std::uint64_t(n)));
}

/// An axis-aligned box of the unit cube with the constant prediction of a leaf.
struct LeafBox
{
    std::vector<double> lo;
    std::vector<double> hi;
    double value = 0.0;
    double volume = 1.0;
};
} // namespace

void ImportanceForest::fit(const std::vector<std::vector<double>> &x, const std::vector<double> &y, int dims)
{
    mDims = dims;
    mTrees.clear();
    const int n = int(x.size());
    if (n == 0 || dims == 0)
        return;
    SplitMix64 rng(mOptions.seed);
    for (int t = 0; t < mOptions.trees; ++t) {
        // Bootstrap sample: the trees disagree where the data is thin, which is the spread.
        std::vector<int> rows(static_cast<size_t>(std::min(n, std::max(1, mOptions.maxSamples))));
        for (int &r : rows)
            r = randomBelow(rng, n);
        Tree tree;
        tree.reserve(size_t(2 * n));
        grow(tree, x, y, rows, 0, rng);
        mTrees.push_back(std::move(tree));
    }
}

int ImportanceForest::grow(Tree &tree, const std::vector<std::vector<double>> &x, const std::vector<double> &y,
                           std::vector<int> &rows, int depth, SplitMix64 &rng) const
{
    const int index = int(tree.size());
    tree.push_back(Node{});
    double sum = 0.0;
    for (int r : rows)
        sum += y[size_t(r)];
    const double mean = sum / double(rows.size());
    tree[size_t(index)].value = mean;

    const int n = int(rows.size());
    if (n < 2 * mOptions.minLeaf || depth >= mOptions.maxDepth)
        return index;

    // Candidate dimensions: a random 70 % of them (at least one), as random forests do, so
    // that a strong parameter does not hide a correlated weaker one in every tree.
    std::vector<int> dims(static_cast<size_t>(mDims));
    std::iota(dims.begin(), dims.end(), 0);
    for (int i = mDims - 1; i > 0; --i)
        std::swap(dims[size_t(i)], dims[size_t(randomBelow(rng, i + 1))]);
    const int tries = std::max(1, int(std::ceil(0.7 * mDims)));

    double bestGain = 1e-12;
    int bestDim = -1;
    double bestThreshold = 0.0;
    double totalSq = 0.0;
    for (int r : rows)
        totalSq += (y[size_t(r)] - mean) * (y[size_t(r)] - mean);
    if (totalSq <= 1e-300)
        return index;

    std::vector<std::pair<double, double>> pairs(static_cast<size_t>(n));
    for (int k = 0; k < tries; ++k) {
        const int d = dims[size_t(k)];
        for (int i = 0; i < n; ++i)
            pairs[size_t(i)] = {x[size_t(rows[size_t(i)])][size_t(d)], y[size_t(rows[size_t(i)])]};
        std::sort(pairs.begin(), pairs.end());
        // Sum of squares left and right by running sums: SSE = sum y^2 - (sum y)^2 / n.
        double leftSum = 0.0, leftSq = 0.0, allSq = 0.0;
        for (const auto &p : pairs)
            allSq += p.second * p.second;
        for (int i = 0; i < n - 1; ++i) {
            leftSum += pairs[size_t(i)].second;
            leftSq += pairs[size_t(i)].second * pairs[size_t(i)].second;
            const int nl = i + 1, nr = n - nl;
            if (pairs[size_t(i)].first == pairs[size_t(i + 1)].first || nl < mOptions.minLeaf || nr < mOptions.minLeaf)
                continue;
            const double rightSum = sum - leftSum;
            const double sse = (leftSq - leftSum * leftSum / nl) + (allSq - leftSq - rightSum * rightSum / nr);
            const double gain = totalSq - sse;
            if (gain > bestGain) {
                bestGain = gain;
                bestDim = d;
                bestThreshold = 0.5 * (pairs[size_t(i)].first + pairs[size_t(i + 1)].first);
            }
        }
    }
    if (bestDim < 0)
        return index;

    std::vector<int> left, right;
    for (int r : rows)
        (x[size_t(r)][size_t(bestDim)] <= bestThreshold ? left : right).push_back(r);
    const int l = grow(tree, x, y, left, depth + 1, rng);
    const int rr = grow(tree, x, y, right, depth + 1, rng);
    Node &node = tree[size_t(index)];
    node.dim = bestDim;
    node.threshold = bestThreshold;
    node.left = l;
    node.right = rr;
    return index;
}

double ImportanceForest::predict(const std::vector<double> &x) const
{
    if (mTrees.empty())
        return 0.0;
    double sum = 0.0;
    for (const Tree &tree : mTrees) {
        int i = 0;
        while (tree[size_t(i)].dim >= 0)
            i = x[size_t(tree[size_t(i)].dim)] <= tree[size_t(i)].threshold ? tree[size_t(i)].left : tree[size_t(i)].right;
        sum += tree[size_t(i)].value;
    }
    return sum / double(mTrees.size());
}

namespace {

/// The leaves of a tree as boxes of the unit cube (the space's own uniform measure), their
/// volume-weighted mean and total variance.
struct TreeBoxes
{
    std::vector<LeafBox> leaves;
    double mean = 0.0;
    double total = 0.0;
};

/// Sorted distinct box edges along dimension d, 0 and 1 included: the marginal over d is
/// constant between two of them.
std::vector<double> edgesAlong(const std::vector<LeafBox> &leaves, int d)
{
    std::vector<double> cuts{0.0, 1.0};
    for (const LeafBox &b : leaves) {
        cuts.push_back(b.lo[size_t(d)]);
        cuts.push_back(b.hi[size_t(d)]);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    return cuts;
}

/// Index of an edge in the sorted edges (it is one of them).
size_t edgeIndex(const std::vector<double> &cuts, double x)
{
    return size_t(std::lower_bound(cuts.begin(), cuts.end(), x) - cuts.begin());
}

} // namespace

ImportanceForest::TreeEffects ImportanceForest::treeEffects(const Tree &tree, const std::vector<std::pair<int, int>> &pairs) const
{
    TreeEffects out;
    out.main.assign(size_t(mDims), 0.0);
    out.pairs.assign(pairs.size(), 0.0);
    TreeBoxes t;
    struct Item { int node; std::vector<double> lo, hi; };
    std::vector<Item> stack{{0, std::vector<double>(size_t(mDims), 0.0), std::vector<double>(size_t(mDims), 1.0)}};
    while (!stack.empty()) {
        Item item = std::move(stack.back());
        stack.pop_back();
        const Node &node = tree[size_t(item.node)];
        if (node.dim < 0) {
            LeafBox box{item.lo, item.hi, node.value, 1.0};
            for (int d = 0; d < mDims; ++d)
                box.volume *= std::max(0.0, box.hi[size_t(d)] - box.lo[size_t(d)]);
            if (box.volume > 0.0)
                t.leaves.push_back(std::move(box));
            continue;
        }
        const double cut = std::clamp(node.threshold, item.lo[size_t(node.dim)], item.hi[size_t(node.dim)]);
        Item left{node.left, item.lo, item.hi};
        left.hi[size_t(node.dim)] = cut;
        Item right{node.right, std::move(item.lo), std::move(item.hi)};
        right.lo[size_t(node.dim)] = cut;
        stack.push_back(std::move(left));
        stack.push_back(std::move(right));
    }
    for (const LeafBox &b : t.leaves)
        t.mean += b.volume * b.value;
    for (const LeafBox &b : t.leaves)
        t.total += b.volume * (b.value - t.mean) * (b.value - t.mean);
    if (t.total <= 1e-300)
        return out;

    std::vector<double> vMain(size_t(mDims), 0.0);
    for (int d = 0; d < mDims; ++d) {
        const std::vector<double> cuts = edgesAlong(t.leaves, d);
        double vd = 0.0;
        for (size_t i = 0; i + 1 < cuts.size(); ++i) {
            const double a = cuts[i], b = cuts[i + 1];
            const double mid = 0.5 * (a + b);
            // Marginal at x_d = mid: the prediction averaged over every other coordinate,
            // i.e. the leaves' values weighted by their volume outside dimension d.
            double f = 0.0;
            for (const LeafBox &box : t.leaves) {
                const double w = box.hi[size_t(d)] - box.lo[size_t(d)];
                if (box.lo[size_t(d)] <= mid && mid < box.hi[size_t(d)] && w > 0.0)
                    f += box.value * box.volume / w;
            }
            vd += (b - a) * (f - t.mean) * (f - t.mean);
        }
        vMain[size_t(d)] = vd;
        out.main[size_t(d)] = std::clamp(vd / t.total, 0.0, 1.0);
    }

    // Pairwise: the marginal over (x_d, x_e) is constant on the grid of both dimensions'
    // edges. Each leaf adds its value times its volume outside d and e to the cells it
    // covers, through a 2-D difference array (one pass over the leaves, one over the grid).
    // Its variance less both main effects is what the pair explains together only.
    for (size_t k = 0; k < pairs.size(); ++k) {
        const auto [d, e] = pairs[k];
        const std::vector<double> cd = edgesAlong(t.leaves, d), ce = edgesAlong(t.leaves, e);
        const size_t nd = cd.size() - 1, ne = ce.size() - 1;
        std::vector<double> grid((nd + 1) * (ne + 1), 0.0);
        const auto at = [&grid, ne](size_t i, size_t j) -> double & { return grid[i * (ne + 1) + j]; };
        for (const LeafBox &b : t.leaves) {
            const double area = (b.hi[size_t(d)] - b.lo[size_t(d)]) * (b.hi[size_t(e)] - b.lo[size_t(e)]);
            if (area <= 0.0)
                continue;
            const double f = b.value * b.volume / area;
            const size_t i0 = edgeIndex(cd, b.lo[size_t(d)]), i1 = edgeIndex(cd, b.hi[size_t(d)]);
            const size_t j0 = edgeIndex(ce, b.lo[size_t(e)]), j1 = edgeIndex(ce, b.hi[size_t(e)]);
            at(i0, j0) += f;
            at(i1, j0) -= f;
            at(i0, j1) -= f;
            at(i1, j1) += f;
        }
        for (size_t i = 0; i <= nd; ++i)
            for (size_t j = 0; j <= ne; ++j)
                at(i, j) += (i ? at(i - 1, j) : 0.0) + (j ? at(i, j - 1) : 0.0) - (i && j ? at(i - 1, j - 1) : 0.0);
        double v = 0.0;
        for (size_t i = 0; i < nd; ++i)
            for (size_t j = 0; j < ne; ++j) {
                const double f = at(i, j) - t.mean;
                v += (cd[i + 1] - cd[i]) * (ce[j + 1] - ce[j]) * f * f;
            }
        out.pairs[k] = std::clamp((v - vMain[size_t(d)] - vMain[size_t(e)]) / t.total, 0.0, 1.0);
    }
    return out;
}

std::vector<double> ImportanceForest::pairEffects(const std::vector<std::pair<int, int>> &pairs, std::vector<double> *spread) const
{
    std::vector<double> mean(pairs.size(), 0.0), sq(pairs.size(), 0.0);
    if (spread)
        spread->assign(pairs.size(), 0.0);
    if (mTrees.empty() || pairs.empty())
        return mean;
    for (const Tree &tree : mTrees) {
        const TreeEffects e = treeEffects(tree, pairs);
        for (size_t k = 0; k < pairs.size(); ++k) {
            mean[k] += e.pairs[k];
            sq[k] += e.pairs[k] * e.pairs[k];
        }
    }
    const double n = double(mTrees.size());
    for (size_t k = 0; k < pairs.size(); ++k) {
        mean[k] /= n;
        if (spread)
            (*spread)[k] = std::sqrt(std::max(0.0, sq[k] / n - mean[k] * mean[k]));
    }
    return mean;
}

std::vector<double> ImportanceForest::mainEffects(std::vector<double> *spread) const
{
    std::vector<double> mean(size_t(mDims), 0.0), sq(size_t(mDims), 0.0);
    if (mTrees.empty())
        return mean;
    for (const Tree &tree : mTrees) {
        const std::vector<double> e = treeEffects(tree, {}).main;
        for (int d = 0; d < mDims; ++d) {
            mean[size_t(d)] += e[size_t(d)];
            sq[size_t(d)] += e[size_t(d)] * e[size_t(d)];
        }
    }
    const double n = double(mTrees.size());
    if (spread)
        spread->assign(size_t(mDims), 0.0);
    for (int d = 0; d < mDims; ++d) {
        mean[size_t(d)] /= n;
        if (spread)
            (*spread)[size_t(d)] = std::sqrt(std::max(0.0, sq[size_t(d)] / n - mean[size_t(d)] * mean[size_t(d)]));
    }
    return mean;
}

StudyImportance studyImportance(const SearchSpace &space, const QList<Trial> &trials, const ImportanceOptions &options)
{
    StudyImportance out;
    const QList<Parameter> params = space.searchable();
    std::vector<std::vector<double>> x;
    std::vector<double> y;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || !t.value || !std::isfinite(*t.value))
            continue;
        std::vector<double> u = space.encode(t.params);
        if (int(u.size()) != int(params.size()) || std::any_of(u.begin(), u.end(), [](double v) { return !std::isfinite(v); }))
            continue;
        x.push_back(std::move(u));
        y.push_back(*t.value);
    }
    out.trials = int(y.size());
    if (params.isEmpty() || y.size() < 4)
        return out;
    const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
    if (*hi - *lo <= 0.0)
        return out;

    ImportanceForest::Options forestOptions;
    forestOptions.trees = options.trees;
    forestOptions.seed = options.seed;
    ImportanceForest forest(forestOptions);
    forest.fit(x, y, int(params.size()));
    std::vector<double> spread;
    const std::vector<double> effects = forest.mainEffects(&spread);
    std::vector<int> order(size_t(params.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&effects](int a, int b) { return effects[size_t(a)] > effects[size_t(b)]; });
    for (int i : order)
        out.ranking.append({params[i].name, effects[size_t(i)], spread[size_t(i)]});

    // Pairs among the most important parameters only: an interaction strong enough to
    // matter shows in the forest's splits of both, and the grid of each pair costs its
    // edges squared per tree.
    const int top = std::min<int>(options.pairsAmong, int(order.size()));
    std::vector<std::pair<int, int>> pairs;
    for (int a = 0; a < top; ++a)
        for (int b = a + 1; b < top; ++b)
            pairs.emplace_back(std::min(order[size_t(a)], order[size_t(b)]), std::max(order[size_t(a)], order[size_t(b)]));
    std::vector<double> pairSpread;
    const std::vector<double> pairShares = forest.pairEffects(pairs, &pairSpread);
    for (size_t k = 0; k < pairs.size(); ++k)
        out.interactions.append({params[pairs[k].first].name, params[pairs[k].second].name, pairShares[k], pairSpread[k]});
    std::stable_sort(out.interactions.begin(), out.interactions.end(),
                     [](const PairInteraction &a, const PairInteraction &b) { return a.importance > b.importance; });
    return out;
}

QList<ParameterImportance> parameterImportance(const SearchSpace &space, const QList<Trial> &trials, int trees,
                                               std::uint64_t seed)
{
    ImportanceOptions options;
    options.trees = trees;
    options.seed = seed;
    options.pairsAmong = 0;
    return studyImportance(space, trials, options).ranking;
}

} // namespace tunescope
