#include "analysis/hypervolume.h"

#include "analysis/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace tunescope {

namespace {

using Point = std::vector<double>;

/// Whether a is at least as good as b everywhere (minimization): b adds nothing beside a.
bool weaklyDominates(const Point &a, const Point &b)
{
    for (size_t k = 0; k < a.size(); ++k)
        if (a[k] > b[k])
            return false;
    return true;
}

/// The points that no other point weakly dominates (one of equal points kept).
std::vector<Point> nondominated(std::vector<Point> points)
{
    // Sorted lexicographically, a point can only be dominated by one before it.
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    std::vector<Point> front;
    for (const Point &p : points) {
        if (std::none_of(front.cbegin(), front.cend(), [&p](const Point &f) { return weaklyDominates(f, p); }))
            front.push_back(p);
    }
    return front;
}

/// 2-D: sorted by the first coordinate, each point adds the strip between its second
/// coordinate and the lowest second coordinate so far.
double hv2d(std::vector<Point> points, double rx, double ry)
{
    std::sort(points.begin(), points.end());
    double volume = 0.0, lowestY = ry;
    for (const Point &p : points) {
        if (p[1] < lowestY) {
            volume += (rx - p[0]) * (lowestY - p[1]);
            lowestY = p[1];
        }
    }
    return volume;
}

/// 3-D: sweep up the third coordinate; between two levels the dominated slice is the 2-D
/// hypervolume of the front of the points below, kept as a staircase (x ascending, y
/// descending) whose area is updated as points enter and leave it.
double hv3d(std::vector<Point> points, const Point &ref)
{
    std::sort(points.begin(), points.end(), [](const Point &a, const Point &b) { return a[2] < b[2]; });
    std::map<double, double> stairs; // x -> y, y strictly decreasing with x
    double area = 0.0, volume = 0.0;
    // Area a staircase step owns: from its x to the next step's x (or the reference), from its
    // y up to the reference.
    const auto stepArea = [&stairs, &ref](std::map<double, double>::const_iterator it) {
        const auto next = std::next(it);
        const double right = next == stairs.cend() ? ref[0] : next->first;
        return (right - it->first) * (ref[1] - it->second);
    };
    for (size_t i = 0; i < points.size(); ++i) {
        const double x = points[i][0], y = points[i][1];
        // Dominated in 2-D by a step at or left of x with y no higher: adds nothing.
        const auto upper = stairs.upper_bound(x);
        const bool covered = upper != stairs.begin() && std::prev(upper)->second <= y;
        if (!covered) {
            // Steps from x on with y >= this y are dominated and leave; the step left of x
            // then ends at x; this point owns from x to the next remaining step.
            auto it = stairs.lower_bound(x);
            const auto left = it == stairs.begin() ? stairs.end() : std::prev(it);
            if (left != stairs.end())
                area -= stepArea(left);
            while (it != stairs.end() && it->second >= y) {
                area -= stepArea(it);
                it = stairs.erase(it);
            }
            area += stepArea(stairs.emplace(x, y).first);
            if (left != stairs.end())
                area += stepArea(left);
        }
        const double nextZ = i + 1 < points.size() ? points[i + 1][2] : ref[2];
        volume += area * (nextZ - points[i][2]);
    }
    return volume;
}

/// WFG: the hypervolume of a front is the sum of each point's exclusive contribution over the
/// points after it, computed through the limit set (the later points bounded by this one).
double wfg(std::vector<Point> points, const Point &ref);

double inclusive(const Point &p, const Point &ref)
{
    double v = 1.0;
    for (size_t k = 0; k < p.size(); ++k)
        v *= ref[k] - p[k];
    return v;
}

double exclusive(const std::vector<Point> &points, size_t i, const Point &ref)
{
    std::vector<Point> limited;
    limited.reserve(points.size() - i - 1);
    for (size_t j = i + 1; j < points.size(); ++j) {
        Point q(points[j].size());
        for (size_t k = 0; k < q.size(); ++k)
            q[k] = std::max(points[i][k], points[j][k]);
        limited.push_back(std::move(q));
    }
    return inclusive(points[i], ref) - wfg(nondominated(std::move(limited)), ref);
}

double wfg(std::vector<Point> points, const Point &ref)
{
    if (points.empty())
        return 0.0;
    const size_t d = ref.size();
    if (d == 2)
        return hv2d(std::move(points), ref[0], ref[1]);
    if (d == 3)
        return hv3d(std::move(points), ref);
    // Sorted by the last coordinate, worst first: limit sets then shrink fastest (WFG's order).
    std::sort(points.begin(), points.end(), [](const Point &a, const Point &b) { return a.back() > b.back(); });
    double volume = 0.0;
    for (size_t i = 0; i < points.size(); ++i)
        volume += exclusive(points, i, ref);
    return volume;
}

} // namespace

