#include "design/studyform.h"

#include "execution/gpudetector.h"
#include "execution/trialcommand.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace tunescope {

namespace {

const QString sourceName = QStringLiteral("form");
const QColor errorColor(0xd6, 0x27, 0x28);

/// Reads a number the way the study file would (C locale, any float syntax).
std::optional<double> parseNumber(const QString &text)
{
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

/// A categorical or constant value typed in a field: number, boolean or text, as YAML reads it.
QVariant parseScalar(const QString &text)
{
    const QString t = text.trimmed();
    bool ok = false;
    const qlonglong i = t.toLongLong(&ok);
    if (ok)
        return QVariant::fromValue(i);
    const double d = QLocale::c().toDouble(t, &ok);
    if (ok)
        return d;
    if (t == QLatin1String("true") || t == QLatin1String("false"))
        return t == QLatin1String("true");
    return t;
}

QString typeLabel(Parameter::Type type)
{
    switch (type) {
    case Parameter::Type::Float: return StudyForm::tr("float");
    case Parameter::Type::Int: return StudyForm::tr("int");
    case Parameter::Type::Categorical: return StudyForm::tr("categorical");
    case Parameter::Type::Constant: return StudyForm::tr("constant");
    }
    return {};
}

/// Quotes an argument the way QProcess::splitCommand() reads it back (double quotes; a
/// literal quote is written as three).
QString quoteArg(const QString &arg)
{
    if (!arg.isEmpty() && !arg.contains(QRegularExpression(QStringLiteral("[\\s\"]"))))
        return arg;
    QString quoted = arg;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString shortNumber(double v)
{
    return QString::number(v, 'g', 4);
}

QLabel *hintLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    QPalette p = label->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText).darker(130));
    label->setPalette(p);
    return label;
}

} // namespace

StudyForm::StudyForm(QWidget *parent)
    : QWidget(parent)
{
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *generalScroll = new QScrollArea(splitter);
    generalScroll->setWidgetResizable(true);
    generalScroll->setFrameShape(QFrame::NoFrame);
    generalScroll->setWidget(buildGeneral());
    splitter->addWidget(generalScroll);
    splitter->addWidget(buildParameters());
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    mErrorList = new QLabel(this);
    mErrorList->setObjectName(QStringLiteral("errors"));
    mErrorList->setWordWrap(true);
    mErrorList->setTextFormat(Qt::RichText);
    mErrorList->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter, 1);
    layout->addWidget(mErrorList);

    // Validating on every keystroke is cheap, but marks that flicker while typing are not.
    mValidateTimer.setSingleShot(true);
    mValidateTimer.setInterval(200);
    connect(&mValidateTimer, &QTimer::timeout, this, &StudyForm::validate);

    mGpuDetector = new GpuDetector(this);
    connect(mGpuDetector, &GpuDetector::finished, this, &StudyForm::fillGpus);
    mGpuDetector->start();

    StudySpec empty;
    empty.name = QStringLiteral("my-study");
    empty.program = QStringLiteral("train.py");
    empty.command = {QStringLiteral("${env}"), QStringLiteral("${interpreter}"), QStringLiteral("${program}"), QStringLiteral("${args}")};
    empty.metrics = {MetricSpec{QStringLiteral("val_loss"), Goal::Minimize, false}};
    Parameter lr;
    lr.name = QStringLiteral("lr");
    lr.low = 1e-4;
    lr.high = 0.1;
    lr.log = true;
    empty.space.append(lr);
    empty.runCap = 20;
    setSpec(empty);
}

StudyForm::~StudyForm() = default;

