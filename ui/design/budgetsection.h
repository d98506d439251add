#pragma once

#include "design/formsection.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace tunescope {

class GpuDetector;

/// The "Budget and resources" box: trial budget, parallel slots, timeout, repeats, and the GPUs
/// of this machine (detected in the background) with the trials each may run.
class BudgetSection : public FormSection
{
    Q_OBJECT

public:
    explicit BudgetSection(QWidget *parent = nullptr);

    void load(const StudySpec &spec) override;
    void store(StudySpec &spec) const override;
    void check(QList<SpecIssue> &issues) const override;
    QHash<QString, QWidget *> fields() const override;
    void setReadOnly(bool readOnly) override;
    /// Whether trials run here (their GPUs are this machine's slots) or as Slurm jobs, which get
    /// theirs from Slurm: then the list is disabled and says where GPUs are asked for.
    void setLocalGpus(bool local);

private:
    void fillGpus();
    void showGpuMessage();
    void updateTrialsPerGpu();

    GpuDetector *mGpuDetector = nullptr;
    QList<int> mWantedGpus; ///< from the spec, kept until detection finishes
    bool mReadOnly = false;
    bool mLocalGpus = true;

    QSpinBox *mBudget = nullptr;
    QSpinBox *mParallel = nullptr;
    QLineEdit *mTimeout = nullptr;
    QLineEdit *mMaxDuration = nullptr;
    QCheckBox *mMaxDurationHard = nullptr;
    QSpinBox *mRepeats = nullptr;
    QListWidget *mGpus = nullptr;
    QLabel *mGpuMessage = nullptr;
    QSpinBox *mTrialsPerGpu = nullptr;
};

} // namespace tunescope
