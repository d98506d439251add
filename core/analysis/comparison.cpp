#include "analysis/comparison.h"

#include "common/format.h"
#include <QCoreApplication>
#include <QFileInfo>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double quantile(const QList<double> &sorted, double q)
{
    // Linear interpolation between closest ranks (numpy's default), so numbers match pandas.
    if (sorted.isEmpty())
        return nan;
    const double pos = q * double(sorted.size() - 1);
    const qsizetype i = qsizetype(std::floor(pos));
    const double frac = pos - double(i);
    if (i + 1 >= sorted.size())
        return sorted.last();
    return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
}

ComparisonRow makeRow(const QString &name, const QStringList &cells)
{
    ComparisonRow row{name, cells, false};
    for (const QString &c : cells)
        row.differs = row.differs || c != cells.first();
    return row;
}
} // namespace

QList<double> bestSoFarValues(const QList<Trial> &trials, Goal goal)
{
    QList<const Trial *> ordered;
    for (const Trial &t : trials) {
        if (isFinished(t.state) && !isInterrupted(t))
            ordered.append(&t);
    }
    std::sort(ordered.begin(), ordered.end(), [](const Trial *a, const Trial *b) { return a->number < b->number; });
    QList<double> out;
    double best = nan;
    for (const Trial *t : ordered) {
        if (t->state == TrialState::Complete && t->value && std::isfinite(*t->value)) {
            const double v = *t->value;
            if (std::isnan(best) || (goal == Goal::Maximize ? v > best : v < best))
                best = v;
        }
        out.append(best);
    }
    return out;
}

QString describeParameter(const Parameter &p)
{
    if (p.isNumeric() && (p.prior != Parameter::Prior::Uniform || p.rounding != Parameter::Rounding::Grid)) {
        // W&B's and NNI's distributions by their names and arguments.
        QString text = p.distribution;
        if (p.prior == Parameter::Prior::Normal)
            text += QStringLiteral(" mu %1 sigma %2").arg(formatNumber(p.mu), formatNumber(p.sigma));
        else if (p.prior == Parameter::Prior::Beta)
            text += QStringLiteral(" a %1 b %2").arg(formatNumber(p.alpha), formatNumber(p.beta));
        else
            text += QStringLiteral(" %1 .. %2").arg(formatNumber(p.low), formatNumber(p.high));
        if (p.rounding != Parameter::Rounding::Grid)
            text += QStringLiteral(" q %1").arg(formatNumber(p.step));
        return text;
    }
    switch (p.type) {
    case Parameter::Type::Float: {
        QString text = QStringLiteral("%1 %2 .. %3").arg(p.log ? QCoreApplication::translate("tunescope::StudyComparison", "log-uniform") : QCoreApplication::translate("tunescope::StudyComparison", "uniform"),
                                                        formatNumber(p.low), formatNumber(p.high));
        if (p.step > 0)
            text += QCoreApplication::translate("tunescope::StudyComparison", " step %1").arg(formatNumber(p.step));
        return text;
    }
    case Parameter::Type::Int: {
        QString text = QStringLiteral("%1 %2 .. %3").arg(p.log ? QCoreApplication::translate("tunescope::StudyComparison", "log-int") : QCoreApplication::translate("tunescope::StudyComparison", "int"),
                                                        formatNumber(p.low), formatNumber(p.high));
        if (p.step > 1)
            text += QCoreApplication::translate("tunescope::StudyComparison", " step %1").arg(formatNumber(p.step));
        return text;
    }
    case Parameter::Type::Categorical: {
        // W&B's `values` with `probabilities`: each choice with its weight, "{adam 0.7, sgd 0.3}".
        QStringList values;
        for (qsizetype i = 0; i < p.choices.size(); ++i) {
            QString text = paramValueToString(p.choices.at(i));
            if (i < p.probabilities.size())
                text += u' ' + formatNumber(p.probabilities.at(i));
            values << text;
        }
        return u'{' + values.join(QStringLiteral(", ")) + u'}';
    }
    case Parameter::Type::Constant:
        return QStringLiteral("= ") + paramValueToString(p.value);
    }
    return {};
}

