#pragma once

#include <QImage>
#include <QPointF>
#include <QRectF>

#include <functional>

class QPainter;

namespace tunescope {

/// The crowd of a chart (thousands of points or lines) as one image of its last on-screen
/// paint. Hovering and selecting repaint a chart many times a second while its crowd stays
/// the same, so the crowd is drawn again only when the size or pixel ratio change; new data
/// come with a new cache (or clear()). Exports draw straight onto their painter, so that PDF
/// and SVG stay vector.
class LayerCache
{
public:
    /// Draws the layer at offset (0, 0) of the painter's coordinates, or, when the image
    /// is made, at -target.topLeft() into the image.
    using PaintLayer = std::function<void(QPainter *painter, const QPointF &offset)>;

    /// Draws the layer over target: through the cached image when onScreen, otherwise
    /// straight with paintLayer.
    void draw(QPainter *painter, const QRectF &target, bool onScreen, const PaintLayer &paintLayer);
    void clear() { mImage = QImage(); }

private:
    QImage mImage;
    QSizeF mSize; ///< target size the image was made for
};

} // namespace tunescope
