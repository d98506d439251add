#include "window/screenshots.h"

#include "charts/chartview.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QImage>
#include <QTabWidget>
#include <QTimer>

namespace tunescope {

bool saveTabScreenshots(QWidget *window, QTabWidget *tabs, const QStringList &names, const QString &dir, QString *error)
{
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QCoreApplication::translate("MainWindow", "cannot create %1").arg(dir);
        return false;
    }
    for (int i = 0; i < tabs->count() && i < names.size(); ++i) {
        tabs->setCurrentIndex(i);
        if (auto *chart = qobject_cast<ChartView *>(tabs->widget(i)))
            chart->refreshNow();
        // A tab shown for the first time lays out, resizes its chart and rebuilds over several
        // rounds of posted events and short timers: one processEvents() catches it half-way
        // (a chart still at its initial size).
        QEventLoop settle;
        QTimer::singleShot(300, &settle, &QEventLoop::quit);
        settle.exec();
        const QString path = QDir(dir).absoluteFilePath(names.at(i) + QStringLiteral(".png"));
        // These go into the repository and the README: strongest compression, and a view
        // whose anti-aliased curves make too many colours for that (over ~280 KB) drops to
        // 16-bit, then 12-bit colour, which look the same at this size and halve the file.
        const QImage shot = window->grab().toImage();
        QImage image = shot;
        for (QImage::Format reduced : {QImage::Format_RGB16, QImage::Format_RGB444}) {
            QByteArray png;
            QBuffer buffer(&png);
            buffer.open(QIODevice::WriteOnly);
            image.save(&buffer, "PNG", 0);
            if (png.size() <= 280 * 1024)
                break;
            image = shot.convertToFormat(reduced).convertToFormat(QImage::Format_RGB32);
        }
        if (!image.save(path, "PNG", 0)) {
            if (error)
                *error = QCoreApplication::translate("MainWindow", "cannot write %1").arg(path);
            return false;
        }
    }
    return true;
}

} // namespace tunescope
