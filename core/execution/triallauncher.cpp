#include "execution/triallauncher.h"

#include "execution/trialartifact.h"

#include <cstring>

namespace tunescope {

QString signalDescription(int sig)
{
    // sigabbrev_np (glibc >= 2.32) gives "SEGV"; fall back to the bare number elsewhere.
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
    if (const char *abbrev = sigabbrev_np(sig))
        return QStringLiteral("killed by signal %1 (SIG%2)").arg(sig).arg(QLatin1String(abbrev));
#endif
    return QStringLiteral("killed by signal %1").arg(sig);
}

QByteArray TrialLauncher::declareArtifacts(MetricParser &parser, const QString &trialFolder, QByteArray &tail)
{
    QByteArray refusals;
    for (const QString &declared : parser.takeArtifacts()) {
        QString error;
        if (const auto relative = confineArtifact(declared, trialFolder, &error)) {
            emit artifactDeclared(*relative);
            continue;
        }
        const QByteArray line = error.toUtf8() + '\n';
        refusals += line;
        appendTail(tail, line);
    }
    return refusals;
}

void TrialLauncher::appendTail(QByteArray &tail, const QByteArray &data)
{
    if (data.size() >= maxTailBytes) {
        tail = data.right(maxTailBytes);
        return;
    }
    tail.append(data);
    if (tail.size() > maxTailBytes)
        tail.remove(0, tail.size() - maxTailBytes);
}

} // namespace tunescope
