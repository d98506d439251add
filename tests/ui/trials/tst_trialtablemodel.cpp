#include "charts/statecolors.h"
#include "trials/studylistmodel.h"
#include "execution/studymonitor.h"
#include "trials/trialfilterproxy.h"
#include "trials/trialtablemodel.h"

#include "storage/storage.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace tunescope;

/// TrialTableModel, TrialFilterProxy and StudyListModel under QAbstractItemModelTester.
class TestTrialTableModel : public QObject
{
    Q_OBJECT

private slots:
    void columnsAndValues();
    void liveUpdatesKeepModelConsistent();
    void filterByState_data();
    void filterByState();
    void sortsNumerically();
    void sortAndFilterFollowLiveRows();
    void repeatsAndSeveralObjectives();
    void studyList();
    void metricAndAttributeColumns();
    void metricColumnsArriveLive();

private:
    static StudySpec spec();
    /// A new SQLite file at `path` holding the study of spec(), and that study.
    static std::pair<std::unique_ptr<Storage>, StudyRecord> storedStudy(const QString &path);
    static Trial trial(int number, TrialState state, std::optional<double> value, double lr);
};

StudySpec TestTrialTableModel::spec()
{
    const SpecLoadResult loaded = parseStudySpec("name: t\nprogram: /bin/true\nmethod: random\n"
                                                 "metric: {name: acc, goal: maximize}\n"
                                                 "parameters:\n  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 1}\n"
                                                 "  opt: {values: [sgd, adam]}\n",
                                                 QStringLiteral("test"));
    Q_ASSERT(loaded.spec);
    return *loaded.spec;
}

std::pair<std::unique_ptr<Storage>, StudyRecord> TestTrialTableModel::storedStudy(const QString &path)
{
    QString error;
    auto storage = Storage::open(path, &error);
    if (!storage)
        qFatal("%s", qPrintable(error));
    StudyRecord record;
    record.name = QStringLiteral("t");
    record.method = QStringLiteral("random");
    record.metricName = QStringLiteral("acc");
    record.goal = QStringLiteral("maximize");
    record.specYaml = studySpecToYaml(spec());
    const auto study = storage->createStudy(record);
    if (!study)
        qFatal("%s", qPrintable(storage->lastError()));
    return {std::move(storage), *study};
}

Trial TestTrialTableModel::trial(int number, TrialState state, std::optional<double> value, double lr)
{
    Trial t;
    t.number = number;
    t.state = state;
    t.value = value;
    t.params = {{QStringLiteral("lr"), lr}, {QStringLiteral("opt"), number % 2 ? QStringLiteral("adam") : QStringLiteral("sgd")}};
    t.started = QDateTime::currentDateTimeUtc().addSecs(-10);
    if (isFinished(state))
        t.finished = t.started.addSecs(3);
    if (state == TrialState::Failed)
        t.reason = QStringLiteral("exited with code 1");
    t.gpu = number == 2 ? QStringLiteral("1") : QString();
    return t;
}

void TestTrialTableModel::columnsAndValues()
{
    StudyMonitor monitor;
    monitor.load(spec(), {trial(0, TrialState::Complete, 0.8, 0.01), trial(1, TrialState::Failed, std::nullopt, 0.5),
                          trial(2, TrialState::Complete, 0.9, 0.001)});
    TrialTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMonitor(&monitor);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 7); // #, state, acc, lr, opt, duration, GPU
    QCOMPARE(model.headerData(model.parameterColumn(QStringLiteral("lr")), Qt::Horizontal).toString(), QStringLiteral("lr"));
    QCOMPARE(model.headerData(model.objectiveColumn(), Qt::Horizontal).toString(), QStringLiteral("acc"));
    QCOMPARE(model.index(1, model.stateColumn()).data().toString(), QStringLiteral("FAILED"));
    QCOMPARE(model.index(1, model.stateColumn()).data(TrialTableModel::StateColorRole).value<QColor>(), StateColors::color(TrialState::Failed));
    QCOMPARE(model.index(1, model.stateColumn()).data(Qt::ToolTipRole).toString(), QStringLiteral("exited with code 1"));
    QCOMPARE(model.index(0, model.objectiveColumn()).data().toString(), QStringLiteral("0.8"));
    QCOMPARE(model.index(1, model.objectiveColumn()).data().toString(), QStringLiteral("–"));
    QCOMPARE(model.index(2, model.parameterColumn(QStringLiteral("opt"))).data().toString(), QStringLiteral("sgd"));
    QCOMPARE(model.index(0, model.durationColumn()).data().toString(), QStringLiteral("3.0 s"));
    QCOMPARE(model.index(2, model.gpuColumn()).data().toString(), QStringLiteral("1"));
    QCOMPARE(model.index(0, model.gpuColumn()).data().toString(), QStringLiteral("CPU"));
    QCOMPARE(model.index(2, 0).data(TrialTableModel::TrialNumberRole).toInt(), 2);
    // The best trial (maximize: 0.9) is bold.
    QVERIFY(model.index(2, 0).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!model.index(0, 0).data(Qt::FontRole).isValid());
}

