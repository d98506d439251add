#include "common/format.h"

#include <QLocale>

namespace tunescope {

QString formatShortest(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString formatNumber(double v, int significant)
{
    return QString::number(v, 'g', significant);
}

QString formatClock(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("–");
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace tunescope
