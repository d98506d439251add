#pragma once

// The benchmark objectives of objectives.h (the public set of functions.py and the rest of the
// suite) as the samplers see them: a SearchSpace and a function of a parameter map.
// Header-only so that every bench program and test can include it without a library of its
// own.

#include "objectives.h"
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
    const Objective *objective = nullptr; ///< where it comes from (noise, basin tolerance)
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

inline SearchSpace boxSpace(int dim, double low, double high)
{
    SearchSpace s;
    for (int i = 0; i < dim; ++i)
        s.append(floatParam(QStringLiteral("x%1").arg(i + 1), low, high));
    return s;
}

/// The search space of an objective of the suite.
inline SearchSpace spaceOf(const Objective &o)
{
    SearchSpace s;
    for (const ObjectiveParam &p : o.params) {
        const QString name = QString::fromStdString(p.name);
        if (p.kind == ObjectiveParam::Kind::Categorical) {
            QStringList choices;
            for (const std::string &c : p.choices)
                choices << QString::fromStdString(c);
            s.append(catParam(name, choices));
        } else if (p.kind == ObjectiveParam::Kind::Int) {
            Parameter q = intParam(name, p.low, p.high);
            q.log = p.log;
            q.step = p.step;
            if (p.log)
                q.distribution = QStringLiteral("int_log_uniform_values");
            s.append(q);
        } else {
            s.append(floatParam(name, p.low, p.high, p.log));
        }
    }
    return s;
}

/// Parameter values in the objective's order (a categorical as its choice index); NaN for a
/// missing or unknown value.
inline std::vector<double> objectiveInput(const Objective &o, const QVariantMap &params)
{
    std::vector<double> x;
    for (const ObjectiveParam &p : o.params) {
        const QVariant v = params.value(QString::fromStdString(p.name));
        if (p.kind == ObjectiveParam::Kind::Categorical) {
            const auto it = std::find(p.choices.begin(), p.choices.end(), v.toString().toStdString());
            x.push_back(it == p.choices.end() ? std::nan("") : double(it - p.choices.begin()));
        } else {
            bool ok = false;
            const double d = v.toDouble(&ok);
            x.push_back(ok ? d : std::nan(""));
        }
    }
    return x;
}

/// An objective of the suite as the samplers see it: its space and its noise-free function.
inline BenchFunction benchFunction(const Objective &o)
{
    BenchFunction b;
    b.name = QString::fromStdString(o.name);
    b.space = spaceOf(o);
    b.f = [&o](const QVariantMap &p) { return o.f(objectiveInput(o, p).data()); };
    b.fMin = o.fMin;
    b.budget = o.budget;
    b.objective = &o;
    return b;
}

/// The public functions in the order the shared bench set lists them.
inline QList<BenchFunction> publicFunctions()
{
    QList<BenchFunction> out;
    for (const Objective &o : objectives())
        if (o.family == "public")
            out.append(benchFunction(o));
    return out;
}

/// The whole suite: the public set, then the other objectives of objectives.h.
inline QList<BenchFunction> suiteFunctions()
{
    QList<BenchFunction> out;
    for (const Objective &o : objectives())
        out.append(benchFunction(o));
    return out;
}

} // namespace tunescope::bench
