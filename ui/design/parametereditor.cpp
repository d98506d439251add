#include "design/parametereditor.h"

#include "common/format.h"
#include "design/formsection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace tunescope {

namespace {

enum Page { NumericPage, CategoricalPage, ConstantPage };

Page pageOf(Parameter::Type type)
{
    return type == Parameter::Type::Categorical ? CategoricalPage : type == Parameter::Type::Constant ? ConstantPage : NumericPage;
}

void addValue(QListWidget *list, const QString &text)
{
    auto *item = new QListWidgetItem(text, list);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
}

} // namespace

ParameterEditor::ParameterEditor(QWidget *parent)
    : QGroupBox(tr("Parameter"), parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QFormLayout;
    mName = new QLineEdit;
    mName->setObjectName(QStringLiteral("param.name"));
    top->addRow(tr("N&ame:"), mName);
    mType = new QComboBox;
    mType->setObjectName(QStringLiteral("param.type"));
    for (Parameter::Type t : {Parameter::Type::Float, Parameter::Type::Int, Parameter::Type::Categorical, Parameter::Type::Constant})
        mType->addItem(parameterTypeLabel(t), int(t));
    top->addRow(tr("T&ype:"), mType);
    layout->addLayout(top);

    mPages = new QStackedWidget;
    // Numbers: float and int share one page (the step means "q" for floats, the stride for ints).
    auto *numeric = new QWidget;
    auto *numericForm = new QFormLayout(numeric);
    numericForm->setContentsMargins(0, 0, 0, 0);
    mPrior = new QComboBox;
    mPrior->setObjectName(QStringLiteral("param.prior"));
    mPrior->addItem(tr("uniform"), int(Parameter::Prior::Uniform));
    mPrior->addItem(tr("normal"), int(Parameter::Prior::Normal));
    mPrior->addItem(tr("beta"), int(Parameter::Prior::Beta));
    mPrior->setToolTip(tr("The distribution values are drawn from: uniform over a range (log-uniform with log scale), "
                          "normal (log-normal with log scale) or beta on [0, 1]"));
    numericForm->addRow(tr("&Distribution:"), mPrior);
    // The parameters of the distribution: a range, a mean and deviation, or beta's shapes.
    mShapes = new QStackedWidget;
    const auto pair = [](QLineEdit *a, const QString &between, QLineEdit *b) {
        auto *w = new QWidget;
        auto *l = new QHBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(a);
        l->addWidget(new QLabel(between));
        l->addWidget(b);
        return w;
    };
    mMin = new QLineEdit;
    mMin->setObjectName(QStringLiteral("param.min"));
    mMax = new QLineEdit;
    mMax->setObjectName(QStringLiteral("param.max"));
    mShapes->addWidget(pair(mMin, QStringLiteral("…"), mMax));
    mMu = new QLineEdit;
    mMu->setObjectName(QStringLiteral("param.mu"));
    mMu->setToolTip(tr("Mean (of the logarithm for log-normal)"));
    mSigma = new QLineEdit;
    mSigma->setObjectName(QStringLiteral("param.sigma"));
    mSigma->setToolTip(tr("Standard deviation (of the logarithm for log-normal)"));
    mShapes->addWidget(pair(mMu, QStringLiteral("±"), mSigma));
    mAlpha = new QLineEdit;
    mAlpha->setObjectName(QStringLiteral("param.a"));
    mBeta = new QLineEdit;
    mBeta->setObjectName(QStringLiteral("param.b"));
    mShapes->addWidget(pair(mAlpha, QStringLiteral(","), mBeta));
    // A row whose field is a layout gets no buddy, and a label without one shows its '&'.
    mShapeLabel = new QLabel(tr("Ra&nge:"));
    mShapeLabel->setBuddy(mMin);
    numericForm->addRow(mShapeLabel, mShapes);
    mStep = new QLineEdit;
    mStep->setObjectName(QStringLiteral("param.step"));
    mStep->setPlaceholderText(tr("continuous"));
    mRounding = new QComboBox;
    mRounding->setObjectName(QStringLiteral("param.rounding"));
    mRounding->addItem(tr("steps from the minimum"), int(Parameter::Rounding::Grid));
    mRounding->addItem(tr("nearest multiple (W&B q_)"), int(Parameter::Rounding::Multiple));
    mRounding->addItem(tr("nearest multiple in range (NNI q)"), int(Parameter::Rounding::ClippedMultiple));
    mRounding->setToolTip(tr("Steps from the minimum: min, min + step, ... up to max. W&B's q_ distributions round "
                             "to the nearest multiple of the step, even beyond the range, and an integer step makes "
                             "integers. NNI's q types round the same way, then clip to the range."));
    auto *stepRow = new QHBoxLayout;
    stepRow->addWidget(mStep, 1);
    stepRow->addWidget(mRounding);
    auto *stepLabel = new QLabel(tr("&Step:"));
    stepLabel->setBuddy(mStep);
    numericForm->addRow(stepLabel, stepRow);
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
    auto *addButton = new QToolButton;
    addButton->setIcon(QIcon(QStringLiteral(":/icons/add.svg")));
    addButton->setToolTip(tr("Add a value"));
    auto *removeButton = new QToolButton;
    removeButton->setIcon(QIcon(QStringLiteral(":/icons/remove.svg")));
    removeButton->setToolTip(tr("Remove the selected value"));
    catButtons->addWidget(addButton);
    catButtons->addWidget(removeButton);
    catButtons->addStretch(1);
    catLayout->addLayout(catButtons);
    auto *catPage = new QWidget;
    auto *catForm = new QFormLayout(catPage);
    catForm->setContentsMargins(0, 0, 0, 0);
    catForm->addRow(categorical);
    mProbabilities = new QLineEdit;
    mProbabilities->setObjectName(QStringLiteral("param.probabilities"));
    mProbabilities->setPlaceholderText(tr("equally likely"));
    mProbabilities->setToolTip(tr("One probability per value, in order, summing to 1 (W&B's probabilities)"));
    catForm->addRow(tr("&Probabilities:"), mProbabilities);
    mPages->addWidget(catPage);
    connect(addButton, &QToolButton::clicked, this, [this] {
        addValue(mValues, QStringLiteral("value%1").arg(mValues->count() + 1));
        QListWidgetItem *item = mValues->item(mValues->count() - 1);
        mValues->setCurrentItem(item);
        mValues->editItem(item);
        onEdited();
    });
    connect(removeButton, &QToolButton::clicked, this, [this] {
        delete mValues->currentItem();
        onEdited();
    });
    connect(mValues, &QListWidget::itemChanged, this, &ParameterEditor::onEdited);

    auto *constant = new QWidget;
    auto *constForm = new QFormLayout(constant);
    constForm->setContentsMargins(0, 0, 0, 0);
    mConstant = new QLineEdit;
    mConstant->setObjectName(QStringLiteral("param.value"));
    constForm->addRow(tr("&Value:"), mConstant);
    mPages->addWidget(constant);
    layout->addWidget(mPages);

    // Where the parameter sits: under a choice (NNI's nested choice), nested by its dots.
    auto *where = new QFormLayout;
    mParent = new QComboBox;
    mParent->setObjectName(QStringLiteral("param.parent"));
    mParentValue = new QComboBox;
    mParentValue->setObjectName(QStringLiteral("param.parentValue"));
    mParentValue->setEditable(true);
    auto *conditionRow = new QHBoxLayout;
    conditionRow->addWidget(mParent, 1);
    conditionRow->addWidget(new QLabel(QStringLiteral("=")));
    conditionRow->addWidget(mParentValue, 1);
    auto *conditionLabel = new QLabel(tr("Only &when:"));
    conditionLabel->setBuddy(mParent);
    conditionLabel->setToolTip(tr("The parameter exists only in trials where this choice takes this value"));
    where->addRow(conditionLabel, conditionRow);
    mNested = new QCheckBox(tr("N&est at the dots of the name: the trial gets {\"a\": {\"b\": ...}} for a.b"));
    mNested->setObjectName(QStringLiteral("param.nested"));
    where->addRow(QString(), mNested);
    layout->addLayout(where);

    mSamplePreview = formHintLabel(this);
    mSamplePreview->setObjectName(QStringLiteral("samplePreview"));
    layout->addWidget(mSamplePreview);

    for (QLineEdit *e : {mName, mMin, mMax, mStep, mConstant, mMu, mSigma, mAlpha, mBeta, mProbabilities})
        connect(e, &QLineEdit::textEdited, this, &ParameterEditor::onEdited);
    connect(mLog, &QCheckBox::toggled, this, [this] {
        mDistribution.clear();
        onEdited();
    });
    connect(mNested, &QCheckBox::toggled, this, &ParameterEditor::onEdited);
    connect(mType, &QComboBox::currentIndexChanged, this, &ParameterEditor::onTypeChosen);
    connect(mPrior, &QComboBox::currentIndexChanged, this, &ParameterEditor::onPriorChosen);
    connect(mRounding, &QComboBox::currentIndexChanged, this, &ParameterEditor::onEdited);
    connect(mParent, &QComboBox::currentIndexChanged, this, &ParameterEditor::onParentChosen);
    connect(mParentValue, &QComboBox::currentTextChanged, this, &ParameterEditor::onEdited);
}

