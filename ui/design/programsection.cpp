#include "design/programsection.h"

#include <QEvent>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace tunescope {

namespace {

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
    mArgvPreview = new QLabel;
    mArgvPreview->setObjectName(QStringLiteral("argvPreview"));
    // Wrapped by layoutArgvPreview() between arguments only: QLabel's own word wrap also
    // breaks "--lr=0.01" after its hyphens, which misreads as two arguments.
    mArgvPreview->setTextFormat(Qt::PlainText);
    mArgvPreview->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    mArgvPreview->installEventFilter(this);
    mArgvPreview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mArgvPreview->setToolTip(tr("Trial 0 with every parameter at the middle of its range runs exactly this "
                                "(one argument per item, no shell)."));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mArgvPreview->setFont(mono);
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
        quoted << quoteArg(arg);
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
        mArgvText = why.isEmpty() ? tr("(nothing to run)") : why;
        mArgvArgs = {mArgvText};
    } else {
        QStringList shown;
        for (const QString &a : argv)
            shown << quoteArg(a);
        mArgvText = shown.join(QLatin1Char(' '));
        mArgvArgs = shown;
    }
    layoutArgvPreview();
}

bool ProgramSection::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == mArgvPreview && event->type() == QEvent::Resize)
        layoutArgvPreview();
    return FormSection::eventFilter(watched, event);
}

void ProgramSection::layoutArgvPreview()
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

} // namespace tunescope
