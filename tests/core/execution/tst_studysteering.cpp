#include "analysis/studyexport.h"
#include "execution/studysteering.h"
#include "execution/trialclaim.h"
#include "samplers/sampler.h"
#include "storage/studylocation.h"

#include "support/storagefixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

using namespace tunescope;
using namespace fixture;

/// Steering a study by hand (core/execution/studysteering and the storage under it), on
/// SQLite and PostgreSQL: enqueued and retried trials, marking a trial failed, notes, tags,
/// renaming and deleting, each read back through a new connection as after a restart.
class TestStudySteering : public QObject
{
    Q_OBJECT

    Databases mDatabases;

    static StudySpec spec(const QString &method = QStringLiteral("random"))
    {
        // A grid needs every parameter discrete.
        const QByteArray lr = method == QLatin1String("grid") ? "  lr: {values: [0.001, 0.01]}\n"
                                                              : "  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}\n";
        const QByteArray yaml = "name: steer\nmethod: " + method.toUtf8() + "\nprogram: train.py\n"
                                "metric: {name: loss}\n"
                                "parameters:\n" + lr +
                                "  batch: {values: [32, 64]}\n"
                                "  opt: {values: [sgd, adam]}\n"
                                "  epochs: {value: 5}\n";
        const SpecLoadResult loaded = parseStudySpec(yaml, QStringLiteral("steer.yaml"));
        if (!loaded.spec)
            qFatal("%s", qPrintable(loaded.errors.join(u'\n')));
        return *loaded.spec;
    }

    static StudyRecord record(const StudySpec &s)
    {
        StudyRecord r;
        r.name = s.name;
        r.method = s.method;
        r.metricName = s.objective().name;
        r.specYaml = studySpecToYaml(s);
        return r;
    }

    static QVariantMap good()
    {
        return {{QStringLiteral("lr"), 0.01}, {QStringLiteral("batch"), qlonglong(64)}, {QStringLiteral("opt"), QStringLiteral("adam")}};
    }

    static ClaimOutcome claim(Storage &storage, qint64 studyId, Sampler &sampler, int budget = 100)
    {
        ClaimRequest request;
        request.budget = budget;
        return claimNextTrial(storage, studyId, sampler, request, [&](bool) { return storage.trials(studyId); });
    }

private slots:
    void checksParamsAgainstTheSpace_data()
    {
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<bool>("allow");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::addColumn<bool>("outOfSpace");
        QVariantMap range = good();
        range.insert(QStringLiteral("lr"), 0.5);
        QVariantMap choice = good();
        choice.insert(QStringLiteral("opt"), QStringLiteral("rmsprop"));
        QVariantMap unknown = good();
        unknown.insert(QStringLiteral("momentum"), 0.9);
        QVariantMap missing = good();
        missing.remove(QStringLiteral("batch"));
        QVariantMap notNumber = good();
        notNumber.insert(QStringLiteral("lr"), QStringLiteral("fast"));
        QTest::newRow("inside") << good() << false << QString() << false;
        QTest::newRow("out of range") << range << false << QStringLiteral("parameters.lr: 0.5, outside its range") << false;
        QTest::newRow("not a choice") << choice << false << QStringLiteral("parameters.opt: rmsprop, which is not one of its values") << false;
        QTest::newRow("unknown") << unknown << false << QStringLiteral("parameters.momentum: not a parameter of the study") << false;
        QTest::newRow("missing") << missing << false << QStringLiteral("parameters.batch: missing") << false;
        QTest::newRow("not a number") << notNumber << false << QStringLiteral("parameters.lr: fast, which is not a number") << false;
        QTest::newRow("out of range, allowed") << range << true << QString() << true;
        QTest::newRow("not a choice, allowed") << choice << true << QString() << true;
        QTest::newRow("unknown, even allowed") << unknown << true << QStringLiteral("parameters.momentum") << false;
    }

