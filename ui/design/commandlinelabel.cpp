#include "design/commandlinelabel.h"

#include <QFontMetrics>
#include <QRegularExpression>

namespace tunescope {

QString commandFieldWord(const QString &arg)
{
    if (!arg.isEmpty() && !arg.contains(QRegularExpression(QStringLiteral("[\\s\"]"))))
        return arg;
    QString quoted = arg;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

CommandLineLabel::CommandLineLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    setFont(mono);
}

void CommandLineLabel::setArguments(const QStringList &arguments)
{
    mArguments = arguments;
    relayout();
}

void CommandLineLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    relayout();
}

void CommandLineLabel::relayout()
{
    const int width = contentsRect().width() > 40 ? contentsRect().width() : 360;
    const QFontMetrics metrics(font());
    QStringList lines;
    QString line;
    for (const QString &arg : std::as_const(mArguments)) {
        const QString longer = line.isEmpty() ? arg : line + QLatin1Char(' ') + arg;
        if (!line.isEmpty() && metrics.horizontalAdvance(longer) > width) {
            lines << line;
            line = arg;
        } else {
            line = longer;
        }
    }
    if (!line.isEmpty())
        lines << line;
    const QString wrapped = lines.join(QLatin1Char('\n'));
    if (wrapped != text())
        setText(wrapped);
}

} // namespace tunescope