double hypervolume(std::vector<std::vector<double>> points, const std::vector<double> &reference)
{
    const size_t d = reference.size();
    if (d == 0)
        return 0.0;
    // Only points strictly better than the reference in every coordinate dominate a volume.
    points.erase(std::remove_if(points.begin(), points.end(),
                                [&reference, d](const Point &p) {
                                    if (p.size() != d)
                                        return true;
                                    for (size_t k = 0; k < d; ++k)
                                        if (!(p[k] < reference[k])) // NaN too
                                            return true;
                                    return false;
                                }),
                 points.end());
    if (points.empty())
        return 0.0;
    if (d == 1) {
        double best = reference[0];
        for (const Point &p : points)
            best = std::min(best, p[0]);
        return reference[0] - best;
    }
    return wfg(nondominated(std::move(points)), reference);
}

std::vector<std::vector<double>> minimizationVectors(const QList<Trial> &trials, const QList<MetricSpec> &metrics,
                                                     QList<int> *numbers)
{
    std::vector<std::vector<double>> out;
    for (const Trial &t : trials) {
        if (t.state != TrialState::Complete || t.values.size() < metrics.size() || metrics.isEmpty())
            continue;
        Point p(size_t(metrics.size()));
        bool finite = true;
        for (qsizetype k = 0; k < metrics.size(); ++k) {
            const double v = t.values[k];
            finite = finite && std::isfinite(v);
            p[size_t(k)] = metrics[k].goal == Goal::Maximize ? -v : v;
        }
        if (!finite)
            continue;
        out.push_back(std::move(p));
        if (numbers)
            numbers->append(t.number);
    }
    return out;
}

std::vector<double> defaultReferencePoint(const std::vector<std::vector<double>> &points)
{
    if (points.empty())
        return {};
    const size_t d = points.front().size();
    std::vector<double> lo(d, std::numeric_limits<double>::infinity()), hi(d, -std::numeric_limits<double>::infinity());
    for (const Point &p : points)
        for (size_t k = 0; k < d; ++k) {
            lo[k] = std::min(lo[k], p[k]);
            hi[k] = std::max(hi[k], p[k]);
        }
    std::vector<double> ref(d);
    for (size_t k = 0; k < d; ++k)
        ref[k] = hi[k] + (hi[k] > lo[k] ? 0.1 * (hi[k] - lo[k]) : 1.0);
    return ref;
}

HypervolumeHistory hypervolumeHistory(const QList<Trial> &trials, const QList<MetricSpec> &metrics,
                                      const std::vector<double> &reference)
{
    HypervolumeHistory history;
    std::vector<Point> front;
    double current = 0.0;
    for (const Trial &t : trials) {
        if (!isFinished(t.state) || isInterrupted(t))
            continue;
        QList<int> number;
        const std::vector<Point> v = minimizationVectors({t}, metrics, &number);
        if (!v.empty()) {
            const Point &p = v.front();
            // A new member of the front changes the volume; anything it dominates leaves.
            if (std::none_of(front.cbegin(), front.cend(), [&p](const Point &f) { return weaklyDominates(f, p); })) {
                front.erase(std::remove_if(front.begin(), front.end(), [&p](const Point &f) { return weaklyDominates(p, f); }),
                            front.end());
                front.push_back(p);
                current = hypervolume(front, reference);
            }
        }
        history.trials.append(t.number);
        history.values.append(current);
    }
    return history;
}

} // namespace tunescope