void TestTrialTableModel::liveUpdatesKeepModelConsistent()
{
    // A real database written by "another process" drives the monitor; the tester checks
    // every insert and change signal the model emits on the way.
    StudyMonitor monitor;
    TrialTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrialFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMonitor(&monitor);
    monitor.load(spec(), {trial(0, TrialState::Complete, 0.5, 0.01)});
    QCOMPARE(model.rowCount(), 1);

    QTemporaryDir dir;
    QString error;
    auto [storage, study] = storedStudy(dir.filePath(QStringLiteral("t.db")));
    monitor.setPollInterval(20);
    QVERIFY2(monitor.open(storage.get(), QStringLiteral("t"), &error), qPrintable(error));
    QCOMPARE(model.rowCount(), 0);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const auto t0 = storage->startTrial(study.id, {{QStringLiteral("lr"), 0.01}, {QStringLiteral("opt"), QStringLiteral("sgd")}});
    const auto t1 = storage->startTrial(study.id, {{QStringLiteral("lr"), 0.1}, {QStringLiteral("opt"), QStringLiteral("adam")}});
    QVERIFY(t0 && t1);
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.index(0, model.stateColumn()).data().toString(), QStringLiteral("RUNNING"));
    // A trial whose Slurm job waits in the queue shows so, with Slurm's reason, until it runs.
    QVERIFY(storage->setTrialJob(t1->id, QStringLiteral("4711")) && storage->setTrialQueueReason(t1->id, QStringLiteral("Priority")));
    QTRY_COMPARE(model.index(1, model.stateColumn()).data().toString(), QStringLiteral("QUEUED"));
    QCOMPARE(model.index(1, model.stateColumn()).data(Qt::ToolTipRole).toString(), QStringLiteral("Waiting in Slurm's queue: Priority"));
    QCOMPARE(model.index(1, model.stateColumn()).data(TrialTableModel::StateColorRole).value<QColor>(), StateColors::color(TrialState::Waiting));
    QVERIFY(storage->setTrialQueueReason(t1->id, QString()));
    QTRY_COMPARE(model.index(1, model.stateColumn()).data().toString(), QStringLiteral("RUNNING"));
    QVERIFY(storage->addMetricReports(t0->id, {{QStringLiteral("acc"), {0, 0.42}}}));
    // A running trial shows its latest report (refreshed once a second).
    QTRY_COMPARE(model.index(0, model.objectiveColumn()).data().toString(), QStringLiteral("0.42 …"));
    QVERIFY(storage->finishTrial(t0->id, TrialState::Complete, 0.42, 0, QString()));
    QTRY_COMPARE(model.index(0, model.stateColumn()).data().toString(), QStringLiteral("COMPLETE"));
    QVERIFY(changed.count() > 0);
    proxy.setStates({TrialState::Running});
    QCOMPARE(proxy.rowCount(), 1);
    QVERIFY(storage->finishTrial(t1->id, TrialState::Failed, std::nullopt, 1, QStringLiteral("boom")));
    QTRY_COMPARE(proxy.rowCount(), 0);
    monitor.close();
    QCOMPARE(model.rowCount(), 0);
}

