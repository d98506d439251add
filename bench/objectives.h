#pragma once

// The sampler benchmark suite: objectives (all minimised) with their search spaces, known
// optima and trial budgets, in plain C++ without Qt, so that the tiny trial program of the
// end-to-end benchmark (bench_trial) starts as fast as a C program while evaluating exactly
// the same functions as bench_samplers and the tests.
//
// Five are the public set of the team's shared bench folder (functions.py: Branin,
// Hartmann3, Ackley5, Styblinski-Tang4, the mixed SVM space); the others come from the
// Virtual Library of Simulation Experiments (Surjanovic & Bingham, sfu.ca/~ssurjano), or are
// our own constructions: a shifted, rotated, ill-conditioned valley, a mixture of Gaussian
// wells whose broad second-best well is close in value to the narrow global one, two mixed
// spaces (log, int, stepped int, categorical) shaped like training and boosting responses,
// and noisy variants judged on the noise-free value of the point a method recommends.

#include "common/splitmix.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

namespace tunescope::bench {

/// One parameter of an objective's space.
struct ObjectiveParam
{
    enum class Kind { Float, Int, Categorical };
    std::string name;
    Kind kind = Kind::Float;
    double low = 0.0;
    double high = 1.0;
    bool log = false;
    double step = 0.0;                ///< Int: the step (1 unless said)
    std::vector<std::string> choices; ///< Categorical
};

/// One benchmark objective. The function takes the parameter values in space order, a
/// categorical as its choice index.
struct Objective
{
    std::string name;
    std::string family; ///< public | vlse | own | mixed | noisy
    std::vector<ObjectiveParam> params;
    std::function<double(const double *)> f; ///< noise-free value
    double fMin = 0.0;
    int budget = 100;
    double noise = 0.0; ///< standard deviation of Gaussian noise on each observed value
    /// A local descent from a method's final point ends in the global basin when it reaches a
    /// value within this of fMin.
    double basinTolerance = 1e-3;

