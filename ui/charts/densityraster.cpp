#include "charts/densityraster.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace tunescope {

DensityRaster::DensityRaster(QSize pixels)
    : mWidth(std::max(0, pixels.width()))
    , mHeight(std::max(0, pixels.height()))
    , mCells(size_t(mWidth) * mHeight)
{
}

void DensityRaster::beginLine(float rank)
{
    ++mLine;
    mLineRank = rank;
}

inline void DensityRaster::plot(int x, int y)
{
    if (unsigned(x) >= unsigned(mWidth) || unsigned(y) >= unsigned(mHeight))
        return;
    Cell &cell = mCells[size_t(y) * mWidth + x];
    if (cell.stamp == mLine)
        return;
    cell.stamp = mLine;
    mMax = std::max(mMax, ++cell.count);
    cell.rank = std::max(cell.rank, mLineRank);
}

void DensityRaster::addSegment(QPointF a, QPointF b)
{
    if (isNull() || !std::isfinite(a.x()) || !std::isfinite(a.y()) || !std::isfinite(b.x()) || !std::isfinite(b.y()))
        return;
    // Clip to the raster's box (with a margin) so that a diverged value does not walk a
    // million pixels off-screen; segments inside it, nearly all, skip the arithmetic.
    const double lo = -2, hiX = mWidth + 2, hiY = mHeight + 2;
    QPointF p0 = a, p1 = b;
    const bool inside = a.x() >= lo && a.x() <= hiX && b.x() >= lo && b.x() <= hiX && a.y() >= lo && a.y() <= hiY
                        && b.y() >= lo && b.y() <= hiY;
    if (!inside) {
        double t0 = 0, t1 = 1;
        const double dx = b.x() - a.x(), dy = b.y() - a.y();
        const auto clip = [&](double p, double q) {
            if (p == 0)
                return q >= 0;
            const double r = q / p;
            if (p < 0) {
                if (r > t1)
                    return false;
                t0 = std::max(t0, r);
            } else {
                if (r < t0)
                    return false;
                t1 = std::min(t1, r);
            }
            return true;
        };
        if (!clip(-dx, a.x() - lo) || !clip(dx, hiX - a.x()) || !clip(-dy, a.y() - lo) || !clip(dy, hiY - a.y()))
            return;
        p0 = QPointF(a.x() + t0 * dx, a.y() + t0 * dy);
        p1 = QPointF(a.x() + t1 * dx, a.y() + t1 * dy);
    }
    // A DDA in 16.16 fixed point, shifted by the margin so that floor is a shift.
    constexpr double one = 65536.0;
    const double ex = p1.x() - p0.x(), ey = p1.y() - p0.y();
    const int steps = std::max(1, int(std::ceil(std::max(std::abs(ex), std::abs(ey)))));
    qint64 x = qint64((p0.x() + 4) * one), y = qint64((p0.y() + 4) * one);
    const qint64 sx = qint64(ex / steps * one), sy = qint64(ey / steps * one);
    for (int i = 0; i <= steps; ++i) {
        plot(int(x >> 16) - 4, int(y >> 16) - 4);
        x += sx;
        y += sy;
    }
}

QImage DensityRaster::toImage(const std::function<QRgb(quint32 count, float rank)> &colorOf) const
{
    QImage image(mWidth, mHeight, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    // Colours depend on a handful of distinct counts and rank levels: cache them.
    QHash<quint64, QRgb> cache;
    for (int y = 0; y < mHeight; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        const size_t row = size_t(y) * mWidth;
        for (int x = 0; x < mWidth; ++x) {
            const Cell &cell = mCells[row + x];
            const quint32 c = cell.count;
            if (c == 0)
                continue;
            const quint32 level = quint32(std::clamp(cell.rank, 0.0f, 1.0f) * 255.0f);
            const quint64 key = (quint64(c) << 8) | level;
            auto it = cache.constFind(key);
            if (it == cache.cend())
                it = cache.insert(key, colorOf(c, level / 255.0f));
            line[x] = *it;
        }
    }
    return image;
}

} // namespace tunescope
