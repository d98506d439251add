#include "design/studyform.h"

#include "design/budgetsection.h"
#include "design/earlystoppingsection.h"
#include "design/methodsection.h"
#include "design/programsection.h"
#include "design/runonsection.h"
#include "design/searchspacesection.h"
#include "design/warmstartsection.h"
#include "execution/trialcommand.h"

#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSet>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace tunescope {

namespace {

const QString sourceName = QStringLiteral("form");

/// TrialCommand reports why a command does not expand as text led by the key at fault
/// ("command: unknown macro ${x} ...", "program: missing ...").
SpecIssue commandIssue(const QString &why)
{
    for (const QString &key : {QStringLiteral("command"), QStringLiteral("program")}) {
        if (why.startsWith(key + QStringLiteral(": ")))
            return SpecIssue{key, why.mid(key.size() + 2)};
    }
    return SpecIssue{QStringLiteral("command"), why.isEmpty() ? StudyForm::tr("expands to nothing") : why};
}

} // namespace

StudyForm::StudyForm(QWidget *parent)
    : QWidget(parent)
{
    mProgram = new ProgramSection;
    mMethod = new MethodSection;
    mEarlyStopping = new EarlyStoppingSection;
    mWarmStart = new WarmStartSection;
    mBudget = new BudgetSection;
    mRunOn = new RunOnSection;
    mSpace = new SearchSpaceSection;
    mSections = {mSpace, mBudget, mRunOn, mEarlyStopping, mProgram, mMethod, mWarmStart};
    for (FormSection *section : std::as_const(mSections))
        connect(section, &FormSection::edited, this, &StudyForm::onEdited);
    connect(mSpace, &SearchSpaceSection::currentParameterChanged, this, &StudyForm::applyMarks);

    auto *general = new QWidget;
    auto *generalLayout = new QVBoxLayout(general);
    generalLayout->setContentsMargins(0, 0, 6, 0);
    generalLayout->addWidget(mProgram);
    generalLayout->addWidget(mMethod);
    generalLayout->addWidget(mEarlyStopping);
    generalLayout->addWidget(mBudget);
    generalLayout->addWidget(mRunOn);
    generalLayout->addWidget(mWarmStart);
    generalLayout->addStretch(1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    auto *generalScroll = new QScrollArea(splitter);
    generalScroll->setWidgetResizable(true);
    generalScroll->setFrameShape(QFrame::NoFrame);
    generalScroll->setWidget(general);
    splitter->addWidget(generalScroll);
    splitter->addWidget(mSpace);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    // Two parts to three, the form column no narrower than its widest row wherever the
    // window allows: by the scroll area's own size hint it got less and scrolled sideways at
    // 1280 px, cutting every field and help text. (Sizes are weights until laid out.)
    const int formWidth = general->minimumSizeHint().width() + generalScroll->verticalScrollBar()->sizeHint().width();
    splitter->setSizes({formWidth, formWidth * 3 / 2});

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

void StudyForm::setSpec(const StudySpec &spec)
{
    mBase = spec;
    for (FormSection *section : std::as_const(mSections))
        section->load(spec);
    validate();
}

void StudyForm::offerWarmStart(const QString &source)
{
    mWarmStart->offerSource(source);
}

StudySpec StudyForm::spec() const
{
    StudySpec spec = mBase;
    for (const FormSection *section : mSections)
        section->store(spec);
    return spec;
}

QByteArray StudyForm::yaml() const
{
    return studySpecToYaml(spec());
}

QStringList StudyForm::validate()
{
    mValidateTimer.stop();
    QList<SpecIssue> issues;
    for (const FormSection *section : std::as_const(mSections))
        section->check(issues);

    const StudySpec current = spec();
    // What the YAML cannot carry (a negative step is not written out) is caught on the space itself.
    for (const SpecIssue &issue : current.space.validate()) {
        if (!issues.contains(issue))
            issues << issue;
    }
    const SpecLoadResult parsed = parseStudySpec(studySpecToYaml(current), sourceName);
    QSet<QString> parametersWithIssues;
    for (const SpecIssue &issue : std::as_const(issues)) {
        if (const auto name = mSpace->parameterAt(issue.path))
            parametersWithIssues.insert(*name);
    }
    for (const SpecIssue &issue : parsed.issues) {
        if (!issue.isError())
            continue;
        // A field the form already rejected as text would only give a follow-up error here.
        const auto name = mSpace->parameterAt(issue.path);
        if (name && parametersWithIssues.contains(*name))
            continue;
        if (!issues.contains(issue))
            issues << issue;
    }
    if (parsed.spec) {
        // The argv preview is the other half of "what will run": an unknown macro is an error.
        QString why;
        TrialContext ctx;
        ctx.study = current.name;
        ctx.params = parsed.spec->space.decode(std::vector<double>(size_t(parsed.spec->space.dimension()), 0.5));
        if (TrialCommand(*parsed.spec).argv(ctx, &why).isEmpty())
            issues << commandIssue(why);
        if (current.method == QLatin1String("grid")) {
            SpecIssue whyNot;
            if (!parsed.spec->space.gridSize(&whyNot))
                issues << whyNot;
        }
    }
    mIssues = issues;
    mErrors.clear();
    for (const SpecIssue &issue : std::as_const(mIssues))
        mErrors << formatSpecIssue(issue);
    applyMarks();
    updatePreviews();
    return mErrors;
}

QWidget *StudyForm::fieldFor(const QString &path) const
{
    if (path.startsWith(QLatin1String("parameters."))) {
        const auto name = mSpace->parameterAt(path);
        if (!name || name != mSpace->currentName())
            return nullptr;
    }
    QHash<QString, QWidget *> fields;
    for (const FormSection *section : std::as_const(mSections))
        fields.insert(section->fields());
    // Up one key or index at a time: "parameters.lr.values[2]" -> "parameters.lr.values" -> "parameters.lr".
    QString at = path;
    while (!at.isEmpty()) {
        if (QWidget *w = fields.value(at))
            return w;
        const qsizetype bracket = at.lastIndexOf(u'[');
        if (at.endsWith(u']') && bracket > 0)
            at.truncate(bracket);
        else if (const qsizetype dot = at.lastIndexOf(u'.'); dot >= 0)
            at.truncate(dot);
        else
            break;
    }
    return nullptr;
}

void StudyForm::applyMarks()
{
    const auto append = [](QString &to, const QString &line) {
        to += (to.isEmpty() ? QString() : QStringLiteral("\n")) + line;
    };
    QHash<QString, QString> marks;    // field objectName -> message
    QHash<QString, QString> problems; // parameter name -> its issues
    for (const SpecIssue &issue : std::as_const(mIssues)) {
        QStringList names;
        QList<QWidget *> widgets;
        for (const QString &path : issue.fieldPaths()) {
            // A parameter's fields are on screen only while it is selected; its row always is.
            if (const auto name = mSpace->parameterAt(path); name && !names.contains(*name))
                names << *name;
            if (QWidget *w = fieldFor(path); w && !widgets.contains(w))
                widgets << w;
        }
        for (const QString &name : std::as_const(names))
            append(problems[name], formatSpecIssue(issue));
        for (QWidget *w : std::as_const(widgets))
            append(marks[w->objectName()], issue.message);
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
                                 .arg(QLatin1String(w->metaObject()->className()), formErrorColor().name()));
        } else {
            w->setToolTip(w->property("normalToolTip").toString());
            w->setStyleSheet(QString());
        }
    }
    mMarks = marks;
    mSpace->setProblems(problems);

    if (mErrors.isEmpty()) {
        mErrorList->setText(tr("<span style='color:#2e9e4f'>&#10003;</span> The study is valid: "
                               "<tt>tunescope run</tt> accepts what this form saves."));
    } else {
        QStringList items;
        for (const QString &e : mErrors.mid(0, 6))
            items << e.toHtmlEscaped();
        if (mErrors.size() > 6)
            items << tr("… and %1 more").arg(mErrors.size() - 6);
        mErrorList->setText(QStringLiteral("<span style='color:%1'><b>%2</b><br>&bull; %3</span>")
                                .arg(formErrorColor().name(),
                                     tr("%n problem(s) to fix before the study can run:", nullptr, int(mErrors.size())),
                                     items.join(QStringLiteral("<br>&bull; "))));
    }
}

