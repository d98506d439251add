#pragma once

#include <QImage>
#include <QPointF>
#include <QSize>

#include <functional>
#include <limits>
#include <vector>

namespace tunescope {

/// How many lines pass through each pixel of a plot, and the highest rank among them: what
/// the validation curves (density mode) and the parallel coordinates draw when there are too
/// many lines for each to be seen.
///
/// Lines are rasterized by a simple DDA into integer counts, each pixel counted once per line
/// however often the line passes it (a stamp per pixel remembers the last line), so a count
/// reads "this many trials went through here". 10,000 lines of ~1,500 pixels take a few tens of
/// milliseconds; adding a line later costs that line only.
class DensityRaster
{
public:
    DensityRaster() = default;
    explicit DensityRaster(QSize pixels);

    QSize size() const { return {mWidth, mHeight}; }
    bool isNull() const { return mWidth <= 0 || mHeight <= 0; }

    /// Starts the next line: its pixels count once each; `rank` in [0, 1] (higher is better).
    void beginLine(float rank = 0.0f);
    /// Adds a segment of the current line, in pixel coordinates (anything outside is clipped).
    void addSegment(QPointF a, QPointF b);

    quint32 count(int x, int y) const { return mCells[size_t(y) * mWidth + x].count; }
    float rank(int x, int y) const { return mCells[size_t(y) * mWidth + x].rank; }
    quint32 maxCount() const { return mMax; }
    qsizetype lines() const { return qsizetype(mLine); }

    /// An image of the raster: each pixel's colour from its count and rank (transparent where
    /// no line passed); `colorOf` is called once per distinct (count, rank level) at most.
    QImage toImage(const std::function<QRgb(quint32 count, float rank)> &colorOf) const;

private:
    void plot(int x, int y);

    /// One pixel; its fields side by side, so that counting it touches one cache line.
    struct Cell
    {
        quint32 count = 0;
        quint32 stamp = 0;  ///< the line that last counted the pixel (1-based)
        float rank = -1.0f;
    };

    int mWidth = 0;
    int mHeight = 0;
    std::vector<Cell> mCells;
    quint32 mLine = 0;
    float mLineRank = 0.0f;
    quint32 mMax = 0;
    static constexpr int kNoPixel = std::numeric_limits<int>::min();
    int mLastX = kNoPixel; ///< the last pixel the current line put (off the raster too)
    int mLastY = kNoPixel;
};

} // namespace tunescope
