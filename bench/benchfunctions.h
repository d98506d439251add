#pragma once

// C++ port of the public sampler benchmark (functions.py of the team's shared bench set): the objectives (all
// minimised), their search spaces, known optima and trial budgets. Header-only so that
// every bench program and test can include it without a library of its own.

#include "space/searchspace.h"

#include <QList>
#include <QString>
#include <QVariantMap>

#include <cmath>
#include <functional>
#include <numbers>

namespace tunescope::bench {

/// One benchmark objective with its search space, optimum and trial budget.
struct BenchFunction
{
    QString name;
    SearchSpace space;
    std::function<double(const QVariantMap &)> f;
    double fMin = 0.0;
    int budget = 50;
};

inline Parameter floatParam(const QString &name, double low, double high, bool log = false)
{
    Parameter p;
    p.name = name;
    p.type = Parameter::Type::Float;
    p.low = low;
    p.high = high;
    p.log = log;
    p.distribution = log ? QStringLiteral("log_uniform_values") : QStringLiteral("uniform");
    return p;
}

inline Parameter intParam(const QString &name, double low, double high)
{
    Parameter p;
    p.name = name;
    p.type = Parameter::Type::Int;
    p.low = low;
    p.high = high;
    p.step = 1.0;
    p.distribution = QStringLiteral("int_uniform");
    return p;
}

inline Parameter catParam(const QString &name, const QStringList &choices)
{
    Parameter p;
    p.name = name;
    p.type = Parameter::Type::Categorical;
    for (const QString &c : choices)
        p.choices.append(c);
    p.distribution = QStringLiteral("categorical");
    return p;
}

inline double paramX(const QVariantMap &p, int i)
{
    return p.value(QStringLiteral("x%1").arg(i + 1)).toDouble();
}

inline double branin(const QVariantMap &p)
{
    const double pi = std::numbers::pi;
    const double x1 = p.value(QStringLiteral("x1")).toDouble();
    const double x2 = p.value(QStringLiteral("x2")).toDouble();
    const double a = 1, b = 5.1 / (4 * pi * pi), c = 5 / pi, r = 6, s = 10, t = 1 / (8 * pi);
    const double u = x2 - b * x1 * x1 + c * x1 - r;
    return a * u * u + s * (1 - t) * std::cos(x1) + s;
}

inline double hartmann3(const QVariantMap &p)
{
    static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
    static const double A[4][3] = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
    static const double P[4][3] = {{3689, 1170, 2673}, {4699, 4387, 7470},
                                   {1091, 8732, 5547}, {381, 5743, 8828}};
    double sum = 0.0;
    for (int i = 0; i < 4; ++i) {
        double inner = 0.0;
        for (int j = 0; j < 3; ++j) {
            const double d = paramX(p, j) - P[i][j] * 1e-4;
            inner += A[i][j] * d * d;
        }
        sum += alpha[i] * std::exp(-inner);
    }
    return -sum;
}

inline double ackley5(const QVariantMap &p)
{
    const double pi = std::numbers::pi;
    const int d = 5;
    double s1 = 0.0, s2 = 0.0;
    for (int i = 0; i < d; ++i) {
        const double x = paramX(p, i);
        s1 += x * x;
        s2 += std::cos(2 * pi * x);
    }
    s1 /= d;
    s2 /= d;
    return -20 * std::exp(-0.2 * std::sqrt(s1)) - std::exp(s2) + 20 + std::numbers::e;
}

inline double styblinskiTang4(const QVariantMap &p)
{
    double sum = 0.0;
    for (int i = 0; i < 4; ++i) {
        const double x = paramX(p, i);
        sum += x * x * x * x - 16 * x * x + 5 * x;
    }
    return sum / 2;
}

inline double mixedSvm(const QVariantMap &p)
{
    const double lc = std::log10(p.value(QStringLiteral("C")).toDouble());
    const double lg = std::log10(p.value(QStringLiteral("gamma")).toDouble());
    const double base = 0.08 + 0.06 * (lc - 1.3) * (lc - 1.3) + 0.09 * (lg + 2.2) * (lg + 2.2)
                        - 0.05 * (lc - 1.3) * (lg + 2.2);
    const QString kernel = p.value(QStringLiteral("kernel")).toString();
    double kern = 0.0;
    if (kernel == QLatin1String("poly")) {
        const double deg = p.value(QStringLiteral("degree")).toDouble();
        kern = 0.12 + 0.02 * (deg - 3) * (deg - 3);
    } else if (kernel == QLatin1String("linear")) {
        kern = 0.3;
    }
    const bool shrinking = p.value(QStringLiteral("shrinking")).toString() == QLatin1String("true");
    return base + kern + (shrinking ? 0.0 : 0.01);
}

inline SearchSpace boxSpace(int dim, double low, double high)
{
    SearchSpace s;
    for (int i = 0; i < dim; ++i)
        s.append(floatParam(QStringLiteral("x%1").arg(i + 1), low, high));
    return s;
}

/// The public functions in the order the shared bench set lists them.
inline QList<BenchFunction> publicFunctions()
{
    QList<BenchFunction> out;
    {
        SearchSpace s;
        s.append(floatParam(QStringLiteral("x1"), -5, 10));
        s.append(floatParam(QStringLiteral("x2"), 0, 15));
        out.append({QStringLiteral("branin"), s, branin, 0.397887, 50});
    }
    out.append({QStringLiteral("hartmann3"), boxSpace(3, 0, 1), hartmann3, -3.86278, 50});
    out.append({QStringLiteral("ackley5"), boxSpace(5, -5, 5), ackley5, 0.0, 80});
    out.append({QStringLiteral("styblinski_tang4"), boxSpace(4, -5, 5), styblinskiTang4,
                -39.16617 * 4, 80});
    {
        SearchSpace s;
        s.append(floatParam(QStringLiteral("C"), 1e-3, 1e3, true));
        s.append(floatParam(QStringLiteral("gamma"), 1e-4, 10.0, true));
        s.append(catParam(QStringLiteral("kernel"), {QStringLiteral("rbf"), QStringLiteral("poly"),
                                                     QStringLiteral("linear")}));
        s.append(intParam(QStringLiteral("degree"), 2, 5));
        s.append(catParam(QStringLiteral("shrinking"), {QStringLiteral("true"), QStringLiteral("false")}));
        out.append({QStringLiteral("mixed_svm"), s, mixedSvm, 0.08, 60});
    }
    return out;
}

} // namespace tunescope::bench