void ParameterEditor::setDraft(const ParameterDraft &draft)
{
    display(draft, true);
}

void ParameterEditor::setConditionChoices(const QList<QPair<QString, QStringList>> &choices)
{
    mConditionChoices = choices;
}

void ParameterEditor::clear()
{
    display(ParameterDraft(), false);
}

void ParameterEditor::display(const ParameterDraft &draft, bool present)
{
    mLoading = true;
    mPresent = present;
    mName->setText(draft.name);
    mType->setCurrentIndex(mType->findData(int(draft.type)));
    mPages->setCurrentIndex(pageOf(draft.type));
    mMin->setText(draft.min);
    mMax->setText(draft.max);
    mStep->setText(draft.step);
    mLog->setChecked(draft.log);
    mPrior->setCurrentIndex(mPrior->findData(int(draft.prior)));
    mRounding->setCurrentIndex(mRounding->findData(int(draft.rounding)));
    mMu->setText(draft.mu);
    mSigma->setText(draft.sigma);
    mAlpha->setText(draft.alpha);
    mBeta->setText(draft.beta);
    mValues->clear();
    for (const QString &v : draft.values)
        addValue(mValues, v);
    mProbabilities->setText(draft.probabilities);
    mConstant->setText(draft.constant);
    mDistribution = draft.distribution;
    mNested->setChecked(draft.nested);
    mParent->clear();
    mParent->addItem(tr("(always)"), QString());
    for (const auto &[name, values] : std::as_const(mConditionChoices)) {
        if (name != draft.name.trimmed())
            mParent->addItem(name, name);
    }
    if (!draft.parent.isEmpty() && mParent->findData(draft.parent) < 0)
        mParent->addItem(draft.parent, draft.parent); // a choice the table does not have (yet)
    mParent->setCurrentIndex(std::max(0, mParent->findData(draft.parent)));
    mParentValue->clear();
    for (const auto &[name, values] : std::as_const(mConditionChoices)) {
        if (name == draft.parent)
            mParentValue->addItems(values);
    }
    mParentValue->setCurrentText(draft.parentValue);
    mParentValue->setEnabled(!draft.parent.isEmpty());
    showPriorFields();
    mLoading = false;
    updateSamplePreview();
}

