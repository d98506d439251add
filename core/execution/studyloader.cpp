#include "execution/studyloader.h"

#include "storage/storage.h"

#include <QElapsedTimer>
#include <QThread>

namespace tunescope {

namespace {

constexpr qint64 kProgressIntervalMs = 50;

} // namespace

StudyLoader::StudyLoader(QObject *parent)
    : QObject(parent)
    , mGeneration(std::make_shared<std::atomic<quint64>>(0))
{
}

StudyLoader::~StudyLoader()
{
    cancel();
    // A thread still in Storage::open (a PostgreSQL server that does not answer) finishes
    // within the connect timeout; its results are dropped with this object.
    for (QThread *thread : findChildren<QThread *>()) {
        thread->wait();
        delete thread;
    }
}

void StudyLoader::cancel()
{
    ++*mGeneration;
    mCurrent = 0;
    mLoading = false;
}

void StudyLoader::start(const QString &location, qint64 studyId)
{
    cancel();
    const quint64 generation = ++*mGeneration;
    mCurrent = generation;
    mLoading = true;
    // A cancelled thread is not waited for here: it notices within a row and ends by itself.
    QThread *thread = QThread::create([this, generation, location, studyId] { run(generation, location, studyId); });
    thread->setParent(this);
    thread->setObjectName(QStringLiteral("tunescope-study-loader"));
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void StudyLoader::run(quint64 generation, const QString &location, qint64 studyId)
{
    const std::shared_ptr<std::atomic<quint64>> current = mGeneration;
    const auto cancelled = [&] { return current->load() != generation; };
    // Deliveries run on the loader's thread, and only for the load still wanted.
    const auto deliver = [this, generation](auto &&function) {
        QMetaObject::invokeMethod(this, [this, generation, function = std::move(function)] {
            if (generation == mCurrent)
                function();
        }, Qt::QueuedConnection);
    };
    const auto fail = [&](const QString &error) {
        deliver([this, error] {
            mLoading = false;
            emit failed(error);
        });
    };

    QString error;
    const std::unique_ptr<Storage> storage = Storage::open(location, &error);
    if (!storage)
        return fail(error);
    if (cancelled())
        return;
    std::optional<QList<Trial>> trials = storage->trials(studyId, false);
    if (!trials)
        return fail(storage->lastError());
    if (cancelled())
        return;
    deliver([this, rows = *trials] { emit rowsLoaded(rows); });

    QElapsedTimer sinceProgress;
    sinceProgress.start();
    QHash<qint64, qint64> lastValueIds;
    const bool read = storage->readIntermediate(studyId, *trials, [&](qsizetype done, qsizetype total) {
        if (cancelled())
            return false;
        if (sinceProgress.elapsed() >= kProgressIntervalMs) {
            sinceProgress.restart();
            deliver([this, done, total] { emit progress(done, total); });
        }
        return true;
    }, &lastValueIds);
    if (cancelled())
        return;
    if (!read)
        return fail(storage->lastError());
    deliver([this, all = std::move(*trials), ids = std::move(lastValueIds)] {
        mLoading = false;
        emit loaded(all, ids);
    });
}

} // namespace tunescope
