#include "design/runonsection.h"

#include "common/safepath.h"
#include "design/commandlinelabel.h"
#include "execution/slurmclient.h"
#include "execution/slurmcommands.h"

#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tunescope {

RunOnSection::RunOnSection(QWidget *parent)
    : FormSection(parent)
{
    auto lineEdit = [this](const QString &name, const QString &placeholder, const QString &toolTip) {
        auto *e = new QLineEdit;
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        e->setToolTip(toolTip);
        connect(e, &QLineEdit::textEdited, this, &RunOnSection::notifyEdited);
        return e;
    };

    auto *box = new QGroupBox(tr("Run on"));
    auto *boxLayout = new QVBoxLayout(box);
    auto *top = new QFormLayout;
    top->setContentsMargins(0, 0, 0, 0);
    mBackend = new QComboBox;
    mBackend->setObjectName(QStringLiteral("backend"));
    mBackend->addItem(tr("This machine"), QStringLiteral("local"));
    mBackend->addItem(tr("Slurm cluster (one job per trial)"), QStringLiteral("slurm"));
    connect(mBackend, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        notifyEdited();
    });
    top->addRow(tr("Trials r&un on:"), mBackend);
    boxLayout->addLayout(top);

    // The Slurm fields live in a widget of their own that is shown or hidden as a whole:
    // hiding rows of a QFormLayout is what Qt 6.4 gets wrong (see formHintLabel).
    mSlurm = new QWidget;
    auto *form = new QFormLayout(mSlurm);
    form->setContentsMargins(0, 0, 0, 0);
    mPartition = lineEdit(QStringLiteral("backend.partition"), tr("the cluster's default"), tr("sbatch --partition"));
    form->addRow(tr("&Partition:"), mPartition);
    mTime = lineEdit(QStringLiteral("backend.time"), tr("the partition's default (e.g. 4:00:00, 2-00:00:00)"),
                     tr("sbatch --time: the job's time limit in Slurm's syntax (minutes, h:mm:ss, days-hh:mm:ss)"));
    form->addRow(tr("Time &limit:"), mTime);
    mGres = lineEdit(QStringLiteral("backend.gres"), tr("none (e.g. gpu:1)"),
                     tr("sbatch --gres: generic resources per job, e.g. gpu:1 or gpu:a100:2. The trial sees the GPUs "
                        "Slurm gives it in CUDA_VISIBLE_DEVICES."));
    form->addRow(tr("&GPUs (gres):"), mGres);
    mCpus = new QSpinBox;
    mCpus->setObjectName(QStringLiteral("backend.cpus_per_task"));
    mCpus->setRange(0, 100000);
    mCpus->setSpecialValueText(tr("Slurm's default"));
    mCpus->setToolTip(tr("sbatch --cpus-per-task"));
    connect(mCpus, &QSpinBox::valueChanged, this, &RunOnSection::notifyEdited);
    form->addRow(tr("&CPUs per trial:"), mCpus);
    mMem = lineEdit(QStringLiteral("backend.mem"), tr("the partition's default (e.g. 8G)"), tr("sbatch --mem: memory per job"));
    form->addRow(tr("&Memory:"), mMem);
    mAccount = lineEdit(QStringLiteral("backend.account"), tr("your default account"), tr("sbatch --account"));
    form->addRow(tr("&Account:"), mAccount);
    mQos = lineEdit(QStringLiteral("backend.qos"), tr("the default"), tr("sbatch --qos"));
    form->addRow(tr("&QoS:"), mQos);
    mConstraint = lineEdit(QStringLiteral("backend.constraint"), tr("none (e.g. a100&ib)"), tr("sbatch --constraint: node features"));
    form->addRow(tr("Co&nstraint:"), mConstraint);
    mExtra = lineEdit(QStringLiteral("backend.extra"), tr("e.g. --exclusive --nodelist=node1"),
                      tr("More sbatch options, separated by spaces (put one that contains spaces in double quotes). Options that have "
                         "a field above, and those Tunescope sets itself (output, job name, arrays), are refused."));
    form->addRow(tr("More &options:"), mExtra);
    mPreview = new CommandLineLabel;
    mPreview->setObjectName(QStringLiteral("sbatchPreview"));
    mPreview->setToolTip(tr("The first trial of the study is submitted with exactly this (no shell). ID is the study's "
                            "number in its database; trials that start together go out as one job array."));
    form->addRow(tr("Submits:"), mPreview);
    mHint = formHintLabel(mSlurm);
    mHint->setText(tr("The trial folders must be on a filesystem the compute nodes share: Tunescope follows each "
                      "job's output there. Jobs keep running when Tunescope closes; running the study again "
                      "re-attaches to them."));
    form->addRow(QString(), mHint);
    boxLayout->addWidget(mSlurm);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    updateVisibility();
}

