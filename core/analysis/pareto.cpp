#include "analysis/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tunescope {

namespace {
bool dominates(const std::vector<double> &a, const std::vector<double> &b)
{
    bool strictlyBetter = false;
    for (size_t k = 0; k < a.size(); ++k) {
        if (!(a[k] <= b[k]))
            return false;
        strictlyBetter = strictlyBetter || a[k] < b[k];
    }
    return strictlyBetter;
}

bool hasNan(const std::vector<double> &p)
{
    return std::any_of(p.begin(), p.end(), [](double v) { return std::isnan(v); });
}
} // namespace

std::vector<int> nondominatedRanks(const std::vector<std::vector<double>> &points)
{
    const size_t n = points.size();
    std::vector<int> rank(n, -1);
    std::vector<int> dominatedByCount(n, 0);
    std::vector<std::vector<int>> dominates_(n);
    std::vector<size_t> valid;
    for (size_t i = 0; i < n; ++i) {
        if (!hasNan(points[i]))
            valid.push_back(i);
    }
    // O(n^2 m): fine for the few thousand trials of a study.
    for (size_t a = 0; a < valid.size(); ++a) {
        for (size_t b = a + 1; b < valid.size(); ++b) {
            const size_t i = valid[a], j = valid[b];
            if (dominates(points[i], points[j])) {
                dominates_[i].push_back(int(j));
                ++dominatedByCount[j];
            } else if (dominates(points[j], points[i])) {
                dominates_[j].push_back(int(i));
                ++dominatedByCount[i];
            }
        }
    }
    std::vector<size_t> front;
    for (size_t i : valid) {
        if (dominatedByCount[i] == 0)
            front.push_back(i);
    }
    int current = 0;
    while (!front.empty()) {
        std::vector<size_t> next;
        for (size_t i : front) {
            rank[i] = current;
            for (int j : dominates_[i]) {
                if (--dominatedByCount[size_t(j)] == 0)
                    next.push_back(size_t(j));
            }
        }
        front = std::move(next);
        ++current;
    }
    for (int &r : rank) {
        if (r < 0)
            r = current; // NaN points: behind every front
    }
    return rank;
}

std::vector<double> crowdingDistances(const std::vector<std::vector<double>> &points)
{
    const size_t n = points.size();
    std::vector<double> distance(n, 0.0);
    if (n <= 2) {
        std::fill(distance.begin(), distance.end(), std::numeric_limits<double>::infinity());
        return distance;
    }
    const size_t m = points.front().size();
    std::vector<size_t> order(n);
    for (size_t k = 0; k < m; ++k) {
        std::iota(order.begin(), order.end(), size_t(0));
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return points[a][k] < points[b][k]; });
        const double span = points[order.back()][k] - points[order.front()][k];
        distance[order.front()] = distance[order.back()] = std::numeric_limits<double>::infinity();
        if (!(span > 0))
            continue;
        for (size_t i = 1; i + 1 < n; ++i)
            distance[order[i]] += (points[order[i + 1]][k] - points[order[i - 1]][k]) / span;
    }
    return distance;
}

QList<int> paretoFront(const QList<Trial> &trials, const QList<MetricSpec> &metrics)
{
    std::vector<std::vector<double>> points;
    std::vector<int> numbers;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || t.values.size() != metrics.size())
            continue;
        std::vector<double> p;
        bool finite = true;
        for (qsizetype k = 0; k < metrics.size(); ++k) {
            const double v = t.values.at(k);
            finite = finite && std::isfinite(v);
            p.push_back(metrics.at(k).goal == Goal::Maximize ? -v : v);
        }
        if (!finite)
            continue;
        points.push_back(std::move(p));
        numbers.push_back(t.number);
    }
    const std::vector<int> ranks = nondominatedRanks(points);
    QList<int> front;
    for (size_t i = 0; i < ranks.size(); ++i) {
        if (ranks[i] == 0)
            front.append(numbers[i]);
    }
    return front;
}

} // namespace tunescope
