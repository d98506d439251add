#include "charts/trialtooltip.h"
#include "trials/statetext.h"

#include "space/searchspace.h"
#include "common/trial.h"

#include <QCoreApplication>
#include <QPointF>
#include <QToolTip>
#include <QWidget>

namespace tunescope {

QStringList parameterTooltipLines(const QVariantMap &params)
{
    QStringList lines;
    for (auto p = params.cbegin(); p != params.cend(); ++p)
        lines << QStringLiteral("%1 = %2").arg(p.key().toHtmlEscaped(), paramValueToString(p.value()).toHtmlEscaped());
    return lines;
}

QString trialTooltipHeading(const Trial &trial, bool withState)
{
    const QString heading = QCoreApplication::translate("TrialTooltip", "<b>Trial %1</b>").arg(trial.number);
    return withState ? heading + QStringLiteral(" · ") + stateText(trial.state) : heading;
}

QStringList trialTooltipLines(const Trial &trial, bool withState)
{
    QStringList lines{trialTooltipHeading(trial, withState)};
    if (trial.value)
        lines << QCoreApplication::translate("TrialTooltip", "objective: %1").arg(*trial.value, 0, 'g', 6);
    return lines + parameterTooltipLines(trial.params);
}

void showTooltipLines(QWidget *widget, const QPointF &pos, const QStringList &lines)
{
    QToolTip::showText(widget->mapToGlobal(pos.toPoint()), lines.join(QStringLiteral("<br>")), widget);
}

} // namespace tunescope
