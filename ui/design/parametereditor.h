#pragma once

#include "design/parameterdraft.h"

#include <QGroupBox>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QStackedWidget;

namespace tunescope {

/// The "Parameter" box under the parameter table: name, type and a page per type (range and
/// step, values, or the constant), with a preview of what will be sampled.
class ParameterEditor : public QGroupBox
{
    Q_OBJECT

public:
    explicit ParameterEditor(QWidget *parent = nullptr);

    /// Shows a parameter; emits nothing.
    void setDraft(const ParameterDraft &draft);
    /// The choices a parameter may depend on (name and values, in the table's order), offered
    /// by "Only when".
    void setConditionChoices(const QList<QPair<QString, QStringList>> &choices);
    /// Shows no parameter (none is selected).
    void clear();
    ParameterDraft draft() const;
    /// The widget that edits each key path of the parameter shown ("parameters.lr.min" -> Min).
    QHash<QString, QWidget *> fields() const;
    QString samplePreview() const;
    void focusName();

signals:
    void edited();

private:
    void display(const ParameterDraft &draft, bool present);
    void onTypeChosen();
    void onPriorChosen();
    void onParentChosen();
    void showPriorFields();
    void onEdited();
    void updateSamplePreview();

    bool mPresent = false; ///< a parameter is shown
    bool mLoading = false;

    QLineEdit *mName = nullptr;
    QComboBox *mType = nullptr;
    QStackedWidget *mPages = nullptr;
    QLineEdit *mMin = nullptr;
    QLineEdit *mMax = nullptr;
    QLineEdit *mStep = nullptr;
    QCheckBox *mLog = nullptr;
    QComboBox *mPrior = nullptr;
    QComboBox *mRounding = nullptr;
    QLabel *mShapeLabel = nullptr;
    QStackedWidget *mShapes = nullptr;
    QLineEdit *mMu = nullptr;
    QLineEdit *mSigma = nullptr;
    QLineEdit *mAlpha = nullptr;
    QLineEdit *mBeta = nullptr;
    QListWidget *mValues = nullptr;
    QLineEdit *mProbabilities = nullptr;
    QLineEdit *mConstant = nullptr;
    QComboBox *mParent = nullptr;
    QComboBox *mParentValue = nullptr;
    QCheckBox *mNested = nullptr;
    QLabel *mSamplePreview = nullptr;
    QList<QPair<QString, QStringList>> mConditionChoices;
    QString mDistribution; ///< kept from the parameter shown (inv_log_uniform_values)
};

} // namespace tunescope
