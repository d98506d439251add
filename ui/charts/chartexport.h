#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

class QWidget;

namespace tunescope {

class ChartView;

/// Exports of any ChartView: PNG rendered at a device pixel ratio (2x by default, sharp on
/// HiDPI screens and in print) and SVG through QSvgGenerator, both off-screen at a given size.
namespace ChartExport {

/// The chart rendered at `size` logical pixels (default: the view's defaultExportSize) times
/// `scale`; the image's devicePixelRatio is `scale`.
QImage toImage(ChartView *view, QSize size = {}, qreal scale = 2.0);
/// SVG document of the chart at `size` (for the HTML report, inline or as a file).
QByteArray toSvg(ChartView *view, QSize size = {});

bool savePng(ChartView *view, const QString &path, QSize size = {}, qreal scale = 2.0,
             QString *error = nullptr);
bool saveSvg(ChartView *view, const QString &path, QSize size = {}, QString *error = nullptr);
/// Chooses the format by suffix (.png, .svg); anything else is an error.
bool save(ChartView *view, const QString &path, QSize size = {}, QString *error = nullptr);

/// The main window's "Export chart…" action: a file dialog (PNG or SVG), then save();
/// reports a failure in a message box. Returns false when cancelled or failed.
bool exportWithDialog(ChartView *view, QWidget *parent);

} // namespace ChartExport
} // namespace tunescope