ParameterDraft ParameterEditor::draft() const
{
    ParameterDraft d;
    d.name = mName->text();
    d.type = Parameter::Type(mType->currentData().toInt());
    d.min = mMin->text();
    d.max = mMax->text();
    d.step = mStep->text();
    d.log = mLog->isChecked();
    d.prior = Parameter::Prior(mPrior->currentData().toInt());
    d.rounding = Parameter::Rounding(mRounding->currentData().toInt());
    d.mu = mMu->text();
    d.sigma = mSigma->text();
    d.alpha = mAlpha->text();
    d.beta = mBeta->text();
    for (int i = 0; i < mValues->count(); ++i)
        d.values << mValues->item(i)->text();
    d.probabilities = mProbabilities->text();
    d.constant = mConstant->text();
    d.distribution = mDistribution;
    d.nested = mNested->isChecked();
    d.parent = mParent->currentData().toString();
    d.parentValue = d.parent.isEmpty() ? QString() : mParentValue->currentText();
    return d;
}

QHash<QString, QWidget *> ParameterEditor::fields() const
{
    if (!mPresent)
        return {};
    const QString at = draft().path();
    return {{at, mName},
            {at + QStringLiteral(".distribution"), mType},
            {at + QStringLiteral(".type"), mType},
            {at + QStringLiteral(".min"), mMin},
            {at + QStringLiteral(".max"), mMax},
            {at + QStringLiteral(".q"), mStep},
            {at + QStringLiteral(".step"), mStep},
            {at + QStringLiteral(".log"), mLog},
            {at + QStringLiteral(".values"), mValues},
            {at + QStringLiteral(".probabilities"), mProbabilities},
            {at + QStringLiteral(".mu"), mMu},
            {at + QStringLiteral(".sigma"), mSigma},
            {at + QStringLiteral(".a"), mAlpha},
            {at + QStringLiteral(".b"), mBeta},
            {at + QStringLiteral(".value"), mConstant}};
}

