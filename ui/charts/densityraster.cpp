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
    mLastX = mLastY = kNoPixel;
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
    // One pixel per column of a mostly horizontal segment (per row of a steep one), taken at
    // the column's centre: stepping by a fraction of a pixel instead would put two pixels into
    // some columns, the same columns for every curve (the steps share their x positions), and
    // draw faint vertical stripes through the density. 16.16 fixed point, shifted by a margin
    // so that truncation is floor.
    const bool xMajor = std::abs(p1.x() - p0.x()) >= std::abs(p1.y() - p0.y());
    const double u0 = xMajor ? p0.x() : p0.y(), u1 = xMajor ? p1.x() : p1.y();
    const double v0 = xMajor ? p0.y() : p0.x(), v1 = xMajor ? p1.y() : p1.x();
    constexpr int shift = 4;
    const int c0 = int(u0 + shift) - shift, c1 = int(u1 + shift) - shift;
    const int dir = c1 >= c0 ? 1 : -1;
    const double slope = u1 != u0 ? (v1 - v0) / (u1 - u0) : 0.0;
    const double uLo = std::min(u0, u1), uHi = std::max(u0, u1);
    const auto minorAt = [&](int c) { // the minor coordinate at the column's centre, within the segment
        return v0 + (std::clamp(c + 0.5, uLo, uHi) - u0) * slope;
    };
    const auto put = [&](int c, qint64 vFixed) {
        const int v = int(vFixed >> 16) - shift;
        mLastX = xMajor ? c : v;
        mLastY = xMajor ? v : c;
        plot(mLastX, mLastY);
    };
    constexpr double one = 65536.0;
    // The column (row) where the previous segment of the line ended has its pixel already: a
    // second one there, at the next segment's slope, would stripe the vertices' columns too.
    if (c0 != (xMajor ? mLastX : mLastY))
        put(c0, qint64((minorAt(c0) + shift) * one));
    if (c0 == c1)
        return;
    // Between the end columns the centres are whole steps apart: add the slope.
    qint64 v = qint64((minorAt(c0 + dir) + shift) * one);
    const qint64 dv = qint64(slope * dir * one);
    for (int c = c0 + dir; c != c1; c += dir) {
        put(c, v);
        v += dv;
    }
    put(c1, qint64((minorAt(c1) + shift) * one));
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