    void checksParamsAgainstTheSpace()
    {
        QFETCH(QVariantMap, params);
        QFETCH(bool, allow);
        QFETCH(QString, error);
        QFETCH(bool, outOfSpace);
        const CheckedParams checked = checkParams(spec().space, params, allow);
        const QString errors = formatSpecIssues(checked.issues, SpecIssue::Severity::Error).join(u'\n');
        if (error.isEmpty()) {
            QVERIFY2(checked.ok(), qPrintable(errors));
            QCOMPARE(checked.outOfSpace, outOfSpace);
            QCOMPARE(checked.params.value(QStringLiteral("epochs")), QVariant(qlonglong(5))); // the constant filled in
        } else {
            QVERIFY(!checked.ok());
            QVERIFY2(errors.contains(error), qPrintable(errors));
        }
    }

    void readsAssignmentsAsTheSpaceTypesThem()
    {
        QString error;
        const auto params = paramsFromAssignments(spec().space, {"lr=0.01", "batch=64", "opt=adam"}, &error);
        QVERIFY2(params, qPrintable(error));
        QCOMPARE(params->value("lr").typeId(), int(QMetaType::Double));
        QCOMPARE(params->value("batch"), QVariant(qlonglong(64)));
        QCOMPARE(params->value("opt"), QVariant(QStringLiteral("adam")));
        QVERIFY(checkParams(spec().space, *params, false).ok());
        QVERIFY(!paramsFromAssignments(spec().space, {"lr"}, &error));
        QVERIFY(error.contains("name=value"));
    }

    void enqueuedTrialRunsFirstAndOnce_data() { addBackendRows(); }
    void enqueuedTrialRunsFirstAndOnce()
    {
        FRESH_LOCATION(location);
        const StudySpec s = spec();
        qint64 studyId = -1;
        {
            OPEN_STORAGE(storage, location);
            const auto study = storage->createStudy(record(s));
            QVERIFY(study);
            studyId = study->id;
            QString error;
            QVariantMap outside = good();
            outside.insert(QStringLiteral("lr"), 0.5);
            QVERIFY(!enqueueParams(*storage, *study, s, outside, false, &error));
            QVERIFY2(error.contains("parameters.lr"), qPrintable(error));
            QCOMPARE(storage->trials(studyId)->size(), 0); // nothing stored
            const auto queued = enqueueParams(*storage, *study, s, good(), false, &error);
            QVERIFY2(queued, qPrintable(error));
            QCOMPARE(queued->state, TrialState::Waiting);
            QVERIFY(queued->queued);
            const auto marked = enqueueParams(*storage, *study, s, outside, true, &error);
            QVERIFY2(marked, qPrintable(error));
            QVERIFY(marked->outOfSpace);
        }
        // Two workers, as after a restart: the first claims take the queue in order, once each.
        OPEN_STORAGE(first, location);
        OPEN_STORAGE(second, location);
        QString error;
        auto sampler = createSampler(s, &error);
        QVERIFY(sampler);
        const ClaimOutcome a = claim(*first, studyId, *sampler);
        const ClaimOutcome b = claim(*second, studyId, *sampler);
        const ClaimOutcome c = claim(*first, studyId, *sampler);
        QCOMPARE(a.kind, ClaimOutcome::Kind::Claimed);
        QCOMPARE(a.trial->number, 0);
        QCOMPARE(a.trial->state, TrialState::Running);
        QCOMPARE(a.trial->params.value("lr"), QVariant(0.01));
        QCOMPARE(a.trial->origin, trialOriginEnqueued);
        QCOMPARE(b.trial->number, 1);
        QVERIFY(b.trial->outOfSpace);
        QCOMPARE(c.trial->number, 2); // the sampler's, once the queue is empty
        QVERIFY(c.trial->origin.isEmpty());
        const auto stored = first->trials(studyId);
        QVERIFY(std::none_of(stored->begin(), stored->end(), [](const Trial &t) { return t.queued; }));
        // An enqueued trial runs even with the budget spent.
        QVERIFY(enqueueParams(*first, *first->findStudy("steer"), s, good(), false, &error));
        QCOMPARE(claim(*second, studyId, *sampler, 3).kind, ClaimOutcome::Kind::Claimed);
        QCOMPARE(claim(*second, studyId, *sampler, 3).kind, ClaimOutcome::Kind::BudgetReached);
    }

