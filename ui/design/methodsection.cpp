#include "design/methodsection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace tunescope {

MethodSection::MethodSection(QWidget *parent)
    : FormSection(parent)
{
    auto spinBox = [this](const QString &name, int min, int max) {
        auto *s = new QSpinBox;
        s->setObjectName(name);
        s->setRange(min, max);
        connect(s, &QSpinBox::valueChanged, this, &MethodSection::notifyEdited);
        return s;
    };

    auto *objective = new QGroupBox(tr("Objective"));
    auto *objectiveForm = new QFormLayout(objective);
    mMetricName = new QLineEdit;
    mMetricName->setObjectName(QStringLiteral("metric.name"));
    mMetricName->setPlaceholderText(tr("metric the program prints, e.g. val_loss"));
    connect(mMetricName, &QLineEdit::textEdited, this, &MethodSection::notifyEdited);
    objectiveForm->addRow(tr("&Metric:"), mMetricName);
    mGoal = new QComboBox;
    mGoal->setObjectName(QStringLiteral("metric.goal"));
    mGoal->addItem(tr("minimize"), int(Goal::Minimize));
    mGoal->addItem(tr("maximize"), int(Goal::Maximize));
    connect(mGoal, &QComboBox::currentIndexChanged, this, &MethodSection::notifyEdited);
    objectiveForm->addRow(tr("&Goal:"), mGoal);

    auto *method = new QGroupBox(tr("Method"));
    auto *methodForm = new QFormLayout(method);
    mMethod = new QComboBox;
    mMethod->setObjectName(QStringLiteral("method"));
    // The methods are the core's list (a new one appears here by itself); this only words them.
    const QHash<QString, QString> descriptions = {
        {QStringLiteral("random"), tr("Random search: independent samples; a good first look.")},
        {QStringLiteral("grid"), tr("Grid search: every combination of the grid values, once.")},
        {QStringLiteral("random-grid"), tr("Random order over the grid points, without repeats.")},
        {QStringLiteral("sobol"), tr("Sobol sequence: quasi-random, covers the space evenly.")},
        // From bench_samplers on the 24-function suite (bench/README.md).
        {QStringLiteral("tpe"),
         tr("Tree-structured Parzen estimator: about a millisecond per suggestion, 30 ms at 10,000 trials. "
            "Choose it for large budgets (hundreds to thousands of trials), cheap trials, or rugged objectives "
            "with many local minima: it beat bayes on 4 of our 24 benchmark functions, all of them multimodal.")},
        {QStringLiteral("bayes"),
         tr("Gaussian-process Bayesian optimization: the fewest trials to a good result on smooth or mixed "
            "spaces of up to about 10 parameters (lower regret than tpe on 20 of our 24 benchmark functions). "
            "Up to a second per suggestion; handles noisy metrics and recommends by posterior mean.")}};
    for (const QString &name : studyMethods()) {
        mMethod->addItem(name, name);
        mMethod->setItemData(mMethod->count() - 1, descriptions.value(name), Qt::ToolTipRole);
    }
    connect(mMethod, &QComboBox::currentIndexChanged, this, [this] {
        updateMethodHelp();
        notifyEdited();
    });
    methodForm->addRow(tr("M&ethod:"), mMethod);
    mMethodHelp = formHintLabel(method);
    methodForm->addRow(QString(), mMethodHelp);
    mStartupTrials = spinBox(QStringLiteral("method_options.n_startup_trials"), 0, 10000);
    mStartupTrials->setSpecialValueText(tr("default"));
    mStartupTrials->setToolTip(tr("Random trials before the model-based sampler takes over."));
    mStartupLabel = new QLabel(tr("&Startup trials:"));
    mStartupLabel->setBuddy(mStartupTrials);
    methodForm->addRow(mStartupLabel, mStartupTrials);
    mCostAware = new QCheckBox(tr("Prefer c&heaper trials (cost-aware)"));
    mCostAware->setObjectName(QStringLiteral("cost_aware"));
    mCostAware->setToolTip(tr("Models each configuration's run time and picks the most expected improvement per second "
                              "of compute: of two equally promising settings, the faster one runs first."));
    connect(mCostAware, &QCheckBox::toggled, this, &MethodSection::notifyEdited);
    methodForm->addRow(QString(), mCostAware);
    mSeed = spinBox(QStringLiteral("seed"), 0, std::numeric_limits<int>::max());
    mSeed->setToolTip(tr("The same seed samples the same sequence of configurations."));
    methodForm->addRow(tr("S&eed:"), mSeed);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(objective);
    layout->addWidget(method);
}

void MethodSection::load(const StudySpec &spec)
{
    mLoading = true;
    mMetricName->setText(spec.metrics.isEmpty() ? QString() : spec.objective().name);
    mGoal->setCurrentIndex(!spec.metrics.isEmpty() && spec.objective().goal == Goal::Maximize ? 1 : 0);
    const int methodIndex = mMethod->findData(spec.method);
    mMethod->setCurrentIndex(methodIndex >= 0 ? methodIndex : 0);
    mStartupTrials->setValue(spec.methodOptions.value(QStringLiteral("n_startup_trials")).toInt());
    mSeed->setValue(int(std::min<quint64>(spec.seed, quint64(std::numeric_limits<int>::max()))));
    mCostAware->setChecked(spec.costAware);
    updateMethodHelp();
    mLoading = false;
}

void MethodSection::store(StudySpec &spec) const
{
    // The form edits the objective; further metrics and the objective's other settings stay.
    MetricSpec metric = spec.metrics.isEmpty() ? MetricSpec() : spec.metrics.first();
    metric.name = mMetricName->text().trimmed();
    metric.goal = Goal(mGoal->currentData().toInt());
    spec.metrics = {metric};
    spec.method = mMethod->currentData().toString();
    if (mStartupTrials->value() > 0)
        spec.methodOptions.insert(QStringLiteral("n_startup_trials"), mStartupTrials->value());
    else
        spec.methodOptions.remove(QStringLiteral("n_startup_trials"));
    spec.seed = quint64(mSeed->value());
    spec.costAware = (spec.method == QLatin1String("bayes") || spec.method == QLatin1String("tpe")) && mCostAware->isChecked();
}

QHash<QString, QWidget *> MethodSection::fields() const
{
    return {{QStringLiteral("metric"), mMetricName},
            {QStringLiteral("metric.name"), mMetricName},
            {QStringLiteral("metric.goal"), mGoal},
            {QStringLiteral("method"), mMethod},
            {QStringLiteral("method_options.n_startup_trials"), mStartupTrials},
            {QStringLiteral("seed"), mSeed},
            {QStringLiteral("cost_aware"), mCostAware}};
}

void MethodSection::updateMethodHelp()
{
    const QString method = mMethod->currentData().toString();
    mMethodHelp->setText(mMethod->itemData(mMethod->currentIndex(), Qt::ToolTipRole).toString());
    const bool modelBased = method == QLatin1String("tpe") || method == QLatin1String("bayes");
    mStartupTrials->setVisible(modelBased);
    mStartupLabel->setVisible(modelBased);
    mCostAware->setVisible(method == QLatin1String("bayes") || method == QLatin1String("tpe"));
}

} // namespace tunescope
