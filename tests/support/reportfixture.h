#pragma once

// Shared by tst_report and tst_compare: an in-memory study with hostile names where asked,
// and a small RFC 4180 CSV reader to check what the exporters write.
#include "analysis/studyexport.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QRandomGenerator>
#include <QStringList>

#include <cmath>

namespace fixture {

using namespace tunescope;

/// A study of `count` trials over lr (log), `paramName` (categorical) and hidden (int); the
/// objective depends mostly on lr. `tag` goes into the study name, a categorical value and
/// the failure reasons, so that hostile text reaches every part of a report.
inline StudyData makeStudy(const QString &name, int count, quint32 seed, const QString &paramName = QStringLiteral("optimizer"),
                           const QString &tag = QString(), const QString &method = QStringLiteral("random"))
{
    StudyData d;
    d.record.id = 1;
    d.record.name = name;
    d.record.method = method;
    d.record.metricName = QStringLiteral("val_accuracy");
    d.record.goal = QStringLiteral("maximize");
    d.record.created = QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC);
    StudySpec &spec = d.spec;
    spec.name = name;
    spec.method = method;
    spec.program = QStringLiteral("train.py");
    spec.metrics = {MetricSpec{QStringLiteral("val_accuracy"), Goal::Maximize, false}};
    spec.runCap = count;
    spec.seed = seed;
    Parameter lr;
    lr.name = QStringLiteral("lr");
    lr.type = Parameter::Type::Float;
    lr.low = 1e-4;
    lr.high = 0.1;
    lr.log = true;
    Parameter cat;
    cat.name = paramName;
    cat.type = Parameter::Type::Categorical;
    cat.choices = {QStringLiteral("sgd"), QStringLiteral("adam"), tag.isEmpty() ? QStringLiteral("rmsprop") : tag};
    Parameter hidden;
    hidden.name = QStringLiteral("hidden");
    hidden.type = Parameter::Type::Int;
    hidden.low = 8;
    hidden.high = 128;
    Parameter epochs;
    epochs.name = QStringLiteral("epochs");
    epochs.type = Parameter::Type::Constant;
    epochs.value = qlonglong(5);
    spec.space = SearchSpace({lr, cat, hidden, epochs});

    QRandomGenerator rng(seed);
    const QDateTime t0 = d.record.created;
    for (int i = 0; i < count; ++i) {
        Trial t;
        t.id = i + 1;
        t.number = i;
        const double u = rng.generateDouble();
        const double lrValue = std::exp(std::log(1e-4) + u * (std::log(0.1) - std::log(1e-4)));
        t.params = {{QStringLiteral("lr"), lrValue},
                    {paramName, cat.choices[int(rng.bounded(3))]},
                    {QStringLiteral("hidden"), qlonglong(8 + rng.bounded(121))},
                    {QStringLiteral("epochs"), qlonglong(5)}};
        // Peak at lr = 0.01 (u = 2/3): lr explains nearly all the variance.
        const double acc = 0.95 - 0.5 * (u - 2.0 / 3.0) * (u - 2.0 / 3.0) - 0.002 * rng.generateDouble();
        t.started = t0.addSecs(i * 10);
        t.finished = t.started.addMSecs(2500 + 100 * i);
        t.worker = QStringLiteral("node7:%1").arg(1000 + i);
        if (i % 9 == 4) {
            t.state = TrialState::Failed;
            t.reason = QStringLiteral("exit code 1: %1 Traceback, \"quoted\" & <b>bold</b>").arg(tag);
        } else if (i % 7 == 6) {
            t.state = TrialState::Pruned;
            t.value = acc - 0.1;
            t.reason = QStringLiteral("pruned by median at step 2");
        } else {
            t.state = TrialState::Complete;
            t.value = acc;
        }
        for (int s = 0; s < 5; ++s)
            t.intermediate[QStringLiteral("val_accuracy")].append({s, acc * (1.0 - 0.3 * std::exp(-s))});
        d.trials.append(t);
    }
    return d;
}

/// RFC 4180 reader: quoted fields with doubled quotes, separators and line breaks inside.
inline QList<QStringList> readCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false, any = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
            any = true;
        } else if (c == u',') {
            row << field;
            field.clear();
            any = true;
        } else if (c == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            any = false;
        } else if (c != u'\r') {
            field += c;
            any = true;
        }
    }
    if (any)
        rows << (row << field);
    return rows;
}

} // namespace fixture