    void retryLinksAndCountsOnce_data() { addBackendRows(); }
    void retryLinksAndCountsOnce()
    {
        FRESH_LOCATION(location);
        const StudySpec s = spec();
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(record(s));
        QVERIFY(study);
        const auto failed = storage->startTrial(study->id, good());
        QVERIFY(storage->finishTrial(failed->id, TrialState::Failed, std::nullopt, 1, "exit code 1"));
        const auto done = storage->startTrial(study->id, good());
        QVERIFY(storage->finishTrial(done->id, TrialState::Complete, 0.5, 0, QString()));
        QString error;
        QVERIFY(!retryTrials(*storage, *study, s, {done->number}, &error));
        QVERIFY2(error.contains("COMPLETE"), qPrintable(error));
        QVERIFY(!retryTrials(*storage, *study, s, {7}, &error));
        const auto outcome = retryTrials(*storage, *study, s, {}, &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->queued.size(), 1);
        QCOMPARE(outcome->queued.first().retryOf, std::optional<int>(failed->number));
        QCOMPARE(outcome->queued.first().params, failed->params);
        // A second retry of it, explicit or by --failed, is refused; the database forbids it too.
        QVERIFY(!retryTrials(*storage, *study, s, {failed->number}, &error));
        QVERIFY2(error.contains("retried already"), qPrintable(error));
        QCOMPARE(retryTrials(*storage, *study, s, {}, &error)->queued.size(), 0);
        QueuedTrial again;
        again.params = good();
        again.retryOf = failed->number;
        QVERIFY(!storage->enqueueTrial(study->id, again));
        QCOMPARE(storage->lastRefusal(), ClaimRefusal::Taken);

        OPEN_STORAGE(reopened, location);
        const auto trials = reopened->trials(study->id);
        QCOMPARE(trials->size(), 3);
        QCOMPARE(trials->at(0).retriedAs, std::optional<int>(2)); // the original stays, linked
        QCOMPARE(trials->at(0).state, TrialState::Failed);
        QCOMPARE(trials->at(2).origin, trialOriginRetry);
        QCOMPARE(reopened->trial(study->id, 0)->retriedAs, std::optional<int>(2));
        // The budget counts the retry instead of the original: 2 of 3, so one more claim.
        QCOMPARE(std::count_if(trials->begin(), trials->end(), countsTowardsBudget), 2);
        QVERIFY(reopened->startTrial(study->id, good(), QString(), 3));
        QVERIFY(!reopened->startTrial(study->id, good(), QString(), 3));
        QVERIFY(reopened->budgetReached());
    }

