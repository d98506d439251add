#pragma once

#include "design/formsection.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tunescope {

class CommandLineLabel;

/// The "Run on" box: this machine, or a Slurm cluster with each trial as one job, its sbatch
/// settings (partition, time, gres, CPUs, memory, account, QoS, constraint, more options) and
/// a live preview of the sbatch command line of a study's first trial.
class RunOnSection : public FormSection
{
    Q_OBJECT

public:
    explicit RunOnSection(QWidget *parent = nullptr);

    void load(const StudySpec &spec) override;
    void store(StudySpec &spec) const override;
    QHash<QString, QWidget *> fields() const override;

    /// Shows what submitting the first trial of this spec runs (hidden for local studies).
    void showSubmission(const StudySpec &spec);
    QString submissionPreview() const; ///< on one line; empty for local studies

private:
    void updateVisibility();

    QComboBox *mBackend = nullptr;
    QWidget *mSlurm = nullptr; ///< the Slurm fields, shown for backend slurm
    QLineEdit *mPartition = nullptr;
    QLineEdit *mTime = nullptr;
    QLineEdit *mGres = nullptr;
    QSpinBox *mCpus = nullptr;
    QLineEdit *mMem = nullptr;
    QLineEdit *mAccount = nullptr;
    QLineEdit *mQos = nullptr;
    QLineEdit *mConstraint = nullptr;
    QLineEdit *mExtra = nullptr;
    CommandLineLabel *mPreview = nullptr;
    QLabel *mHint = nullptr;
};

} // namespace tunescope
