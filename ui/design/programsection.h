#pragma once

#include "design/formsection.h"

#include <QStringList>

class QLabel;
class QLineEdit;

namespace tunescope {

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
    QString argvPreview() const { return mArgvText; } ///< on one line

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void layoutArgvPreview();

    QLineEdit *mName = nullptr;
    QLineEdit *mProgram = nullptr;
    QLineEdit *mCommand = nullptr;
    QLabel *mArgvPreview = nullptr;
    QString mArgvText;     ///< the preview on one line (the label wraps it)
    QStringList mArgvArgs; ///< its quoted arguments
};

} // namespace tunescope