QWidget *StudyForm::buildGeneral()
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 6, 0);

    auto lineEdit = [this](const QString &name, const QString &placeholder) {
        auto *e = new QLineEdit;
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        connect(e, &QLineEdit::textEdited, this, &StudyForm::onEdited);
        return e;
    };
    auto spinBox = [this](const QString &name, int min, int max) {
        auto *s = new QSpinBox;
        s->setObjectName(name);
        s->setRange(min, max);
        connect(s, &QSpinBox::valueChanged, this, &StudyForm::onEdited);
        return s;
    };

    auto *study = new QGroupBox(tr("Study"));
    auto *studyForm = new QFormLayout(study);
    mName = lineEdit(QStringLiteral("name"), tr("a name for the study"));
    studyForm->addRow(tr("&Name:"), mName);
    mProgram = lineEdit(QStringLiteral("program"), tr("train.py or a program name"));
    mProgram->setToolTip(tr("Looked up in the study file's folder, next to tunescope, then on PATH."));
    studyForm->addRow(tr("&Program:"), mProgram);
    mCommand = lineEdit(QStringLiteral("command"), QStringLiteral("${env} ${interpreter} ${program} ${args}"));
    mCommand->setToolTip(tr("Arguments separated by spaces (quote one that contains spaces). Macros: ${env}, "
                            "${interpreter}, ${program}, ${args}, ${args_no_hyphens}, ${args_json}, ${NAME}."));
    studyForm->addRow(tr("&Command:"), mCommand);
    mArgvPreview = new QLabel;
    mArgvPreview->setObjectName(QStringLiteral("argvPreview"));
    // Wrapped by layoutArgvPreview() between arguments only: QLabel's own word wrap also
    // breaks "--lr=0.01" after its hyphens, which misreads as two arguments.
    mArgvPreview->setTextFormat(Qt::PlainText);
    mArgvPreview->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    mArgvPreview->installEventFilter(this);
    mArgvPreview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mArgvPreview->setFont(mono);
    studyForm->addRow(tr("Runs:"), mArgvPreview);
    layout->addWidget(study);

    auto *objective = new QGroupBox(tr("Objective"));
    auto *objectiveForm = new QFormLayout(objective);
    mMetricName = lineEdit(QStringLiteral("metric.name"), tr("metric the program prints, e.g. val_loss"));
    objectiveForm->addRow(tr("&Metric:"), mMetricName);
    mGoal = new QComboBox;
    mGoal->setObjectName(QStringLiteral("metric.goal"));
    mGoal->addItem(tr("minimize"), int(Goal::Minimize));
    mGoal->addItem(tr("maximize"), int(Goal::Maximize));
    connect(mGoal, &QComboBox::currentIndexChanged, this, &StudyForm::onEdited);
    objectiveForm->addRow(tr("&Goal:"), mGoal);
    layout->addWidget(objective);

    auto *method = new QGroupBox(tr("Method"));
    auto *methodForm = new QFormLayout(method);
    mMethod = new QComboBox;
    mMethod->setObjectName(QStringLiteral("method"));
    const QList<QPair<QString, QString>> methods = {
        {QStringLiteral("random"), tr("Random search: independent samples; a good first look.")},
        {QStringLiteral("grid"), tr("Grid search: every combination of the grid values, once.")},
        {QStringLiteral("random-grid"), tr("Random order over the grid points, without repeats.")},
        {QStringLiteral("sobol"), tr("Sobol sequence: quasi-random, covers the space evenly.")},
        {QStringLiteral("tpe"), tr("Tree-structured Parzen estimator (Optuna's default): learns from results.")},
        {QStringLiteral("bayes"), tr("Gaussian-process Bayesian optimization: best for small budgets.")}};
    for (const auto &m : methods) {
        mMethod->addItem(m.first, m.first);
        mMethod->setItemData(mMethod->count() - 1, m.second, Qt::ToolTipRole);
    }
    connect(mMethod, &QComboBox::currentIndexChanged, this, &StudyForm::onEdited);
    methodForm->addRow(tr("M&ethod:"), mMethod);
    mMethodHelp = hintLabel(method);
    methodForm->addRow(QString(), mMethodHelp);
    mStartupTrials = spinBox(QStringLiteral("method_options.n_startup_trials"), 0, 10000);
    mStartupTrials->setSpecialValueText(tr("default"));
    mStartupTrials->setToolTip(tr("Random trials before the model-based sampler takes over."));
    mStartupLabel = new QLabel(tr("&Startup trials:"));
    mStartupLabel->setBuddy(mStartupTrials);
    methodForm->addRow(mStartupLabel, mStartupTrials);
    mSeed = spinBox(QStringLiteral("seed"), 0, std::numeric_limits<int>::max());
    mSeed->setToolTip(tr("The same seed samples the same sequence of configurations."));
    methodForm->addRow(tr("S&eed:"), mSeed);
    layout->addWidget(method);
    layout->addWidget(buildEarlyStopping());

    auto *budget = new QGroupBox(tr("Budget and resources"));
    auto *budgetForm = new QFormLayout(budget);
    mBudget = spinBox(QStringLiteral("run_cap"), 0, 1000000);
    mBudget->setSpecialValueText(tr("unlimited (grid: its size)"));
    mBudget->setSuffix(tr(" trials"));
    budgetForm->addRow(tr("&Budget:"), mBudget);
    mParallel = spinBox(QStringLiteral("parallel"), 1, 1024);
    mParallel->setSuffix(tr(" at once"));
    budgetForm->addRow(tr("&Parallel trials:"), mParallel);
    mTimeout = lineEdit(QStringLiteral("trial_timeout"), tr("none (e.g. 90s, 10m, 1h30m)"));
    budgetForm->addRow(tr("Trial &timeout:"), mTimeout);
    mRepeats = spinBox(QStringLiteral("repeats"), 1, 1000);
    mRepeats->setSuffix(tr(" run(s) per trial"));
    mRepeats->setToolTip(tr("Evaluations of each configuration (folds or seeds). The objective is their mean; "
                            "each run gets its index as ${repeat} in the command and TUNESCOPE_REPEAT "
                            "in the environment."));
    budgetForm->addRow(tr("&Repeats:"), mRepeats);
    mGpus = new QListWidget;
    mGpus->setObjectName(QStringLiteral("resources"));
    mGpus->setMaximumHeight(90);
    connect(mGpus, &QListWidget::itemChanged, this, &StudyForm::onEdited);
    budgetForm->addRow(tr("GPUs:"), mGpus);
    mGpuMessage = hintLabel(budget);
    mGpuMessage->setText(tr("Looking for GPUs…"));
    budgetForm->addRow(QString(), mGpuMessage);
    mTrialsPerGpu = spinBox(QStringLiteral("resources.trials_per_gpu"), 1, 64);
    budgetForm->addRow(tr("Trials per &GPU:"), mTrialsPerGpu);
    layout->addWidget(budget);
    layout->addStretch(1);
    return page;
}

QWidget *StudyForm::buildEarlyStopping()
{
    auto *box = new QGroupBox(tr("Early stopping"));
    mPrunerForm = new QFormLayout(box);
    mPrunerType = new QComboBox;
    mPrunerType->setObjectName(QStringLiteral("early_terminate.type"));
    const QList<QPair<QString, QString>> types = {
        {QString(), tr("Every trial runs to the end.")},
        {QStringLiteral("median"), tr("Median rule (Optuna): stop a trial whose value is worse than the median of "
                                      "earlier trials at the same step.")},
        {QStringLiteral("asha"), tr("Asynchronous successive halving: at steps min, min·η, min·η², … keep the best "
                                    "1/η of the trials that got there.")},
        {QStringLiteral("hyperband"), tr("Hyperband: several successive-halving brackets between the minimum and "
                                         "maximum step, trading breadth against depth.")}};
    for (const auto &t : types) {
        mPrunerType->addItem(t.first.isEmpty() ? tr("none") : t.first, t.first);
        mPrunerType->setItemData(mPrunerType->count() - 1, t.second, Qt::ToolTipRole);
    }
    connect(mPrunerType, &QComboBox::currentIndexChanged, this, &StudyForm::onEdited);
    mPrunerForm->addRow(tr("Pr&uner:"), mPrunerType);
    mPrunerHelp = hintLabel(box);
    mPrunerForm->addRow(QString(), mPrunerHelp);

    auto spinBox = [this](const QString &key, int max, const QString &tip) {
        auto *s = new QSpinBox;
        s->setObjectName(QStringLiteral("early_terminate.") + key);
        s->setRange(0, max);
        s->setToolTip(tip);
        connect(s, &QSpinBox::valueChanged, this, &StudyForm::onEdited);
        return s;
    };
    // Steps and factors may be fractions (a resource such as epochs/10), so they are typed as
    // text and checked by the core like the study file's values.
    auto lineEdit = [this](const QString &key, const QString &placeholder, const QString &tip) {
        auto *e = new QLineEdit;
        e->setObjectName(QStringLiteral("early_terminate.") + key);
        e->setPlaceholderText(placeholder);
        e->setToolTip(tip);
        connect(e, &QLineEdit::textEdited, this, &StudyForm::onEdited);
        return e;
    };
    mPrunerStartup = spinBox(QStringLiteral("n_startup_trials"), 100000, tr("Trials that must finish before anything is pruned."));
    mPrunerForm->addRow(tr("Start&up trials:"), mPrunerStartup);
    mPrunerWarmup = spinBox(QStringLiteral("n_warmup_steps"), 100000000, tr("Steps of each trial that are never pruned."));
    mPrunerForm->addRow(tr("&Warm-up steps:"), mPrunerWarmup);
    mPrunerMinResource = lineEdit(QStringLiteral("min_resource"), tr("1 (default)"),
                                  tr("The first step at which trials are compared (W&B: min_iter)."));
    mPrunerForm->addRow(tr("Mi&n step:"), mPrunerMinResource);
    mPrunerMaxResource = lineEdit(QStringLiteral("max_resource"), tr("required for brackets"),
                                  tr("The step a trial that is never stopped reaches, e.g. its last epoch (W&B: max_iter)."));
    mPrunerForm->addRow(tr("Ma&x step:"), mPrunerMaxResource);
    mPrunerReduction = lineEdit(QStringLiteral("reduction_factor"), tr("3 (default)"),
                                tr("η: each rung keeps the best 1/η of the trials that reach it (W&B: eta)."));
    mPrunerForm->addRow(tr("Re&duction factor:"), mPrunerReduction);
    return box;
}

