#pragma once

#include <QStringList>
#include <QVariantMap>

class QPointF;
class QWidget;

namespace tunescope {

struct Trial;

/// "name = value" lines of a trial's parameters for a rich-text tooltip, names and values
/// HTML-escaped (a parameter named "<b>" shows as text). Shared by every chart's tooltip.
QStringList parameterTooltipLines(const QVariantMap &params);

/// "<b>Trial 7</b>", with " · complete" (its state) where asked: every trial tooltip's first line.
QString trialTooltipHeading(const Trial &trial, bool withState);

/// The tooltip of a trial drawn by its objective: heading, objective (when it has one) and
/// parameters.
QStringList trialTooltipLines(const Trial &trial, bool withState);

/// Shows lines as one rich-text tooltip at pos (widget coordinates) over widget.
void showTooltipLines(QWidget *widget, const QPointF &pos, const QStringList &lines);

} // namespace tunescope
