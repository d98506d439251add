#include "analysis/studyexport.h"
#include "execution/studyrunner.h"
#include "execution/trialclaim.h"
#include "execution/warmstart.h"
#include "samplers/gp/gpsampler.h"
#include "samplers/sampler.h"
#include "samplers/tpesampler.h"

#include "support/storagefixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>

#include <cmath>

using namespace tunescope;
using namespace fixture;

namespace {

/// The source task: (x - 0.3)^2 on [0, 1], a parameter `width` the new studies lack, and
/// one trial at x = 1.5 that lies outside their space.
constexpr double kSourceBest = 0.3;

double sourceLoss(double x)
{
    return (x - kSourceBest) * (x - kSourceBest);
}

} // namespace

/// Warm-starting a study from others (warm_start in the study file; core/execution/warmstart):
/// the key's parsing and refusals, the sources read (a file relative to the study file, a
/// PostgreSQL URL), best_first enqueued once across two workers and not again on resume,
/// prior observations reaching tpe and bayes without being counted or stored, the export.
class TestWarmStart : public QObject
{
    Q_OBJECT

    Databases mDatabases;
    QTemporaryDir mDir;

    /// The target task: the source's objective shifted by 5, as a script in the test folder.
    SpecLoadResult parse(const QByteArray &warm, const QByteArray &method = "tpe") const
    {
        return parseStudySpec("name: target\nmethod: " + method + "\nprogram: loss.sh\n"
                              "command: ['" + mDir.filePath("loss.sh").toUtf8() + "', '${args}']\n"
                              "metric: {name: loss}\nparameters:\n  x: {min: 0.0, max: 1.0}\nrun_cap: 3\n" + warm,
                              QStringLiteral("target.yaml"));
    }

    StudySpec spec(const QByteArray &warm, const QByteArray &method = "tpe") const
    {
        const SpecLoadResult loaded = parse(warm, method);
        if (!loaded.spec)
            qFatal("%s", qPrintable(loaded.errors.join(u'\n')));
        StudySpec s = *loaded.spec;
        s.workingDirectory = mDir.path();
        return s;
    }

