#include "charts/layercache.h"

#include <QPaintDevice>
#include <QPainter>

namespace tunescope {

void LayerCache::draw(QPainter *painter, const QRectF &target, bool onScreen, const PaintLayer &paintLayer)
{
    if (!onScreen) {
        paintLayer(painter, QPointF());
        return;
    }
    const qreal dpr = painter->device()->devicePixelRatioF();
    if (mImage.isNull() || mSize != target.size() || !qFuzzyCompare(mImage.devicePixelRatio(), dpr)) {
        mImage = QImage((target.size() * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
        mImage.setDevicePixelRatio(dpr);
        mImage.fill(Qt::transparent);
        QPainter imagePainter(&mImage);
        paintLayer(&imagePainter, -target.topLeft());
        mSize = target.size();
    }
    painter->drawImage(target.topLeft(), mImage);
}

} // namespace tunescope
