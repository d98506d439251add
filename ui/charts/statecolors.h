#pragma once

#include "common/trial.h"

#include <QColor>

namespace tunescope {

/// The one place that decides how a trial state looks: charts, the trial table and the
/// status bar all use these, so a green dot means the same thing everywhere.
/// Chosen to stay apart for the common colour-vision deficiencies (blue/amber, not red/green
/// alone) and to read on a white background.
namespace StateColors {

inline QColor color(TrialState s)
{
    switch (s) {
    case TrialState::Waiting:  return QColor(0x9e, 0x9e, 0x9e); // grey
    case TrialState::Running:  return QColor(0x1f, 0x77, 0xb4); // blue
    case TrialState::Complete: return QColor(0x2e, 0x9e, 0x4f); // green
    case TrialState::Pruned:   return QColor(0xe6, 0x9f, 0x00); // amber
    case TrialState::Failed:   return QColor(0xd6, 0x27, 0x28); // red
    }
    return Qt::gray;
}

/// A light tint of color(s) for row backgrounds and dimmed curves.
inline QColor tint(TrialState s, int alpha = 48)
{
    QColor c = color(s);
    c.setAlpha(alpha);
    return c;
}

/// Colour of the best trial (curves, markers, table star): dark, so it stands out over
/// both the state colours and the colour map.
inline QColor best() { return QColor(0x11, 0x11, 0x11); }
/// Colour of the trial selected in the table.
inline QColor selected() { return QColor(0x7b, 0x1f, 0xa2); } // purple
/// Colour of the trial under the mouse.
inline QColor hovered() { return QColor(0xff, 0x57, 0x22); } // deep orange

} // namespace StateColors
} // namespace tunescope
