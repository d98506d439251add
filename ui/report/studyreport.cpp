#include "report/studyreport.h"

#include "analysis/studycost.h"
#include "common/format.h"
#include "common/safepath.h"
#include "storage/studylocation.h"
#include "trials/statetext.h"

#include "charts/bestsofarchart.h"
#include "charts/chartstyle.h"
#include "analysis/comparison.h"
#include "charts/curveschart.h"
#include "charts/edfchart.h"
#include "execution/gpudetector.h"
#include "charts/heatmapwidget.h"
#include "charts/hypervolumechart.h"
#include "charts/metricpairchart.h"
#include "analysis/importance.h"
#include "charts/importancechart.h"
#include "charts/parallelcoordinates.h"
#include "charts/plotaxis.h"
#include "report/reportdocument.h"
#include "samplers/recommender.h"
#include "charts/sliceplot.h"
#include "charts/timelinechart.h"
#include "execution/studymonitor.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImageReader>
#include <QLocale>
#include <QPainter>
#include <QProcess>
#include <QSet>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace tunescope {

namespace {
QString percent(double share)
{
    return QCoreApplication::translate("tunescope::StudyReport", "%1 %").arg(numberText(share * 100, 'f', 1));
}

QString cpuName()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

QString gpuText()
{
    // nvidia-smi answers in well under a second where a driver is loaded; the timeout keeps a
    // report from hanging on a broken one.
    QProcess smi;
    smi.start(QStringLiteral("nvidia-smi"), {QStringLiteral("--query-gpu=index,name,memory.total"), QStringLiteral("--format=csv,noheader")});
    if (!smi.waitForStarted(2000))
        return QCoreApplication::translate("tunescope::StudyReport", "none found (no nvidia-smi)");
    if (!smi.waitForFinished(5000)) {
        smi.kill();
        smi.waitForFinished(1000);
        return QCoreApplication::translate("tunescope::StudyReport", "unknown (nvidia-smi did not answer)");
    }
    const QList<GpuInfo> gpus = GpuDetector::parse(smi.readAllStandardOutput());
    if (gpus.isEmpty())
        return QCoreApplication::translate("tunescope::StudyReport", "none found");
    QStringList parts;
    for (const GpuInfo &g : gpus)
        parts << QStringLiteral("%1: %2 (%3)").arg(g.index).arg(g.name, g.memory);
    return parts.join(QStringLiteral("; "));
}

} // namespace

StudyReport::StudyReport(StudyData study, const QString &source)
    : mStudy(std::move(study)), mSource(source), mMonitor(std::make_unique<StudyMonitor>()),
      mBest(std::make_unique<BestSoFarChart>()), mCurves(std::make_unique<CurvesChart>()),
      mHeatmap(std::make_unique<HeatmapWidget>()), mParallel(std::make_unique<ParallelCoordinatesWidget>()),
      mSlice(std::make_unique<SlicePlot>()), mTimeline(std::make_unique<TimelineChart>()),
      mEdf(std::make_unique<EdfChart>()), mHypervolume(std::make_unique<HypervolumeChart>()),
      mMetricPair(std::make_unique<MetricPairChart>())
{
    mMonitor->load(mStudy.spec, mStudy.trials);
    for (ChartView *view : std::initializer_list<ChartView *>{mBest.get(), mCurves.get(), mHeatmap.get(), mParallel.get(), mSlice.get(),
                                                                            mTimeline.get(), mEdf.get(), mHypervolume.get(),
                                                                            mMetricPair.get()}) {
        view->resize(view->defaultExportSize());
        view->setMonitor(mMonitor.get());
        view->refreshNow();
    }
    if (!mStudy.spec.metrics.isEmpty())
        mCurves->setMetric(mStudy.spec.objective().name);
}

