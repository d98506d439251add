#include "trials/trialdetailpane.h"
#include "trials/trialartifactsview.h"

#include "analysis/metricsummary.h"
#include "trials/statetext.h"

#include "charts/statecolors.h"
#include "charts/systemmetricschart.h"
#include "execution/slurmcommands.h"
#include "execution/studymonitor.h"
#include "execution/studyrunner.h"
#include "execution/trialfiles.h"
#include "storage/studylocation.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace tunescope {

namespace {

constexpr qint64 maxLogBytes = 64 * 1024;

QByteArray fileTail(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > maxLogBytes)
        file.seek(file.size() - maxLogBytes);
    QByteArray data = file.readAll();
    if (file.size() > maxLogBytes) {
        // Start at a line boundary rather than in the middle of one.
        const qsizetype nl = data.indexOf('\n');
        if (nl >= 0)
            data = data.mid(nl + 1);
    }
    return data;
}


/// An attribute value as one line: numbers, text and booleans as parameters are shown, lists
/// and mappings as compact JSON, Python's None as "null".
QString attributeText(const QVariant &v)
{
    if (v.typeId() == QMetaType::QVariantList || v.typeId() == QMetaType::QVariantMap) {
        const QJsonValue json = QJsonValue::fromVariant(v);
        const QJsonDocument doc = json.isArray() ? QJsonDocument(json.toArray()) : QJsonDocument(json.toObject());
        return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
    }
    if (!v.isValid() || v.isNull())
        return QStringLiteral("null");
    return paramValueToString(v);
}

} // namespace

