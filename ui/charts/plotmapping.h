#pragma once

#include <QPointF>
#include <QRectF>

namespace tunescope {

/// Axis ranges and plot area of a Qt Charts chart, data -> chart coordinates, for the
/// graphics items that draw many trials at once under its series (CurvesLayer, PointsLayer).
struct PlotMapping
{
    QRectF area;
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    bool logY = false;

    bool valid() const { return area.width() > 1 && area.height() > 1 && x1 > x0 && y1 > y0; }
    double fy(double y) const;          ///< y on the axis' scale (log10 on a log axis, NaN if <= 0)
    QPointF map(double x, double y) const;
    bool operator==(const PlotMapping &o) const = default;
};

} // namespace tunescope
