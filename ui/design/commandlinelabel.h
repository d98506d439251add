#pragma once

#include <QLabel>
#include <QStringList>

namespace tunescope {

/// An argument as a command field shows it: as it is, or double-quoted when it holds spaces or
/// quotes, the way QProcess::splitCommand() reads it back (a literal quote is written as three).
QString commandFieldWord(const QString &arg);

/// A command line shown as it runs: monospace, selectable, wrapped between arguments only
/// (QLabel's own word wrap also breaks "--lr=0.01" after its hyphens, which misreads as two
/// arguments).
class CommandLineLabel : public QLabel
{
    Q_OBJECT

public:
    explicit CommandLineLabel(QWidget *parent = nullptr);

    /// The arguments, each already written as it should read (quoted where needed).
    void setArguments(const QStringList &arguments);
    QString oneLine() const { return mArguments.join(QLatin1Char(' ')); }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayout();

    QStringList mArguments;
};

} // namespace tunescope