void TestTrialTableModel::metricAndAttributeColumns()
{
    // Every metric a trial reported besides the objective gets a column with its last value,
    // every user attribute one with its value; keys name them whatever their position.
    Trial a = trial(0, TrialState::Complete, 0.8, 0.01);
    a.intermediate = {{QStringLiteral("acc"), {{1, 0.7}, {2, 0.8}}},
                      {QStringLiteral("train_loss"), {{1, 0.9}, {2, 0.35}}},
                      {QStringLiteral("grad_norm"), {{1, 4.0}}}};
    a.attributes = {{QStringLiteral("user_attrs"), QVariantMap{{QStringLiteral("seed"), 7}, {QStringLiteral("note"), QStringLiteral("warm")}}},
                    {QStringLiteral("system_attrs"), QVariantMap{{QStringLiteral("internal"), 1}}}};
    Trial b = trial(1, TrialState::Complete, 0.9, 0.02);
    b.intermediate = {{QStringLiteral("train_loss"), {{1, 0.5}}}};
    StudyMonitor monitor;
    monitor.load(spec(), {a, b});
    TrialTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMonitor(&monitor);
    QCOMPARE(model.columnCount(), 7 + 2 + 2); // + grad_norm, train_loss; + note, seed (no system attributes)
    const int loss = model.metricColumn(QStringLiteral("train_loss"));
    QCOMPARE(loss, model.gpuColumn() + 2); // sorted by name after grad_norm
    QCOMPARE(model.metricColumn(QStringLiteral("acc")), -1); // the objective has its own column
    QCOMPARE(model.headerData(loss, Qt::Horizontal).toString(), QStringLiteral("train_loss"));
    QCOMPARE(model.index(0, loss).data().toString(), QStringLiteral("0.35"));
    QCOMPARE(model.index(0, loss).data(TrialTableModel::SortRole).toDouble(), 0.35);
    QCOMPARE(model.index(1, loss).data().toString(), QStringLiteral("0.5"));
    QCOMPARE(model.index(1, model.metricColumn(QStringLiteral("grad_norm"))).data().toString(), QStringLiteral("–"));
    QVERIFY(!model.index(1, model.metricColumn(QStringLiteral("grad_norm"))).data(TrialTableModel::SortRole).isValid());
    const int seed = model.attributeColumn(QStringLiteral("seed"));
    QVERIFY(seed > loss);
    QCOMPARE(model.attributeColumn(QStringLiteral("internal")), -1);
    QCOMPARE(model.headerData(seed, Qt::Horizontal).toString(), QStringLiteral("seed (attribute)"));
    QCOMPARE(model.index(0, seed).data().toString(), QStringLiteral("7"));
    QCOMPARE(model.index(0, seed).data(TrialTableModel::SortRole).toInt(), 7);
    QCOMPARE(model.index(0, model.attributeColumn(QStringLiteral("note"))).data().toString(), QStringLiteral("warm"));
    QCOMPARE(model.columnKey(model.stateColumn()), QStringLiteral("state"));
    QCOMPARE(model.columnKey(model.objectiveColumn()), QStringLiteral("objective:acc"));
    QCOMPARE(model.columnKey(model.parameterColumn(QStringLiteral("opt"))), QStringLiteral("param:opt"));
    QCOMPARE(model.columnKey(model.durationColumn()), QStringLiteral("duration"));
    QCOMPARE(model.columnKey(model.gpuColumn()), QStringLiteral("device"));
    QCOMPARE(model.columnKey(loss), QStringLiteral("metric:train_loss"));
    QCOMPARE(model.columnKey(seed), QStringLiteral("attribute:seed"));
    // Sorting and the text filter see the new columns too.
    TrialFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(loss, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, 0).data(TrialTableModel::TrialNumberRole).toInt(), 1);
    proxy.setFilterFixedString(QStringLiteral("warm"));
    QCOMPARE(proxy.rowCount(), 1);
}

