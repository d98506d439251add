#include "space/studyspec.h"

#include "space/yamlvalue.h"
#include "storage/studylocation.h"

#include <QLocale>

#include <cmath>

namespace tunescope {

namespace {

void emitValue(YAML::Emitter &out, const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Bool:
        out << (v.toBool() ? "true" : "false");
        return;
    case QMetaType::LongLong:
    case QMetaType::Int:
        out << v.toLongLong();
        return;
    case QMetaType::Double: {
        const double d = v.toDouble();
        QString text;
        if (std::isnan(d))
            text = QStringLiteral(".nan");
        else if (std::isinf(d))
            text = d > 0 ? QStringLiteral(".inf") : QStringLiteral("-.inf");
        else {
            text = QString::number(d, 'g', QLocale::FloatingPointShortest);
            // Keep the float a float when read back ("1" would become an integer).
            if (!text.contains(u'.') && !text.contains(u'e'))
                text += QStringLiteral(".0");
        }
        out << text.toStdString();
        return;
    }
    default: {
        const QString s = v.toString();
        // Written plain only when it reads back as this very string. Text that is no valid
        // plain YAML at all ("`cmd`", "@x", "%x", "a: b") makes the probe throw: quote it.
        bool plainIsString = false;
        try {
            YAML::Node probe = YAML::Load(s.toStdString());
            plainIsString = probe.IsScalar() && probe.Scalar() == s.toStdString()
                            && yamlScalarValue(probe).typeId() == QMetaType::QString;
        } catch (const YAML::Exception &) {
            plainIsString = false;
        }
        if (!plainIsString)
            out << YAML::DoubleQuoted;
        out << s.toStdString();
    }
    }
}

void emitVariant(YAML::Emitter &out, const QVariant &v)
{
    if (v.typeId() == QMetaType::QVariantMap) {
        out << YAML::BeginMap;
        const QVariantMap map = v.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            out << YAML::Key << it.key().toStdString() << YAML::Value;
            emitVariant(out, it.value());
        }
        out << YAML::EndMap;
    } else if (v.typeId() == QMetaType::QVariantList) {
        out << YAML::Flow << YAML::BeginSeq;
        for (const QVariant &item : v.toList())
            emitVariant(out, item);
        out << YAML::EndSeq;
    } else {
        emitValue(out, v);
    }
}

/// A number as the study file should read it back: an integer when it is a whole one and
/// integer is asked for, else a float.
QVariant numberValue(double v, bool integer)
{
    if (integer && std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9e15)
        return QVariant::fromValue(qlonglong(v));
    return v;
}

/// One parameter's mapping, by its distribution (W&B's names; NNI's quniform, qloguniform).
void emitParameter(YAML::Emitter &out, const Parameter &p)
{
    out << YAML::Flow << YAML::BeginMap;
    const auto key = [&](const char *k, const QVariant &v) {
        out << YAML::Key << k << YAML::Value;
        emitValue(out, v);
    };
    const bool isInt = p.type == Parameter::Type::Int;
    switch (p.type) {
    case Parameter::Type::Constant:
        out << YAML::Key << "value" << YAML::Value;
        emitVariant(out, p.value); // W&B's constants may be lists or mappings
        break;
    case Parameter::Type::Categorical:
        out << YAML::Key << "values" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QVariant &c : p.choices)
            emitValue(out, c);
        out << YAML::EndSeq;
        if (!p.probabilities.isEmpty()) {
            out << YAML::Key << "probabilities" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (double w : p.probabilities)
                emitValue(out, w);
            out << YAML::EndSeq;
        }
        break;
    case Parameter::Type::Float:
    case Parameter::Type::Int: {
        const bool quantized = p.rounding != Parameter::Rounding::Grid;
        if (p.prior != Parameter::Prior::Uniform) {
            const bool normal = p.prior == Parameter::Prior::Normal;
            const QString dist = (quantized ? QStringLiteral("q_") : QString())
                                 + (normal ? (p.log ? QStringLiteral("log_normal") : QStringLiteral("normal")) : QStringLiteral("beta"));
            key("distribution", dist);
            if (normal) {
                key("mu", p.mu);
                key("sigma", p.sigma);
            } else {
                key("a", p.alpha);
                key("b", p.beta);
            }
        } else {
            QString dist;
            if (p.rounding == Parameter::Rounding::Multiple)
                dist = p.log ? QStringLiteral("q_log_uniform_values") : QStringLiteral("q_uniform");
            else if (p.rounding == Parameter::Rounding::ClippedMultiple)
                dist = p.log ? QStringLiteral("qloguniform") : QStringLiteral("quniform");
            else if (isInt)
                dist = QStringLiteral("int_uniform");
            else if (p.log)
                dist = p.distribution == QLatin1String("inv_log_uniform_values") ? p.distribution : QStringLiteral("log_uniform_values");
            else
                dist = QStringLiteral("uniform");
            key("distribution", dist);
            const bool intBounds = isInt && (p.rounding == Parameter::Rounding::Grid);
            key("min", numberValue(p.low, intBounds));
            key("max", numberValue(p.high, intBounds));
            if (!quantized && isInt && p.log)
                out << YAML::Key << "log" << YAML::Value << "true";
        }
        if (quantized) {
            // W&B: an integer q makes integer values; NNI's q is always a float.
            key("q", isInt ? numberValue(p.step, true) : QVariant(p.step));
        } else if (p.prior == Parameter::Prior::Uniform && p.step > 0 && !(isInt && p.step == 1)) {
            key("q", p.step);
        }
        break;
    }
    }
    out << YAML::EndMap;
}