QString describeBudget(const StudySpec &spec)
{
    if (spec.runCap > 0)
        return QCoreApplication::translate("tunescope::StudyComparison", "%1 trials").arg(spec.runCap);
    if (spec.method == QLatin1String("grid")) {
        if (const auto size = spec.space.gridSize())
            return QCoreApplication::translate("tunescope::StudyComparison", "grid (%1 points)").arg(*size);
    }
    return QCoreApplication::translate("tunescope::StudyComparison", "unlimited");
}

QString describeEarlyTermination(const StudySpec &spec)
{
    if (spec.earlyTerminate.isEmpty())
        return QCoreApplication::translate("tunescope::StudyComparison", "none");
    QString text = spec.earlyTerminate.value(QStringLiteral("type")).toString();
    for (auto it = spec.earlyTerminate.begin(); it != spec.earlyTerminate.end(); ++it) {
        if (it.key() != QLatin1String("type"))
            text += QStringLiteral(" %1=%2").arg(it.key(), it.value().toString());
    }
    return text.trimmed();
}

QString describeMethodOptions(const StudySpec &spec)
{
    if (spec.methodOptions.isEmpty())
        return QCoreApplication::translate("tunescope::StudyComparison", "defaults");
    QStringList options;
    for (auto it = spec.methodOptions.begin(); it != spec.methodOptions.end(); ++it)
        options << QStringLiteral("%1=%2").arg(it.key(), paramValueToString(it.value()));
    return options.join(u' ');
}

QString describeWarmStart(const WarmStartSpec &warmStart)
{
    if (!warmStart.isEnabled())
        return QCoreApplication::translate("tunescope::StudyComparison", "none");
    const QStringList sources = warmStartSpecToMap(warmStart).value(QStringLiteral("from")).toStringList();
    const QString from = sources.join(QLatin1String(", "));
    if (warmStart.mode == WarmStartSpec::Mode::BestFirst)
        return QCoreApplication::translate("tunescope::StudyComparison", "the %1 best configurations of %2 run first")
            .arg(warmStart.effectiveTopK())
            .arg(from);
    if (warmStart.topK > 0)
        return QCoreApplication::translate("tunescope::StudyComparison",
                                           "the %1 best trials of %2 as prior observations of another task")
            .arg(warmStart.topK)
            .arg(from);
    return QCoreApplication::translate("tunescope::StudyComparison", "the trials of %1 as prior observations of another task")
        .arg(from);
}

StudyComparison::StudyComparison(QList<ComparedStudy> studies) : mStudies(std::move(studies))
{
    for (ComparedStudy &s : mStudies) {
        if (s.label.isEmpty())
            s.label = s.data.record.name;
        if (s.group.isEmpty())
            s.group = s.label;
    }
}

QString StudyComparison::seedGroup(const QString &name)
{
    static const QRegularExpression suffix(QStringLiteral("[-_.](seed|s|rep|run|r)[-_]?\\d+$"),
                                           QRegularExpression::CaseInsensitiveOption);
    QString base = name;
    base.remove(suffix);
    return base.isEmpty() ? name : base;
}

void StudyComparison::assignLabels(QList<ComparedStudy> &studies, bool groupSeeds)
{
    QHash<QString, int> count;
    for (const ComparedStudy &s : studies)
        ++count[s.data.record.name];
    for (ComparedStudy &s : studies) {
        s.label = s.data.record.name;
        if (count.value(s.label) > 1 && !s.source.isEmpty())
            s.label += QStringLiteral(" (%1)").arg(QFileInfo(s.source).fileName());
        s.group = groupSeeds ? seedGroup(s.label) : s.label;
    }
}

Goal StudyComparison::goal() const
{
    return mStudies.isEmpty() || mStudies.first().data.spec.metrics.isEmpty() ? Goal::Minimize
                                                                                 : mStudies.first().data.spec.objective().goal;
}

QString StudyComparison::metricName() const
{
    return mStudies.isEmpty() ? QString() : mStudies.first().data.record.metricName;
}

