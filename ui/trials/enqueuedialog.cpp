#include "trials/enqueuedialog.h"

#include "execution/studysteering.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tunescope {

namespace {

QString fieldText(const QWidget *field)
{
    if (const auto *combo = qobject_cast<const QComboBox *>(field))
        return combo->currentText();
    return static_cast<const QLineEdit *>(field)->text();
}

} // namespace

EnqueueDialog::EnqueueDialog(const StudySpec &spec, const QVariantMap &params, QWidget *parent)
    : QDialog(parent)
    , mSpec(spec)
{
    setWindowTitle(tr("Enqueue a Trial"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Queued trials run before the sampler's, in the order queued, and count towards the budget."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    for (const Parameter &p : mSpec.space.parameters()) {
        const QString text = params.contains(p.name) ? paramValueToString(params.value(p.name)) : QString();
        QWidget *field = nullptr;
        if (p.type == Parameter::Type::Categorical) {
            auto *combo = new QComboBox(this);
            combo->setEditable(true); // a value outside the choices, with the box below ticked
            for (const QVariant &choice : p.choices)
                combo->addItem(paramValueToString(choice));
            combo->setCurrentText(text);
            connect(combo, &QComboBox::currentTextChanged, this, &EnqueueDialog::check);
            field = combo;
        } else {
            auto *edit = new QLineEdit(text, this);
            if (p.isNumeric())
                edit->setPlaceholderText(QStringLiteral("%1 … %2").arg(paramValueToString(p.low), paramValueToString(p.high)));
            connect(edit, &QLineEdit::textChanged, this, &EnqueueDialog::check);
            field = edit;
        }
        field->setObjectName(p.name);
        mFields.insert(p.name, field);
        form->addRow(p.name, field);
    }
    layout->addLayout(form);
    mOutOfSpace = new QCheckBox(tr("Allow values outside the search space (the trial is marked; samplers ignore it)"), this);
    connect(mOutOfSpace, &QCheckBox::toggled, this, &EnqueueDialog::check);
    layout->addWidget(mOutOfSpace);
    mProblems = new QLabel(this);
    mProblems->setWordWrap(true);
    mProblems->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(mProblems);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    mOk = buttons->button(QDialogButtonBox::Ok);
    mOk->setText(tr("Enqueue"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    check();
}

QVariantMap EnqueueDialog::params() const
{
    QStringList assignments;
    for (auto it = mFields.cbegin(); it != mFields.cend(); ++it) {
        const QString text = fieldText(it.value()).trimmed();
        if (!text.isEmpty())
            assignments << it.key() + u'=' + text;
    }
    QString error;
    return paramsFromAssignments(mSpec.space, assignments, &error).value_or(QVariantMap());
}

bool EnqueueDialog::allowOutOfSpace() const
{
    return mOutOfSpace->isChecked();
}

void EnqueueDialog::setText(const QString &parameter, const QString &text)
{
    if (auto *combo = qobject_cast<QComboBox *>(mFields.value(parameter)))
        combo->setCurrentText(text);
    else if (auto *edit = qobject_cast<QLineEdit *>(mFields.value(parameter)))
        edit->setText(text);
}

QString EnqueueDialog::problems() const
{
    return mProblems->text();
}

void EnqueueDialog::check()
{
    const CheckedParams checked = checkParams(mSpec.space, params(), allowOutOfSpace());
    // Core messages stay English, as on the command line; they name the parameter.
    mProblems->setText(formatSpecIssues(checked.issues, SpecIssue::Severity::Error).join(u'\n'));
    for (auto it = mFields.cbegin(); it != mFields.cend(); ++it) {
        const bool bad = std::any_of(checked.issues.begin(), checked.issues.end(), [&](const SpecIssue &issue) {
            return issue.isError() && issue.path == mSpec.space.find(it.key())->keyPath();
        });
        it.value()->setStyleSheet(bad ? QStringLiteral("border: 1px solid #b00020;") : QString());
    }
    mOk->setEnabled(checked.ok());
}

} // namespace tunescope
