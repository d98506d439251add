#include "charts/markerstamp.h"

#include <QPaintEngine>
#include <QPainter>
#include <QPolygonF>

#include <cmath>

namespace tunescope {

namespace {

void drawShape(QPainter &p, MarkerStamp::Shape shape, const QRectF &box)
{
    switch (shape) {
    case MarkerStamp::Shape::Circle:
        p.drawEllipse(box);
        break;
    case MarkerStamp::Shape::Square:
        p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
        break;
    case MarkerStamp::Shape::Triangle:
        p.drawPolygon(QPolygonF{{box.center().x(), box.top()}, box.bottomRight(), box.bottomLeft()});
        break;
    }
}

void setStyle(QPainter &p, const QColor &fill, const QColor &border, double borderWidth, double size)
{
    // A dot of three pixels gains nothing from antialiasing but noise (and megabytes in a
    // report's PNG of 10,000 of them).
    p.setRenderHint(QPainter::Antialiasing, size >= 4);
    p.setPen(border.isValid() ? QPen(border, borderWidth) : QPen(Qt::NoPen));
    p.setBrush(fill);
}

} // namespace

MarkerStamp::MarkerStamp(QPainter *painter)
    : mPainter(painter)
{
    mRaster = painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::Raster;
    mDpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
}

void MarkerStamp::draw(const QPointF &at, Shape shape, double size, const QColor &fill, const QColor &border,
                       double borderWidth)
{
    const QRectF box(at.x() - size / 2, at.y() - size / 2, size, size);
    if (!mRaster) {
        mPainter->save();
        setStyle(*mPainter, fill, border, borderWidth, size);
        drawShape(*mPainter, shape, box);
        mPainter->restore();
        return;
    }
    const Key key{int(shape), int(std::lround(size * 10)), fill.rgba(), border.isValid() ? border.rgba() : 0,
                  int(std::lround(borderWidth * 10))};
    auto it = mPixmaps.find(key);
    if (it == mPixmaps.end()) {
        const int side = int(std::ceil(size + 2 * borderWidth + 2));
        QPixmap pixmap(QSize(side, side) * mDpr);
        pixmap.setDevicePixelRatio(mDpr);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        setStyle(p, fill, border, borderWidth, size);
        drawShape(p, shape, QRectF((side - size) / 2, (side - size) / 2, size, size));
        p.end();
        it = mPixmaps.insert(key, pixmap);
    }
    const double half = it->width() / mDpr / 2;
    mPainter->drawPixmap(QPointF(at.x() - half, at.y() - half), *it);
}

} // namespace tunescope
