#pragma once

#include <QStringList>
#include <QVariantMap>

namespace tunescope {

/// "name = value" lines of a trial's parameters for a rich-text tooltip, names and values
/// HTML-escaped (a parameter named "<b>" shows as text). Shared by every chart's tooltip.
QStringList parameterTooltipLines(const QVariantMap &params);

} // namespace tunescope