/// The parameters of one level of the mapping: leaves by their key, deeper paths as W&B's
/// nested `parameters`, and under a choice, `when` with the parameters of each value.
void emitLevel(YAML::Emitter &out, const SearchSpace &space, const QList<const Parameter *> &members, int depth)
{
    out << YAML::BeginMap;
    QStringList groupsDone;
    for (const Parameter *p : members) {
        const QStringList path = p->jsonPath();
        if (path.size() > depth + 1) {
            const QString group = path.at(depth);
            if (groupsDone.contains(group))
                continue;
            groupsDone << group;
            QList<const Parameter *> inner;
            for (const Parameter *q : members) {
                if (q->jsonPath().size() > depth + 1 && q->jsonPath().at(depth) == group)
                    inner << q;
            }
            out << YAML::Key << group.toStdString() << YAML::Value << YAML::BeginMap << YAML::Key << "parameters" << YAML::Value;
            emitLevel(out, space, inner, depth + 1);
            out << YAML::EndMap;
            continue;
        }
        out << YAML::Key << path.value(depth, p->name).toStdString() << YAML::Value;
        if (!space.hasConditionalChildren(*p)) {
            emitParameter(out, *p);
            continue;
        }
        // A choice with parameters of its own per value: its mapping gains `when`.
        out << YAML::BeginMap << YAML::Key << "values" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QVariant &c : p->choices)
            emitValue(out, c);
        out << YAML::EndSeq;
        if (!p->probabilities.isEmpty()) {
            out << YAML::Key << "probabilities" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (double w : p->probabilities)
                emitValue(out, w);
            out << YAML::EndSeq;
        }
        out << YAML::Key << "when" << YAML::Value << YAML::BeginMap;
        for (const QVariant &c : p->choices) {
            QList<const Parameter *> children;
            for (const Parameter &q : space.parameters()) {
                if (q.parent == p->name && p->choiceIndex(q.parentValue) == p->choiceIndex(c))
                    children << &q;
            }
            if (children.isEmpty())
                continue;
            out << YAML::Key << paramValueToString(c).toStdString() << YAML::Value;
            emitLevel(out, space, children, int(path.size()));
        }
        out << YAML::EndMap << YAML::EndMap;
    }
    out << YAML::EndMap;
}

} // namespace