QString ParameterEditor::samplePreview() const
{
    return mSamplePreview->text();
}

void ParameterEditor::focusName()
{
    mName->setFocus();
    mName->selectAll();
}

void ParameterEditor::onTypeChosen()
{
    if (mLoading)
        return;
    const auto type = Parameter::Type(mType->currentData().toInt());
    mPages->setCurrentIndex(pageOf(type));
    // A new categorical or constant starts from something sensible rather than empty.
    if (type == Parameter::Type::Categorical && mValues->count() == 0) {
        for (const QString &v : {QStringLiteral("a"), QStringLiteral("b")})
            addValue(mValues, v);
    }
    if (type == Parameter::Type::Constant && mConstant->text().isEmpty())
        mConstant->setText(mMin->text());
    if (type == Parameter::Type::Int) {
        if (const auto v = parseFormNumber(mMin->text()))
            mMin->setText(QString::number(std::llround(*v)));
        if (const auto v = parseFormNumber(mMax->text()))
            mMax->setText(QString::number(std::llround(*v)));
    }
    onEdited();
}

void ParameterEditor::showPriorFields()
{
    const auto prior = Parameter::Prior(mPrior->currentData().toInt());
    mShapes->setCurrentIndex(int(prior));
    switch (prior) {
    case Parameter::Prior::Uniform:
        mShapeLabel->setText(tr("Ra&nge:"));
        mShapeLabel->setBuddy(mMin);
        break;
    case Parameter::Prior::Normal:
        mShapeLabel->setText(tr("Mea&n ± std. dev.:"));
        mShapeLabel->setBuddy(mMu);
        break;
    case Parameter::Prior::Beta:
        mShapeLabel->setText(tr("Shape a, b:"));
        mShapeLabel->setBuddy(mAlpha);
        break;
    }
    mLog->setEnabled(prior != Parameter::Prior::Beta);
    mLog->setText(prior == Parameter::Prior::Normal ? tr("&Log scale (log-normal: the logarithm is normal)")
                                                    : tr("&Log scale (sample uniformly in log space)"));
}

void ParameterEditor::onPriorChosen()
{
    if (mLoading)
        return;
    mDistribution.clear();
    showPriorFields();
    // Only W&B's rounding to multiples applies to the normal and beta families.
    if (Parameter::Prior(mPrior->currentData().toInt()) != Parameter::Prior::Uniform
        && Parameter::Rounding(mRounding->currentData().toInt()) != Parameter::Rounding::Multiple)
        mRounding->setCurrentIndex(mRounding->findData(int(Parameter::Rounding::Multiple)));
    onEdited();
}