StudyReport::~StudyReport()
{
    // The charts follow the monitor: detach them before it goes.
    for (ChartView *view : std::initializer_list<ChartView *>{mBest.get(), mCurves.get(), mHeatmap.get(), mParallel.get(), mSlice.get(),
                                                                            mTimeline.get(), mEdf.get(), mHypervolume.get(),
                                                                            mMetricPair.get()})
        view->setMonitor(nullptr);
}

QList<QPair<QString, QString>> StudyReport::environment()
{
    return {
        {tr("Host"), QSysInfo::machineHostName()},
        {tr("Operating system"), QSysInfo::prettyProductName() + tr(" (kernel %1)").arg(QSysInfo::kernelVersion())},
        {QStringLiteral("CPU"), tr("%1, %2 threads").arg(cpuName()).arg(QThread::idealThreadCount())},
        {QStringLiteral("GPU"), gpuText()},
        {QStringLiteral("Tunescope"), QStringLiteral(TUNESCOPE_VERSION)},
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion())},
        {tr("Report date"), QLocale().toString(QDateTime::currentDateTime(), QLocale::LongFormat)},
    };
}

void StudyReport::addArtifactImages(ReportDocument &doc, const Trial &best) const
{
    if (mStudy.runsDirectory.isEmpty())
        return;
    const QString folder = trialFolder(mStudy.runsDirectory, mStudy.record.name, mStudy.record.id, best.number);
    int shown = 0;
    for (const QString &relative : mStudy.artifacts.value(best.id)) {
        if (shown == maxArtifactImages)
            break;
        const QString path = QDir(folder).filePath(relative);
        // As the detail pane: only a file that resolves inside the trial's folder is read.
        if (!QFileInfo(path).isFile() || !isInsideFolder(path, folder))
            continue;
        QImageReader reader(path);
        if (!reader.canRead())
            continue; // not an image: the table names it
        // Read at most report size: a 50-megapixel plot is not kept whole in the report.
        const QSize natural = reader.size();
        if (natural.isValid() && (natural.width() > 1200 || natural.height() > 900))
            reader.setScaledSize(natural.scaled(1200, 900, Qt::KeepAspectRatio));
        const QImage image = reader.read();
        if (image.isNull())
            continue;
        doc.addImage(tr("Best trial %1: %2").arg(best.number).arg(relative), image);
        ++shown;
    }
}

