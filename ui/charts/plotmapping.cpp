#include "charts/plotmapping.h"

#include <cmath>
#include <limits>

namespace tunescope {

double PlotMapping::fy(double y) const
{
    return logY ? (y > 0 ? std::log10(y) : std::numeric_limits<double>::quiet_NaN()) : y;
}

QPointF PlotMapping::map(double x, double y) const
{
    const double fy0 = fy(y0), fy1 = fy(y1);
    return {area.left() + (x - x0) / (x1 - x0) * area.width(),
            area.bottom() - (fy(y) - fy0) / (fy1 - fy0) * area.height()};
}

} // namespace tunescope