    int dimension() const { return int(params.size()); }
};

/// The noise added to trial `number` of a study with seed `seed` (a standard normal draw):
/// the same for every method, so noisy studies differ only by where they evaluate.
inline double objectiveNoise(std::uint64_t seed, int number)
{
    SplitMix64 rng(splitmix64(0x6e6f697365ULL ^ splitmix64(seed) ^ splitmix64(std::uint64_t(number) + 1)));
    return rng.normal();
}

namespace detail {

inline ObjectiveParam floatParam(std::string name, double low, double high, bool log = false)
{
    ObjectiveParam p;
    p.name = std::move(name);
    p.low = low;
    p.high = high;
    p.log = log;
    return p;
}

inline ObjectiveParam intParam(std::string name, double low, double high, bool log = false, double step = 1.0)
{
    ObjectiveParam p = floatParam(std::move(name), low, high, log);
    p.kind = ObjectiveParam::Kind::Int;
    p.step = step;
    return p;
}

inline ObjectiveParam catParam(std::string name, std::vector<std::string> choices)
{
    ObjectiveParam p;
    p.name = std::move(name);
    p.kind = ObjectiveParam::Kind::Categorical;
    p.low = 0;
    p.high = double(choices.size() - 1);
    p.choices = std::move(choices);
    return p;
}

inline std::vector<ObjectiveParam> box(int dim, double low, double high)
{
    std::vector<ObjectiveParam> out;
    for (int i = 0; i < dim; ++i)
        out.push_back(floatParam("x" + std::to_string(i + 1), low, high));
    return out;
}

constexpr double pi = std::numbers::pi;

// ---- the public set (functions.py) ----

inline double branin(const double *x)
{
    const double b = 5.1 / (4 * pi * pi), c = 5 / pi, t = 1 / (8 * pi);
    const double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
    return u * u + 10 * (1 - t) * std::cos(x[0]) + 10;
}

inline double hartmannSum(const double *x, int d, const double (*A)[6], const double (*P)[6])
{
    static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
    double sum = 0.0;
    for (int i = 0; i < 4; ++i) {
        double inner = 0.0;
        for (int j = 0; j < d; ++j) {
            const double t = x[j] - P[i][j] * 1e-4;
            inner += A[i][j] * t * t;
        }
        sum += alpha[i] * std::exp(-inner);
    }
    return -sum;
}

inline double hartmann3(const double *x)
{
    static const double A[4][6] = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
    static const double P[4][6] = {{3689, 1170, 2673}, {4699, 4387, 7470}, {1091, 8732, 5547}, {381, 5743, 8828}};
    return hartmannSum(x, 3, A, P);
}

inline double hartmann6(const double *x)
{
    static const double A[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                   {0.05, 10, 17, 0.1, 8, 14},
                                   {3, 3.5, 1.7, 10, 17, 8},
                                   {17, 8, 0.05, 10, 0.1, 14}};
    static const double P[4][6] = {{1312, 1696, 5569, 124, 8283, 5886},
                                   {2329, 4135, 8307, 3736, 1004, 9991},
                                   {2348, 1451, 3522, 2883, 3047, 6650},
                                   {4047, 8828, 8732, 5743, 1091, 381}};
    return hartmannSum(x, 6, A, P);
}

inline double ackley(const double *x, int d)
{
    double s1 = 0.0, s2 = 0.0;
    for (int i = 0; i < d; ++i) {
        s1 += x[i] * x[i];
        s2 += std::cos(2 * pi * x[i]);
    }
    return -20 * std::exp(-0.2 * std::sqrt(s1 / d)) - std::exp(s2 / d) + 20 + std::numbers::e;
}

inline double styblinskiTang(const double *x, int d)
{
    double sum = 0.0;
    for (int i = 0; i < d; ++i)
        sum += x[i] * x[i] * x[i] * x[i] - 16 * x[i] * x[i] + 5 * x[i];
    return sum / 2;
}

// C (log), gamma (log), kernel {rbf, poly, linear}, degree (int), shrinking {true, false}.
inline double mixedSvm(const double *x)
{
    const double lc = std::log10(x[0]), lg = std::log10(x[1]);
    const double base = 0.08 + 0.06 * (lc - 1.3) * (lc - 1.3) + 0.09 * (lg + 2.2) * (lg + 2.2)
                        - 0.05 * (lc - 1.3) * (lg + 2.2);
    const int kernel = int(x[2]);
    const double kern = kernel == 1 ? 0.12 + 0.02 * (x[3] - 3) * (x[3] - 3) : kernel == 2 ? 0.3 : 0.0;
    return base + kern + (int(x[4]) == 0 ? 0.0 : 0.01);
}

// ---- Virtual Library of Simulation Experiments ----

inline double sixHumpCamel(const double *x)
{
    const double a = x[0], b = x[1];
    return (4 - 2.1 * a * a + a * a * a * a / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b;
}

inline double goldsteinPrice(const double *x)
{
    const double a = x[0], b = x[1];
    const double p = 1 + (a + b + 1) * (a + b + 1) * (19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b);
    const double q = 30 + (2 * a - 3 * b) * (2 * a - 3 * b)
                              * (18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b);
    return p * q;
}

inline double rastrigin(const double *x, int d)
{
    double s = 10.0 * d;
    for (int i = 0; i < d; ++i)
        s += x[i] * x[i] - 10 * std::cos(2 * pi * x[i]);
    return s;
}

inline double shekel10(const double *x)
{
    static const double beta[10] = {1, 2, 2, 4, 4, 6, 3, 7, 5, 5};
    static const double C[4][10] = {{4, 1, 8, 6, 3, 2, 5, 8, 6, 7},
                                    {4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6},
                                    {4, 1, 8, 6, 3, 2, 5, 8, 6, 7},
                                    {4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6}};
    double s = 0.0;
    for (int i = 0; i < 10; ++i) {
        double inner = 0.1 * beta[i];
        for (int j = 0; j < 4; ++j)
            inner += (x[j] - C[j][i]) * (x[j] - C[j][i]);
        s -= 1.0 / inner;
    }
    return s;
}

inline double michalewicz(const double *x, int d)
{
    double s = 0.0;
    for (int i = 0; i < d; ++i)
        s -= std::sin(x[i]) * std::pow(std::sin((i + 1) * x[i] * x[i] / pi), 20);
    return s;
}

inline double levy(const double *x, int d)
{
    auto w = [&](int i) { return 1 + (x[i] - 1) / 4; };
    const double s0 = std::sin(pi * w(0));
    double s = s0 * s0;
    for (int i = 0; i < d - 1; ++i) {
        const double wi = w(i), si = std::sin(pi * wi + 1);
        s += (wi - 1) * (wi - 1) * (1 + 10 * si * si);
    }
    const double wd = w(d - 1), sd = std::sin(2 * pi * wd);
    return s + (wd - 1) * (wd - 1) * (1 + sd * sd);
}

inline double rosenbrock(const double *x, int d)
{
    double s = 0.0;
    for (int i = 0; i < d - 1; ++i)
        s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (x[i] - 1) * (x[i] - 1);
    return s;
}

inline double griewank(const double *x, int d)
{
    double s = 0.0, p = 1.0;
    for (int i = 0; i < d; ++i) {
        s += x[i] * x[i] / 4000;
        p *= std::cos(x[i] / std::sqrt(i + 1.0));
    }
    return s - p + 1;
}

inline double powell(const double *x, int d)
{
    double s = 0.0;
    for (int i = 0; i + 3 < d; i += 4) {
        const double a = x[i] + 10 * x[i + 1], b = x[i + 2] - x[i + 3];
        const double c = x[i + 1] - 2 * x[i + 2], e = x[i] - x[i + 3];
        s += a * a + 5 * b * b + c * c * c * c + 10 * e * e * e * e;
    }
    return s;
}

inline double dixonPrice(const double *x, int d)
{
    double s = (x[0] - 1) * (x[0] - 1);
    for (int i = 1; i < d; ++i) {
        const double t = 2 * x[i] * x[i] - x[i - 1];
        s += (i + 1) * t * t;
    }
    return s;
}

inline double schwefel(const double *x, int d)
{
    double s = 418.9829 * d;
    for (int i = 0; i < d; ++i)
        s -= x[i] * std::sin(std::sqrt(std::abs(x[i])));
    return s;
}

// ---- own constructions ----

/// A fixed random rotation (Gram-Schmidt on seeded normals) and shift, for the valley.
struct Rotation
{
    std::vector<std::vector<double>> R;
    std::vector<double> shift;

    Rotation(int d, std::uint64_t seed, double shiftRange)
    {
        SplitMix64 rng(seed);
        R.assign(d, std::vector<double>(d));
        for (int i = 0; i < d; ++i) {
            for (double &v : R[i])
                v = rng.normal();
            for (int k = 0; k < i; ++k) {
                double dot = 0.0;
                for (int j = 0; j < d; ++j)
                    dot += R[i][j] * R[k][j];
                for (int j = 0; j < d; ++j)
                    R[i][j] -= dot * R[k][j];
            }
            double norm = 0.0;
            for (double v : R[i])
                norm += v * v;
            norm = std::sqrt(norm);
            for (double &v : R[i])
                v /= norm;
        }
        for (int j = 0; j < d; ++j)
            shift.push_back(shiftRange * (2 * rng.unit() - 1));
    }
};

/// Shifted, rotated ellipsoid with condition number 1e4: a straight valley along a random
/// direction, which no axis-aligned length scale can follow.
inline double valley(const double *x, int d)
{
    static const Rotation rot(8, 0x76616c6c6579ULL, 3.0);
    double s = 0.0;
    for (int i = 0; i < d; ++i) {
        double z = 0.0;
        for (int j = 0; j < d; ++j)
            z += rot.R[i][j] * (x[j] - rot.shift[j]);
        s += std::pow(10.0, 4.0 * i / (d - 1)) * z * z;
    }
    return s;
}

/// Two Gaussian wells in [0, 1]^6: the global one (depth 1, width 0.2) and a broad trap
/// (depth 0.95, width 0.3) that covers ten times the volume, so the trap is what an early
/// design finds first and a method must keep exploring to find the deeper well.
constexpr std::array<double, 6> kTrapGlobal = {0.72, 0.25, 0.78, 0.3, 0.68, 0.22};
constexpr std::array<double, 6> kTrapBroad = {0.25, 0.7, 0.3, 0.65, 0.3, 0.75};

inline double trap(const double *x)
{
    double da = 0.0, db = 0.0;
    for (int i = 0; i < 6; ++i) {
        da += (x[i] - kTrapGlobal[i]) * (x[i] - kTrapGlobal[i]);
        db += (x[i] - kTrapBroad[i]) * (x[i] - kTrapBroad[i]);
    }
    return -1.0 * std::exp(-da / (2 * 0.2 * 0.2)) - 0.95 * std::exp(-db / (2 * 0.3 * 0.3));
}

// A training run's validation error: lr (log), layers (int), units (log int), optimizer
// {adam, sgd, rmsprop}, dropout, batch_size {16, 32, 64, 128, 256}. Each optimizer has its
// own best learning rate, shifted by the batch size; sgd's basin is wider and 0.006 worse
// (a deceptive second choice); capacity (units and depth) trades off along a ridge; the
// best dropout grows with capacity. Minimum 0.05 at adam, lr 1e-3, 3 layers, 128 units,
// dropout 0.18, batch 64.
inline double mixedMlp(const double *x)
{
    const double u = std::log10(x[0]);
    const double layers = x[1], units = x[2];
    const int optimizer = int(x[3]);
    const double dropout = x[4];
    const double lbs = std::log2(16.0 * std::pow(2.0, int(x[5])));
    static const double bestLr[3] = {-3.0, -1.5, -3.3};
    static const double curvature[3] = {0.03, 0.008, 0.03};
    static const double offset[3] = {0.0, 0.006, 0.012};
    const double du = u - (bestLr[optimizer] + 0.15 * (lbs - 6));
    const double capacity = std::log2(units) + 0.8 * (layers - 1);
    const double bestDropout = 0.18 + 0.05 * (capacity - 8.6);
    return 0.05 + offset[optimizer] + curvature[optimizer] * du * du + 0.004 * (capacity - 8.6) * (capacity - 8.6)
           + 0.002 * (layers - 3) * (layers - 3) + 0.05 * (dropout - bestDropout) * (dropout - bestDropout)
           + 0.001 * (lbs - 6) * (lbs - 6);
}

// A boosted model's loss: learning_rate (log), n_estimators (int, step 50), max_depth (int),
// subsample, min_child_weight (log), booster {gbtree, dart, gblinear}. lr x n_estimators is a
// ridge (what matters is their product), depth and min_child_weight interact, gblinear
// ignores depth and is far worse. Minimum 0.2 at gbtree, lr 10^-1.5, 1000 trees, depth 6,
// subsample 0.8, min_child_weight 10^0.5.
inline double mixedBoost(const double *x)
{
    const double llr = std::log10(x[0]), ln = std::log10(x[1]);
    const double depth = x[2], subsample = x[3], lmcw = std::log10(x[4]);
    const int booster = int(x[5]);
    const double ridge = llr + ln - 1.5;
    double loss = 0.2 + 0.06 * ridge * ridge + 0.01 * (llr + 1.5) * (llr + 1.5)
                  + 0.05 * (subsample - 0.8) * (subsample - 0.8);
    const double bestDepth = booster == 1 ? 4.0 : 6.0;
    const double a = (depth - bestDepth) / 3.0, b = lmcw - 0.5;
    loss += booster == 2 ? 0.05 + 0.01 * b * b : 0.01 * (a * a + 1.2 * a * b + b * b);
    return loss + (booster == 1 ? 0.003 : 0.0);
}

} // namespace detail

/// Every objective of the suite, public set first.
inline const std::vector<Objective> &objectives()
{
    static const std::vector<Objective> all = [] {
        using namespace detail;
        std::vector<Objective> o;
        auto add = [&](std::string name, std::string family, std::vector<ObjectiveParam> params,
                       std::function<double(const double *)> f, double fMin, int budget, double tolerance = 1e-3) {
            Objective ob;
            ob.name = std::move(name);
            ob.family = std::move(family);
            ob.params = std::move(params);
            ob.f = std::move(f);
            ob.fMin = fMin;
            ob.budget = budget;
            ob.basinTolerance = tolerance;
            o.push_back(std::move(ob));
        };
        auto d = [](double (*g)(const double *, int), int dim) {
            return [g, dim](const double *x) { return g(x, dim); };
        };

        // Public set: exactly as functions.py defines them (optima and budgets included).
        add("branin", "public", {floatParam("x1", -5, 10), floatParam("x2", 0, 15)}, branin, 0.397887, 50);
        add("hartmann3", "public", box(3, 0, 1), hartmann3, -3.86278, 50);
        add("ackley5", "public", box(5, -5, 5), d(ackley, 5), 0.0, 80);
        add("styblinski_tang4", "public", box(4, -5, 5), d(styblinskiTang, 4), -39.16617 * 4, 80);
        add("mixed_svm", "public",
            {floatParam("C", 1e-3, 1e3, true), floatParam("gamma", 1e-4, 10.0, true),
             catParam("kernel", {"rbf", "poly", "linear"}), intParam("degree", 2, 5),
             catParam("shrinking", {"true", "false"})},
            mixedSvm, 0.08, 60, 1e-4);

        // Virtual Library of Simulation Experiments.
        add("six_hump_camel", "vlse", {floatParam("x1", -3, 3), floatParam("x2", -2, 2)}, sixHumpCamel,
            -1.0316284534898774, 50);
        add("goldstein_price", "vlse", box(2, -2, 2), goldsteinPrice, 3.0, 50);
        add("rastrigin4", "vlse", box(4, -5.12, 5.12), d(rastrigin, 4), 0.0, 100);
        // Optima known to a few digits (Shekel, Hartmann6, Schwefel, the trap) are the values a
        // local descent from the published minimizer reaches.
        add("shekel10", "vlse", box(4, 0, 10), shekel10, -10.53644315348353, 100);
        add("hartmann6", "vlse", box(6, 0, 1), hartmann6, -3.3223680114155147, 100);
        add("michalewicz5", "vlse", box(5, 0, pi), d(michalewicz, 5), -4.687658179, 100);
        add("schwefel4", "vlse", box(4, -500, 500), d(schwefel, 4), 5.0910264917547465e-05, 100);
        add("rosenbrock6", "vlse", box(6, -5, 10), d(rosenbrock, 6), 0.0, 100);
        add("griewank8", "vlse", box(8, -600, 600), d(griewank, 8), 0.0, 100);
        add("powell8", "vlse", box(8, -4, 5), d(powell, 8), 0.0, 100);
        add("levy10", "vlse", box(10, -10, 10), d(levy, 10), 0.0, 100);
        add("dixon_price10", "vlse", box(10, -10, 10), d(dixonPrice, 10), 0.0, 100);

        // Own constructions.
        add("valley8", "own", box(8, -5, 5), d(valley, 8), 0.0, 100);
        add("trap6", "own", box(6, 0, 1), trap, -1.001202591604095, 100);
        const std::vector<ObjectiveParam> mlp = {
            floatParam("lr", 1e-5, 1e-1, true), intParam("layers", 1, 6), intParam("units", 16, 1024, true),
            catParam("optimizer", {"adam", "sgd", "rmsprop"}), floatParam("dropout", 0, 0.6),
            catParam("batch_size", {"16", "32", "64", "128", "256"})};
        add("mixed_mlp", "mixed", mlp, mixedMlp, 0.05, 100, 1e-5);
        add("mixed_boost", "mixed",
            {floatParam("learning_rate", 1e-3, 1.0, true), intParam("n_estimators", 50, 1000, false, 50),
             intParam("max_depth", 2, 12), floatParam("subsample", 0.5, 1.0),
             floatParam("min_child_weight", 0.1, 100, true), catParam("booster", {"gbtree", "dart", "gblinear"})},
            mixedBoost, 0.2, 100, 1e-5);

        // Noisy variants: Gaussian noise on every observed value.
        auto noisy = [&](const std::string &base, double sd) {
            for (const Objective &b : std::vector<Objective>(o)) {
                if (b.name != base)
                    continue;
                Objective n = b;
                n.name = base + "_noisy";
                n.family = "noisy";
                n.noise = sd;
                o.push_back(n);
            }
        };
        noisy("branin", 0.5);
        noisy("hartmann6", 0.05);
        noisy("mixed_mlp", 0.003);
        return o;
    }();
    return all;
}

/// The objective called `name`, or nullptr.
inline const Objective *findObjective(const std::string &name)
{
    for (const Objective &o : objectives())
        if (o.name == name)
            return &o;
    return nullptr;
}

} // namespace tunescope::bench
