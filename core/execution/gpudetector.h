#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QProcess;

namespace tunescope {

/// One GPU as nvidia-smi lists it.
struct GpuInfo
{
    int index = 0;
    QString name;
    QString memory; ///< "81559 MiB"
};

/// Lists NVIDIA GPUs by running `nvidia-smi` asynchronously (the form never waits on it);
/// finished() comes once, with an empty list and a reason when there is no GPU or no driver.
class GpuDetector : public QObject
{
    Q_OBJECT

public:
    explicit GpuDetector(QObject *parent = nullptr);
    ~GpuDetector() override;

    void start();
    bool isDone() const { return mDone; }
    const QList<GpuInfo> &gpus() const { return mGpus; }
    QString message() const { return mMessage; } ///< why the list is empty

    /// Parses `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader` output.
    static QList<GpuInfo> parse(const QByteArray &csv);

signals:
    void finished();

private:
    void finish(const QString &message);

    QProcess *mProcess = nullptr;
    QList<GpuInfo> mGpus;
    QString mMessage;
    bool mDone = false;
};

} // namespace tunescope