void RunOnSection::load(const StudySpec &spec)
{
    mLoading = true;
    mBackend->setCurrentIndex(spec.backend.isSlurm() ? 1 : 0);
    const SlurmSettings &s = spec.backend.slurm;
    mPartition->setText(s.partition);
    mTime->setText(s.time);
    mGres->setText(s.gres);
    mCpus->setValue(s.cpusPerTask);
    mMem->setText(s.mem);
    mAccount->setText(s.account);
    mQos->setText(s.qos);
    mConstraint->setText(s.constraint);
    QStringList extra;
    for (const QString &option : s.extra)
        extra << commandFieldWord(option);
    mExtra->setText(extra.join(u' '));
    mLoading = false;
    updateVisibility();
}

void RunOnSection::store(StudySpec &spec) const
{
    spec.backend.type = mBackend->currentData().toString();
    if (!spec.backend.isSlurm()) {
        spec.backend.slurm = SlurmSettings(); // a local study carries no Slurm settings
        return;
    }
    // poll_interval and controller_timeout have no field: they stay as loaded.
    SlurmSettings &s = spec.backend.slurm;
    s.partition = mPartition->text().trimmed();
    s.time = mTime->text().trimmed();
    s.gres = mGres->text().trimmed();
    s.cpusPerTask = mCpus->value();
    s.mem = mMem->text().trimmed();
    s.account = mAccount->text().trimmed();
    s.qos = mQos->text().trimmed();
    s.constraint = mConstraint->text().trimmed();
    s.extra = QProcess::splitCommand(mExtra->text());
}

QHash<QString, QWidget *> RunOnSection::fields() const
{
    return {{QStringLiteral("backend"), mBackend},
            {QStringLiteral("backend.type"), mBackend},
            {QStringLiteral("backend.partition"), mPartition},
            {QStringLiteral("backend.time"), mTime},
            {QStringLiteral("backend.gres"), mGres},
            {QStringLiteral("backend.cpus_per_task"), mCpus},
            {QStringLiteral("backend.mem"), mMem},
            {QStringLiteral("backend.account"), mAccount},
            {QStringLiteral("backend.qos"), mQos},
            {QStringLiteral("backend.constraint"), mConstraint},
            {QStringLiteral("backend.extra"), mExtra}};
}

void RunOnSection::showSubmission(const StudySpec &spec)
{
    if (!spec.backend.isSlurm()) {
        mPreview->setArguments({});
        return;
    }
    // What the runner passes for the first trial of a new study: paths relative to --chdir
    // (the study file's folder), the study's id in its database and the submission's token
    // left as words.
    const QString folder = QStringLiteral("runs/%1-ID").arg(safePathComponent(spec.name));
    SlurmClient::Setup setup;
    setup.settings = spec.backend.slurm;
    setup.jobName = slurmJobName(spec.name, 0).chopped(1) + QStringLiteral("ID");
    setup.workingDirectory = spec.workingDirectory.isEmpty() ? QStringLiteral(".") : spec.workingDirectory;
    setup.logDirectory = folder + QStringLiteral("/slurm");
    const QStringList argv = SlurmClient::sbatchCommand(setup, folder + QStringLiteral("/trial-0000/job.sh"), QStringLiteral("tunescope-TOKEN"));
    QStringList shown;
    for (const QString &arg : argv)
        shown << shellWord(arg);
    mPreview->setArguments(shown);
}

QString RunOnSection::submissionPreview() const
{
    return mBackend->currentData().toString() == QLatin1String("slurm") ? mPreview->oneLine() : QString();
}

void RunOnSection::updateVisibility()
{
    mSlurm->setVisible(mBackend->currentData().toString() == QLatin1String("slurm"));
}

} // namespace tunescope
