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
    mPages->addWidget(categorical);
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

    mSamplePreview = formHintLabel(this);
    mSamplePreview->setObjectName(QStringLiteral("samplePreview"));
    layout->addWidget(mSamplePreview);

    for (QLineEdit *e : {mName, mMin, mMax, mStep, mConstant})
        connect(e, &QLineEdit::textEdited, this, &ParameterEditor::onEdited);
    connect(mLog, &QCheckBox::toggled, this, &ParameterEditor::onEdited);
    connect(mType, &QComboBox::currentIndexChanged, this, &ParameterEditor::onTypeChosen);
}

void ParameterEditor::setDraft(const ParameterDraft &draft)
{
    display(draft, true);
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
    mValues->clear();
    for (const QString &v : draft.values)
        addValue(mValues, v);
    mConstant->setText(draft.constant);
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
    for (int i = 0; i < mValues->count(); ++i)
        d.values << mValues->item(i)->text();
    d.constant = mConstant->text();
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
        sample = tr("%1 takes one of %2 values, each equally likely: %3")
                     .arg(name).arg(p.choices.size()).arg(values.join(QStringLiteral(", ")).toHtmlEscaped());
        break;
    }
    case Parameter::Type::Constant:
        sample = tr("%1 is always %2 (passed like any other parameter)").arg(name, paramValueToString(p.value).toHtmlEscaped());
        break;
    }
    mSamplePreview->setText(sample);
}

} // namespace tunescope
