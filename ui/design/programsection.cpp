#include "design/programsection.h"

#include "design/commandlinelabel.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QProcess>
#include <QVBoxLayout>

namespace tunescope {

namespace {

QStringList wandbDefaultCommand()
{
    return {QStringLiteral("${env}"), QStringLiteral("${interpreter}"), QStringLiteral("${program}"), QStringLiteral("${args}")};
}

} // namespace

ProgramSection::ProgramSection(QWidget *parent)
    : FormSection(parent)
{
    auto lineEdit = [this](const QString &name, const QString &placeholder) {
        auto *e = new QLineEdit;
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        connect(e, &QLineEdit::textEdited, this, &ProgramSection::notifyEdited);
        return e;
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
    mArgvPreview = new CommandLineLabel;
    mArgvPreview->setObjectName(QStringLiteral("argvPreview"));
    mArgvPreview->setToolTip(tr("Trial 0 with every parameter at the middle of its range runs exactly this "
                                "(one argument per item, no shell)."));
    studyForm->addRow(tr("Runs:"), mArgvPreview);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(study);
}

void ProgramSection::load(const StudySpec &spec)
{
    mLoading = true;
    mName->setText(spec.name);
    mProgram->setText(spec.program);
    QStringList quoted;
    for (const QString &arg : spec.effectiveCommand())
        quoted << commandFieldWord(arg);
    mCommand->setText(quoted.join(QLatin1Char(' ')));
    mLoading = false;
}

void ProgramSection::store(StudySpec &spec) const
{
    spec.name = mName->text().trimmed();
    spec.program = mProgram->text().trimmed();
    const QStringList command = QProcess::splitCommand(mCommand->text());
    spec.command = command == wandbDefaultCommand() ? QStringList() : command;
}

QHash<QString, QWidget *> ProgramSection::fields() const
{
    return {{QStringLiteral("name"), mName}, {QStringLiteral("program"), mProgram}, {QStringLiteral("command"), mCommand}};
}

void ProgramSection::showArgv(const QStringList &argv, const QString &why)
{
    if (argv.isEmpty()) {
        mArgvPreview->setArguments({why.isEmpty() ? tr("(nothing to run)") : why});
        return;
    }
    QStringList shown;
    for (const QString &a : argv)
        shown << commandFieldWord(a);
    mArgvPreview->setArguments(shown);
}

QString ProgramSection::argvPreview() const
{
    return mArgvPreview->oneLine();
}

} // namespace tunescope
