#pragma once

#include "design/formsection.h"

#include <QMap>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace tunescope {

/// The "Warm start" box: other studies this one starts from (warm_start): the sources, one
/// DATABASE#STUDY a line, the mode (off, best first, prior observations) and top_k.
class WarmStartSection : public FormSection
{
    Q_OBJECT

public:
    explicit WarmStartSection(QWidget *parent = nullptr);

    void load(const StudySpec &spec) override;
    void store(StudySpec &spec) const override;
    QHash<QString, QWidget *> fields() const override;
    void setReadOnly(bool readOnly) override;

    /// New Study from This One: offers the study it was made from as the source (the mode
    /// stays as it is, off unless the spec had one, for the user to choose).
    void offerSource(const QString &source);

private:
    QStringList sources() const;
    void updateHelp();

    QComboBox *mMode = nullptr;
    QPlainTextEdit *mSources = nullptr;
    QSpinBox *mTopK = nullptr;
    /// warm_start.rename as loaded: the study file's to edit, kept through the form unchanged.
    QMap<QString, QString> mRename;
    QLabel *mHelp = nullptr;
    QString mOffered; ///< the source offerSource put in, named in the help text
};

} // namespace tunescope