QByteArray searchSpaceToYaml(const SearchSpace &space)
{
    YAML::Emitter out;
    out << YAML::BeginMap << YAML::Key << "parameters" << YAML::Value;
    QList<const Parameter *> top;
    for (const Parameter &p : space.parameters()) {
        if (!p.isConditional())
            top << &p;
    }
    emitLevel(out, space, top, 0);
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

QByteArray studySpecToYaml(const StudySpec &spec)
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value;
    emitValue(out, spec.name);
    if (!spec.description.isEmpty()) {
        out << YAML::Key << "description" << YAML::Value;
        emitValue(out, spec.description);
    }
    if (!spec.program.isEmpty()) {
        out << YAML::Key << "program" << YAML::Value;
        emitValue(out, spec.program);
    }
    if (!spec.command.isEmpty()) {
        out << YAML::Key << "command" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QString &arg : spec.command)
            out << YAML::DoubleQuoted << arg.toStdString();
        out << YAML::EndSeq;
    }
    out << YAML::Key << "method" << YAML::Value << spec.method.toStdString();
    if (!spec.methodOptions.isEmpty()) {
        out << YAML::Key << "method_options" << YAML::Value;
        emitVariant(out, spec.methodOptions);
    }
    if (spec.costAware)
        out << YAML::Key << "cost_aware" << YAML::Value << true;
    out << YAML::Key << "metric" << YAML::Value;
    auto emitMetric = [&](const MetricSpec &m) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value;
        emitValue(out, m.name);
        out << YAML::Key << "goal" << YAML::Value << goalName(m.goal).toStdString();
        if (m.useBest)
            out << YAML::Key << "use" << YAML::Value << "best";
        if (m.target) {
            out << YAML::Key << "target" << YAML::Value;
            emitValue(out, *m.target);
        }
        if (!m.impute.isEmpty())
            out << YAML::Key << "impute" << YAML::Value << m.impute.toStdString();
        if (!m.imputeWhileRunning.isEmpty())
            out << YAML::Key << "impute_while_running" << YAML::Value << m.imputeWhileRunning.toStdString();
        out << YAML::EndMap;
    };
    if (spec.metrics.size() == 1) {
        emitMetric(spec.metrics.first());
    } else {
        out << YAML::BeginSeq;
        for (const MetricSpec &m : spec.metrics)
            emitMetric(m);
        out << YAML::EndSeq;
    }
    out << YAML::Key << "parameters" << YAML::Value;
    QList<const Parameter *> top;
    for (const Parameter &p : spec.space.parameters()) {
        if (!p.isConditional())
            top << &p;
    }
    emitLevel(out, spec.space, top, 0);
    if (!spec.earlyTerminate.isEmpty()) {
        out << YAML::Key << "early_terminate" << YAML::Value;
        emitVariant(out, spec.earlyTerminate);
    }
    if (spec.runCap > 0)
        out << YAML::Key << "run_cap" << YAML::Value << spec.runCap;
    out << YAML::Key << "parallel" << YAML::Value << spec.parallel;
    if (spec.trialTimeoutSeconds > 0)
        out << YAML::Key << "trial_timeout" << YAML::Value << QStringLiteral("%1s").arg(spec.trialTimeoutSeconds).toStdString();
    const StudySpec defaults;
    if (spec.heartbeatIntervalSeconds != defaults.heartbeatIntervalSeconds)
        out << YAML::Key << "heartbeat_interval" << YAML::Value << QStringLiteral("%1s").arg(spec.heartbeatIntervalSeconds).toStdString();
    if (spec.heartbeatGraceSeconds != defaults.heartbeatGraceSeconds)
        out << YAML::Key << "heartbeat_grace" << YAML::Value << QStringLiteral("%1s").arg(spec.heartbeatGraceSeconds).toStdString();
    out << YAML::Key << "seed" << YAML::Value << spec.seed;
    if (spec.repeats != 1)
        out << YAML::Key << "repeats" << YAML::Value << spec.repeats;
    if (!spec.resources.gpus.isEmpty()) {
        out << YAML::Key << "resources" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "gpus" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (int g : spec.resources.gpus)
            out << g;
        out << YAML::EndSeq << YAML::Key << "trials_per_gpu" << YAML::Value << spec.resources.trialsPerGpu << YAML::EndMap;
    }
    if (const QVariantMap backend = backendSpecToMap(spec.backend); !backend.isEmpty()) {
        out << YAML::Key << "backend" << YAML::Value;
        emitVariant(out, backend);
    }
    if (!spec.storage.isEmpty()) {
        // This text goes to the database, to study files and into reports: a password in the
        // URL never does (libpq finds it in PGPASSWORD or ~/.pgpass).
        out << YAML::Key << "storage" << YAML::Value;
        emitValue(out, redactedLocation(spec.storage));
    }
    if (spec.maxDurationSeconds > 0)
        out << YAML::Key << "max_duration" << YAML::Value << QStringLiteral("%1s").arg(spec.maxDurationSeconds).toStdString();
    if (spec.maxDurationHard)
        out << YAML::Key << "max_duration_hard" << YAML::Value << true;
    if (!spec.trialWorkingDirectory.isEmpty()) {
        out << YAML::Key << "working_directory" << YAML::Value;
        emitValue(out, spec.trialWorkingDirectory);
    }
    if (const QVariantMap warm = warmStartSpecToMap(spec.warmStart); !warm.isEmpty()) {
        out << YAML::Key << "warm_start" << YAML::Value;
        emitVariant(out, warm);
    }
    if (!spec.trialApi.isEmpty())
        out << YAML::Key << "trial_api" << YAML::Value << spec.trialApi.toStdString();
    if (!spec.metricRegex.isEmpty()) {
        out << YAML::Key << "metric_regex" << YAML::Value << YAML::SingleQuoted << spec.metricRegex.toStdString();
    }
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace tunescope