QStringList StudyComparison::warnings() const
{
    QStringList out;
    QSet<QString> metrics, goals;
    for (const ComparedStudy &s : mStudies) {
        metrics.insert(s.data.record.metricName);
        goals.insert(s.data.record.goal);
    }
    if (metrics.size() > 1)
        out << QCoreApplication::translate("tunescope::StudyComparison", "The studies optimize different metrics (%1); values are compared as numbers only.")
                   .arg(QStringList(metrics.begin(), metrics.end()).join(QStringLiteral(", ")));
    if (goals.size() > 1)
        out << QCoreApplication::translate("tunescope::StudyComparison", "The studies have different goals; the first study's goal (%1) is used.").arg(goalName(goal()));
    return out;
}

QList<BestSoFarSeries> StudyComparison::bestSoFar() const
{
    QList<BestSoFarSeries> out;
    QStringList order;
    QHash<QString, QList<const ComparedStudy *>> groups;
    for (const ComparedStudy &s : mStudies) {
        if (!groups.contains(s.group))
            order << s.group;
        groups[s.group].append(&s);
    }
    const Goal g = goal();
    for (const QString &name : order) {
        const auto &members = groups.value(name);
        QList<QList<double>> lines;
        qsizetype length = std::numeric_limits<qsizetype>::max();
        BestSoFarSeries series;
        series.label = name;
        for (const ComparedStudy *s : members) {
            series.members << s->label;
            lines.append(bestSoFarValues(s->data.trials, g));
            length = std::min(length, lines.last().size());
        }
        for (qsizetype i = 0; i < length; ++i) {
            double sum = 0.0, lo = nan, hi = nan;
            int n = 0;
            for (const QList<double> &line : lines) {
                const double v = line[i];
                if (std::isnan(v))
                    continue;
                sum += v;
                ++n;
                lo = std::isnan(lo) ? v : std::min(lo, v);
                hi = std::isnan(hi) ? v : std::max(hi, v);
            }
            // A point averages all members or none: a mean over the lucky seeds that already
            // have a complete trial would look better than the setup is.
            const bool all = n == int(lines.size());
            series.mean.append(all ? sum / n : nan);
            series.lower.append(all ? lo : nan);
            series.upper.append(all ? hi : nan);
        }
        out.append(series);
    }
    return out;
}

QList<ValueDistribution> StudyComparison::distributions() const
{
    QList<ValueDistribution> out;
    for (const ComparedStudy &s : mStudies) {
        ValueDistribution d;
        d.label = s.label;
        for (const Trial &t : s.data.trials) {
            if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
                d.values.append(*t.value);
        }
        if (!d.values.isEmpty()) {
            QList<double> sorted = d.values;
            std::sort(sorted.begin(), sorted.end());
            d.min = sorted.first();
            d.max = sorted.last();
            d.q1 = quantile(sorted, 0.25);
            d.median = quantile(sorted, 0.5);
            d.q3 = quantile(sorted, 0.75);
            double sum = 0.0;
            for (double v : sorted)
                sum += v;
            d.mean = sum / double(sorted.size());
        }
        out.append(d);
    }
    return out;
}

QList<ComparisonRow> StudyComparison::bestConfigurations() const
{
    QStringList paramNames;
    for (const ComparedStudy &s : mStudies) {
        for (const Parameter &p : s.data.spec.space.parameters()) {
            if (!paramNames.contains(p.name))
                paramNames << p.name;
        }
    }
    QList<const Trial *> best;
    for (const ComparedStudy &s : mStudies)
        best.append(bestTrial(s.data.trials, goal()));

    QList<ComparisonRow> rows;
    QStringList values, numbers;
    for (const Trial *t : best) {
        QString v = t ? formatShortest(*t->value) : QStringLiteral("-");
        if (t && t->valueStd)
            v += QStringLiteral(" ± %1").arg(formatNumber(*t->valueStd));
        values << v;
        numbers << (t ? QString::number(t->number) : QStringLiteral("-"));
    }
    rows << makeRow(QCoreApplication::translate("tunescope::StudyComparison", "best %1").arg(metricName()), values);
    rows << makeRow(QCoreApplication::translate("tunescope::StudyComparison", "trial"), numbers);
    rows.last().differs = false; // trial numbers differ by chance, not by setting
    for (const QString &name : paramNames) {
        QStringList cells;
        for (const Trial *t : best)
            cells << (t && t->params.contains(name) ? paramValueToString(t->params.value(name)) : QStringLiteral("-"));
        rows << makeRow(name, cells);
    }
    return rows;
}