void StudyForm::updatePrunerRows()
{
    const QString type = mPrunerType->currentData().toString();
    mPrunerHelp->setText(mPrunerType->itemData(mPrunerType->currentIndex(), Qt::ToolTipRole).toString());
    const bool median = type == QLatin1String("median");
    const bool halving = type == QLatin1String("asha") || type == QLatin1String("hyperband");
    mPrunerForm->setRowVisible(mPrunerStartup, median);
    mPrunerForm->setRowVisible(mPrunerWarmup, median);
    mPrunerForm->setRowVisible(mPrunerMinResource, halving);
    mPrunerForm->setRowVisible(mPrunerMaxResource, type == QLatin1String("hyperband"));
    mPrunerForm->setRowVisible(mPrunerReduction, halving);
}

void StudyForm::loadEarlyStopping(const QVariantMap &config)
{
    const QString type = config.value(QStringLiteral("type")).toString().toLower();
    const int index = mPrunerType->findData(type);
    // An unknown type stays in the spec (and its error in the list); the combo shows "none".
    mPrunerType->setCurrentIndex(index >= 0 ? index : 0);
    const auto text = [&](std::initializer_list<const char *> keys) {
        for (const char *key : keys) {
            const QVariant v = config.value(QLatin1String(key));
            if (v.isValid())
                return v.typeId() == QMetaType::Double ? QString::number(v.toDouble(), 'g', 10) : v.toString();
        }
        return QString();
    };
    mPrunerStartup->setValue(config.value(QStringLiteral("n_startup_trials"), 5).toInt());
    mPrunerWarmup->setValue(config.value(QStringLiteral("n_warmup_steps"), 0).toInt());
    mPrunerMinResource->setText(text({"min_resource", "min_iter"}));
    mPrunerMaxResource->setText(text({"max_resource", "max_iter"}));
    mPrunerReduction->setText(text({"reduction_factor", "eta"}));
    updatePrunerRows();
}

QVariantMap StudyForm::earlyStopping(QStringList *errors) const
{
    const QString type = mPrunerType->currentData().toString();
    const QVariantMap &base = mBase.earlyTerminate;
    const QString baseType = base.value(QStringLiteral("type")).toString().toLower();
    if (type.isEmpty()) {
        // "none" over a type the form does not know keeps the file's mapping (and its error).
        return mPrunerType->findData(baseType) < 0 ? base : QVariantMap();
    }
    // Options the form has no field for (interval_steps, s, ...) survive while the type does.
    QVariantMap config = baseType == type ? base : QVariantMap();
    config.insert(QStringLiteral("type"), type);
    for (const char *alias : {"min_iter", "max_iter", "eta"})
        config.remove(QLatin1String(alias));
    const auto number = [&](const QString &key, QLineEdit *edit, bool wanted) {
        config.remove(key);
        const QString text = edit->text().trimmed();
        if (!wanted || text.isEmpty())
            return;
        const QVariant v = parseScalar(text);
        if (v.typeId() != QMetaType::LongLong && v.typeId() != QMetaType::Double) {
            if (errors)
                *errors << QStringLiteral("early_terminate.%1: must be a number").arg(key);
            return;
        }
        config.insert(key, v);
    };
    const bool median = type == QLatin1String("median");
    for (const QString &key : {QStringLiteral("n_startup_trials"), QStringLiteral("n_warmup_steps")})
        config.remove(key);
    if (median) {
        config.insert(QStringLiteral("n_startup_trials"), qlonglong(mPrunerStartup->value()));
        config.insert(QStringLiteral("n_warmup_steps"), qlonglong(mPrunerWarmup->value()));
    }
    number(QStringLiteral("min_resource"), mPrunerMinResource, !median);
    number(QStringLiteral("max_resource"), mPrunerMaxResource, type == QLatin1String("hyperband"));
    number(QStringLiteral("reduction_factor"), mPrunerReduction, !median);
    return config;
}