TrialDetailPane::TrialDetailPane(QWidget *parent)
    : QWidget(parent)
{
    mHeader = new QLabel(this);
    mHeader->setTextFormat(Qt::RichText);
    mHeader->setWordWrap(true);
    mHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);

    mDetails = new QTreeWidget(this);
    mDetails->setColumnCount(2);
    mDetails->setHeaderLabels({tr("Property"), tr("Value")});
    mDetails->setRootIsDecorated(true);
    mDetails->setUniformRowHeights(true);
    mDetails->setAlternatingRowColors(true);
    mDetails->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    mDetails->header()->setStretchLastSection(true);

    mLogLabel = new QLabel(tr("Log"), this);
    mLog = new QPlainTextEdit(this);
    mLog->setReadOnly(true);
    mLog->setLineWrapMode(QPlainTextEdit::NoWrap);
    mLog->setMaximumBlockCount(2000);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(font().pointSizeF() * 0.9);
    mLog->setFont(mono);

    auto *logBox = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addWidget(mLogLabel);
    logLayout->addWidget(mLog);

    // The user's Markdown note on the trial, rendered (Trials → Note… edits it).
    mNote = new QTextBrowser(this);
    mNote->setOpenExternalLinks(true);
    mNote->setMaximumHeight(90); // a few lines; longer notes scroll
    mNote->hide();

    // The files the trial wrote into its folder, shown when there are any.
    mArtifactsBox = new QWidget(this);
    auto *artifactsLayout = new QVBoxLayout(mArtifactsBox);
    artifactsLayout->setContentsMargins(0, 0, 0, 0);
    mArtifacts = new TrialArtifactsView(mArtifactsBox);
    mArtifactsLabel = new QLabel(mArtifactsBox);
    mArtifactsLabel->setBuddy(mArtifacts);
    artifactsLayout->addWidget(mArtifactsLabel);
    artifactsLayout->addWidget(mArtifacts);
    mArtifactsBox->hide();
    mSystem = new SystemMetricsChart(this);
    mSystem->setObjectName(QStringLiteral("systemMetrics"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("trialDetailSplitter")); // its position is remembered
    splitter->addWidget(mDetails);
    splitter->addWidget(mArtifactsBox);
    splitter->addWidget(logBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(mHeader);
    layout->addWidget(mNote);
    layout->addWidget(mSystem);
    layout->addWidget(splitter, 1);

    // Reports can arrive hundreds of times a second; the pane redraws at most 4 times.
    mRefreshTimer.setSingleShot(true);
    mRefreshTimer.setInterval(250);
    connect(&mRefreshTimer, &QTimer::timeout, this, &TrialDetailPane::refresh);
    mLogTimer.setInterval(500);
    connect(&mLogTimer, &QTimer::timeout, this, &TrialDetailPane::refreshLog);
    refresh();
}

TrialDetailPane::~TrialDetailPane() = default;

QString TrialDetailPane::noteMarkdown() const
{
    return mNote->isHidden() ? QString() : mNote->toMarkdown();
}

void TrialDetailPane::setMonitor(StudyMonitor *monitor)
{
    if (mMonitor)
        disconnect(mMonitor, nullptr, this, nullptr);
    mMonitor = monitor;
    if (monitor) {
        connect(monitor, &StudyMonitor::reset, this, [this] { setTrial(-1); });
        connect(monitor, &StudyMonitor::trialChanged, this, &TrialDetailPane::scheduleRefresh);
        connect(monitor, &StudyMonitor::metricsAppended, this, &TrialDetailPane::scheduleRefresh);
    }
    setTrial(-1);
}

void TrialDetailPane::setTrial(int number)
{
    mNumber = number;
    mLog->clear();
    refresh();
}

void TrialDetailPane::scheduleRefresh(int number)
{
    if (number == mNumber && !mRefreshTimer.isActive())
        mRefreshTimer.start();
}

QString TrialDetailPane::trialDirectory(int number) const
{
    if (!mMonitor || number < 0)
        return {};
    if (mMonitor->runner())
        return mMonitor->runner()->trialDirectory(number);
    if (mRunsDirectory.isEmpty())
        return {};
    return trialFolder(mRunsDirectory, mMonitor->spec().name, mMonitor->studyId(), number);
}

QString TrialDetailPane::logOf(int number) const
{
    const Trial *t = mMonitor ? mMonitor->trial(number) : nullptr;
    if (!t)
        return {};
    QByteArray text;
    StudyRunner *runner = mMonitor->runner();
    if (runner && t->state == TrialState::Running)
        text = runner->logTail(number);
    const QString dir = trialDirectory(number);
    if (text.isEmpty() && !dir.isEmpty()) {
        text = fileTail(QDir(dir).filePath(QLatin1String(trialfiles::stdoutLog)));
        const QByteArray err = fileTail(QDir(dir).filePath(QLatin1String(trialfiles::stderrLog)));
        if (!err.trimmed().isEmpty())
            text += (text.isEmpty() || text.endsWith('\n') ? "" : "\n") + QByteArray("--- stderr ---\n") + err;
    }
    return QString::fromUtf8(text);
}

void TrialDetailPane::refresh()
{
    const Trial *t = mMonitor ? mMonitor->trial(mNumber) : nullptr;
    mDetails->clear();
    // Listed again on each refresh (at most 4 a second): a running trial writes its plots.
    mArtifacts->setFolder(t ? trialDirectory(t->number) : QString(), t ? mMonitor->artifacts(t->number) : QStringList());
    mArtifactsBox->setVisible(mArtifacts->count() > 0);
    mArtifactsLabel->setText(tr("&Artifacts (%n file(s) in the trial's folder)", nullptr, mArtifacts->count()));
    if (!t) {
        mHeader->setText(tr("<i>Select a trial in the table to see its parameters, metrics and log.</i>"));
        mNote->hide();
        mSystem->setTrial(nullptr);
        mLog->clear();
        mLogTimer.stop();
        return;
    }
    const QColor color = StateColors::color(isQueued(*t) ? TrialState::Waiting : t->state);
    QString header = tr("<b>Trial %1</b> &nbsp;<span style='color:%2'>&#9679; <b>%3</b></span>")
                         .arg(t->number).arg(color.name(), stateText(*t));
    const QList<MetricSpec> &objectives = mMonitor->spec().metrics;
    if (objectives.size() > 1 && t->values.size() == objectives.size()) {
        // Multi-objective: every objective, none of them "the" value.
        QStringList parts;
        for (qsizetype i = 0; i < objectives.size(); ++i)
            parts << tr("%1 = <b>%2</b>").arg(objectives.at(i).name.toHtmlEscaped(), numberText(t->values.at(i)));
        header += QStringLiteral(" &nbsp; ") + parts.join(QStringLiteral(", "));
    } else if (t->value && !objectives.isEmpty()) {
        QString value = numberText(*t->value);
        if (t->valueStd)
            value += QStringLiteral(" ± ") + numberText(*t->valueStd);
        header += tr(" &nbsp; %1 = <b>%2</b>").arg(mMonitor->spec().objective().name.toHtmlEscaped(), value);
        if (t->valueStd && mMonitor->spec().repeats > 1)
            header += tr(" (mean of %1 runs)").arg(mMonitor->spec().repeats);
    }
    if (const Trial *best = mMonitor->best(); best && best->number == t->number)
        header += tr(" &nbsp;(best so far)");
    // Why it was pruned or failed is the first thing to know about such a trial, and too long
    // for a table cell: it goes under the title, wrapped.
    if (!t->reason.isEmpty())
        header += QStringLiteral("<br><span style='color:%1'>%2</span>")
                      .arg(color.darker(140).name(), t->reason.toHtmlEscaped());
    mHeader->setText(header);
    mSystem->setTrial(t);
    if (t->note.isEmpty()) {
        mNote->hide();
    } else {
        if (mNote->toMarkdown().trimmed() != t->note.trimmed())
            mNote->setMarkdown(t->note);
        mNote->show();
    }

    auto section = [this](const QString &title) {
        auto *item = new QTreeWidgetItem(mDetails, {title});
        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setFirstColumnSpanned(true);
        return item;
    };
    auto row = [](QTreeWidgetItem *parent, const QString &label, const QString &value) {
        auto *item = new QTreeWidgetItem(parent, {label, value});
        item->setToolTip(1, value);
        return item;
    };

    QTreeWidgetItem *params = section(tr("Parameters"));
    for (const Parameter &p : mMonitor->spec().space.parameters()) {
        if (t->params.contains(p.name))
            row(params, p.name, paramValueToString(t->params.value(p.name)));
    }
    for (auto it = t->params.begin(); it != t->params.end(); ++it) {
        if (!mMonitor->spec().space.find(it.key()))
            row(params, it.key(), paramValueToString(it.value()));
    }

    QTreeWidgetItem *metrics = section(tr("Metrics (last · best · reports)"));
    QStringList names = t->intermediate.keys();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        const QList<MetricPoint> &points = t->intermediate[name];
        if (points.isEmpty())
            continue;
        const double best = bestReported(points, metricGoal(mMonitor->spec(), name));
        row(metrics, name, tr("%1 · %2 · %3 (last step %4)").arg(numberText(points.last().value), numberText(best))
                               .arg(points.size()).arg(points.last().step));
    }
    if (names.isEmpty())
        row(metrics, tr("(none yet)"), QString());

    QTreeWidgetItem *run = section(tr("Run"));
    row(run, tr("state"), stateText(*t));
    if (isQueued(*t))
        row(run, tr("queued"), queueReasonText(t->queueReason));
    if (const auto job = SlurmJobRecord::parse(t->job))
        row(run, tr("Slurm job"), job->isSubmitted() ? job->jobId : tr("being submitted"));
    row(run, tr("exit code"), t->exitCode ? QString::number(*t->exitCode) : QStringLiteral("–"));
    if (!t->reason.isEmpty()) {
        QTreeWidgetItem *reason = row(run, tr("reason"), t->reason);
        reason->setForeground(1, color.darker(140));
    }
    if (t->started.isValid())
        row(run, tr("started"), QLocale().toString(t->started.toLocalTime(), QLocale::ShortFormat));
    if (t->finished.isValid())
        row(run, tr("finished"), QLocale().toString(t->finished.toLocalTime(), QLocale::ShortFormat));
    row(run, tr("duration"), tr("%1 s").arg(numberText(t->durationSeconds(), 'f', 1)));
    row(run, tr("device"), t->gpu.isEmpty() ? tr("CPU") : tr("GPU %1").arg(t->gpu));
    if (!t->worker.isEmpty())
        row(run, tr("worker"), t->worker);
    // How it came to be, when not by the sampler, and its retries.
    if (t->origin == trialOriginEnqueued)
        row(run, tr("origin"), t->queued ? tr("enqueued by hand, waiting for a runner") : tr("enqueued by hand"));
    else if (t->origin == trialOriginRetry)
        row(run, tr("origin"), t->queued ? tr("a retry, waiting for a runner") : tr("a retry"));
    else if (t->origin == trialOriginBestFirst)
        row(run, tr("origin"), tr("a warm start's best-first configuration"));
    if (t->retryOf)
        row(run, tr("retry of"), tr("trial %1").arg(*t->retryOf));
    if (t->retriedAs)
        row(run, tr("retried as"), tr("trial %1").arg(*t->retriedAs));
    if (t->outOfSpace)
        row(run, tr("search space"), tr("outside it (enqueued so by hand; samplers ignore it)"));
    const QString dir = trialDirectory(mNumber);
    if (!dir.isEmpty())
        row(run, tr("folder"), QDir::toNativeSeparators(dir));

    // What it consumed, as measured; a figure that was not measured says so, never 0.
    if (isFinished(t->state)) {
        QTreeWidgetItem *resources = section(tr("Resources (measured)"));
        const TrialUsage &u = t->usage;
        const QString none = tr("not measured");
        const auto figure = [&](const std::optional<double> &v, const QString &format, int decimals) {
            return v ? format.arg(numberText(*v, 'f', decimals)) : none;
        };
        row(resources, tr("CPU time"), figure(u.cpuSeconds, tr("%1 s"), 1));
        row(resources, tr("peak memory (RSS)"), figure(u.maxRssMb, tr("%1 MiB"), 0));
        row(resources, tr("GPU time"), u.gpuSeconds ? tr("%1 s").arg(numberText(*u.gpuSeconds, 'f', 1))
                                       : t->gpu.isEmpty() ? tr("none (ran on the CPU)") : none);
        if (u.maxGpuMemMb || !t->gpu.isEmpty())
            row(resources, tr("peak GPU memory"), figure(u.maxGpuMemMb, tr("%1 MiB"), 0));
        if (u.gpuUtilMean || !t->gpu.isEmpty())
            row(resources, tr("mean GPU utilization"), figure(u.gpuUtilMean, tr("%1 %"), 0));
        row(resources, tr("waiting"), figure(u.waitSeconds, tr("%1 s"), 1));
        row(resources, tr("running"), figure(u.runSeconds, tr("%1 s"), 1));
        if (u.isEmpty())
            resources->setToolTip(0, tr("Trials run before this version, imported ones and Slurm jobs have no "
                                        "measured figures."));
    }
    // What another tool stored with the trial (an Optuna study's user and system attributes).
    if (!t->attributes.isEmpty()) {
        QTreeWidgetItem *attributes = section(tr("Attributes"));
        for (auto group = t->attributes.cbegin(); group != t->attributes.cend(); ++group) {
            QTreeWidgetItem *groupItem = row(attributes, group.key(), QString());
            const QVariantMap values = group.value().toMap();
            for (auto it = values.cbegin(); it != values.cend(); ++it)
                row(groupItem, it.key(), attributeText(it.value()));
        }
    }
    mDetails->expandAll();

    refreshLog();
    if (t->state == TrialState::Running)
        mLogTimer.start();
    else
        mLogTimer.stop();
}

