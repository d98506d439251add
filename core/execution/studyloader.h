#pragma once

#include "common/trial.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace tunescope {

/// Reads a study from its database on a worker thread, so that the window stays responsive
/// while a large study loads (10,000 trials of 100 values each: a million rows).
///
/// The thread opens its own Storage on the location (one Storage object belongs to one
/// thread), reads the trial rows first and hands them over at once (a table and a status bar
/// can show them), then every intermediate value in one scan, reporting progress, and hands
/// the complete trials over. The results are delivered on the loader's own thread as signals;
/// those of a load that was cancelled or replaced by a newer one never arrive.
class StudyLoader : public QObject
{
    Q_OBJECT

public:
    explicit StudyLoader(QObject *parent = nullptr);
    ~StudyLoader() override; ///< cancels a load under way and waits for its thread

    /// Starts loading the study's trials from a database path or URL (as Storage::open takes
    /// it); a load under way is cancelled first.
    void start(const QString &location, qint64 studyId);
    /// Stops the load under way (its results are dropped); returns at once.
    void cancel();
    bool isLoading() const { return mLoading; }

signals:
    /// The trial rows, by number, without intermediate values.
    void rowsLoaded(const QList<tunescope::Trial> &trials);
    /// `done` of `total` trials have their values read (a few times a second at most).
    void progress(qint64 done, qint64 total);
    /// The same trials with every intermediate value, and per trial id the largest value id
    /// read (where an incremental reader goes on: Storage::readNewValues).
    void loaded(const QList<tunescope::Trial> &trials, const QHash<qint64, qint64> &lastValueIds);
    void failed(const QString &error);

private:
    void run(quint64 generation, const QString &location, qint64 studyId);

    bool mLoading = false;
    std::shared_ptr<std::atomic<quint64>> mGeneration; ///< shared with the thread: a newer value cancels it
    quint64 mCurrent = 0;
};

} // namespace tunescope