    /// A finished source study "src" of 12 trials (plus one outside [0, 1]) at `location`.
    static bool writeSource(const QString &location)
    {
        QString error;
        auto storage = Storage::open(location, &error);
        if (!storage)
            return false;
        StudyRecord record = makeStudy(QStringLiteral("src"));
        record.metricName = QStringLiteral("loss");
        const auto study = storage->createStudy(record);
        if (!study)
            return false;
        for (int i = 0; i <= 12; ++i) {
            const double x = i == 12 ? 1.5 : i / 11.0;
            const auto t = storage->startTrial(study->id, {{"x", x}, {"width", qlonglong(64)}});
            if (!t || !storage->finishTrial(t->id, TrialState::Complete, sourceLoss(x), 0, QString()))
                return false;
        }
        // A failed trial is no observation.
        const auto failed = storage->startTrial(study->id, {{"x", 0.3}, {"width", qlonglong(64)}});
        return failed && storage->finishTrial(failed->id, TrialState::Failed, std::nullopt, 1, QStringLiteral("boom"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(mDir.isValid());
        const QString script = mDir.filePath("loss.sh");
        QVERIFY(writeFile(script, "#!/bin/sh\nx=${1#--x=}\nawk -v x=\"$x\" 'BEGIN { print \"loss=\" ((x - 0.3) ^ 2 + 5) }'\n"));
        QVERIFY(QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    }

    void parsesAndRefuses_data()
    {
        QTest::addColumn<QByteArray>("warm");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::newRow("one source") << QByteArray("warm_start: {from: a.db#s}\n") << QByteArray("random") << QString();
        QTest::newRow("list, prior") << QByteArray("warm_start: {from: [a.db#s, 'postgresql://u:pw@h/db#t'], mode: prior, top_k: 20}\n")
                                     << QByteArray("bayes") << QString();
        QTest::newRow("unknown key") << QByteArray("warm_start: {from: a.db#s, form: x}\n") << QByteArray("tpe")
                                     << QStringLiteral("warm_start.form: unknown key");
        QTest::newRow("no study") << QByteArray("warm_start: {from: a.db}\n") << QByteArray("tpe")
                                  << QStringLiteral("warm_start.from: must be DATABASE#STUDY");
        QTest::newRow("no from") << QByteArray("warm_start: {mode: prior}\n") << QByteArray("tpe")
                                 << QStringLiteral("warm_start.from: missing");
        QTest::newRow("bad mode") << QByteArray("warm_start: {from: a.db#s, mode: transfer}\n") << QByteArray("tpe")
                                  << QStringLiteral("warm_start.mode: must be best_first or prior, not 'transfer'");
        QTest::newRow("bad top_k") << QByteArray("warm_start: {from: a.db#s, top_k: 0}\n") << QByteArray("tpe")
                                   << QStringLiteral("warm_start.top_k: must be an integer");
        QTest::newRow("twice") << QByteArray("warm_start: {from: [a.db#s, a.db#s]}\n") << QByteArray("tpe")
                               << QStringLiteral("warm_start.from[1]: 'a.db#s' is listed twice");
        QTest::newRow("not a mapping") << QByteArray("warm_start: a.db#s\n") << QByteArray("tpe")
                                       << QStringLiteral("warm_start: must be a mapping");
        QTest::newRow("rename") << QByteArray("warm_start: {from: a.db#s, rename: {position: x}}\n") << QByteArray("tpe")
                                << QString();
        QTest::newRow("rename to no parameter") << QByteArray("warm_start: {from: a.db#s, rename: {position: y}}\n")
                                                << QByteArray("tpe")
                                                << QStringLiteral("warm_start.rename.position: 'y' is not a parameter of this study");
        QTest::newRow("rename twice to one") << QByteArray("warm_start: {from: a.db#s, rename: {a: x, b: x}}\n")
                                             << QByteArray("tpe")
                                             << QStringLiteral("warm_start.rename.b: 'x' is already the new name of 'a'");
        QTest::newRow("rename not a mapping") << QByteArray("warm_start: {from: a.db#s, rename: [x]}\n") << QByteArray("tpe")
                                              << QStringLiteral("warm_start.rename: must map a source's parameter names");
        for (const char *method : {"random", "grid", "sobol", "random-grid"})
            QTest::newRow(qPrintable(QStringLiteral("prior with %1").arg(method)))
                << QByteArray("warm_start: {from: a.db#s, mode: prior}\n") << QByteArray(method)
                << QStringLiteral("warm_start.mode: prior needs a method that models the trials");
    }

    void parsesAndRefuses()
    {
        QFETCH(QByteArray, warm);
        QFETCH(QByteArray, method);
        QFETCH(QString, error);
        // Grid methods need a discrete x.
        if (method.contains("grid"))
            warm += "parameters:\n  x: {values: [0.1, 0.2]}\n";
        const SpecLoadResult loaded = method.contains("grid")
            ? parseStudySpec("name: t\nmethod: " + method + "\nprogram: p\nmetric: loss\n" + warm, "t.yaml")
            : parse(warm, method);
        if (error.isEmpty()) {
            QVERIFY2(loaded.spec, qPrintable(loaded.errors.join(u'\n')));
            QVERIFY(loaded.spec->warmStart.isEnabled());
            // Written back and read again the same, but for the URL's password.
            const QByteArray yaml = studySpecToYaml(*loaded.spec);
            QVERIFY2(!yaml.contains("pw"), yaml.constData());
            const SpecLoadResult again = parseStudySpec(yaml, "again.yaml");
            QVERIFY2(again.spec, qPrintable(again.errors.join(u'\n')));
            QCOMPARE(again.spec->warmStart.mode, loaded.spec->warmStart.mode);
            QCOMPARE(again.spec->warmStart.topK, loaded.spec->warmStart.topK);
            QCOMPARE(again.spec->warmStart.from.size(), loaded.spec->warmStart.from.size());
            QCOMPARE(again.spec->warmStart.rename, loaded.spec->warmStart.rename);
        } else {
            QVERIFY(!loaded.spec);
            const QString errors = loaded.errors.join(u'\n');
            QVERIFY2(errors.contains(error), qPrintable(errors));
        }
    }

    void defaultsPerMode()
    {
        WarmStartSpec w;
        QCOMPARE(w.effectiveTopK(), 5);
        w.mode = WarmStartSpec::Mode::Prior;
        QVERIFY(w.effectiveTopK() > 1000000);
        w.topK = 7;
        QCOMPARE(w.effectiveTopK(), 7);
    }

    void missingSourceNamedAndNeverCreated()
    {
        const QString db = mDir.filePath("target-missing.sqlite");
        OPEN_STORAGE(storage, db);
        const StudySpec s = spec("warm_start: {from: no-such.db#src}\n");
        StudyRunner runner(s, storage.get());
        QString error;
        QVERIFY(!runner.prepare(&error));
        QVERIFY2(error.startsWith("warm_start.from: no database file") && error.contains("no-such.db"), qPrintable(error));
        QVERIFY(!QFileInfo::exists(mDir.filePath("no-such.db")));
        QVERIFY(!storage->findStudy("target")); // nothing written

        QVERIFY(writeSource(mDir.filePath("has-other.sqlite")));
        StudyRunner wrongStudy(spec("warm_start: {from: has-other.sqlite#nope}\n"), storage.get());
        QVERIFY(!wrongStudy.prepare(&error));
        QVERIFY2(error.contains("no study 'nope'") && error.contains("it has src"), qPrintable(error));
    }

    void readsTheSourcesThatFitTheSpace()
    {
        QVERIFY(writeSource(mDir.filePath("fit.sqlite")));
        QString error;
        StudySpec s = spec("warm_start: {from: fit.sqlite#src, mode: prior, top_k: 4}\n");
        const auto sources = readWarmStartSources(s, &error);
        QVERIFY2(sources, qPrintable(error));
        QCOMPARE(sources->prior.size(), 4);
        QVERIFY(sources->bestFirst.isEmpty());
        double previous = -1.0;
        for (const Trial &t : sources->prior) {
            QVERIFY(t.number < 0);
            QVERIFY(t.source.endsWith("fit.sqlite#src"));
            QVERIFY(!t.params.contains("width")); // this space has no width
            QVERIFY(*t.value >= previous);        // best first
            previous = *t.value;
        }
        QCOMPARE(sources->notes.size(), 1);
        QVERIFY2(sources->notes.first().contains("13 finished trials") // the failed one is none
                     && sources->notes.first().contains("1 outside this space skipped"),
                 qPrintable(sources->notes.first()));
    }

    void refusesTheStudyItself()
    {
        // A study named "target" in self.sqlite, warmed from self.sqlite#target: refused by
        // path, whether the study exists yet or not; another study of the same file is fine.
        const QString db = mDir.filePath("self.sqlite");
        QVERIFY(writeSource(db));
        QString error;
        const StudySpec s = spec("warm_start: {from: self.sqlite#target}\n");
        QVERIFY(!readWarmStartSources(s, &error, db));
        QVERIFY2(error.startsWith("warm_start.from: ") && error.contains("is this study itself"), qPrintable(error));
        QVERIFY(readWarmStartSources(spec("warm_start: {from: self.sqlite#src}\n"), &error, db));
        OPEN_STORAGE(storage, db);
        StudyRunner runner(s, storage.get());
        QVERIFY(!runner.prepare(&error));
        QVERIFY2(error.contains("is this study itself"), qPrintable(error));
        QVERIFY(!storage->findStudy("target"));
    }

    void readsARenamedParameter()
    {
        // The source's x is this study's "position": without rename, no source trial fits.
        QVERIFY(writeSource(mDir.filePath("renamed.sqlite")));
        const auto renamedSpec = [&](const QByteArray &warm) {
            const SpecLoadResult loaded = parseStudySpec(
                "name: target\nmethod: tpe\nprogram: loss.sh\nmetric: {name: loss}\n"
                "parameters:\n  position: {min: 0.0, max: 1.0}\n  x: {value: 0.5}\n" + warm, QStringLiteral("target.yaml"));
            if (!loaded.spec)
                qFatal("%s", qPrintable(loaded.errors.join(u'\n')));
            StudySpec s = *loaded.spec;
            s.workingDirectory = mDir.path();
            return s;
        };
        QString error;
        auto plain = readWarmStartSources(renamedSpec("warm_start: {from: renamed.sqlite#src, top_k: 3}\n"), &error);
        QVERIFY2(plain, qPrintable(error));
        QVERIFY(plain->bestFirst.isEmpty()); // no source trial has a position
        auto renamed = readWarmStartSources(
            renamedSpec("warm_start: {from: renamed.sqlite#src, top_k: 3, rename: {x: position}}\n"), &error);
        QVERIFY2(renamed, qPrintable(error));
        QCOMPARE(renamed->bestFirst.size(), 3);
        // The best three of the source, by their old x, now as position; the constant x is
        // this study's own, never the source's x.
        QCOMPARE(renamed->bestFirst.first().value("position").toDouble(), 3 / 11.0);
        for (const QVariantMap &params : renamed->bestFirst)
            QCOMPARE(params.value("x").toDouble(), 0.5);
    }

    void readsAnOptunaStudy()
    {
        // The committed Optuna 4.7 fixture, read-only: its "quadratic" study has x and y in
        // [0, 1] and 30 complete trials; this space has x alone.
        const QString optuna = QStringLiteral(TUNESCOPE_SOURCE_DIR "/tests/core/storage/optuna/optuna-4.7.db");
        const QByteArray before = readAll(optuna);
        QString error;
        const auto sources = readWarmStartSources(spec("warm_start: {from: '" + optuna.toUtf8() + "#quadratic', top_k: 2}\n"), &error);
        QVERIFY2(sources, qPrintable(error));
        QCOMPARE(sources->bestFirst.size(), 2);
        QVERIFY(!sources->bestFirst.first().contains("y"));
        QVERIFY2(sources->notes.first().contains("30 finished trials, 2 best enqueued first"), qPrintable(sources->notes.first()));
        QCOMPARE(readAll(optuna), before); // only read
    }

    void bestFirstRunsOnceAcrossWorkersAndNotAgainOnResume_data() { addBackendRows(); }
    void bestFirstRunsOnceAcrossWorkersAndNotAgainOnResume()
    {
        QFETCH(QString, backend);
        if (backend == QLatin1String("postgres") && mDatabases.postgresUrl().isEmpty())
            QSKIP("TUNESCOPE_TEST_POSTGRES_URL not set (run scripts/start-postgres.sh)");
        // SQLite: the source a file beside the study file, named relative to it; PostgreSQL:
        // the source a study in the same database, named by URL.
        QString location, source;
        if (backend == QLatin1String("sqlite")) {
            const QString name = QStringLiteral("bf-source-%1.sqlite").arg(QDateTime::currentMSecsSinceEpoch());
            QVERIFY(writeSource(mDir.filePath(name)));
            source = name + QStringLiteral("#src");
            location = mDatabases.freshLocation(backend);
        } else {
            location = mDatabases.freshLocation(backend);
            QVERIFY(writeSource(location));
            source = location + QStringLiteral("#src");
        }
        const StudySpec s = spec("warm_start: {from: '" + source.toUtf8() + "', top_k: 3}\n", "random");
        OPEN_STORAGE(first, location);
        OPEN_STORAGE(second, location);
        QString error;
        {
            // Two workers on a new study: each prepares (one creates it), then they claim in turn.
            StudyRunner a(s, first.get());
            StudyRunner b(s, second.get());
            QVERIFY2(a.prepare(&error), qPrintable(error));
            QVERIFY2(b.prepare(&error), qPrintable(error));
            QVERIFY2(a.notices().join(u'\n').contains("3 best enqueued first"), qPrintable(a.notices().join(u'\n')));
        }
        const qint64 studyId = first->findStudy("target")->id;
        auto sampler = createSampler(s, &error);
        QVERIFY(sampler);
        QList<Trial> claimed;
        for (int i = 0; i < 5; ++i) {
            Storage &storage = i % 2 ? *second : *first;
            ClaimRequest request;
            const ClaimOutcome outcome = claimNextTrial(storage, studyId, *sampler, request,
                                                        [&](bool) { return storage.trials(studyId); });
            QCOMPARE(outcome.kind, ClaimOutcome::Kind::Claimed);
            claimed << *outcome.trial;
        }
        // The three best of the source, best first, each once; then the sampler's.
        const double expected[] = {3 / 11.0, 4 / 11.0, 2 / 11.0};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(claimed[i].origin, trialOriginBestFirst);
            QVERIFY(std::abs(claimed[i].params.value("x").toDouble() - expected[i]) < 1e-12);
        }
        QVERIFY(claimed[3].origin.isEmpty() && claimed[4].origin.isEmpty());

        // A restart resumes the study: the source is read again, nothing enqueued again.
        StudyRunner resumed(s, first.get());
        QVERIFY2(resumed.prepare(&error), qPrintable(error));
        const QList<Trial> stored = *first->trials(studyId);
        QCOMPARE(std::count_if(stored.begin(), stored.end(), [](const Trial &t) { return t.origin == trialOriginBestFirst; }), 3);
        QVERIFY(std::none_of(stored.begin(), stored.end(), [](const Trial &t) { return t.queued; }));

        // The export and the report's settings say where the study was warmed from.
        const auto data = loadStudyData(*first, "target", &error);
        QVERIFY2(data, qPrintable(error));
        const QJsonObject warm = studyToJson(*data).value("study").toObject().value("warm_start").toObject();
        QCOMPARE(warm.value("mode").toString(), QStringLiteral("best_first"));
        QVERIFY2(warm.value("from").toArray().first().toString().endsWith("#src"),
                 qPrintable(QJsonDocument(warm).toJson()));
    }

    void priorReachesTheSamplerNeverTheStudy_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::newRow("bayes") << QByteArray("bayes");
        QTest::newRow("tpe") << QByteArray("tpe");
    }

    void priorReachesTheSamplerNeverTheStudy()
    {
        QFETCH(QByteArray, method);
        const QString name = QStringLiteral("prior-source-%1.sqlite").arg(QString::fromLatin1(method));
        QVERIFY(writeSource(mDir.filePath(name)));
        // The target objective is the source's plus 5: a shifted task.
        const StudySpec warm = spec("warm_start: {from: " + name.toUtf8() + "#src, mode: prior}\n", method);
        const StudySpec cold = spec(QByteArray(), method);
        const QString db = mDir.filePath(QStringLiteral("prior-target-%1.sqlite").arg(QString::fromLatin1(method)));
        OPEN_STORAGE(storage, db);

        auto runStudy = [&](const StudySpec &s) {
            StudyRunner runner(s, storage.get());
            QString error;
            if (!runner.prepare(&error))
                qWarning() << error;
            QSignalSpy done(&runner, &StudyRunner::finished);
            runner.start();
            done.wait(30000);
            return storage->trials(runner.studyId()).value_or(QList<Trial>());
        };
        StudySpec warmNamed = warm;
        warmNamed.name = QStringLiteral("warm");
        StudySpec coldNamed = cold;
        coldNamed.name = QStringLiteral("cold");
        const QList<Trial> warmTrials = runStudy(warmNamed);
        const QList<Trial> coldTrials = runStudy(coldNamed);
        // The budget (run_cap 3) counts the study's own trials; no prior one is stored.
        QCOMPARE(warmTrials.size(), 3);
        QCOMPARE(coldTrials.size(), 3);
        for (const Trial &t : warmTrials) {
            QCOMPARE(t.state, TrialState::Complete);
            QVERIFY(t.number >= 0 && t.source.isEmpty() && t.origin.isEmpty());
        }
        // With the prior the very first trial already goes where the source was best; cold,
        // the sampler starts from its space-filling (or random) start-up points.
        const double warmBest = *bestTrial(warmTrials, Goal::Minimize)->value - 5;
        const double coldBest = *bestTrial(coldTrials, Goal::Minimize)->value - 5;
        QVERIFY2(warmBest < 0.01, qPrintable(QString::number(warmBest)));
        QVERIFY2(warmBest < coldBest, qPrintable(QStringLiteral("%1 vs %2").arg(warmBest).arg(coldBest)));
    }

    void gpRelatesAShiftedAndScaledTask()
    {
        // y = 7 + 3 f(x): the relation is found from three points of the new task.
        SourceTask task({false});
        Eigen::MatrixXd X(11, 1);
        Eigen::VectorXd y(11);
        for (int i = 0; i < 11; ++i) {
            X(i, 0) = i / 10.0;
            y[i] = sourceLoss(i / 10.0);
        }
        task.setSource(X, y, 1, 1);
        Eigen::MatrixXd own(3, 1);
        own << 0.05, 0.5, 0.95;
        Eigen::VectorXd ownY(3);
        for (int i = 0; i < 3; ++i)
            ownY[i] = 7 + 3 * sourceLoss(own(i, 0));
        const SourceTask::Relation r = task.relate(own, ownY);
        QVERIFY2(std::abs(r.offset - 7) < 0.05 && std::abs(r.scale - 3) < 0.05,
                 qPrintable(QStringLiteral("%1 + %2 f").arg(r.offset).arg(r.scale)));
        // Running against the source: flattened, not followed.
        const SourceTask::Relation against = task.relate(own, -ownY);
        QCOMPARE(against.scale, 0.05);
        // No own trial yet: the source as it is.
        const SourceTask::Relation none = task.relate(Eigen::MatrixXd(0, 1), Eigen::VectorXd());
        QCOMPARE(none.offset, 0.0);
        QCOMPARE(none.scale, 1.0);
    }

    void tpeWeighsThePriorDown()
    {
        QVERIFY(TpeSampler::priorTrialWeight(0) == 0.5);
        QVERIFY(TpeSampler::priorTrialWeight(10) == 0.25);
        QVERIFY(TpeSampler::priorTrialWeight(40) < TpeSampler::priorTrialWeight(20));
    }
};

QTEST_GUILESS_MAIN(TestWarmStart)
#include "tst_warmstart.moc"
