#include "charts/chartexport.h"

#include "charts/chartview.h"

#include <QBuffer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>

namespace tunescope::ChartExport {

namespace {
QSize effectiveSize(ChartView *view, QSize size)
{
    return size.isValid() && !size.isEmpty() ? size : view->defaultExportSize();
}

void renderSvg(ChartView *view, QIODevice *device, QSize size)
{
    QSvgGenerator gen;
    gen.setOutputDevice(device);
    gen.setSize(size);
    gen.setViewBox(QRect(QPoint(0, 0), size));
    gen.setTitle(view->chartTitle());
    gen.setDescription(QStringLiteral("Tunescope chart"));
    QPainter p(&gen);
    view->renderChart(&p, QRectF(QPointF(0, 0), size));
}
} // namespace

QImage toImage(ChartView *view, QSize size, qreal scale)
{
    size = effectiveSize(view, size);
    QImage img(size * scale, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(scale);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    view->renderChart(&p, QRectF(QPointF(0, 0), size));
    return img;
}

QByteArray toSvg(ChartView *view, QSize size)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    renderSvg(view, &buffer, effectiveSize(view, size));
    return out;
}

bool savePng(ChartView *view, const QString &path, QSize size, qreal scale, QString *error)
{
    const QImage img = toImage(view, size, scale);
    if (!img.save(path, "PNG")) {
        if (error)
            *error = QObject::tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

bool saveSvg(ChartView *view, const QString &path, QSize size, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QObject::tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    renderSvg(view, &f, effectiveSize(view, size));
    return true;
}

bool save(ChartView *view, const QString &path, QSize size, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return savePng(view, path, size, 2.0, error);
    if (suffix == QLatin1String("svg"))
        return saveSvg(view, path, size, error);
    if (error)
        *error = QObject::tr("Unknown image format '%1' (use .png or .svg)").arg(suffix);
    return false;
}

bool exportWithDialog(ChartView *view, QWidget *parent)
{
    if (!view)
        return false;
    const QString pngFilter = QObject::tr("PNG image (*.png)");
    const QString svgFilter = QObject::tr("SVG drawing (*.svg)");
    QString filter = pngFilter;
    QString base = view->chartTitle().toLower().replace(QLatin1Char(' '), QLatin1Char('-'));
    QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export chart"), base + QStringLiteral(".png"),
                                                pngFilter + QStringLiteral(";;") + svgFilter, &filter);
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == svgFilter ? QStringLiteral(".svg") : QStringLiteral(".png");
    QString error;
    if (!save(view, path, view->size().isEmpty() ? QSize() : view->size(), &error)) {
        QMessageBox::warning(parent, QObject::tr("Export chart"), error);
        return false;
    }
    return true;
}

} // namespace tunescope::ChartExport
