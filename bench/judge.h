#pragma once

// How the sampler benchmarks judge a study: the noise-free regret of the point a method ends
// with, and whether that point lies in the global basin (a local descent from it reaches
// the global minimum) or in another one. One definition for Tunescope's own studies, for
// Optuna's (bench/optuna_reference.py) and for the end-to-end runs, so every figure of a
// table is measured the same way.

#include "objectives.h"

#include <Eigen/Core>
#include <LBFGSB.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tunescope::bench {

/// The verdict on one study.
struct Judgement
{
    double regret = 0.0;    ///< noise-free value of the final point minus the optimum
    double descended = 0.0; ///< value a local descent from the final point reaches
    bool trapped = false;   ///< the descent ends short of the optimum: a non-global basin
};

namespace detail {

// The continuous coordinates of a point as a unit cube (log parameters in log space); the
// categorical ones stay where the method left them.
struct DescentSpace
{
    const Objective &o;
    std::vector<double> base;
    std::vector<int> columns;

    double low(int c) const { const auto &p = o.params[columns[c]]; return p.log ? std::log(p.low) : p.low; }
    double high(int c) const { const auto &p = o.params[columns[c]]; return p.log ? std::log(p.high) : p.high; }

    std::vector<double> point(const Eigen::VectorXd &u) const
    {
        std::vector<double> x = base;
        for (int c = 0; c < int(columns.size()); ++c) {
            const double v = low(c) + std::clamp(u[c], 0.0, 1.0) * (high(c) - low(c));
            x[columns[c]] = o.params[columns[c]].log ? std::exp(v) : v;
        }
        return x;
    }
    double value(const Eigen::VectorXd &u) const { return o.f(point(u).data()); }
};

} // namespace detail

/// Descends from x (objective order) over the numeric coordinates: bounded L-BFGS on
/// central differences, a compass search that also crosses kinks (Ackley's centre), and
/// L-BFGS again; returns the value reached.
inline double localDescent(const Objective &o, const std::vector<double> &x)
{
    detail::DescentSpace s{o, x, {}};
    // Integer parameters descend as continuous ones: a neighbouring integer is the same
    // basin; what a descent cannot leave is the categorical choice.
    for (int i = 0; i < o.dimension(); ++i)
        if (o.params[i].kind != ObjectiveParam::Kind::Categorical)
            s.columns.push_back(i);
    const int n = int(s.columns.size());
    if (n == 0)
        return o.f(x.data());
    Eigen::VectorXd u(n);
    for (int c = 0; c < n; ++c) {
        const double v = o.params[s.columns[c]].log ? std::log(x[s.columns[c]]) : x[s.columns[c]];
        u[c] = std::clamp((v - s.low(c)) / (s.high(c) - s.low(c)), 0.0, 1.0);
    }
    double best = s.value(u);

    auto lbfgs = [&] {
        auto fg = [&](const Eigen::VectorXd &v, Eigen::VectorXd &g) {
            const double f0 = s.value(v);
            g.resize(n);
            for (int c = 0; c < n; ++c) {
                const double h = 1e-7;
                Eigen::VectorXd a = v, b = v;
                a[c] = std::min(1.0, v[c] + h);
                b[c] = std::max(0.0, v[c] - h);
                g[c] = (s.value(a) - s.value(b)) / (a[c] - b[c]);
            }
            return f0;
        };
        LBFGSpp::LBFGSBParam<double> param;
        param.max_iterations = 300;
        param.epsilon = 1e-10;
        param.epsilon_rel = 1e-12;
        param.max_linesearch = 40;
        LBFGSpp::LBFGSBSolver<double> solver(param);
        Eigen::VectorXd v = u;
        double fx = 0.0;
        try {
            solver.minimize(fg, v, fx, Eigen::VectorXd::Zero(n), Eigen::VectorXd::Ones(n));
        } catch (const std::exception &) {
            fx = s.value(v); // line search gave up: keep where it got to
        }
        if (fx < best) {
            best = fx;
            u = v;
        }
    };
    auto compass = [&] {
        for (double step = 0.02; step > 1e-8; step /= 2) {
            bool improved = true;
            while (improved) {
                improved = false;
                for (int c = 0; c < n; ++c) {
                    for (double dir : {-1.0, 1.0}) {
                        Eigen::VectorXd v = u;
                        v[c] = std::clamp(v[c] + dir * step, 0.0, 1.0);
                        const double f = s.value(v);
                        if (f < best) {
                            best = f;
                            u = v;
                            improved = true;
                        }
                    }
                }
            }
        }
    };
    lbfgs();
    compass();
    lbfgs();
    return best;
}

/// The verdict on the final point x (objective order) of a study on o.
inline Judgement judge(const Objective &o, const std::vector<double> &x)
{
    Judgement j;
    for (double v : x)
        if (!std::isfinite(v)) {
            j.regret = j.descended = std::numeric_limits<double>::infinity();
            j.trapped = true;
            return j;
        }
    const double value = o.f(x.data());
    j.regret = std::max(value - o.fMin, 0.0);
    // Already within the tolerance of the optimum: in its basin, no descent needed.
    j.descended = j.regret <= o.basinTolerance ? value : localDescent(o, x);
    j.trapped = j.descended - o.fMin > o.basinTolerance;
    return j;
}

/// Median, mean and 90th percentile of the regrets, and the fraction of studies trapped.
struct Summary
{
    int studies = 0;
    double median = std::nan("");
    double mean = std::nan("");
    double p90 = std::nan("");
    double trapped = std::nan("");
};

/// The q-quantile with linear interpolation between order statistics (numpy's default).
inline double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return std::nan("");
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

inline Summary summarize(const std::vector<Judgement> &js)
{
    Summary s;
    s.studies = int(js.size());
    if (js.empty())
        return s;
    std::vector<double> r;
    double sum = 0.0;
    int trapped = 0;
    for (const Judgement &j : js) {
        r.push_back(j.regret);
        sum += j.regret;
        trapped += j.trapped;
    }
    s.median = quantile(r, 0.5);
    s.mean = sum / double(js.size());
    s.p90 = quantile(r, 0.9);
    s.trapped = double(trapped) / double(js.size());
    return s;
}

} // namespace tunescope::bench
