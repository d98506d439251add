#pragma once

#include "space/specissue.h"
#include "space/studyspec.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace tunescope {

class BudgetSection;
class EarlyStoppingSection;
class WarmStartSection;
class FormSection;
class MethodSection;
class ProgramSection;
class RunOnSection;
class SearchSpaceSection;

/// The Design tab: a study file as forms. General settings (program and command with a
/// preview of the exact argv, metric, method, early stopping (the pruner and its settings),
/// budget, parallel slots, timeout, repeats, GPUs, where trials run: this machine or Slurm,
/// with a preview of the sbatch command line) and the search space as a parameter table
/// with a per-type editor and a live preview of what will be sampled. Each part is a
/// FormSection; this class composes them and validates the whole.
///
/// Validation is the core's: the form writes the YAML that `tunescope run` would read, parses
/// it with parseStudySpec() (which runs SearchSpace::validate()) and marks the widget that edits
/// each issue's key path ("parameters.lr.min", "early_terminate.reduction_factor"), as the
/// sections name them. Keys the form has no widget for (description, a pruner's rarer options,
/// Slurm's poll interval, ...) are kept from the loaded spec.
class StudyForm : public QWidget
{
    Q_OBJECT

public:
    explicit StudyForm(QWidget *parent = nullptr);
    ~StudyForm() override;

    void setSpec(const StudySpec &spec);
    /// Offers a study to warm-start from (New Study from This One): "DATABASE#STUDY" in the
    /// warm-start box, its mode left to the user.
    void offerWarmStart(const QString &source);
    /// The spec as the form shows it (may be invalid; see validate()).
    StudySpec spec() const;
    /// The YAML the form would save.
    QByteArray yaml() const;

    /// Validates now: returns the messages ("parameters.lr.min: must be > 0 ...") and marks the
    /// widgets they name; an empty list means `tunescope run` accepts the spec.
    QStringList validate();
    QStringList errors() const { return mErrors; }
    /// The same problems as errors(), each with its key path.
    QList<SpecIssue> issues() const { return mIssues; }
    /// Whether a field (objectName, e.g. "program" or "param.min") is marked invalid now.
    bool isMarked(const QString &fieldName) const;
    /// The widget that edits a key path, or the one that edits the nearest path above it
    /// ("parameters.lr.values[2]" -> the value list, "early_terminate.s" -> the pruner); a
    /// parameter's fields only while it is selected. nullptr when the form shows none.
    QWidget *fieldFor(const QString &path) const;

    void setReadOnly(bool readOnly); ///< while the study runs

    // --- for tests ---
    int parameterCount() const;
    void selectParameter(int row);
    int currentParameter() const;
    void addParameter(const QString &name);
    void removeParameter(int row);
    void moveParameter(int row, int delta);
    QString argvPreview() const;
    QString sbatchPreview() const; ///< empty for a local study
    QString samplePreview() const;
    QString gridPreview() const;

signals:
    void changed();

private:
    void onEdited();
    void updatePreviews();
    void applyMarks();

    StudySpec mBase; ///< keys the form does not edit, kept as loaded
    QList<SpecIssue> mIssues;
    QStringList mErrors;            ///< mIssues as text
    QHash<QString, QString> mMarks; ///< field objectName -> message
    QTimer mValidateTimer;

    ProgramSection *mProgram = nullptr;
    MethodSection *mMethod = nullptr;
    EarlyStoppingSection *mEarlyStopping = nullptr;
    WarmStartSection *mWarmStart = nullptr;
    BudgetSection *mBudget = nullptr;
    RunOnSection *mRunOn = nullptr;
    SearchSpaceSection *mSpace = nullptr;
    QList<FormSection *> mSections; ///< all of the above, in the order their problems are listed
    QLabel *mErrorList = nullptr;
};

} // namespace tunescope
