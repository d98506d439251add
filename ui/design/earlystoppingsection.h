#pragma once

#include "design/formsection.h"

#include <QVariantMap>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tunescope {

/// The "Early stopping" box: the pruner (early_terminate) and the settings of its type. Options
/// it has no field for (interval_steps, s, ...) are kept from the loaded spec while the type is.
class EarlyStoppingSection : public FormSection
{
    Q_OBJECT

public:
    explicit EarlyStoppingSection(QWidget *parent = nullptr);

    void load(const StudySpec &spec) override;
    void store(StudySpec &spec) const override;
    void check(QList<SpecIssue> &issues) const override;
    QHash<QString, QWidget *> fields() const override;

private:
    /// The early_terminate mapping the fields describe; fields that hold no number go to *issues.
    QVariantMap config(QList<SpecIssue> *issues) const;
    void updateRows();

    QVariantMap mLoaded; ///< early_terminate as loaded

    QComboBox *mType = nullptr;
    QFormLayout *mForm = nullptr;
    QLabel *mHelp = nullptr;
    QSpinBox *mStartup = nullptr;
    QSpinBox *mWarmup = nullptr;
    QSpinBox *mStartStep = nullptr; ///< medianstop
    QLineEdit *mMinResource = nullptr;
    QLineEdit *mMaxResource = nullptr;
    QLineEdit *mReduction = nullptr;
};

} // namespace tunescope