void TestTrialTableModel::metricColumnsArriveLive()
{
    // A metric first reported while the study runs adds its column (announced: views and
    // proxies stay consistent) and the running trial's value follows its reports.
    QTemporaryDir dir;
    QString error;
    auto [storage, study] = storedStudy(dir.filePath(QStringLiteral("t.db")));
    StudyMonitor monitor;
    monitor.setPollInterval(20);
    TrialTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrialFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMonitor(&monitor);
    QVERIFY2(monitor.open(storage.get(), QStringLiteral("t"), &error), qPrintable(error));
    const auto t0 = storage->startTrial(study.id, {{QStringLiteral("lr"), 0.01}, {QStringLiteral("opt"), QStringLiteral("sgd")}});
    QVERIFY(t0);
    QTRY_COMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), 7);
    QSignalSpy columns(&model, &QAbstractItemModel::columnsInserted);
    QVERIFY(storage->addMetricReports(t0->id, {{QStringLiteral("acc"), {0, 0.4}}, {QStringLiteral("val_loss"), {0, 1.5}}}));
    QTRY_COMPARE(model.columnCount(), 8);
    QCOMPARE(columns.count(), 1);
    QCOMPARE(proxy.columnCount(), 8);
    const int loss = model.metricColumn(QStringLiteral("val_loss"));
    QCOMPARE(model.index(0, loss).data().toString(), QStringLiteral("1.5"));
    QVERIFY(storage->addMetricReports(t0->id, {{QStringLiteral("val_loss"), {1, 0.75}}}));
    QTRY_COMPARE(model.index(0, loss).data().toString(), QStringLiteral("0.75"));
    QCOMPARE(columns.count(), 1); // a known metric adds nothing
}

void TestTrialTableModel::filterByState_data()
{
    QTest::addColumn<QList<int>>("states");
    QTest::addColumn<int>("rows");
    QTest::newRow("all") << QList<int>{} << 5;
    QTest::newRow("complete") << QList<int>{int(TrialState::Complete)} << 2;
    QTest::newRow("failed") << QList<int>{int(TrialState::Failed)} << 1;
    QTest::newRow("running") << QList<int>{int(TrialState::Running)} << 1;
    QTest::newRow("failed+pruned") << QList<int>{int(TrialState::Failed), int(TrialState::Pruned)} << 2;
}

void TestTrialTableModel::filterByState()
{
    QFETCH(QList<int>, states);
    QFETCH(int, rows);
    StudyMonitor monitor;
    monitor.load(spec(), {trial(0, TrialState::Complete, 0.8, 0.01), trial(1, TrialState::Failed, std::nullopt, 0.5),
                          trial(2, TrialState::Complete, 0.9, 0.001), trial(3, TrialState::Running, std::nullopt, 0.2),
                          trial(4, TrialState::Pruned, 0.1, 0.3)});
    TrialTableModel model;
    model.setMonitor(&monitor);
    TrialFilterProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    QSet<TrialState> set;
    for (int s : states)
        set.insert(TrialState(s));
    proxy.setStates(set);
    QCOMPARE(proxy.rowCount(), rows);
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const auto state = TrialState(proxy.index(r, 0).data(TrialTableModel::StateRole).toInt());
        QVERIFY(set.isEmpty() || set.contains(state));
    }
}

void TestTrialTableModel::sortsNumerically()
{
    StudyMonitor monitor;
    QList<Trial> trials;
    for (int i = 0; i < 12; ++i)
        trials << trial(i, TrialState::Complete, 1.0 / (i + 1), std::pow(10.0, -i % 4));
    trials << trial(12, TrialState::Running, std::nullopt, 0.5);
    monitor.load(spec(), trials);
    TrialTableModel model;
    model.setMonitor(&monitor);
    TrialFilterProxy proxy;
    proxy.setSourceModel(&model);
    // By number: 10 after 9, not after 1 as text would sort.
    proxy.sort(0, Qt::AscendingOrder);
    QCOMPARE(proxy.index(10, 0).data().toInt(), 10);
    // By objective: trials without a value go last.
    proxy.sort(model.objectiveColumn(), Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data().toInt(), 11);
    QCOMPARE(proxy.index(12, 0).data().toInt(), 12);
    proxy.sort(model.parameterColumn(QStringLiteral("lr")), Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, model.parameterColumn(QStringLiteral("lr"))).data(TrialTableModel::SortRole).toDouble(), 0.001);
    proxy.setFilterFixedString(QStringLiteral("adam"));
    QCOMPARE(proxy.rowCount(), 6);
}