    void retryOfAnInterruptedGridPointNeverRunsItTwice_data() { addBackendRows(); }
    void retryOfAnInterruptedGridPointNeverRunsItTwice()
    {
        FRESH_LOCATION(location);
        const StudySpec s = spec(QStringLiteral("grid"));
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(record(s));
        QString error;
        auto sampler = createSampler(s, &error);
        QVERIFY2(sampler, qPrintable(error));
        const ClaimOutcome first = claim(*storage, study->id, *sampler);
        const ClaimOutcome second = claim(*storage, study->id, *sampler);
        QVERIFY(first.trial && second.trial);
        // Both interrupted: their points go back to the grid.
        QCOMPARE(*storage->markInterruptedTrials({{first.trial->id, first.trial->number, {}, {}, {}}, {second.trial->id, second.trial->number, {}, {}, {}}}), 2);
        // The runner's redo takes the first point again ...
        const qint64 firstPoint = *first.trial->gridIndex;
        QVERIFY(storage->claimTrial(study->id, ClaimRequest(), [&](int, const QSet<qint64> &) {
            return TrialClaim{s.space.gridPoint(firstPoint), firstPoint};
        }));
        // ... so the retry skips that one and takes the second's point, which the grid then skips.
        const auto outcome = retryTrials(*storage, *study, s, {}, &error);
        QVERIFY2(outcome, qPrintable(error));
        QCOMPARE(outcome->queued.size(), 1);
        QCOMPARE(outcome->queued.first().retryOf, std::optional<int>(second.trial->number));
        QCOMPARE(outcome->queued.first().gridIndex, second.trial->gridIndex);
        QCOMPARE(outcome->skipped.size(), 1);
        QVERIFY2(outcome->skipped.first().contains("run again already"), qPrintable(outcome->skipped.first()));
        QSet<qint64> points;
        for (;;) {
            const ClaimOutcome next = claim(*storage, study->id, *sampler);
            if (next.kind != ClaimOutcome::Kind::Claimed)
                break;
            QVERIFY2(!points.contains(*next.trial->gridIndex), "a grid point ran twice");
            points.insert(*next.trial->gridIndex);
        }
        QVERIFY(points.contains(*second.trial->gridIndex)); // the retry, claimed first
        QCOMPARE(points.size() + 1, *sampler->capacity()); // the redo holds the other point
    }

    void marksARunningTrialFailed_data() { addBackendRows(); }
    void marksARunningTrialFailed()
    {
        FRESH_LOCATION(location);
        OPEN_STORAGE(storage, location);
        const auto study = storage->createStudy(record(spec()));
        const auto running = storage->startTrial(study->id, good());
        QString error;
        QVERIFY2(markTrialFailed(*storage, running->id, &error), qPrintable(error));
        QVERIFY(!markTrialFailed(*storage, running->id, &error)); // already FAILED
        // Its runner's late outcome is refused; the mark stands.
        QVERIFY(!storage->finishTrial(running->id, TrialState::Complete, 0.1, 0, QString()));
        OPEN_STORAGE(reopened, location);
        const auto stored = reopened->trial(study->id, running->number);
        QCOMPARE(stored->state, TrialState::Failed);
        QCOMPARE(stored->reason, markedFailedReason);
    }

