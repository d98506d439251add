#pragma once

#include "storage/storage.h"
#include "space/studyspec.h"
#include "common/trial.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace tunescope {

class StudyLoader;
class StudyRunner;

/// One version of a study's data: its spec and every trial by number with its intermediate
/// values. Copies are O(1) and share the trials (Qt's implicit sharing), and a copy never
/// changes: a view, a report or a worker thread (an importance fit) may keep reading one
/// while the monitor goes on (the trials it then changes are copied for it, not for anyone
/// else). This is what every view of a study reads; none keeps its own copy of the data.
struct StudySnapshot
{
    StudySpec spec;
    QList<Trial> trials; ///< ordered by number
    /// The files trials declared with `artifact=path` (relative to each trial's folder), by
    /// trial number; trials that declared none are absent.
    QHash<int, QStringList> artifacts;
};

/// The live state of one study for the dashboard: every trial with its full metric history.
///
/// Fed either by a StudyRunner in this process (attach: updates as trials report) or by
/// polling a database that another process writes (open: `tunescope run` in a terminal, a
/// worker on another machine). A large study loads on a worker thread (openInBackground,
/// StudyLoader): the trial rows first, then the values, with progress signals. Each poll
/// then reads what is new only: trials numbered after the last it holds, the unfinished ones
/// it holds (finished trials never change), and the values stored after each running trial's
/// last read one, so its work follows the new data, not the size of the study. Views read
/// trials() and listen to the signals; they never touch storage or processes themselves.
class StudyMonitor : public QObject
{
    Q_OBJECT

public:
    explicit StudyMonitor(QObject *parent = nullptr);
    ~StudyMonitor() override;

    /// Follows a runner of this process (its storage is read once for the history).
    void attach(StudyRunner *runner);
    /// Follows a study in a database, re-reading what changed every pollIntervalMs. Reads the
    /// whole study before it returns.
    bool open(Storage *storage, const QString &studyName, QString *error);
    /// As open(), but the trials load on a worker thread from `location` (the path or URL
    /// `storage` was opened on): returns once the spec is read, and loading() is true until
    /// the values are in (rowsLoaded, then metricsLoaded). Polling `storage` starts then.
    bool openInBackground(Storage *storage, const QString &location, const QString &studyName, QString *error);
    /// Shows fixed data: a finished study loaded elsewhere (reports, comparisons, tests).
    void load(const StudySpec &spec, const QList<Trial> &trials);
    void close();
    void setPollInterval(int ms);
    int pollInterval() const;
    /// Reads the database now instead of at the next poll (after the app wrote to it itself).
    /// A poll reads only new and unfinished trials; `changed` names finished ones the app
    /// changed (a note, a retry linked to them) to read again.
    void refresh(const QList<int> &changed = {});

    bool isOpen() const { return mStudyId >= 0; }
    qint64 studyId() const { return mStudyId; } ///< -1 when closed, 0 for fixed data
    const StudySpec &spec() const { return mData.spec; }
    const QList<Trial> &trials() const { return mData.trials; } ///< ordered by number
    /// The current version, to keep (see StudySnapshot); O(1).
    StudySnapshot snapshot() const { return mData; }
    Storage *storage() const { return mStorage; } ///< null for fixed data
    const Trial *trial(int number) const;
    int indexOf(int number) const; ///< position in trials(), -1 when absent
    const Trial *best() const;     ///< best complete trial by the goal
    /// The files the trial declared (`artifact=path`), relative to its folder, in order.
    QStringList artifacts(int number) const { return mData.artifacts.value(number); }
    StudyRunner *runner() const;
    /// Processes whose heartbeat on the study is fresh (this one's runner included), as of the
    /// last poll.
    int liveWorkers() const { return mLiveWorkers; }
    /// Whether a background load is under way (trials may still lack their values).
    bool loading() const;

signals:
    void reset();                       ///< a different study or a full reload
    void trialAdded(int number);
    void trialChanged(int number);      ///< state, value or reason changed
    void metricsAppended(int number);   ///< new intermediate values
    void specChanged();
    void workersChanged();              ///< liveWorkers() changed
    /// A background load began (true) or ended (false).
    void loadingChanged(bool loading);
    /// `done` of `total` trials have their values while a background load reads them.
    void loadProgress(qint64 done, qint64 total);
    /// A background load has put every trial's intermediate values in (trials unchanged).
    void metricsLoaded();
    /// A background load failed; the monitor stays open with what it had.
    void loadFailed(const QString &error);

private:
    struct OpenedStudy {
        qint64 id = 0;
        StudySpec spec;
    };
    /// The study's row and its parsed spec, or nullopt with *error saying what failed.
    static std::optional<OpenedStudy> readStudy(Storage *storage, const QString &studyName, QString *error);
    void poll();
    void upsert(const Trial &trial);
    void appendValues(qsizetype index, const MetricSeries &values);
    void rebuildIndex(); ///< and the best trial
    const Trial *trialWithId(qint64 id) const;
    void adoptLoaded(const QList<Trial> &trials, const QHash<qint64, qint64> &lastValueIds);
    /// Reads the declared files of these trials (all when empty) from storage; announce:
    /// trialChanged() for each trial whose list grew.
    void readArtifacts(const QList<qint64> &trialIds, bool announce);
    void startPolling();
    void startReload();

    QPointer<StudyRunner> mRunner;
    Storage *mStorage = nullptr;
    QString mLocation;               ///< what a background (re)load opens
    qint64 mStudyId = -1;
    StudySnapshot mData;
    QHash<int, qsizetype> mIndex;    ///< number -> position in mData.trials
    int mBest = -1;                  ///< number of the best trial, kept as trials finish
    QSet<int> mLocal;                ///< trials the attached runner reports first-hand
    int mStoredThrough = -1;         ///< highest trial number read from storage
    QHash<qint64, qint64> mValueCursors; ///< unfinished trial id -> last value id read
    QList<int> mReadAgain;               ///< finished trials the next poll reads again (refresh)
    StudyLoader *mLoader = nullptr;
    QTimer mPollTimer;
    int mLiveWorkers = 0;
};

} // namespace tunescope