ReportDocument StudyReport::document() const
{
    const StudySpec &spec = mStudy.spec;
    const StudyRecord &rec = mStudy.record;
    const Goal goal = spec.metrics.isEmpty() ? Goal::Minimize : spec.objective().goal;
    const Trial *best = bestTrial(mStudy.trials, goal);
    const QList<Parameter> searchable = spec.space.searchable();

    int counts[5] = {0, 0, 0, 0, 0};
    for (const Trial &t : mStudy.trials)
        ++counts[int(t.state)];
    bool anyStd = false, anyGpu = false;
    QSet<QString> hosts;
    for (const Trial &t : mStudy.trials) {
        anyStd = anyStd || t.valueStd.has_value();
        anyGpu = anyGpu || !t.gpu.isEmpty();
        if (!t.worker.isEmpty())
            hosts.insert(t.worker.section(u':', 0, 0));
    }

    ReportDocument doc;
    // Charts of thousands of trials are fine-grained images that compress poorly: at 1.5
    // pixels per point the report of 10,000 trials stays under 5 MB, and sharp enough.
    doc.setChartScale(mStudy.trials.size() > 2000 ? 1.5 : 2.0);
    doc.setTitle(tr("Study report: %1").arg(rec.name),
                 tr("%1 %2 · %3 · %4 trials · made %5 with Tunescope %6")
                     .arg(goalText(goal), rec.metricName, spec.method, QString::number(mStudy.trials.size()),
                          QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat),
                          QStringLiteral(TUNESCOPE_VERSION)));

    // --- Summary: the answer first.
    const auto trialFacts = [&](const Trial &trial) {
        QString value = numberText(*trial.value);
        if (trial.valueStd)
            value += tr(" ± %1 (std over %2 repeats)").arg(numberText(*trial.valueStd)).arg(spec.repeats);
        QList<QPair<QString, QString>> pairs{{tr("Trial"), QString::number(trial.number)}, {rec.metricName, value}};
        for (const Parameter &p : spec.space.parameters())
            pairs.append({p.name, paramValueToString(trial.params.value(p.name))});
        pairs.append({tr("Duration"), tr("%1 s").arg(numberText(trial.durationSeconds()))});
        return pairs;
    };
    doc.addHeading(tr("Best trial"));
    if (best)
        doc.addKeyValues(trialFacts(*best));
    else
        doc.addWarning(tr("No trial has completed yet."));
    // What `tunescope run` prints at the end and the status bar shows: with a model of its
    // own (bayes), the trial it expects to be best, when that is not the best observed one.
    const std::optional<int> pick = best ? Recommender().recommended(spec, mStudy.trials) : std::nullopt;
    const Trial *recommended = nullptr;
    if (pick && *pick != best->number) {
        const auto it = std::find_if(mStudy.trials.begin(), mStudy.trials.end(), [&](const Trial &t) { return t.number == *pick; });
        if (it != mStudy.trials.end() && it->value)
            recommended = &*it;
    }
    if (recommended) {
        doc.addHeading(tr("Recommended trial"));
        doc.addParagraph(tr("The model expects trial %1 to be the best: it has the best posterior mean. On a noisy "
                            "objective the best observed value is often a lucky draw; the recommended trial is the "
                            "one to keep.").arg(recommended->number));
        doc.addKeyValues(trialFacts(*recommended));
    }
    doc.addParagraph(tr("%1 trials: %2 complete, %3 pruned, %4 failed, %5 running, %6 waiting.")
                         .arg(mStudy.trials.size()).arg(counts[int(TrialState::Complete)]).arg(counts[int(TrialState::Pruned)])
                         .arg(counts[int(TrialState::Failed)]).arg(counts[int(TrialState::Running)]).arg(counts[int(TrialState::Waiting)]));
    if (!rec.endReason.isEmpty())
        doc.addParagraph(tr("The last run stopped starting trials before the budget: %1.").arg(rec.endReason));

    // --- What the study cost, measured, and what pruning saved (estimated).
    const StudyCost cost = StudyCost::of(mStudy.trials, spec.objective().name);
    if (cost.hasMeasurements()) {
        doc.addHeading(tr("Compute"));
        const auto hours = [](double h) { return durationText(h * 3600.0); };
        ReportDocument::Table table;
        table.header = {tr("Trials"), tr("Count"), tr("CPU time"), tr("GPU time"), tr("Run time")};
        const QStringList names{tr("Complete"), tr("Pruned"), tr("Failed")};
        for (int g = 0; g < 3; ++g) {
            const StudyCost::Figures &f = cost.byState[g];
            table.rows.append({names.at(g), QString::number(f.trials), hours(f.cpuHours), hours(f.gpuHours), hours(f.runHours)});
        }
        table.rows.append({tr("All"), QString::number(cost.total.trials), hours(cost.total.cpuHours), hours(cost.total.gpuHours),
                           hours(cost.total.runHours)});
        doc.addTable(table);
        QString measured = tr("Measured while the trials ran: CPU time of each trial's whole process tree, GPU time of its "
                              "processes. %1 of %2 finished trials have measured figures.")
                               .arg(cost.total.measured).arg(cost.total.trials);
        if (cost.prunedWithSteps > 0)
            measured += QLatin1Char(' ')
                        + tr("Pruning saved an estimated %1 of CPU time, %2 of GPU time and %3 of run time: each pruned "
                             "trial's remaining steps (up to the longest complete trial's) at its own mean cost per step.")
                              .arg(hours(cost.savedCpuHours), hours(cost.savedGpuHours), hours(cost.savedRunHours));
        doc.addParagraph(measured);
    }

    // --- Settings and search space.
    doc.addHeading(tr("Study settings"));
    QStringList metrics;
    for (const MetricSpec &m : spec.metrics)
        metrics << QStringLiteral("%1 (%2%3)").arg(m.name, goalText(m.goal), m.useBest ? tr(", best reported value") : QString());
    QList<QPair<QString, QString>> settings{
        {tr("Name"), rec.name},
    };
    if (!spec.description.isEmpty())
        settings.append({tr("Description"), spec.description});
    if (!rec.tags.isEmpty())
        settings.append({tr("Tags"), rec.tags.join(QStringLiteral(", "))});
    settings += QList<QPair<QString, QString>>{
        {tr("Metric"), metrics.join(QStringLiteral("; "))},
        {tr("Method"), !spec.costAware                      ? spec.method
                       : spec.method == QLatin1String("tpe") ? tr("%1, cost-aware (candidates ranked by l(x)/g(x) per second of run time)").arg(spec.method)
                                                             : tr("%1, cost-aware (expected improvement per second of run time)").arg(spec.method)},
        {tr("Method options"), describeMethodOptions(spec)},
        {tr("Budget"), describeBudget(spec)},
        {tr("Parallel trials"), QString::number(spec.parallel)},
        {tr("Repeats per configuration"), QString::number(spec.repeats)},
        {tr("Seed"), QString::number(spec.seed)},
        {tr("Early stopping"), describeEarlyTermination(spec)},
        {tr("Warm start"), describeWarmStart(spec.warmStart)},
        {tr("Time budget"), spec.maxDurationSeconds <= 0 ? tr("none")
                            : (spec.maxDurationHard ? tr("%1 across runs; trials still running then are stopped")
                                                    : tr("%1 across runs; running trials finish"))
                                  .arg(formatClock(spec.maxDurationSeconds))},
        {tr("Trial timeout"), spec.trialTimeoutSeconds > 0 ? tr("%1 s").arg(QLocale().toString(spec.trialTimeoutSeconds)) : tr("none")},
        {tr("Program"), spec.program},
        {tr("Command"), spec.effectiveCommand().join(u' ')},
        {tr("Backend"), spec.backend.type},
        {tr("Created"), rec.created.isValid() ? QLocale().toString(rec.created.toLocalTime(), QLocale::LongFormat) : QString()},
    };
    if (!mSource.isEmpty())
        settings.append({tr("Database"), mSource});
    doc.addKeyValues(settings);
    if (!rec.note.isEmpty()) {
        doc.addHeading(tr("Notes"));
        doc.addMarkdown(rec.note);
    }

    ReportDocument::Table space;
    space.header = {tr("Parameter"), tr("Range"), tr("Best")};
    for (const Parameter &p : spec.space.parameters())
        space.rows.append({p.name, describeParameter(p), best ? paramValueToString(best->params.value(p.name)) : QString()});
    doc.addHeading(tr("Search space"));
    doc.addTable(space);

    // --- Charts.
    doc.addHeading(tr("Best so far"));
    BestSoFarChart *bestChart = mBest.get();
    doc.addChart(tr("Objective per trial and best so far"), QSize(900, 440),
                 [bestChart](QPainter *p, const QRectF &r) { bestChart->renderChart(p, r); },
                 tr("Each point is a finished trial (coloured by state); the step line is the best complete trial so far."));

    if (spec.metrics.size() > 1) {
        doc.addHeading(tr("Hypervolume"));
        HypervolumeChart *hv = mHypervolume.get();
        doc.addChart(tr("Hypervolume of the Pareto front after each finished trial"), QSize(900, 380),
                     [hv](QPainter *p, const QRectF &r) { hv->renderChart(p, r); },
                     tr("The volume of objective space the front dominates up to the reference point: it rises when a trial "
                        "improves the trade-offs."));
    }

    doc.addHeading(tr("Distribution of the objective"));
    EdfChart *edf = mEdf.get();
    doc.addChart(tr("Empirical distribution of %1").arg(spec.metrics.isEmpty() ? QString() : spec.objective().name), QSize(900, 380),
                 [edf](QPainter *p, const QRectF &r) { edf->renderChart(p, r); },
                 tr("For each value, the fraction of complete trials that reached at most that value."));

    const QString metric = spec.metrics.isEmpty() ? QString() : spec.objective().name;
    // Curves only of metrics that some trial reported at two steps or more: a program that
    // prints its result once (the bundled sklearn example's cv_accuracy) would get a page of
    // dots in one column at step 0.
    const auto hasCurve = [this](const QString &name) {
        return std::any_of(mStudy.trials.cbegin(), mStudy.trials.cend(),
                           [&name](const Trial &t) { return t.intermediate.value(name).size() >= 2; });
    };
    if (hasCurve(metric)) {
        doc.addHeading(tr("Validation curves"));
        CurvesChart *curves = mCurves.get();
        doc.addChart(tr("%1 per step, every trial").arg(metric), QSize(900, 440),
                     [curves, metric](QPainter *p, const QRectF &r) {
                         curves->setMetric(metric);
                         curves->refreshNow();
                         curves->renderChart(p, r);
                     },
                     tr("Intermediate values as the training program reported them; pruned and failed trials are dimmed, the best trial is highlighted."));
    }

    // The objective next to its counterpart (val_ -> train_, else the first other metric), as
    // the Metrics tab shows them; only when the trials report a second metric.
    MetricPairChart *pair = mMetricPair.get();
    const QString first = pair->left()->metric(), second = pair->right()->metric();
    if (!second.isEmpty() && second != first && (hasCurve(first) || hasCurve(second))) {
        doc.addHeading(tr("Two metrics side by side"));
        doc.addChart(tr("%1 and %2 per step, every trial").arg(first, second), QSize(900, 760),
                     [pair](QPainter *p, const QRectF &r) { pair->renderChart(p, r); },
                     tr("The same trials' curves of two metrics, one above the other: a validation curve that turns up while "
                        "the training curve keeps falling shows overfitting."));
    }

    const StudyImportance importance = studyImportance(spec.space, mStudy.trials);
    const QList<ParameterImportance> &ranking = importance.ranking;
    // Heatmaps of the two most important pairs: where the objective is likely to move.
    QStringList order;
    for (const ParameterImportance &r : ranking)
        order << r.name;
    for (const Parameter &p : searchable) {
        if (!order.contains(p.name))
            order << p.name;
    }
    QList<QPair<QString, QString>> pairs;
    if (order.size() >= 2)
        pairs.append({order[0], order[1]});
    if (order.size() >= 3)
        pairs.append({order[0], order[2]});
    if (!pairs.isEmpty()) {
        doc.addHeading(tr("Parameter heatmaps"));
        HeatmapWidget *heat = mHeatmap.get();
        for (const auto &[x, y] : pairs) {
            doc.addChart(tr("%1 over %2 and %3").arg(metric, x, y), QSize(900, 520),
                         [heat, x, y](QPainter *p, const QRectF &r) {
                             heat->setParameters(x, y);
                             heat->refreshNow();
                             heat->renderChart(p, r);
                         },
                         tr("Mean objective of the complete trials per cell; the points are the trials."));
        }
    }
    if (!searchable.isEmpty()) {
        doc.addHeading(tr("Parallel coordinates"));
        ParallelCoordinatesWidget *parallel = mParallel.get();
        doc.addChart(tr("Every complete trial across the parameters"), QSize(900, 460),
                     [parallel](QPainter *p, const QRectF &r) { parallel->renderChart(p, r); },
                     tr("One line per complete trial, coloured by its objective (brighter is better); the best trial in black."));
        doc.addHeading(tr("Slice plot"));
        SlicePlot *slice = mSlice.get();
        const int rowsOfPanels = int((searchable.size() + 3) / 4);
        doc.addChart(tr("Objective against each parameter"), QSize(900, 60 + 260 * rowsOfPanels),
                     [slice](QPainter *p, const QRectF &r) { slice->renderChart(p, r); },
                     tr("Points coloured by trial number (dark = early): where the sampler concentrated over time."));
    }

    // --- Importance.
    doc.addHeading(tr("Parameter importance"));
    if (ranking.isEmpty()) {
        doc.addParagraph(tr("Not enough complete trials with a varying objective to estimate importance (4 needed)."));
    } else {
        doc.addParagraph(tr(
            "Method: functional ANOVA (fANOVA, Hutter et al. 2014) over a random forest of 64 regression trees "
            "fitted to the complete trials (parameters in the search space's unit cube, log parameters on a log scale). "
            "A parameter's importance is the share of the objective's variance over the whole search space that it "
            "explains on its own (its main effect); the whisker is the standard deviation over the trees. "
            "The shares do not add up to 100 %: the rest comes from interactions between parameters."));
        doc.addChart(tr("Share of variance explained by each parameter alone and by the strongest pairs"),
                     QSize(900, ImportanceChart::preferredHeight(importance)),
                     [importance](QPainter *p, const QRectF &r) { ImportanceChart::paint(p, r, importance); });
        ReportDocument::Table t;
        t.header = {tr("Parameter"), tr("Importance"), tr("± over trees")};
        t.numeric = {false, true, true};
        double sum = 0;
        for (const ParameterImportance &r : ranking) {
            t.rows.append({r.name, percent(r.importance),
                           percent(r.spread)});
            sum += r.importance;
        }
        t.note = tr("Interactions and noise: %1 of the variance.").arg(percent(std::max(0.0, 1.0 - sum)));
        doc.addTable(t);
    }

    // --- When and where the trials ran.
    doc.addHeading(tr("Timeline"));
    TimelineChart *timeline = mTimeline.get();
    doc.addChart(tr("Trials on their slots over time"), QSize(900, std::clamp(120 + 28 * int(timeline->laneNames().size()), 260, 640)),
                 [timeline](QPainter *p, const QRectF &r) { timeline->renderChart(p, r); },
                 tr("One bar per trial on the CPU slot or GPU it ran on, coloured by state: gaps are idle slots."));

    // --- Every trial.
    // --- Files the trials declared (`artifact=path`): which trial wrote which plot or table.
    if (!mStudy.artifacts.isEmpty()) {
        doc.addHeading(tr("Trial artifacts"));
        ReportDocument::Table artifacts;
        artifacts.id = QStringLiteral("artifacts");
        artifacts.header = {QStringLiteral("#"), tr("state"), spec.metrics.isEmpty() ? tr("value") : spec.objective().name,
                            tr("files declared")};
        artifacts.numeric = {true, false, true, false};
        for (const Trial &t : mStudy.trials) {
            const QStringList files = mStudy.artifacts.value(t.id);
            if (files.isEmpty())
                continue;
            artifacts.rows.append({QString::number(t.number), stateText(t.state), t.value ? numberText(*t.value) : QString(),
                                   files.join(QStringLiteral(", "))});
            artifacts.highlighted.append(best && t.number == best->number);
        }
        artifacts.note = tr("Paths are relative to each trial's folder; the dashboard's detail pane previews and opens them.");
        doc.addTable(artifacts);
        if (best)
            addArtifactImages(doc, *best);
    }

    doc.addHeading(tr("All trials"));
    ReportDocument::Table trials;
    trials.id = QStringLiteral("trials");
    trials.header = {QStringLiteral("#"), tr("state")};
    trials.numeric = {true, false};
    const bool multi = spec.metrics.size() > 1;
    if (multi) {
        for (const MetricSpec &m : spec.metrics) {
            trials.header << m.name;
            trials.numeric << true;
        }
    } else {
        trials.header << rec.metricName;
        trials.numeric << true;
        if (anyStd) {
            trials.header << tr("± std");
            trials.numeric << true;
        }
    }
    for (const Parameter &p : searchable) {
        trials.header << p.name;
        trials.numeric << p.isNumeric();
    }
    trials.header << tr("duration s");
    trials.numeric << true;
    if (anyGpu) {
        trials.header << QStringLiteral("GPU");
        trials.numeric << false;
    }
    trials.header << tr("reason");
    trials.numeric << false;
    // Trials steered by hand: how each came to be, and the user's notes.
    const bool anyOrigin = std::any_of(mStudy.trials.begin(), mStudy.trials.end(), [](const Trial &t) { return !t.origin.isEmpty(); });
    const bool anyNote = std::any_of(mStudy.trials.begin(), mStudy.trials.end(), [](const Trial &t) { return !t.note.isEmpty(); });
    if (anyOrigin) {
        trials.header << tr("origin");
        trials.numeric << false;
    }
    if (anyNote) {
        trials.header << tr("note");
        trials.numeric << false;
    }
    for (const Trial &t : mStudy.trials) {
        QStringList row{QString::number(t.number), stateText(t.state)};
        if (multi) {
            for (qsizetype i = 0; i < spec.metrics.size(); ++i)
                row << (i < t.values.size() ? numberText(t.values[i]) : (i == 0 && t.value ? numberText(*t.value) : QString()));
        } else {
            row << (t.value ? numberText(*t.value) : QString());
            if (anyStd)
                row << (t.valueStd ? numberText(*t.valueStd) : QString());
        }
        for (const Parameter &p : searchable) {
            // Six significant digits in the table (the CSV and JSON keep every digit).
            const QVariant v = t.params.value(p.name);
            row << (v.typeId() == QMetaType::Double ? numberText(v.toDouble()) : paramValueToString(v));
        }
        row << (t.started.isValid() && t.finished.isValid() ? numberText(t.durationSeconds(), 'f', 1) : QString());
        if (anyGpu)
            row << t.gpu;
        row << t.reason;
        if (anyOrigin) {
            QString origin;
            if (t.retryOf)
                origin = tr("retry of %1").arg(*t.retryOf);
            else if (t.origin == trialOriginEnqueued)
                origin = t.outOfSpace ? tr("enqueued, out of space") : tr("enqueued");
            else if (t.origin == trialOriginBestFirst)
                origin = tr("warm start");
            if (t.retriedAs)
                origin += (origin.isEmpty() ? QString() : QStringLiteral("; ")) + tr("retried as %1").arg(*t.retriedAs);
            row << origin;
        }
        if (anyNote)
            row << t.note;
        trials.rows.append(row);
        trials.highlighted.append(best && t.number == best->number);
    }
    trials.note = tr("The best trial is highlighted. The same data, one row per trial, comes as CSV or JSON with "
                                 "`tunescope export DB --study NAME --format csv|json`.");
    doc.addTable(trials);

    // --- Environment.
    doc.addHeading(tr("Environment"));
    QList<QPair<QString, QString>> env = environment();
    QStringList hostList(hosts.begin(), hosts.end());
    hostList.sort();
    if (!hostList.isEmpty())
        env.append({tr("Trials ran on"), hostList.join(QStringLiteral(", "))});
    doc.addKeyValues(env);
    doc.addParagraph(tr("Host, CPU and GPU describe the machine that made this report; \"Trials ran on\" lists the hosts "
                                    "that ran the trials."));
    return doc;
}

QByteArray StudyReport::toHtml() const
{
    return document().toHtml();
}

bool StudyReport::writeHtml(const QString &path, QString *error) const
{
    return document().writeHtml(path, error);
}

bool StudyReport::writePdf(const QString &path, QString *error) const
{
    return document().writePdf(path, error);
}

} // namespace tunescope
