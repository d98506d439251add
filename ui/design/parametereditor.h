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
    QListWidget *mValues = nullptr;
    QLineEdit *mConstant = nullptr;
    QLabel *mSamplePreview = nullptr;
};

} // namespace tunescope
