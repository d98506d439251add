#pragma once

#include "design/formsection.h"

#include <QStringList>

class QLineEdit;

namespace tunescope {

class CommandLineLabel;

/// The "Study" box: name, program and command, with the exact argv of an example trial.
class ProgramSection : public FormSection
{
    Q_OBJECT

public:
    explicit ProgramSection(QWidget *parent = nullptr);

    void load(const StudySpec &spec) override;
    void store(StudySpec &spec) const override;
    QHash<QString, QWidget *> fields() const override;

    /// Shows what an example trial runs: its argv, or why there is none.
    void showArgv(const QStringList &argv, const QString &why);
    QString argvPreview() const; ///< on one line

private:
    QLineEdit *mName = nullptr;
    QLineEdit *mProgram = nullptr;
    QLineEdit *mCommand = nullptr;
    CommandLineLabel *mArgvPreview = nullptr;
};

} // namespace tunescope