void TestTrialTableModel::sortAndFilterFollowLiveRows()
{
    // The keys and texts the model keeps for sorting and filtering follow a live study:
    // the proxy's order and rows always equal a fresh sort of what the cells show.
    QTemporaryDir dir;
    QString error;
    auto [storage, study] = storedStudy(dir.filePath(QStringLiteral("t.db")));
    QList<qint64> ids;
    for (int i = 0; i < 30; ++i) {
        const auto t = storage->startTrial(study.id, {{QStringLiteral("lr"), std::pow(10.0, -(i * 7 % 4))},
                                                       {QStringLiteral("opt"), i % 3 ? QStringLiteral("sgd") : QStringLiteral("adam")}});
        QVERIFY(t);
        ids << t->id;
        if (i % 5 != 4)
            QVERIFY(storage->finishTrial(t->id, TrialState::Complete, (i * 37 % 11) / 10.0, 0, QString()));
    }
    StudyMonitor monitor;
    monitor.setPollInterval(20);
    QVERIFY(monitor.open(storage.get(), QStringLiteral("t"), &error));
    TrialTableModel model;
    model.setMonitor(&monitor);
    TrialFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // What a sort by the cells' SortRole gives: numbers, missing ones last, text collated.
    const auto expectedOrder = [&](int column) {
        QList<int> rows;
        for (int r = 0; r < model.rowCount(); ++r)
            rows << r;
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
            const QVariant x = model.index(a, column).data(TrialTableModel::SortRole);
            const QVariant y = model.index(b, column).data(TrialTableModel::SortRole);
            if (!x.isValid() || !y.isValid())
                return x.isValid() && !y.isValid();
            if (x.typeId() != QMetaType::QString && y.typeId() != QMetaType::QString)
                return x.toDouble() < y.toDouble();
            return QString::localeAwareCompare(x.toString(), y.toString()) < 0;
        });
        QList<QVariant> keys;
        for (int r : rows)
            keys << model.index(r, column).data(TrialTableModel::SortRole);
        return keys;
    };
    const auto shownOrder = [&](int column) {
        QList<QVariant> keys;
        for (int r = 0; r < proxy.rowCount(); ++r)
            keys << proxy.index(r, column).data(TrialTableModel::SortRole);
        return keys;
    };
    const int objective = model.objectiveColumn(), opt = model.parameterColumn(QStringLiteral("opt"));
    proxy.sort(objective, Qt::AscendingOrder);
    QCOMPARE(shownOrder(objective), expectedOrder(objective));
    proxy.sort(opt, Qt::AscendingOrder);
    QCOMPARE(shownOrder(opt), expectedOrder(opt));
    proxy.sort(objective, Qt::AscendingOrder);

    // The running trials finish, new ones come: the sorted view stays right.
    for (int i = 4; i < 30; i += 5)
        QVERIFY(storage->finishTrial(ids[i], TrialState::Complete, 1.5 + i / 100.0, 0, QString()));
    QVERIFY(storage->startTrial(study.id, {{QStringLiteral("lr"), 0.5}, {QStringLiteral("opt"), QStringLiteral("adam")}}));
    QTRY_COMPARE(model.rowCount(), 31);
    QTRY_COMPARE(monitor.trial(29)->state, TrialState::Complete);
    QCOMPARE(shownOrder(objective), expectedOrder(objective));
    QCOMPARE(proxy.index(29, 0).data().toInt(), 29); // the best, before the one without a value
    QCOMPARE(proxy.index(30, 0).data().toInt(), 30);

    // The text filter looks in every cell's text, and follows the rows' changes.
    proxy.setFilterFixedString(QStringLiteral("ADAM"));
    QCOMPARE(proxy.rowCount(), 11);
    proxy.setFilterFixedString(QStringLiteral("complete"));
    QCOMPARE(proxy.rowCount(), 30);
    QVERIFY(storage->finishTrial(monitor.trial(30)->id, TrialState::Complete, 0.0, 0, QString()));
    QTRY_COMPARE(proxy.rowCount(), 31);
    // Not across cells: "adam" and the number beside it are two cells.
    proxy.setFilterFixedString(QStringLiteral("adam") + QChar(0x20) + QStringLiteral("0"));
    QCOMPARE(proxy.rowCount(), 0);
}