bool StudyForm::isMarked(const QString &fieldName) const
{
    return mMarks.contains(fieldName);
}

void StudyForm::onEdited()
{
    updatePreviews();
    mValidateTimer.start();
    emit changed();
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
    mProgram->showArgv(TrialCommand(current).argv(ctx, &why), why);
    mRunOn->showSubmission(current);
    mBudget->setLocalGpus(!current.backend.isSlurm());

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
            gridText = tr("<span style='color:%1'>No grid: %2</span>")
                           .arg(formErrorColor().name(), formatSpecIssue(whyNot).toHtmlEscaped());
        }
    } else {
        gridText = tr("%n dimension(s) searched", nullptr, current.space.dimension());
    }
    mSpace->setGridPreview(gridText);
}

void StudyForm::setReadOnly(bool readOnly)
{
    for (FormSection *section : std::as_const(mSections))
        section->setReadOnly(readOnly);
}

int StudyForm::parameterCount() const
{
    return mSpace->parameterCount();
}

void StudyForm::selectParameter(int row)
{
    mSpace->selectParameter(row);
}

int StudyForm::currentParameter() const
{
    return mSpace->currentParameter();
}

void StudyForm::addParameter(const QString &name)
{
    mSpace->addParameter(name);
}

void StudyForm::removeParameter(int row)
{
    mSpace->removeParameter(row);
}

void StudyForm::moveParameter(int row, int delta)
{
    mSpace->moveParameter(row, delta);
}

QString StudyForm::argvPreview() const
{
    return mProgram->argvPreview();
}

QString StudyForm::sbatchPreview() const
{
    return mRunOn->submissionPreview();
}

QString StudyForm::samplePreview() const
{
    return mSpace->samplePreview();
}

QString StudyForm::gridPreview() const
{
    return mSpace->gridPreview();
}

} // namespace tunescope