QList<ComparisonRow> StudyComparison::settings() const
{
    QList<ComparisonRow> rows;
    auto add = [&](const QString &name, auto &&cell) {
        QStringList cells;
        for (const ComparedStudy &s : mStudies)
            cells << cell(s);
        rows << makeRow(name, cells);
    };
    add(QCoreApplication::translate("tunescope::StudyComparison", "metric"), [](const ComparedStudy &s) { return s.data.record.metricName; });
    add(QCoreApplication::translate("tunescope::StudyComparison", "goal"), [](const ComparedStudy &s) { return s.data.record.goal; });
    add(QCoreApplication::translate("tunescope::StudyComparison", "method"), [](const ComparedStudy &s) { return s.data.spec.method; });
    add(QCoreApplication::translate("tunescope::StudyComparison", "method options"),
        [](const ComparedStudy &s) { return describeMethodOptions(s.data.spec); });
    add(QCoreApplication::translate("tunescope::StudyComparison", "budget"), [](const ComparedStudy &s) { return describeBudget(s.data.spec); });
    add(QCoreApplication::translate("tunescope::StudyComparison", "finished trials"), [](const ComparedStudy &s) {
        int n = 0;
        for (const Trial &t : s.data.trials)
            n += isFinished(t.state) && !isInterrupted(t);
        return QString::number(n);
    });
    add(QCoreApplication::translate("tunescope::StudyComparison", "repeats"), [](const ComparedStudy &s) { return QString::number(s.data.spec.repeats); });
    add(QCoreApplication::translate("tunescope::StudyComparison", "parallel"), [](const ComparedStudy &s) { return QString::number(s.data.spec.parallel); });
    add(QCoreApplication::translate("tunescope::StudyComparison", "seed"), [](const ComparedStudy &s) { return QString::number(s.data.spec.seed); });
    add(QCoreApplication::translate("tunescope::StudyComparison", "early stopping"), [](const ComparedStudy &s) { return describeEarlyTermination(s.data.spec); });
    QStringList paramNames;
    for (const ComparedStudy &s : mStudies) {
        for (const Parameter &p : s.data.spec.space.parameters()) {
            if (!paramNames.contains(p.name))
                paramNames << p.name;
        }
    }
    for (const QString &name : paramNames) {
        add(QCoreApplication::translate("tunescope::StudyComparison", "space: %1").arg(name), [&](const ComparedStudy &s) {
            const Parameter *p = s.data.spec.space.find(name);
            return p ? describeParameter(*p) : QCoreApplication::translate("tunescope::StudyComparison", "(not searched)");
        });
    }
    return rows;
}

QByteArray StudyComparison::toCsv() const
{
    QStringList paramNames;
    for (const ComparedStudy &s : mStudies) {
        for (const Parameter &p : s.data.spec.space.parameters()) {
            if (!paramNames.contains(p.name))
                paramNames << p.name;
        }
    }
    QStringList header{QStringLiteral("study"), QStringLiteral("group"), QStringLiteral("number"), QStringLiteral("state"),
                       QStringLiteral("value"), QStringLiteral("value_std")};
    for (const QString &name : paramNames)
        header << csvField(name);
    header << QStringLiteral("duration_s") << QStringLiteral("reason");
    QByteArray out = header.join(u',').toUtf8() + '\n';
    for (const ComparedStudy &s : mStudies) {
        for (const Trial &t : s.data.trials) {
            QStringList row{csvField(s.label), csvField(s.group), QString::number(t.number), trialStateName(t.state),
                            t.value && std::isfinite(*t.value) ? formatShortest(*t.value) : QString(),
                            t.valueStd ? formatShortest(*t.valueStd) : QString()};
            for (const QString &name : paramNames)
                row << (t.params.contains(name) ? csvField(paramValueToString(t.params.value(name))) : QString());
            row << (t.finished.isValid() ? formatShortest(t.durationSeconds()) : QString()) << csvField(t.reason);
            out += row.join(u',').toUtf8() + '\n';
        }
    }
    return out;
}

} // namespace tunescope
