#include "charts/trialtooltip.h"

#include "space/searchspace.h"

namespace tunescope {

QStringList parameterTooltipLines(const QVariantMap &params)
{
    QStringList lines;
    for (auto p = params.cbegin(); p != params.cend(); ++p)
        lines << QStringLiteral("%1 = %2").arg(p.key().toHtmlEscaped(), paramValueToString(p.value()).toHtmlEscaped());
    return lines;
}

} // namespace tunescope
