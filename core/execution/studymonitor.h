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

class StudyRunner;

/// The live state of one study for the dashboard: every trial with its full metric history.
///
/// Fed either by a StudyRunner in this process (attach: updates as trials report) or by
/// polling a database that another process writes (open: `tunescope run` in a terminal, a
/// worker on another machine). Views read trials() and listen to the signals; they never
/// touch storage or processes themselves.
class StudyMonitor : public QObject
{
    Q_OBJECT

public:
    explicit StudyMonitor(QObject *parent = nullptr);
    ~StudyMonitor() override;

    /// Follows a runner of this process (its storage is read once for the history).
    void attach(StudyRunner *runner);
    /// Follows a study in a database, re-reading what changed every pollIntervalMs.
    bool open(Storage *storage, const QString &studyName, QString *error);
    /// Shows fixed data: a finished study loaded elsewhere (reports, comparisons, tests).
    void load(const StudySpec &spec, const QList<Trial> &trials);
    void close();
    void setPollInterval(int ms);
    int pollInterval() const;
    /// Reads the database now instead of at the next poll (after the app wrote to it itself).
    void refresh();

    bool isOpen() const { return mStudyId >= 0; }
    qint64 studyId() const { return mStudyId; } ///< -1 when closed, 0 for fixed data
    const StudySpec &spec() const { return mSpec; }
    Storage *storage() const { return mStorage; } ///< null for fixed data
    const QList<Trial> &trials() const { return mTrials; }  ///< ordered by number
    const Trial *trial(int number) const;
    const Trial *best() const;                              ///< best complete trial by the goal
    StudyRunner *runner() const;
    /// Processes whose heartbeat on the study is fresh (this one's runner included), as of the
    /// last poll.
    int liveWorkers() const { return mLiveWorkers; }

signals:
    void reset();                       ///< a different study or a full reload
    void trialAdded(int number);
    void trialChanged(int number);      ///< state, value or reason changed
    void metricsAppended(int number);   ///< new intermediate values
    void specChanged();
    void workersChanged();              ///< liveWorkers() changed

private:
    void poll();
    void upsert(const Trial &trial, bool metricsOnly);
    void rebuildIndex();

    QPointer<StudyRunner> mRunner;
    Storage *mStorage = nullptr;
    qint64 mStudyId = -1;
    StudySpec mSpec;
    QList<Trial> mTrials;
    QHash<int, qsizetype> mIndex;   ///< number -> position in mTrials
    QSet<int> mLocal;               ///< trials the attached runner reports first-hand
    QTimer mPollTimer;
    int mLiveWorkers = 0;
};

} // namespace tunescope
