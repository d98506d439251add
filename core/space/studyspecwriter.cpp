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

} // namespace

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
    out << YAML::Key << "metric" << YAML::Value;
    auto emitMetric = [&](const MetricSpec &m) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "name" << YAML::Value;
        emitValue(out, m.name);
        out << YAML::Key << "goal" << YAML::Value << goalName(m.goal).toStdString();
        if (m.useBest)
            out << YAML::Key << "use" << YAML::Value << "best";
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
    out << YAML::Key << "parameters" << YAML::Value << YAML::BeginMap;
    for (const Parameter &p : spec.space.parameters()) {
        out << YAML::Key << p.name.toStdString() << YAML::Value << YAML::Flow << YAML::BeginMap;
        switch (p.type) {
        case Parameter::Type::Constant:
            out << YAML::Key << "value" << YAML::Value;
            emitValue(out, p.value);
            break;
        case Parameter::Type::Categorical:
            out << YAML::Key << "values" << YAML::Value << YAML::Flow << YAML::BeginSeq;
            for (const QVariant &c : p.choices)
                emitValue(out, c);
            out << YAML::EndSeq;
            break;
        case Parameter::Type::Float:
        case Parameter::Type::Int: {
            const bool isInt = p.type == Parameter::Type::Int;
            const char *dist = isInt ? "int_uniform" : (p.log ? "log_uniform_values" : "uniform");
            out << YAML::Key << "distribution" << YAML::Value << dist;
            out << YAML::Key << "min" << YAML::Value;
            emitValue(out, isInt ? QVariant::fromValue(qlonglong(p.low)) : QVariant(p.low));
            out << YAML::Key << "max" << YAML::Value;
            emitValue(out, isInt ? QVariant::fromValue(qlonglong(p.high)) : QVariant(p.high));
            if (isInt && p.log)
                out << YAML::Key << "log" << YAML::Value << "true";
            if (p.step > 0 && !(isInt && p.step == 1)) {
                out << YAML::Key << "q" << YAML::Value;
                emitValue(out, p.step);
            }
            break;
        }
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
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
    if (!spec.metricRegex.isEmpty()) {
        out << YAML::Key << "metric_regex" << YAML::Value << YAML::SingleQuoted << spec.metricRegex.toStdString();
    }
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace tunescope
