#include "charts/colormap.h"

#include <algorithm>
#include <array>

namespace tunescope {

namespace {
// matplotlib's viridis sampled at t = 0, 1/8, ..., 1 (sRGB).
constexpr std::array<std::array<int, 3>, 9> viridisStops{{
    {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
    {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
}};
} // namespace

QColor ColorMap::viridis(double t)
{
    if (std::isnan(t))
        return {};
    t = std::clamp(t, 0.0, 1.0);
    const double x = t * (viridisStops.size() - 1);
    const int i = std::min(int(x), int(viridisStops.size()) - 2);
    const double f = x - i;
    const auto &a = viridisStops[i];
    const auto &b = viridisStops[i + 1];
    auto mix = [f](int u, int v) { return int(std::lround(u + (v - u) * f)); };
    return QColor(mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]));
}

QColor ColorMap::objective(double value, double lo, double hi, bool maximize)
{
    if (!std::isfinite(value))
        return {};
    double t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
    if (!maximize)
        t = 1.0 - t; // the best (lowest) value gets the brightest colour
    return viridis(t);
}

} // namespace tunescope