void ParameterEditor::onParentChosen()
{
    if (mLoading)
        return;
    const QString parent = mParent->currentData().toString();
    mParentValue->clear();
    for (const auto &[name, values] : std::as_const(mConditionChoices)) {
        if (name == parent)
            mParentValue->addItems(values);
    }
    mParentValue->setEnabled(!parent.isEmpty());
    // Under a choice the name says so: layer.conv.size for size under layer = conv.
    if (!parent.isEmpty()) {
        QString own = mName->text().trimmed().section(u'.', -1);
        mName->setText(QStringLiteral("%1.%2.%3").arg(parent, mParentValue->currentText(), own));
    }
    onEdited();
}

void ParameterEditor::onEdited()
{
    if (mLoading)
        return;
    updateSamplePreview();
    emit edited();
}

void ParameterEditor::updateSamplePreview()
{
    if (!mPresent) {
        mSamplePreview->setText(QString());
        return;
    }
    QList<SpecIssue> unreadable;
    const Parameter p = draft().toParameter(&unreadable);
    const QString name = p.name.toHtmlEscaped();
    QString sample;
    switch (p.type) {
    case Parameter::Type::Float:
    case Parameter::Type::Int: {
        if (p.prior != Parameter::Prior::Uniform || p.rounding != Parameter::Rounding::Grid) {
            if (!unreadable.isEmpty() || (p.prior == Parameter::Prior::Normal && !(p.sigma > 0))
                || (p.prior == Parameter::Prior::Beta && !(p.alpha > 0 && p.beta > 0)) || (p.rounding != Parameter::Rounding::Grid && !(p.step > 0))
                || (p.prior == Parameter::Prior::Uniform && (!(p.low < p.high) || (p.log && p.low <= 0)))) {
                sample = tr("Fix the distribution to see what will be sampled.");
                break;
            }
            QStringList quantiles;
            for (double u : {0.05, 0.25, 0.5, 0.75, 0.95})
                quantiles << paramValueToString(p.fromUnit(u));
            sample = tr("%1 is %2; its 5%, 25%, 50%, 75% and 95% quantiles: %3")
                         .arg(name, distributionName(p), quantiles.join(QStringLiteral(", ")));
            break;
        }
        if (!unreadable.isEmpty() || !(p.low <= p.high) || (p.log && p.low <= 0)) {
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
                examples << formatNumber(p.fromUnit(u).toDouble(), 4);
            sample = p.log ? tr("%1 is log-uniform; evenly spaced in log space: %2").arg(name, examples.join(QStringLiteral(", ")))
                           : tr("%1 is uniform; evenly spaced: %2").arg(name, examples.join(QStringLiteral(", ")));
        }
        break;
    }
    case Parameter::Type::Categorical: {
        QStringList values;
        for (const QVariant &c : p.choices)
            values << (c.typeId() == QMetaType::QString ? QStringLiteral("\"%1\"").arg(c.toString()) : paramValueToString(c));
        sample = p.probabilities.isEmpty()
                     ? tr("%1 takes one of %2 values, each equally likely: %3")
                           .arg(name).arg(p.choices.size()).arg(values.join(QStringLiteral(", ")).toHtmlEscaped())
                     : tr("%1 takes one of %2 values, weighted by their probabilities: %3")
                           .arg(name).arg(p.choices.size()).arg(values.join(QStringLiteral(", ")).toHtmlEscaped());
        break;
    }
    case Parameter::Type::Constant:
        sample = tr("%1 is always %2 (passed like any other parameter)").arg(name, paramValueToString(p.value).toHtmlEscaped());
        break;
    }
    if (p.isConditional())
        sample += tr("<br>It exists only in trials where %1 is %2.").arg(p.parent.toHtmlEscaped(), paramValueToString(p.parentValue).toHtmlEscaped());
    mSamplePreview->setText(sample);
}

} // namespace tunescope