QWidget *StudyForm::buildParameters()
{
    auto *box = new QGroupBox(tr("Search space"));
    auto *layout = new QVBoxLayout(box);

    mTable = new QTableWidget(0, 3, box);
    mTable->setObjectName(QStringLiteral("parameters"));
    mTable->setHorizontalHeaderLabels({tr("Parameter"), tr("Type"), tr("Range / values")});
    mTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    mTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->verticalHeader()->hide();
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->setAlternatingRowColors(true);
    connect(mTable, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (mLoading || row == mCurrent)
            return;
        mCurrent = row;
        loadEditor();
    });

    auto button = [this, box](const QString &icon, const QString &tip) {
        auto *b = new QToolButton(box);
        b->setIcon(QIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    mAdd = button(QStringLiteral(":/icons/add.svg"), tr("Add a parameter"));
    mRemove = button(QStringLiteral(":/icons/remove.svg"), tr("Remove the selected parameter"));
    mUp = button(QStringLiteral(":/icons/up.svg"), tr("Move up (the order of ${args})"));
    mDown = button(QStringLiteral(":/icons/down.svg"), tr("Move down"));
    connect(mAdd, &QToolButton::clicked, this, [this] {
        int n = int(mParams.size()) + 1;
        QString name;
        do {
            name = QStringLiteral("param%1").arg(n++);
        } while (std::any_of(mParams.begin(), mParams.end(), [&](const ParamRow &r) { return r.name == name; }));
        addParameter(name);
    });
    connect(mRemove, &QToolButton::clicked, this, [this] { removeParameter(mCurrent); });
    connect(mUp, &QToolButton::clicked, this, [this] { moveParameter(mCurrent, -1); });
    connect(mDown, &QToolButton::clicked, this, [this] { moveParameter(mCurrent, +1); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mAdd);
    buttons->addWidget(mRemove);
    buttons->addWidget(mUp);
    buttons->addWidget(mDown);
    buttons->addStretch(1);
    mGridPreview = hintLabel(box);
    mGridPreview->setObjectName(QStringLiteral("gridPreview"));
    buttons->addWidget(mGridPreview, 4);

    layout->addWidget(mTable, 1);
    layout->addLayout(buttons);
    layout->addWidget(buildEditor());
    return box;
}

QWidget *StudyForm::buildEditor()
{
    mEditor = new QGroupBox(tr("Parameter"));
    auto *layout = new QVBoxLayout(mEditor);
    auto *top = new QFormLayout;
    mParamName = new QLineEdit;
    mParamName->setObjectName(QStringLiteral("param.name"));
    top->addRow(tr("N&ame:"), mParamName);
    mParamType = new QComboBox;
    mParamType->setObjectName(QStringLiteral("param.type"));
    for (Parameter::Type t : {Parameter::Type::Float, Parameter::Type::Int, Parameter::Type::Categorical, Parameter::Type::Constant})
        mParamType->addItem(typeLabel(t), int(t));
    top->addRow(tr("T&ype:"), mParamType);
    layout->addLayout(top);

    mPages = new QStackedWidget;
    // Numbers: float and int share one page (the step means "q" for floats, the stride for ints).
    auto *numeric = new QWidget;
    auto *numericForm = new QFormLayout(numeric);
    numericForm->setContentsMargins(0, 0, 0, 0);
    mMin = new QLineEdit;
    mMin->setObjectName(QStringLiteral("param.min"));
    mMax = new QLineEdit;
    mMax->setObjectName(QStringLiteral("param.max"));
    auto *range = new QHBoxLayout;
    range->addWidget(mMin);
    range->addWidget(new QLabel(QStringLiteral("…")));
    range->addWidget(mMax);
    // A row whose field is a layout gets no buddy, and a label without one shows its '&'.
    auto *rangeLabel = new QLabel(tr("Ra&nge:"));
    rangeLabel->setBuddy(mMin);
    numericForm->addRow(rangeLabel, range);
    mStep = new QLineEdit;
    mStep->setObjectName(QStringLiteral("param.step"));
    mStep->setPlaceholderText(tr("continuous"));
    numericForm->addRow(tr("&Step:"), mStep);
    mLog = new QCheckBox(tr("&Log scale (sample uniformly in log space)"));
    mLog->setObjectName(QStringLiteral("param.log"));
    numericForm->addRow(QString(), mLog);
    mPages->addWidget(numeric);

    auto *categorical = new QWidget;
    auto *catLayout = new QHBoxLayout(categorical);
    catLayout->setContentsMargins(0, 0, 0, 0);
    mValues = new QListWidget;
    mValues->setObjectName(QStringLiteral("param.values"));
    mValues->setMaximumHeight(110);
    mValues->setToolTip(tr("Double-click a value to edit it. Numbers and true/false keep their type."));
    catLayout->addWidget(mValues, 1);
    auto *catButtons = new QVBoxLayout;
    auto *addValue = new QToolButton;
    addValue->setIcon(QIcon(QStringLiteral(":/icons/add.svg")));
    addValue->setToolTip(tr("Add a value"));
    auto *removeValue = new QToolButton;
    removeValue->setIcon(QIcon(QStringLiteral(":/icons/remove.svg")));
    removeValue->setToolTip(tr("Remove the selected value"));
    catButtons->addWidget(addValue);
    catButtons->addWidget(removeValue);
    catButtons->addStretch(1);
    catLayout->addLayout(catButtons);
    mPages->addWidget(categorical);
    connect(addValue, &QToolButton::clicked, this, [this] {
        auto *item = new QListWidgetItem(QStringLiteral("value%1").arg(mValues->count() + 1));
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        mValues->addItem(item);
        mValues->setCurrentItem(item);
        mValues->editItem(item);
        onEdited();
    });
    connect(removeValue, &QToolButton::clicked, this, [this] {
        delete mValues->currentItem();
        onEdited();
    });
    connect(mValues, &QListWidget::itemChanged, this, &StudyForm::onEdited);

    auto *constant = new QWidget;
    auto *constForm = new QFormLayout(constant);
    constForm->setContentsMargins(0, 0, 0, 0);
    mConstant = new QLineEdit;
    mConstant->setObjectName(QStringLiteral("param.value"));
    constForm->addRow(tr("&Value:"), mConstant);
    mPages->addWidget(constant);
    layout->addWidget(mPages);

    mSamplePreview = hintLabel(mEditor);
    mSamplePreview->setObjectName(QStringLiteral("samplePreview"));
    layout->addWidget(mSamplePreview);

    for (QLineEdit *e : {mParamName, mMin, mMax, mStep, mConstant})
        connect(e, &QLineEdit::textEdited, this, &StudyForm::onEdited);
    connect(mLog, &QCheckBox::toggled, this, &StudyForm::onEdited);
    connect(mParamType, &QComboBox::currentIndexChanged, this, [this] {
        if (mLoading)
            return;
        const auto type = Parameter::Type(mParamType->currentData().toInt());
        mPages->setCurrentIndex(type == Parameter::Type::Categorical ? 1 : type == Parameter::Type::Constant ? 2 : 0);
        // A new categorical or constant starts from something sensible rather than empty.
        if (type == Parameter::Type::Categorical && mValues->count() == 0) {
            for (const QString &v : {QStringLiteral("a"), QStringLiteral("b")}) {
                auto *item = new QListWidgetItem(v, mValues);
                item->setFlags(item->flags() | Qt::ItemIsEditable);
            }
        }
        if (type == Parameter::Type::Constant && mConstant->text().isEmpty())
            mConstant->setText(mMin->text());
        if (type == Parameter::Type::Int) {
            if (const auto v = parseNumber(mMin->text()))
                mMin->setText(QString::number(std::llround(*v)));
            if (const auto v = parseNumber(mMax->text()))
                mMax->setText(QString::number(std::llround(*v)));
        }
        onEdited();
    });
    return mEditor;
}

StudyForm::ParamRow StudyForm::fromParameter(const Parameter &p)
{
    ParamRow row;
    row.name = p.name;
    row.type = p.type;
    const auto num = [&](double v) {
        return p.type == Parameter::Type::Int ? QString::number(qlonglong(std::llround(v))) : QString::number(v, 'g', 10);
    };
    row.min = num(p.low);
    row.max = num(p.high);
    row.log = p.log;
    if (p.type == Parameter::Type::Int)
        row.step = p.step > 1 ? QString::number(p.step, 'g', 10) : QString();
    else
        row.step = p.step > 0 ? QString::number(p.step, 'g', 10) : QString();
    for (const QVariant &c : p.choices)
        row.values << paramValueToString(c);
    if (p.type == Parameter::Type::Constant)
        row.constant = paramValueToString(p.value);
    return row;
}

Parameter StudyForm::toParameter(const ParamRow &row, QStringList *errors) const
{
    Parameter p;
    p.name = row.name.trimmed();
    p.type = row.type;
    const QString at = QStringLiteral("parameters.%1").arg(p.name);
    switch (row.type) {
    case Parameter::Type::Float:
    case Parameter::Type::Int: {
        const auto low = parseNumber(row.min);
        const auto high = parseNumber(row.max);
        // What the core cannot see (it gets numbers, not text) the form says itself, in the
        // same key-path form.
        if (!low)
            *errors << QStringLiteral("%1.min: must be a number").arg(at);
        if (!high)
            *errors << QStringLiteral("%1.max: must be a number").arg(at);
        p.low = low.value_or(0.0);
        p.high = high.value_or(low.value_or(0.0));
        if (row.type == Parameter::Type::Int) {
            if (low && std::floor(*low) != *low)
                *errors << QStringLiteral("%1.min: must be an integer").arg(at);
            if (high && std::floor(*high) != *high)
                *errors << QStringLiteral("%1.max: must be an integer").arg(at);
        }
        p.log = row.log;
        if (!row.step.trimmed().isEmpty()) {
            const auto step = parseNumber(row.step);
            if (!step)
                *errors << QStringLiteral("%1.q: must be a number").arg(at);
            p.step = step.value_or(0.0);
        } else {
            p.step = row.type == Parameter::Type::Int ? 1.0 : 0.0;
        }
        p.distribution = row.type == Parameter::Type::Int ? QStringLiteral("int_uniform")
                                                          : (row.log ? QStringLiteral("log_uniform_values") : QStringLiteral("uniform"));
        break;
    }
    case Parameter::Type::Categorical:
        for (const QString &v : row.values)
            p.choices << parseScalar(v);
        p.distribution = QStringLiteral("categorical");
        break;
    case Parameter::Type::Constant:
        p.value = parseScalar(row.constant);
        p.distribution = QStringLiteral("constant");
        break;
    }
    return p;
}

void StudyForm::setSpec(const StudySpec &spec)
{
    mLoading = true;
    mBase = spec;
    mName->setText(spec.name);
    mProgram->setText(spec.program);
    QStringList quoted;
    for (const QString &arg : spec.effectiveCommand())
        quoted << quoteArg(arg);
    mCommand->setText(quoted.join(QLatin1Char(' ')));
    mMetricName->setText(spec.metrics.isEmpty() ? QString() : spec.objective().name);
    mGoal->setCurrentIndex(!spec.metrics.isEmpty() && spec.objective().goal == Goal::Maximize ? 1 : 0);
    const int methodIndex = mMethod->findData(spec.method);
    mMethod->setCurrentIndex(methodIndex >= 0 ? methodIndex : 0);
    mStartupTrials->setValue(spec.methodOptions.value(QStringLiteral("n_startup_trials")).toInt());
    mSeed->setValue(int(std::min<quint64>(spec.seed, quint64(std::numeric_limits<int>::max()))));
    mBudget->setValue(spec.runCap);
    mParallel->setValue(std::max(1, spec.parallel));
    mTimeout->setText(spec.trialTimeoutSeconds > 0 ? QStringLiteral("%1s").arg(spec.trialTimeoutSeconds) : QString());
    if (spec.trialTimeoutSeconds > 0 && spec.trialTimeoutSeconds % 60 == 0)
        mTimeout->setText(QStringLiteral("%1m").arg(spec.trialTimeoutSeconds / 60));
    mTrialsPerGpu->setValue(std::max(1, spec.resources.trialsPerGpu));
    mRepeats->setValue(std::max(1, spec.repeats));
    loadEarlyStopping(spec.earlyTerminate);
    mWantedGpus = spec.resources.gpus;

    mParams.clear();
    for (const Parameter &p : spec.space.parameters())
        mParams << fromParameter(p);
    mCurrent = mParams.isEmpty() ? -1 : 0;
    mLoading = false;
    fillGpus();
    refreshTable();
    loadEditor();
    validate();
}

StudySpec StudyForm::spec() const
{
    StudySpec spec = mBase;
    spec.name = mName->text().trimmed();
    spec.program = mProgram->text().trimmed();
    const QStringList command = QProcess::splitCommand(mCommand->text());
    const QStringList wandbDefault = {QStringLiteral("${env}"), QStringLiteral("${interpreter}"), QStringLiteral("${program}"),
                                      QStringLiteral("${args}")};
    spec.command = command == wandbDefault ? QStringList() : command;
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
    spec.runCap = mBudget->value();
    spec.parallel = mParallel->value();
    spec.trialTimeoutSeconds = parseDurationSeconds(mTimeout->text().trimmed()).value_or(0);
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
    spec.earlyTerminate = earlyStopping(nullptr);

    QStringList ignored;
    SearchSpace space;
    for (const ParamRow &row : mParams)
        space.append(toParameter(row, &ignored));
    spec.space = space;
    return spec;
}

QByteArray StudyForm::yaml() const
{
    return studySpecToYaml(spec());
}

QStringList StudyForm::validate()
{
    mValidateTimer.stop();
    QStringList errors;
    for (const ParamRow &row : mParams)
        toParameter(row, &errors);
    if (!mTimeout->text().trimmed().isEmpty() && !parseDurationSeconds(mTimeout->text().trimmed()))
        errors << QStringLiteral("trial_timeout: must be a duration such as 90s, 10m, 1h30m or 01:00:00");
    earlyStopping(&errors);

    const StudySpec current = spec();
    // What the YAML cannot carry (a negative step is not written out) is caught on the space itself.
    for (const QString &e : formatSpecIssues(current.space.validate(), SpecIssue::Severity::Error)) {
        if (!errors.contains(e))
            errors << e;
    }
    const SpecLoadResult parsed = parseStudySpec(studySpecToYaml(current), sourceName);
    const QString prefix = sourceName + QStringLiteral(": ");
    QStringList fieldsWithOwnError;
    for (const QString &e : std::as_const(errors))
        fieldsWithOwnError << e.section(QStringLiteral(": "), 0, 0).section(QLatin1Char('.'), 0, 1);
    for (QString e : parsed.errors) {
        if (e.startsWith(prefix))
            e = e.mid(prefix.size());
        // The core names a pruner's keys in W&B's words (min_iter, max_iter, eta); the form
        // writes and shows Tunescope's, so its messages say those.
        if (e.startsWith(QLatin1String("early_terminate."))) {
            static const QList<QPair<QRegularExpression, QString>> words = {
                {QRegularExpression(QStringLiteral("\\bmin_iter\\b")), QStringLiteral("min_resource")},
                {QRegularExpression(QStringLiteral("\\bmax_iter\\b")), QStringLiteral("max_resource")},
                {QRegularExpression(QStringLiteral("\\beta\\b")), QStringLiteral("reduction_factor")}};
            for (const auto &[word, ours] : words)
                e.replace(word, ours);
        }
        // A field the form already rejected as text would only give a follow-up error here.
        const QString param = e.section(QStringLiteral(": "), 0, 0).section(QLatin1Char('.'), 0, 1);
        if (e.startsWith(QLatin1String("parameters.")) && fieldsWithOwnError.contains(param))
            continue;
        if (!errors.contains(e))
            errors << e;
    }
    if (parsed.spec) {
        // The argv preview is the other half of "what will run": an unknown macro is an error.
        QString why;
        TrialContext ctx;
        ctx.study = current.name;
        ctx.params = parsed.spec->space.decode(std::vector<double>(size_t(parsed.spec->space.dimension()), 0.5));
        if (TrialCommand(*parsed.spec).argv(ctx, &why).isEmpty())
            errors << (why.startsWith(QLatin1String("command")) || why.startsWith(QLatin1String("program")) ? why
                                                                : QStringLiteral("command: %1").arg(why.isEmpty() ? tr("expands to nothing") : why));
        if (current.method == QLatin1String("grid")) {
            SpecIssue whyNot;
            if (!parsed.spec->space.gridSize(&whyNot))
                errors << formatSpecIssue(whyNot);
        }
    }
    mErrors = errors;
    applyMarks(errors);
    updatePreviews();
    return errors;
}

void StudyForm::applyMarks(const QStringList &errors)
{
    QHash<QString, QString> marks;
    QHash<QString, QString> rowMarks; // parameter name -> message
    const QString current = mCurrent >= 0 && mCurrent < mParams.size() ? mParams.at(mCurrent).name.trimmed() : QString();
    for (const QString &e : errors) {
        const QString path = e.section(QStringLiteral(": "), 0, 0);
        const QString message = e.section(QStringLiteral(": "), 1);
        const auto mark = [&](const QString &field) {
            marks[field] += (marks[field].isEmpty() ? QString() : QStringLiteral("\n")) + message;
        };
        if (path.startsWith(QLatin1String("parameters."))) {
            const QString rest = path.mid(11);
            const QString name = rest.section(QLatin1Char('.'), 0, 0).section(QLatin1Char('['), 0, 0);
            QString field = rest.mid(name.size());
            if (field.startsWith(QLatin1Char('.')))
                field = field.mid(1);
            field = field.section(QLatin1Char('['), 0, 0);
            rowMarks[name] += (rowMarks[name].isEmpty() ? QString() : QStringLiteral("\n")) + e;
            if (name != current)
                continue;
            if (field == QLatin1String("min") || field == QLatin1String("max") || field == QLatin1String("values")
                || field == QLatin1String("value"))
                mark(QStringLiteral("param.") + field);
            else if (field == QLatin1String("q") || field == QLatin1String("step"))
                mark(QStringLiteral("param.step"));
            else if (message.contains(QLatin1String("min")) && message.contains(QLatin1String("max"))) {
                mark(QStringLiteral("param.min"));
                mark(QStringLiteral("param.max"));
            } else if (field.isEmpty() && message.contains(QLatin1String("grid"))) {
                mark(QStringLiteral("param.step"));
            } else {
                mark(QStringLiteral("param.name"));
            }
        } else if (path == QLatin1String("parameters") && message.contains(QLatin1String("empty name"))) {
            rowMarks[QString()] += e;
            if (current.isEmpty())
                mark(QStringLiteral("param.name"));
        } else if (path == QLatin1String("metric")) {
            mark(QStringLiteral("metric.name"));
        } else if (path.startsWith(QLatin1String("resources"))) {
            mark(QStringLiteral("resources"));
        } else if (path.startsWith(QLatin1String("early_terminate"))) {
            // The core names W&B's keys where the form shows Tunescope's (min_iter is min_resource).
            static const QHash<QString, QString> aliases = {{QStringLiteral("min_iter"), QStringLiteral("min_resource")},
                                                            {QStringLiteral("max_iter"), QStringLiteral("max_resource")},
                                                            {QStringLiteral("eta"), QStringLiteral("reduction_factor")}};
            const QString key = path.section(QLatin1Char('.'), 1, 1);
            const QString field = QStringLiteral("early_terminate.") + aliases.value(key, key);
            mark(findChild<QWidget *>(field) ? field : QStringLiteral("early_terminate.type"));
        } else {
            mark(path);
        }
    }

    for (QWidget *w : findChildren<QWidget *>()) {
        const QString name = w->objectName();
        if (name.isEmpty() || name.startsWith(QLatin1String("qt_")))
            continue;
        const bool bad = marks.contains(name);
        const bool wasBad = w->property("invalid").toBool();
        if (bad == wasBad && (!bad || w->toolTip() == marks.value(name)))
            continue;
        w->setProperty("invalid", bad);
        if (bad) {
            if (!wasBad)
                w->setProperty("normalToolTip", w->toolTip());
            w->setToolTip(marks.value(name));
            w->setStyleSheet(QStringLiteral("%1 { border: 1px solid %2; border-radius: 2px; background: #fff4f4; }")
                                 .arg(QLatin1String(w->metaObject()->className()), errorColor.name()));
        } else {
            w->setToolTip(w->property("normalToolTip").toString());
            w->setStyleSheet(QString());
        }
    }
    mMarks = marks;

    for (int row = 0; row < mTable->rowCount() && row < mParams.size(); ++row) {
        const QString message = rowMarks.value(mParams.at(row).name.trimmed());
        for (int column = 0; column < mTable->columnCount(); ++column) {
            QTableWidgetItem *item = mTable->item(row, column);
            if (!item)
                continue;
            item->setToolTip(message);
            item->setForeground(message.isEmpty() ? palette().color(QPalette::Text) : errorColor);
            if (column == 0)
                item->setIcon(message.isEmpty() ? QIcon() : QIcon(QStringLiteral(":/icons/error.svg")));
        }
    }

    if (errors.isEmpty()) {
        mErrorList->setText(tr("<span style='color:#2e9e4f'>&#10003;</span> The study is valid: "
                               "<tt>tunescope run</tt> accepts what this form saves."));
    } else {
        QStringList items;
        for (const QString &e : errors.mid(0, 6))
            items << e.toHtmlEscaped();
        if (errors.size() > 6)
            items << tr("… and %1 more").arg(errors.size() - 6);
        mErrorList->setText(QStringLiteral("<span style='color:%1'><b>%2</b><br>&bull; %3</span>")
                                .arg(errorColor.name(), tr("%n problem(s) to fix before the study can run:", nullptr, int(errors.size())),
                                     items.join(QStringLiteral("<br>&bull; "))));
    }
}

bool StudyForm::isMarked(const QString &fieldName) const
{
    return mMarks.contains(fieldName);
}

void StudyForm::onEdited()
{
    if (mLoading)
        return;
    storeEditor();
    if (mCurrent >= 0)
        refreshTableRow(mCurrent);
    updateMethodOptions();
    updatePrunerRows();
    updatePreviews();
    mValidateTimer.start();
    emit changed();
}

void StudyForm::loadEditor()
{
    const bool wasLoading = mLoading;
    mLoading = true;
    const bool valid = mCurrent >= 0 && mCurrent < mParams.size();
    mEditor->setEnabled(valid && !mReadOnly);
    mRemove->setEnabled(valid && !mReadOnly);
    mUp->setEnabled(valid && mCurrent > 0 && !mReadOnly);
    mDown->setEnabled(valid && mCurrent + 1 < mParams.size() && !mReadOnly);
    const ParamRow row = valid ? mParams.at(mCurrent) : ParamRow();
    mParamName->setText(valid ? row.name : QString());
    mParamType->setCurrentIndex(mParamType->findData(int(row.type)));
    mPages->setCurrentIndex(row.type == Parameter::Type::Categorical ? 1 : row.type == Parameter::Type::Constant ? 2 : 0);
    mMin->setText(row.min);
    mMax->setText(row.max);
    mStep->setText(row.step);
    mLog->setChecked(row.log);
    mValues->clear();
    for (const QString &v : row.values) {
        auto *item = new QListWidgetItem(v, mValues);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    mConstant->setText(row.constant);
    if (valid && mTable->currentRow() != mCurrent)
        mTable->setCurrentCell(mCurrent, 0);
    mLoading = wasLoading;
    if (!mLoading) {
        applyMarks(mErrors);
        updatePreviews();
    }
}

void StudyForm::storeEditor()
{
    if (mCurrent < 0 || mCurrent >= mParams.size())
        return;
    ParamRow &row = mParams[mCurrent];
    row.name = mParamName->text();
    row.type = Parameter::Type(mParamType->currentData().toInt());
    row.min = mMin->text();
    row.max = mMax->text();
    row.step = mStep->text();
    row.log = mLog->isChecked();
    row.values.clear();
    for (int i = 0; i < mValues->count(); ++i)
        row.values << mValues->item(i)->text();
    row.constant = mConstant->text();
}

void StudyForm::refreshTable()
{
    const bool wasLoading = mLoading;
    mLoading = true;
    mTable->setRowCount(int(mParams.size()));
    for (int row = 0; row < mParams.size(); ++row)
        refreshTableRow(row);
    if (mCurrent >= 0)
        mTable->setCurrentCell(mCurrent, 0);
    mLoading = wasLoading;
}

void StudyForm::refreshTableRow(int row)
{
    if (row < 0 || row >= mParams.size() || row >= mTable->rowCount())
        return;
    const ParamRow &r = mParams.at(row);
    QString summary;
    switch (r.type) {
    case Parameter::Type::Float:
    case Parameter::Type::Int:
        summary = QStringLiteral("[%1, %2]").arg(r.min.trimmed(), r.max.trimmed());
        if (!r.step.trimmed().isEmpty())
            summary += tr(" step %1").arg(r.step.trimmed());
        if (r.log)
            summary += tr(", log");
        break;
    case Parameter::Type::Categorical:
        summary = QStringLiteral("{%1}").arg(r.values.join(QStringLiteral(", ")));
        break;
    case Parameter::Type::Constant:
        summary = r.constant;
        break;
    }
    const QStringList texts = {r.name, typeLabel(r.type), summary};
    for (int column = 0; column < 3; ++column) {
        QTableWidgetItem *item = mTable->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            mTable->setItem(row, column, item);
        }
        item->setText(texts.at(column));
    }
}

void StudyForm::updateMethodOptions()
{
    const QString method = mMethod->currentData().toString();
    mMethodHelp->setText(mMethod->itemData(mMethod->currentIndex(), Qt::ToolTipRole).toString());
    const bool modelBased = method == QLatin1String("tpe") || method == QLatin1String("bayes");
    mStartupTrials->setVisible(modelBased);
    mStartupLabel->setVisible(modelBased);
    mTrialsPerGpu->setEnabled(!mReadOnly && std::any_of(mGpus->findItems(QStringLiteral("*"), Qt::MatchWildcard).begin(),
                                                        mGpus->findItems(QStringLiteral("*"), Qt::MatchWildcard).end(),
                                                        [](QListWidgetItem *i) { return i->checkState() == Qt::Checked; }));
}

void StudyForm::updatePreviews()
{
    const StudySpec current = spec();

    // The exact argv of an example trial (parameters at the middle of their ranges).
    QString why;
    TrialContext ctx;
    ctx.study = current.name;
    ctx.number = 0;
    ctx.params = current.space.decode(std::vector<double>(size_t(current.space.dimension()), 0.5));
    const QStringList argv = TrialCommand(current).argv(ctx, &why);
    if (argv.isEmpty()) {
        mArgvText = why.isEmpty() ? tr("(nothing to run)") : why;
        mArgvArgs = {mArgvText};
        layoutArgvPreview();
    } else {
        QStringList shown;
        for (const QString &a : argv)
            shown << quoteArg(a);
        mArgvText = shown.join(QLatin1Char(' '));
        mArgvArgs = shown;
        layoutArgvPreview();
    }
    mArgvPreview->setToolTip(tr("Trial 0 with every parameter at the middle of its range runs exactly this "
                                "(one argument per item, no shell)."));

    // Grid size for the grid methods, dimension otherwise.
    const QString method = current.method;
    QString gridText;
    if (method == QLatin1String("grid") || method == QLatin1String("random-grid")) {
        SpecIssue whyNot;
        if (const auto size = current.space.gridSize(&whyNot)) {
            QStringList factors;
            for (const Parameter &p : current.space.searchable())
                factors << QString::number(p.gridValues().size());
            gridText = tr("Grid: %1 = <b>%2 points</b>").arg(factors.join(QStringLiteral(" × ")), QLocale().toString(*size));
            if (current.runCap > 0 && current.runCap < *size)
                gridText += tr(" (the budget runs %1 of them)").arg(current.runCap);
        } else {
            gridText = tr("<span style='color:%1'>No grid: %2</span>").arg(errorColor.name(), formatSpecIssue(whyNot).toHtmlEscaped());
        }
    } else {
        gridText = tr("%n dimension(s) searched", nullptr, current.space.dimension());
    }
    mGridPreview->setTextFormat(Qt::RichText);
    mGridPreview->setText(gridText);

    // What the current parameter will take.
    QString sample;
    if (mCurrent >= 0 && mCurrent < mParams.size()) {
        QStringList ignored;
        const Parameter p = toParameter(mParams.at(mCurrent), &ignored);
        const QString name = p.name.toHtmlEscaped();
        switch (p.type) {
        case Parameter::Type::Float:
        case Parameter::Type::Int: {
            if (!ignored.isEmpty() || !(p.low <= p.high) || (p.log && p.low <= 0)) {
                sample = tr("Fix the range to see what will be sampled.");
                break;
            }
            const QVariantList grid = p.gridValues();
            QStringList examples;
            if (!grid.isEmpty() && (p.type == Parameter::Type::Int || p.step > 0)) {
                for (qsizetype i = 0; i < grid.size() && i < 6; ++i)
                    examples << paramValueToString(grid.at(i));
                if (grid.size() > 6)
                    examples << QStringLiteral("…") << paramValueToString(grid.last());
                sample = tr("%1 takes %2 values: %3").arg(name).arg(grid.size()).arg(examples.join(QStringLiteral(", ")));
                if (p.log)
                    sample += tr(" (sampled in log space)");
            } else {
                for (double u : {0.0, 0.25, 0.5, 0.75, 1.0})
                    examples << shortNumber(p.fromUnit(u).toDouble());
                sample = p.log ? tr("%1 is log-uniform; evenly spaced in log space: %2").arg(name, examples.join(QStringLiteral(", ")))
                               : tr("%1 is uniform; evenly spaced: %2").arg(name, examples.join(QStringLiteral(", ")));
            }
            break;
        }
        case Parameter::Type::Categorical: {
            QStringList values;
            for (const QVariant &c : p.choices)
                values << (c.typeId() == QMetaType::QString ? QStringLiteral("\"%1\"").arg(c.toString()) : paramValueToString(c));
            sample = tr("%1 takes one of %2 values, each equally likely: %3")
                         .arg(name).arg(p.choices.size()).arg(values.join(QStringLiteral(", ")).toHtmlEscaped());
            break;
        }
        case Parameter::Type::Constant:
            sample = tr("%1 is always %2 (passed like any other parameter)").arg(name, paramValueToString(p.value).toHtmlEscaped());
            break;
        }
    }
    mSamplePreview->setText(sample);
}

void StudyForm::fillGpus()
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
        mGpuMessage->setText(mGpuDetector->message());
        mGpuMessage->setVisible(!mGpuDetector->message().isEmpty());
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
    updateMethodOptions();
}

void StudyForm::setReadOnly(bool readOnly)
{
    mReadOnly = readOnly;
    for (QWidget *w : findChildren<QGroupBox *>())
        w->setEnabled(!readOnly);
    loadEditor();
    updateMethodOptions();
}

int StudyForm::parameterCount() const
{
    return int(mParams.size());
}

void StudyForm::selectParameter(int row)
{
    if (row < 0 || row >= mParams.size())
        return;
    mCurrent = row;
    loadEditor();
}

int StudyForm::currentParameter() const
{
    return mCurrent;
}

void StudyForm::addParameter(const QString &name)
{
    ParamRow row;
    row.name = name;
    mParams.append(row);
    mCurrent = int(mParams.size()) - 1;
    refreshTable();
    loadEditor();
    mParamName->setFocus();
    mParamName->selectAll();
    mValidateTimer.start();
    emit changed();
}

void StudyForm::removeParameter(int row)
{
    if (row < 0 || row >= mParams.size())
        return;
    mParams.removeAt(row);
    mCurrent = std::min<int>(row, int(mParams.size()) - 1);
    refreshTable();
    loadEditor();
    mValidateTimer.start();
    emit changed();
}

void StudyForm::moveParameter(int row, int delta)
{
    const int to = row + delta;
    if (row < 0 || row >= mParams.size() || to < 0 || to >= mParams.size())
        return;
    mParams.move(row, to);
    mCurrent = to;
    refreshTable();
    loadEditor();
    mValidateTimer.start();
    emit changed();
}

bool StudyForm::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mArgvPreview && event->type() == QEvent::Resize)
        layoutArgvPreview();
    return QWidget::eventFilter(watched, event);
}

void StudyForm::layoutArgvPreview()
{
    const int width = mArgvPreview->contentsRect().width() > 40 ? mArgvPreview->contentsRect().width() : 360;
    const QFontMetrics metrics(mArgvPreview->font());
    QStringList lines;
    QString line;
    for (const QString &arg : std::as_const(mArgvArgs)) {
        const QString longer = line.isEmpty() ? arg : line + QLatin1Char(' ') + arg;
        if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
            lines << line;
            line = arg;
        } else {
            line = longer;
        }
    }
    if (!line.isEmpty())
        lines << line;
    const QString text = lines.join(QLatin1Char('\n'));
    if (text != mArgvPreview->text())
        mArgvPreview->setText(text);
}

QString StudyForm::argvPreview() const
{
    return mArgvText;
}

QString StudyForm::samplePreview() const
{
    return mSamplePreview->text();
}

QString StudyForm::gridPreview() const
{
    return mGridPreview->text();
}

} // namespace tunescope