void TrialDetailPane::refreshLog()
{
    if (!mMonitor || !mMonitor->trial(mNumber))
        return;
    const QString dir = trialDirectory(mNumber);
    const QString shown = logOf(mNumber);
    mLogLabel->setText(dir.isEmpty() ? tr("Log") : tr("Log (last %1 KiB)").arg(maxLogBytes / 1024));
    if (shown == mLog->toPlainText())
        return;
    // Follow the end unless the user scrolled up to read something.
    QScrollBar *bar = mLog->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    const int keep = bar->value();
    mLog->setPlainText(shown.isEmpty() ? QString() : shown);
    if (shown.isEmpty())
        mLog->setPlaceholderText(tr("No output yet."));
    bar->setValue(atEnd ? bar->maximum() : keep);
}

QString TrialDetailPane::headerText() const
{
    return mHeader->text();
}

QStringList TrialDetailPane::systemMetricsShown() const
{
    return mSystem->shownMetrics();
}

QString TrialDetailPane::logText() const
{
    return mLog->toPlainText();
}

QString TrialDetailPane::detailValue(const QString &label) const
{
    const QList<QTreeWidgetItem *> found = mDetails->findItems(label, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return found.isEmpty() ? QString() : found.first()->text(1);
}

} // namespace tunescope