void TestTrialTableModel::studyList()
{
    StudyListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    StudySummary a;
    a.study.name = QStringLiteral("alpha");
    a.study.method = QStringLiteral("random");
    a.total = 5;
    a.complete = 4;
    a.best = 0.25;
    StudySummary b = a;
    b.study.name = QStringLiteral("beta");
    b.running = 1;
    model.setSummaries({a, b});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfStudy(QStringLiteral("beta")), 1);
    QVERIFY(model.index(0).data().toString().contains(QLatin1String("best 0.25")));
    QCOMPARE(model.index(1).data(Qt::DecorationRole).value<QColor>(), StateColors::color(TrialState::Running));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    a.total = 6;
    model.setSummaries({a, b}); // same rows: updated in place
    QCOMPARE(resets.count(), 0);
    model.setSummaries({b});
    QCOMPARE(resets.count(), 1);
    QCOMPARE(model.rowCount(), 1);
}

void TestTrialTableModel::repeatsAndSeveralObjectives()
{
    StudySpec two = spec();
    two.metrics.append(MetricSpec{QStringLiteral("latency"), Goal::Minimize, false});
    Trial a = trial(0, TrialState::Complete, 0.912, 0.01);
    a.values = {0.912, 12.5};
    Trial b = trial(1, TrialState::Running, std::nullopt, 0.02);
    b.intermediate[QStringLiteral("latency")] = {{1, 30.0}, {2, 20.0}};
    StudyMonitor monitor;
    monitor.load(two, {a, b});
    TrialTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMonitor(&monitor);
    QCOMPARE(model.objectiveCount(), 2);
    QCOMPARE(model.columnCount(), 8); // #, state, acc, latency, lr, opt, duration, GPU
    QCOMPARE(model.headerData(model.objectiveColumn() + 1, Qt::Horizontal).toString(), QStringLiteral("latency"));
    QCOMPARE(model.parameterColumn(QStringLiteral("lr")), model.objectiveColumn() + 2);
    QCOMPARE(model.index(0, model.objectiveColumn() + 1).data().toString(), QStringLiteral("12.5"));
    QCOMPARE(model.index(1, model.objectiveColumn() + 1).data().toString(), QStringLiteral("20 …")); // live value
    // The Pareto-optimal trials are starred (a is the only complete one); sorting stays numeric.
    QCOMPARE(model.index(0, model.numberColumn()).data().toString(), QStringLiteral("★ 0"));
    QCOMPARE(model.index(0, model.numberColumn()).data(TrialTableModel::SortRole).toInt(), 0);
    QCOMPARE(model.index(1, model.numberColumn()).data().toString(), QStringLiteral("1"));
    Trial dominated = trial(2, TrialState::Complete, 0.9, 0.03);
    dominated.values = {0.9, 13.0};
    Trial other = trial(3, TrialState::Complete, 0.95, 0.04);
    other.values = {0.95, 40.0};
    monitor.load(two, {a, b, dominated, other});
    QCOMPARE(model.index(2, model.numberColumn()).data().toString(), QStringLiteral("2"));
    QCOMPARE(model.index(3, model.numberColumn()).data().toString(), QStringLiteral("★ 3"));

    // With repeats the objective reads "mean ± std", with as many decimals as the spread
    // justifies, and still sorts by the mean.
    StudySpec rep = spec();
    rep.repeats = 5;
    Trial c = trial(0, TrialState::Complete, 0.912346, 0.01);
    c.valueStd = 0.0131234;
    Trial d = trial(1, TrialState::Complete, 1234.4, 0.01);
    d.valueStd = 56.0;
    monitor.load(rep, {c, d});
    QCOMPARE(model.objectiveCount(), 1);
    QCOMPARE(model.index(0, model.objectiveColumn()).data().toString(), QStringLiteral("0.912 ± 0.013"));
    QCOMPARE(model.index(1, model.objectiveColumn()).data().toString(), QStringLiteral("1234 ± 56"));
    QCOMPARE(model.index(0, model.objectiveColumn()).data(TrialTableModel::SortRole).toDouble(), 0.912346);
    QVERIFY(model.index(0, model.objectiveColumn()).data(Qt::ToolTipRole).toString().contains(QStringLiteral("5 repeat")));
}

QTEST_MAIN(TestTrialTableModel)
#include "tst_trialtablemodel.moc"
