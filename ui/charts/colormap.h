#pragma once

#include <QColor>

#include <cmath>

namespace tunescope {

/// Viridis, the perceptually uniform colour map of matplotlib: lightness rises monotonically
/// from dark purple to yellow, so a value's rank reads the same in colour and in grey print.
/// Stored as 9 evenly spaced stops and interpolated linearly in between (the curve is smooth
/// enough that the error against the 256-entry table stays below 2/255 per channel).
class ColorMap
{
public:
    /// Colour at t in [0, 1] (clamped); NaN gives an invalid QColor (draw nothing).
    static QColor viridis(double t);
    /// viridis(t) with t mapped so that the better end is always bright yellow.
    static QColor objective(double value, double lo, double hi, bool maximize);
};

} // namespace tunescope