    void notesTagsRenameDelete_data() { addBackendRows(); }
    void notesTagsRenameDelete()
    {
        FRESH_LOCATION(location);
        QTemporaryDir runs;
        const StudySpec s = spec();
        qint64 studyId = -1;
        {
            OPEN_STORAGE(storage, location);
            const auto study = storage->createStudy(record(s));
            studyId = study->id;
            const auto t = storage->startTrial(study->id, good());
            QVERIFY(storage->setStudyNote(study->id, "# Plan\n*narrow* lr"));
            QVERIFY(storage->setTrialNote(t->id, "diverged: **lr too high**"));
            QVERIFY(storage->setStudyTags(study->id, {"mlp", " spirals ", "mlp", ""}));
            QVERIFY(storage->createStudy(record(spec())) == std::nullopt); // the name is taken
            StudySpec other = s;
            other.name = QStringLiteral("other");
            QVERIFY(storage->createStudy(record(other)));
            QVERIFY(QDir().mkpath(trialFolder(runs.path(), s.name, studyId, 0)));
        }
        OPEN_STORAGE(storage, location);
        auto study = storage->findStudy("steer");
        QCOMPARE(study->note, QStringLiteral("# Plan\n*narrow* lr"));
        QCOMPARE(study->tags, QStringList({"mlp", "spirals"}));
        QCOMPARE(storage->trial(studyId, 0)->note, QStringLiteral("diverged: **lr too high**"));
        const QList<StudySummary> summaries = storage->studySummaries();
        QCOMPARE(summaries.size(), 2);
        QVERIFY(summaries.first().lastActivity.isValid());

        QString error;
        QVERIFY(!renameStudy(*storage, *study, "other", runs.path(), &error));
        QVERIFY2(error.contains("already exists"), qPrintable(error));
        QVERIFY2(renameStudy(*storage, *study, "steer-v2", runs.path(), &error), qPrintable(error));
        QVERIFY(!storage->findStudy("steer"));
        study = storage->findStudy("steer-v2");
        QVERIFY(study);
        QCOMPARE(parseStudySpec(study->specYaml, "stored").spec->name, QStringLiteral("steer-v2"));
        QVERIFY(QFileInfo(trialFolder(runs.path(), "steer-v2", studyId, 0)).isDir()); // moved with it
        QVERIFY(!QFileInfo::exists(studyRunsFolder(runs.path(), "steer", studyId)));

        QVERIFY2(deleteStudy(*storage, *study, false, runs.path(), &error), qPrintable(error));
        QVERIFY(!storage->findStudy("steer-v2"));
        QVERIFY(QFileInfo(trialFolder(runs.path(), "steer-v2", studyId, 0)).isDir()); // kept unless asked
        QCOMPARE(storage->trials(studyId)->size(), 0);
        QCOMPARE(storage->studySummaries().size(), 1);
        auto other = storage->findStudy("other");
        QVERIFY(QDir().mkpath(trialFolder(runs.path(), "other", other->id, 0)));
        QVERIFY2(deleteStudy(*storage, *other, true, runs.path(), &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(studyRunsFolder(runs.path(), "other", other->id)));
    }

    void exportCarriesSteering()
    {
        const QString location = mDatabases.newPath();
        OPEN_STORAGE(storage, location);
        const StudySpec s = spec();
        const auto study = storage->createStudy(record(s));
        const auto failed = storage->startTrial(study->id, good());
        QVERIFY(storage->finishTrial(failed->id, TrialState::Failed, std::nullopt, 1, "boom"));
        QVERIFY(storage->setTrialNote(failed->id, "bad, node 3"));
        QVERIFY(storage->setStudyNote(study->id, "week 2"));
        QVERIFY(storage->setStudyTags(study->id, {"mlp"}));
        QString error;
        QVERIFY(retryTrials(*storage, *study, s, {}, &error));
        const auto data = loadStudyData(*storage, "steer", &error);
        QVERIFY2(data, qPrintable(error));
        const QJsonObject json = studyToJson(*data);
        QCOMPARE(json["study"]["note"].toString(), QStringLiteral("week 2"));
        QCOMPARE(json["study"]["tags"].toArray().first().toString(), QStringLiteral("mlp"));
        const QJsonArray trials = json["trials"].toArray();
        QCOMPARE(trials[0]["note"].toString(), QStringLiteral("bad, node 3"));
        QCOMPARE(trials[0]["retried_as"].toInt(), 1);
        QCOMPARE(trials[1]["retry_of"].toInt(), 0);
        QCOMPARE(trials[1]["origin"].toString(), QStringLiteral("retry"));
        QVERIFY(trials[1]["queued"].toBool());
        const QList<QByteArray> csv = studyToCsv(*data).split('\n');
        QVERIFY2(csv[0].endsWith("origin,retry_of,out_of_space,note"), csv[0].constData());
        QVERIFY2(csv[1].endsWith(",,,\"bad, node 3\""), csv[1].constData());
        QVERIFY2(csv[2].endsWith(",retry,0,,"), csv[2].constData());
    }

    void tagsAsTyped()
    {
        QCOMPARE(parseTags("mlp, spirals  baseline,mlp"), QStringList({"mlp", "spirals", "baseline"}));
    }
};

QTEST_GUILESS_MAIN(TestStudySteering)
#include "tst_studysteering.moc"
