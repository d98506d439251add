#include "design/budgetsection.h"

#include "execution/gpudetector.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QVBoxLayout>

#include <functional>

namespace tunescope {

namespace {

/// Keeps the spin box's unit in the number's form ("1 trial", "6 trials"): a suffix is text
/// after the number, so it cannot be one %n message.
void agreeingSuffix(QSpinBox *box, const std::function<QString(int)> &suffix)
{
    const auto update = [box, suffix](int n) { box->setSuffix(suffix(n)); };
    QObject::connect(box, &QSpinBox::valueChanged, box, update);
    update(box->value());
}

} // namespace

BudgetSection::BudgetSection(QWidget *parent)
    : FormSection(parent)
{
    auto spinBox = [this](const QString &name, int min, int max) {
        auto *s = new QSpinBox;
        s->setObjectName(name);
        s->setRange(min, max);
        connect(s, &QSpinBox::valueChanged, this, &BudgetSection::notifyEdited);
        return s;
    };

    auto *budget = new QGroupBox(tr("Budget and resources"));
    auto *budgetForm = new QFormLayout(budget);
    mBudget = spinBox(QStringLiteral("run_cap"), 0, 1000000);
    mBudget->setSpecialValueText(tr("unlimited (grid: its size)"));
    agreeingSuffix(mBudget, [](int n) { return tr(" trial(s)", "spin box suffix after the number", n); });
    budgetForm->addRow(tr("&Budget:"), mBudget);
    mParallel = spinBox(QStringLiteral("parallel"), 1, 1024);
    mParallel->setSuffix(tr(" at once"));
    budgetForm->addRow(tr("&Parallel trials:"), mParallel);
    mTimeout = new QLineEdit;
    mTimeout->setObjectName(QStringLiteral("trial_timeout"));
    mTimeout->setPlaceholderText(tr("none (e.g. 90s, 10m, 1h30m)"));
    connect(mTimeout, &QLineEdit::textEdited, this, &BudgetSection::notifyEdited);
    budgetForm->addRow(tr("Trial &timeout:"), mTimeout);
    mMaxDuration = new QLineEdit;
    mMaxDuration->setObjectName(QStringLiteral("max_duration"));
    mMaxDuration->setPlaceholderText(tr("none (e.g. 90m, 8h, 1h30m)"));
    mMaxDuration->setToolTip(tr("Wall-clock time for the whole study, counted across runs: time spent by earlier runs "
                                "counts. No trial starts once it is used up or when the next trial would not fit "
                                "(judged by the median trial duration)."));
    connect(mMaxDuration, &QLineEdit::textEdited, this, &BudgetSection::notifyEdited);
    budgetForm->addRow(tr("Time &budget:"), mMaxDuration);
    mMaxDurationHard = new QCheckBox(tr("Stop running trials when the time is up"));
    mMaxDurationHard->setObjectName(QStringLiteral("max_duration_hard"));
    mMaxDurationHard->setToolTip(tr("Without this, trials still running when the time is up run to their end."));
    connect(mMaxDurationHard, &QCheckBox::toggled, this, &BudgetSection::notifyEdited);
    budgetForm->addRow(QString(), mMaxDurationHard);
    mRepeats = spinBox(QStringLiteral("repeats"), 1, 1000);
    agreeingSuffix(mRepeats, [](int n) { return tr(" run(s) per trial", "spin box suffix after the number", n); });
    mRepeats->setToolTip(tr("Evaluations of each configuration (folds or seeds). The objective is their mean; "
                            "each run gets its index as ${repeat} in the command and TUNESCOPE_REPEAT "
                            "in the environment."));
    budgetForm->addRow(tr("&Repeats:"), mRepeats);
    mGpus = new QListWidget;
    mGpus->setObjectName(QStringLiteral("resources"));
    mGpus->setMaximumHeight(90);
    connect(mGpus, &QListWidget::itemChanged, this, [this] {
        updateTrialsPerGpu();
        notifyEdited();
    });
    budgetForm->addRow(tr("GPUs:"), mGpus);
    mGpuMessage = formHintLabel(budget);
    mGpuMessage->setText(tr("Looking for GPUs…"));
    budgetForm->addRow(QString(), mGpuMessage);
    mTrialsPerGpu = spinBox(QStringLiteral("resources.trials_per_gpu"), 1, 64);
    budgetForm->addRow(tr("Trials per &GPU:"), mTrialsPerGpu);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(budget);

    mGpuDetector = new GpuDetector(this);
    connect(mGpuDetector, &GpuDetector::finished, this, &BudgetSection::fillGpus);
    mGpuDetector->start();
}

void BudgetSection::load(const StudySpec &spec)
{
    mLoading = true;
    mBudget->setValue(spec.runCap);
    mParallel->setValue(std::max(1, spec.parallel));
    mTimeout->setText(spec.trialTimeoutSeconds > 0 ? QStringLiteral("%1s").arg(spec.trialTimeoutSeconds) : QString());
    if (spec.trialTimeoutSeconds > 0 && spec.trialTimeoutSeconds % 60 == 0)
        mTimeout->setText(QStringLiteral("%1m").arg(spec.trialTimeoutSeconds / 60));
    mMaxDuration->setText(spec.maxDurationSeconds <= 0 ? QString()
                          : spec.maxDurationSeconds % 3600 == 0 ? QStringLiteral("%1h").arg(spec.maxDurationSeconds / 3600)
                          : spec.maxDurationSeconds % 60 == 0 ? QStringLiteral("%1m").arg(spec.maxDurationSeconds / 60)
                                                                : QStringLiteral("%1s").arg(spec.maxDurationSeconds));
    mMaxDurationHard->setChecked(spec.maxDurationHard);
    mTrialsPerGpu->setValue(std::max(1, spec.resources.trialsPerGpu));
    mRepeats->setValue(std::max(1, spec.repeats));
    mWantedGpus = spec.resources.gpus;
    mLoading = false;
    fillGpus();
}

void BudgetSection::store(StudySpec &spec) const
{
    spec.runCap = mBudget->value();
    spec.parallel = mParallel->value();
    spec.trialTimeoutSeconds = parseDurationSeconds(mTimeout->text().trimmed()).value_or(0);
    spec.maxDurationSeconds = parseDurationSeconds(mMaxDuration->text().trimmed()).value_or(0);
    spec.maxDurationHard = spec.maxDurationSeconds > 0 && mMaxDurationHard->isChecked();
    spec.resources.gpus.clear();
    for (int i = 0; i < mGpus->count(); ++i) {
        const QListWidgetItem *item = mGpus->item(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState() == Qt::Checked)
            spec.resources.gpus << item->data(Qt::UserRole).toInt();
    }
    if (!mGpuDetector->isDone())
        spec.resources.gpus = mWantedGpus;
    spec.resources.trialsPerGpu = mTrialsPerGpu->value();
    spec.repeats = mRepeats->value();
}

void BudgetSection::check(QList<SpecIssue> &issues) const
{
    // An unreadable timeout is stored as none, which the core accepts.
    const QString timeout = mTimeout->text().trimmed();
    if (!timeout.isEmpty() && !parseDurationSeconds(timeout))
        issues << SpecIssue{QStringLiteral("trial_timeout"), tr("must be a duration such as 90s, 10m, 1h30m or 01:00:00")};
    const QString maxDuration = mMaxDuration->text().trimmed();
    if (!maxDuration.isEmpty() && parseDurationSeconds(maxDuration).value_or(0) <= 0)
        issues << SpecIssue{QStringLiteral("max_duration"), tr("must be a duration such as 30m, 8h or 1h30m")};
}

QHash<QString, QWidget *> BudgetSection::fields() const
{
    return {{QStringLiteral("run_cap"), mBudget},
            {QStringLiteral("parallel"), mParallel},
            {QStringLiteral("trial_timeout"), mTimeout},
            {QStringLiteral("max_duration"), mMaxDuration},
            {QStringLiteral("max_duration_hard"), mMaxDurationHard},
            {QStringLiteral("repeats"), mRepeats},
            {QStringLiteral("resources"), mGpus},
            {QStringLiteral("resources.trials_per_gpu"), mTrialsPerGpu}};
}

void BudgetSection::setReadOnly(bool readOnly)
{
    mReadOnly = readOnly;
    FormSection::setReadOnly(readOnly);
    showGpuMessage();
    updateTrialsPerGpu();
}

void BudgetSection::fillGpus()
{
    const bool wasLoading = mLoading;
    mLoading = true;
    mGpus->clear();
    QList<int> wanted = mWantedGpus;
    if (mGpuDetector->isDone()) {
        for (const GpuInfo &gpu : mGpuDetector->gpus()) {
            auto *item = new QListWidgetItem(tr("GPU %1: %2 (%3)").arg(gpu.index).arg(gpu.name, gpu.memory), mGpus);
            item->setData(Qt::UserRole, gpu.index);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(wanted.removeAll(gpu.index) > 0 ? Qt::Checked : Qt::Unchecked);
        }
    }
    // GPUs the spec names that this machine lacks stay visible (the spec may be for another box).
    for (int index : std::as_const(wanted)) {
        auto *item = new QListWidgetItem(tr("GPU %1 (not detected here)").arg(index), mGpus);
        item->setData(Qt::UserRole, index);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    mGpus->setVisible(mGpus->count() > 0);
    mLoading = wasLoading;
    showGpuMessage();
    updateTrialsPerGpu();
}

void BudgetSection::setLocalGpus(bool local)
{
    if (local == mLocalGpus)
        return;
    mLocalGpus = local;
    showGpuMessage();
    updateTrialsPerGpu();
}

void BudgetSection::showGpuMessage()
{
    mGpus->setEnabled(!mReadOnly && mLocalGpus);
    if (!mLocalGpus)
        mGpuMessage->setText(tr("Slurm jobs get their GPUs from Slurm: ask for them under Run on, GPUs (gres)."));
    else if (mGpuDetector->isDone())
        mGpuMessage->setText(mGpuDetector->message());
    else
        mGpuMessage->setText(tr("Looking for GPUs…"));
    mGpuMessage->setVisible(!mGpuMessage->text().isEmpty());
}

void BudgetSection::updateTrialsPerGpu()
{
    bool anyChecked = false;
    for (int i = 0; i < mGpus->count(); ++i)
        anyChecked = anyChecked || mGpus->item(i)->checkState() == Qt::Checked;
    mTrialsPerGpu->setEnabled(!mReadOnly && mLocalGpus && anyChecked);
}

} // namespace tunescope
