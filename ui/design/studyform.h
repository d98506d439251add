#pragma once

#include "space/studyspec.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QToolButton;

namespace tunescope {

class GpuDetector;

/// The Design tab: a study file as forms. General settings (program and command with a
/// preview of the exact argv, metric, method, early stopping (the pruner and its settings),
/// budget, parallel slots, timeout, repeats, GPUs) and the
/// search space as a parameter table with a per-type editor and a live preview of what will be
/// sampled.
///
/// Validation is the core's: the form writes the YAML that `tunescope run` would read, parses
/// it with parseStudySpec() (which runs SearchSpace::validate()) and maps each message's key
/// path ("parameters.lr.min: ...", "early_terminate.eta: ...") back to the widget to mark. Keys
/// the form has no widget for (description, backend, a pruner's rarer options, ...) are kept
/// from the loaded spec.
class StudyForm : public QWidget
{
    Q_OBJECT

public:
    explicit StudyForm(QWidget *parent = nullptr);
    ~StudyForm() override;

    void setSpec(const StudySpec &spec);
    /// The spec as the form shows it (may be invalid; see validate()).
    StudySpec spec() const;
    /// The YAML the form would save.
    QByteArray yaml() const;

    /// Validates now: returns the messages ("parameters.lr.min: must be > 0 ...") and marks the
    /// widgets they name; an empty list means `tunescope run` accepts the spec.
    QStringList validate();
    QStringList errors() const { return mErrors; }
    /// Whether a field (objectName, e.g. "program" or "param.min") is marked invalid now.
    bool isMarked(const QString &fieldName) const;

    void setReadOnly(bool readOnly); ///< while the study runs

    // --- for tests ---
    int parameterCount() const;
    void selectParameter(int row);
    int currentParameter() const;
    void addParameter(const QString &name);
    void removeParameter(int row);
    void moveParameter(int row, int delta);
    QString argvPreview() const;
    QString samplePreview() const;
    QString gridPreview() const;

signals:
    void changed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    /// What the user typed for one parameter; parsed into a Parameter on demand.
    struct ParamRow
    {
        QString name;
        Parameter::Type type = Parameter::Type::Float;
        QString min = QStringLiteral("0");
        QString max = QStringLiteral("1");
        QString step;
        bool log = false;
        QStringList values;
        QString constant;
    };

    QWidget *buildGeneral();
    QWidget *buildEarlyStopping();
    void loadEarlyStopping(const QVariantMap &config);
    QVariantMap earlyStopping(QStringList *errors) const;
    void updatePrunerRows();
    void layoutArgvPreview();
    QWidget *buildParameters();
    QWidget *buildEditor();
    void loadEditor();
    void storeEditor();
    void refreshTable();
    void refreshTableRow(int row);
    void onEdited();
    void updatePreviews();
    void updateMethodOptions();
    void applyMarks(const QStringList &errors);
    void fillGpus();
    Parameter toParameter(const ParamRow &row, QStringList *errors) const;
    static ParamRow fromParameter(const Parameter &p);

    StudySpec mBase;                ///< keys the form does not edit, kept as loaded
    QList<ParamRow> mParams;
    int mCurrent = -1;
    bool mLoading = false;
    bool mReadOnly = false;
    QStringList mErrors;
    QHash<QString, QString> mMarks; ///< field objectName -> message
    QTimer mValidateTimer;
    GpuDetector *mGpuDetector = nullptr;
    QList<int> mWantedGpus;         ///< from the spec, kept until detection finishes

    // General
    QLineEdit *mName = nullptr;
    QLineEdit *mProgram = nullptr;
    QLineEdit *mCommand = nullptr;
    QLabel *mArgvPreview = nullptr;
    QString mArgvText;              ///< the preview on one line (the label wraps it)
    QStringList mArgvArgs;          ///< its quoted arguments
    QLineEdit *mMetricName = nullptr;
    QComboBox *mGoal = nullptr;
    QComboBox *mMethod = nullptr;
    QLabel *mMethodHelp = nullptr;
    QSpinBox *mStartupTrials = nullptr;
    QLabel *mStartupLabel = nullptr;
    QSpinBox *mSeed = nullptr;
    QSpinBox *mBudget = nullptr;
    QSpinBox *mParallel = nullptr;
    QLineEdit *mTimeout = nullptr;
    QListWidget *mGpus = nullptr;
    QLabel *mGpuMessage = nullptr;
    QSpinBox *mTrialsPerGpu = nullptr;
    QSpinBox *mRepeats = nullptr;

    // Early stopping (early_terminate)
    QComboBox *mPrunerType = nullptr;
    QFormLayout *mPrunerForm = nullptr;
    QLabel *mPrunerHelp = nullptr;
    QSpinBox *mPrunerStartup = nullptr;
    QSpinBox *mPrunerWarmup = nullptr;
    QLineEdit *mPrunerMinResource = nullptr;
    QLineEdit *mPrunerMaxResource = nullptr;
    QLineEdit *mPrunerReduction = nullptr;

    // Parameters
    QTableWidget *mTable = nullptr;
    QToolButton *mAdd = nullptr;
    QToolButton *mRemove = nullptr;
    QToolButton *mUp = nullptr;
    QToolButton *mDown = nullptr;
    QLabel *mGridPreview = nullptr;

    // Editor of the current parameter
    QWidget *mEditor = nullptr;
    QLineEdit *mParamName = nullptr;
    QComboBox *mParamType = nullptr;
    QStackedWidget *mPages = nullptr;
    QLineEdit *mMin = nullptr;
    QLineEdit *mMax = nullptr;
    QLineEdit *mStep = nullptr;
    QCheckBox *mLog = nullptr;
    QListWidget *mValues = nullptr;
    QLineEdit *mConstant = nullptr;
    QLabel *mSamplePreview = nullptr;
    QLabel *mErrorList = nullptr;
};

} // namespace tunescope
