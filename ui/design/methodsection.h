#pragma once

#include "design/formsection.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace tunescope {

/// The "Objective" and "Method" boxes: the metric and its goal, the sampler, its startup
/// trials (model-based samplers only), cost-aware search (bayes) and the seed.
class MethodSection : public FormSection
{
    Q_OBJECT

public:
    explicit MethodSection(QWidget *parent = nullptr);

    void load(const StudySpec &spec) override;
    void store(StudySpec &spec) const override;
    QHash<QString, QWidget *> fields() const override;

private:
    void updateMethodHelp();

    QLineEdit *mMetricName = nullptr;
    QComboBox *mGoal = nullptr;
    QComboBox *mMethod = nullptr;
    QLabel *mMethodHelp = nullptr;
    QSpinBox *mStartupTrials = nullptr;
    QLabel *mStartupLabel = nullptr;
    QSpinBox *mSeed = nullptr;
    QCheckBox *mCostAware = nullptr; ///< cost_aware, bayes and tpe
};

} // namespace tunescope
