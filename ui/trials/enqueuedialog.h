#pragma once

#include "space/studyspec.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QLabel;

namespace tunescope {

/// "Run Again with Changes…" and "Enqueue…": one field per parameter, filled from a trial or
/// empty, checked against the study's space as the user types (the parameter and what is
/// wrong), with values outside the space only when the box is ticked.
class EnqueueDialog : public QDialog
{
    Q_OBJECT

public:
    EnqueueDialog(const StudySpec &spec, const QVariantMap &params, QWidget *parent = nullptr);

    /// The parameters as typed (a parameter left empty is not given).
    QVariantMap params() const;
    bool allowOutOfSpace() const;
    /// Sets a field's text, as a user would type it (for tests).
    void setText(const QString &parameter, const QString &text);
    QString problems() const; ///< what keeps OK disabled; empty when none

private:
    void check();

    StudySpec mSpec;
    QHash<QString, QWidget *> mFields; ///< QLineEdit or editable QComboBox per parameter
    QCheckBox *mOutOfSpace = nullptr;
    QLabel *mProblems = nullptr;
    QPushButton *mOk = nullptr;
};

} // namespace tunescope
