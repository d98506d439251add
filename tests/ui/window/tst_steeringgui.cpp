#include "analysis/studyexport.h"
#include "design/studyform.h"
#include "execution/studymonitor.h"
#include "report/studyreport.h"
#include "storage/storage.h"
#include "trials/enqueuedialog.h"
#include "trials/studylistmodel.h"
#include "trials/studylistproxy.h"
#include "trials/trialactions.h"
#include "trials/trialdetailpane.h"
#include "trials/trialtablemodel.h"
#include "window/mainwindow.h"
#include "window/studylistpanel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTest>

using namespace tunescope;

/// Steering from the dashboard: the study list's search, order, rename, delete, tags and
/// notes; the trial actions (enqueue, retry, tell, mark failed, note) on a study another
/// process could be running; New Study from This One; notes and tags in the report.
class TestSteeringGui : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;
    QString mDb;

    static StudySpec spec(const QString &name)
    {
        const QByteArray yaml = "name: " + name.toUtf8() + "\nmethod: random\nprogram: /bin/true\n"
                                "metric: {name: loss}\n"
                                "parameters:\n"
                                "  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}\n"
                                "  opt: {values: [sgd, adam]}\n";
        return *parseStudySpec(yaml, QStringLiteral("test")).spec;
    }

    /// Three studies: alpha (2 trials, best 0.2), beta (1 trial, best 0.1, tagged, noted), gamma (none).
    void fill()
    {
        QString error;
        auto storage = Storage::open(mDb, &error);
        QVERIFY2(storage, qPrintable(error));
        for (const QString &name : {QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")}) {
            StudyRecord r;
            r.name = name;
            r.method = QStringLiteral("random");
            r.metricName = QStringLiteral("loss");
            r.specYaml = studySpecToYaml(spec(name));
            QVERIFY(storage->createStudy(r));
        }
        QTest::qWait(5); // trials later than every study's creation, to the millisecond
        const auto alpha = storage->findStudy("alpha");
        const auto a0 = storage->startTrial(alpha->id, {{"lr", 0.01}, {"opt", "sgd"}});
        QVERIFY(storage->finishTrial(a0->id, TrialState::Failed, std::nullopt, 1, "exit code 1"));
        const auto a1 = storage->startTrial(alpha->id, {{"lr", 0.02}, {"opt", "adam"}});
        QVERIFY(storage->finishTrial(a1->id, TrialState::Complete, 0.2, 0, QString()));
        const auto a2 = storage->startTrial(alpha->id, {{"lr", 0.03}, {"opt", "adam"}}); // still running
        QVERIFY(a2);
        const auto beta = storage->findStudy("beta");
        const auto b0 = storage->startTrial(beta->id, {{"lr", 0.05}, {"opt", "sgd"}});
        QVERIFY(storage->finishTrial(b0->id, TrialState::Complete, 0.1, 0, QString()));
        QVERIFY(storage->setStudyTags(beta->id, {"baseline", "mlp"}));
        QVERIFY(storage->setStudyNote(beta->id, "Seeded from **last week**"));
    }

    static QStringList shownStudies(const StudyListPanel *panel)
    {
        QStringList names;
        for (int r = 0; r < panel->proxy()->rowCount(); ++r)
            names << panel->proxy()->index(r, 0).data(StudyListModel::NameRole).toString();
        return names;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(mDir.isValid());
    }

    void init()
    {
        static int n = 0;
        mDb = mDir.filePath(QStringLiteral("steer%1.db").arg(++n));
        fill();
    }

    void studyListSearchesAndSorts()
    {
        MainWindow window;
        QString error;
        QVERIFY2(window.openDatabase(mDb, {}, &error), qPrintable(error));
        StudyListPanel *panel = window.studyPanel();
        QAbstractItemModelTester tester(panel->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(shownStudies(panel), QStringList({"alpha", "beta", "gamma"}));
        panel->searchField()->setText("MLP"); // a tag, any case
        QCOMPARE(shownStudies(panel), QStringList({"beta"}));
        panel->searchField()->setText("last week"); // the note
        QCOMPARE(shownStudies(panel), QStringList({"beta"}));
        panel->searchField()->setText("gam"); // the name
        QCOMPARE(shownStudies(panel), QStringList({"gamma"}));
        panel->searchField()->clear();
        panel->orderBox()->setCurrentIndex(panel->orderBox()->findData(int(StudyListProxy::Order::BestValue)));
        QCOMPARE(shownStudies(panel), QStringList({"beta", "alpha", "gamma"})); // minimized: 0.1, 0.2, none
        panel->orderBox()->setCurrentIndex(panel->orderBox()->findData(int(StudyListProxy::Order::TrialCount)));
        QCOMPARE(shownStudies(panel), QStringList({"alpha", "beta", "gamma"}));
        panel->orderBox()->setCurrentIndex(panel->orderBox()->findData(int(StudyListProxy::Order::LastActivity)));
        QCOMPARE(shownStudies(panel).last(), QStringLiteral("gamma")); // created before any trial of the others
        // The study's tags and note, rendered, under the list.
        panel->selectStudy("beta");
        QTRY_COMPARE(window.monitor()->spec().name, QStringLiteral("beta"));
        QVERIFY2(panel->noteView()->toPlainText().contains("Seeded from last week"), qPrintable(panel->noteView()->toPlainText()));
        QVERIFY(panel->noteView()->toHtml().contains("font-weight:700")); // **bold** rendered
    }

    void renamesTagsNotesAndDeletesStudies()
    {
        {
            MainWindow window;
            QString error;
            QVERIFY2(window.openDatabase(mDb, "beta", &error), qPrintable(error));
            StudyListPanel *panel = window.studyPanel();
            QVERIFY(!panel->renameStudy("beta", "alpha", &error));
            QCOMPARE(window.monitor()->spec().name, QStringLiteral("beta")); // a refused rename changes nothing
            QVERIFY2(error.contains("already exists"), qPrintable(error));
            QVERIFY2(panel->renameStudy("beta", "beta-v2", &error), qPrintable(error));
            QCOMPARE(shownStudies(panel), QStringList({"alpha", "beta-v2", "gamma"}));
            QTRY_COMPARE(window.monitor()->spec().name, QStringLiteral("beta-v2")); // shown under its new name
            QVERIFY(panel->setTags("gamma", {"new"}, &error));
            QVERIFY(panel->setNote("gamma", "# Plan", &error));
            QVERIFY2(panel->deleteStudy("alpha", false, &error), qPrintable(error));
            QCOMPARE(shownStudies(panel), QStringList({"beta-v2", "gamma"}));
        }
        // After a restart, as left.
        QString error;
        auto storage = Storage::open(mDb, &error);
        QVERIFY(!storage->findStudy("alpha"));
        QVERIFY(!storage->findStudy("beta"));
        QCOMPARE(storage->findStudy("beta-v2")->tags, QStringList({"baseline", "mlp"}));
        QCOMPARE(storage->findStudy("gamma")->tags, QStringList({"new"}));
        QCOMPARE(storage->findStudy("gamma")->note, QStringLiteral("# Plan"));
    }

    void trialActionsSteerTheStudy()
    {
        MainWindow window;
        QString error;
        QVERIFY2(window.openDatabase(mDb, "alpha", &error), qPrintable(error));
        QTRY_COMPARE(window.trialModel()->rowCount(), 3);
        TrialActions *actions = window.findChild<TrialActions *>();
        QVERIFY(actions);
        actions->setSelection({0});
        QVERIFY(actions->retryAction()->isEnabled());
        QVERIFY(!actions->markFailedAction()->isEnabled()); // finished
        actions->setSelection({1});
        QVERIFY(!actions->retryAction()->isEnabled()); // complete
        actions->setSelection({2});
        QVERIFY(actions->markFailedAction()->isEnabled());
        QVERIFY(actions->tellAction()->isEnabled());

        QVERIFY2(actions->retry({0}, &error), qPrintable(error));
        QTRY_COMPARE(window.trialModel()->rowCount(), 4);
        QCOMPARE(window.monitor()->trial(3)->retryOf, std::optional<int>(0));
        QCOMPARE(window.monitor()->trial(0)->retriedAs, std::optional<int>(3));
        actions->setSelection({0});
        QVERIFY(!actions->retryAction()->isEnabled()); // retried already
        QVERIFY(!actions->retry({0}, &error));

        QVERIFY(!actions->enqueue({{"lr", 0.5}, {"opt", "adam"}}, false, &error));
        QVERIFY2(error.contains("parameters.lr"), qPrintable(error));
        QVERIFY2(actions->enqueue({{"lr", 0.001}, {"opt", "adam"}}, false, &error), qPrintable(error));
        QTRY_COMPARE(window.trialModel()->rowCount(), 5);
        QCOMPARE(window.monitor()->trial(4)->origin, trialOriginEnqueued);

        QVERIFY2(actions->tell(2, 0.05, &error), qPrintable(error));
        QCOMPARE(window.monitor()->trial(2)->state, TrialState::Complete);
        QCOMPARE(window.monitor()->trial(2)->value, std::optional<double>(0.05));
        QVERIFY2(actions->markFailed(4, &error), qPrintable(error)); // a queued one: never runs now
        QCOMPARE(window.monitor()->trial(4)->state, TrialState::Failed);

        QVERIFY2(actions->setNote(1, "learning rate *too low*", &error), qPrintable(error));
        window.detailPane()->setTrial(1);
        QTRY_VERIFY(window.detailPane()->noteMarkdown().contains("too low"));
        window.detailPane()->setTrial(3);
        QCOMPARE(window.detailPane()->detailValue("retry of"), QStringLiteral("trial 0"));

        // All of it after a restart, and in the report.
        auto storage = Storage::open(mDb, &error);
        const auto data = loadStudyData(*storage, "alpha", &error);
        QVERIFY2(data, qPrintable(error));
        QCOMPARE(data->trials.at(1).note, QStringLiteral("learning rate *too low*"));
        QCOMPARE(data->trials.at(4).reason, QStringLiteral("marked failed by hand"));
        const QString html = QString::fromUtf8(StudyReport(*data).toHtml());
        QVERIFY(html.contains("learning rate *too low*")); // the trials table's note column, as text
        QVERIFY(html.contains("retry of 0"));
    }

    void enqueueDialogNamesTheParameter()
    {
        const StudySpec s = spec("dialog");
        EnqueueDialog dialog(s, {{"lr", 0.01}, {"opt", "sgd"}});
        QVERIFY(dialog.problems().isEmpty());
        dialog.setText("lr", "0.5");
        QVERIFY2(dialog.problems().contains("parameters.lr: 0.5, outside its range"), qPrintable(dialog.problems()));
        dialog.setText("opt", "rmsprop");
        QVERIFY(dialog.problems().contains("parameters.opt"));
        QCOMPARE(dialog.params().value("opt"), QVariant("rmsprop"));
        dialog.setText("lr", "0.002");
        dialog.setText("opt", "adam");
        QVERIFY(dialog.problems().isEmpty());
        QCOMPARE(dialog.params().value("lr"), QVariant(0.002));
    }

    void newStudyFromThisOne()
    {
        MainWindow window;
        QString error;
        QVERIFY2(window.openDatabase(mDb, "beta", &error), qPrintable(error));
        emit window.studyPanel()->cloneRequested("beta");
        QCOMPARE(window.studyForm()->spec().name, QStringLiteral("beta-2"));
        QCOMPARE(window.studyForm()->spec().space.parameters().size(), 2);
        QCOMPARE(window.tabs()->currentWidget(), static_cast<QWidget *>(window.studyForm()));
        // The study it was made from is offered as a warm start, off until a mode is chosen.
        QVERIFY(!window.studyForm()->spec().warmStart.isEnabled());
        auto *mode = window.studyForm()->findChild<QComboBox *>("warm_start.mode");
        QVERIFY(mode);
        mode->setCurrentIndex(mode->findData("best_first"));
        const StudySpec warm = window.studyForm()->spec();
        QCOMPARE(warm.warmStart.from, QStringList{QFileInfo(mDb).absoluteFilePath() + "#beta"});
        QCOMPARE(warm.warmStart.mode, WarmStartSpec::Mode::BestFirst);
        QVERIFY2(window.studyForm()->validate().isEmpty(), qPrintable(window.studyForm()->validate().join(u'\n')));
        // Prior observations are for tpe and bayes: the form says so at the mode.
        mode->setCurrentIndex(mode->findData("prior"));
        const QStringList errors = window.studyForm()->validate();
        if (window.studyForm()->spec().method != QLatin1String("tpe") && window.studyForm()->spec().method != QLatin1String("bayes"))
            QVERIFY2(errors.join(u'\n').contains("warm_start.mode: prior needs a method"), qPrintable(errors.join(u'\n')));
    }

    void reportNamesTheWarmStart()
    {
        QString error;
        auto storage = Storage::open(mDb, &error);
        auto data = loadStudyData(*storage, "beta", &error);
        QVERIFY2(data, qPrintable(error));
        data->spec.warmStart.from = {"postgresql://me:secret@db.example/tune#week1"};
        const QString html = QString::fromUtf8(StudyReport(*data).toHtml());
        QVERIFY2(html.contains("the 5 best configurations of postgresql://me@db.example/tune#week1 run first"), qPrintable(html));
        QVERIFY(!html.contains("secret"));
    }

    void reportShowsStudyNoteAndTags()
    {
        QString error;
        auto storage = Storage::open(mDb, &error);
        const auto data = loadStudyData(*storage, "beta", &error);
        QVERIFY2(data, qPrintable(error));
        StudyData withHostileNote = *data;
        withHostileNote.record.note = "Seeded from **last week** <script>alert(1)</script> ![x](http://example.com/x.png)";
        const QString html = QString::fromUtf8(StudyReport(withHostileNote).toHtml());
        QVERIFY(html.contains("baseline, mlp"));
        QVERIFY2(html.contains("font-weight:700;\">last week</span>") || html.contains("<b>last week</b>")
                     || html.contains("font-weight:600;\">last week"),
                 "the note's Markdown is formatted");
        QVERIFY(!html.contains("<script>alert"));
        QVERIFY(!html.contains("http://example.com/x.png\""));
    }
};

QTEST_MAIN(TestSteeringGui)
#include "tst_steeringgui.moc"
