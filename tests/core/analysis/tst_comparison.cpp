// Comparisons of studies in the core: seed groups, best-so-far mean and range, distributions,
// the side-by-side tables and the CSVs (read back with an RFC 4180 reader). The rendered
// compare report is tested in tests/ui/report/tst_comparereport.cpp.
#include "analysis/comparison.h"
#include "support/trialfixture.h"
#include "support/reportfixture.h"

#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {
using fixture::trial;

ComparedStudy compared(const StudyData &d, const QString &source = QStringLiteral("a.db"))
{
    return ComparedStudy{d, {}, source, {}};
}
} // namespace

class TestComparison : public QObject
{
    Q_OBJECT

private slots:
    void seedGroup_data();
    void seedGroup();
    void bestSoFarValues();
    void groupMeanAndRange();
    void labelsWhenNamesClash();
    void distributions();
    void bestConfigurationsMarkDifferences();
    void settingsMarkDifferences();
    void settingsShowMethodOptions();
    void describesWeightedChoices();
    void csvRoundTrip_data();
    void csvRoundTrip();
    void studyCsvRoundTrip();
};

void TestComparison::seedGroup_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("group");
    QTest::newRow("-seed") << "spirals-seed3" << "spirals";
    QTest::newRow("_s") << "spirals_s12" << "spirals";
    QTest::newRow("-rep") << "mlp-rep2" << "mlp";
    QTest::newRow("-run") << "mlp-run-1" << "mlp";
    QTest::newRow("a number is not a seed") << "mlp-128" << "mlp-128";
    QTest::newRow("plain") << "digits" << "digits";
    QTest::newRow("only a suffix") << "-seed1" << "-seed1";
}

void TestComparison::seedGroup()
{
    QFETCH(QString, name);
    QFETCH(QString, group);
    QCOMPARE(StudyComparison::seedGroup(name), group);
}

void TestComparison::bestSoFarValues()
{
    const QList<Trial> trials{trial(0, TrialState::Failed, std::nullopt), trial(1, TrialState::Complete, 0.5),
                              trial(2, TrialState::Pruned, 0.9), trial(3, TrialState::Complete, 0.4),
                              trial(4, TrialState::Complete, 0.7), trial(5, TrialState::Running, std::nullopt)};
    const QList<double> max = tunescope::bestSoFarValues(trials, Goal::Maximize);
    QCOMPARE(max.size(), 5); // the running trial does not count
    QVERIFY(std::isnan(max[0]));
    QCOMPARE(max[1], 0.5);
    QCOMPARE(max[2], 0.5); // pruned values never count as best
    QCOMPARE(max[3], 0.5);
    QCOMPARE(max[4], 0.7);
    const QList<double> min = tunescope::bestSoFarValues(trials, Goal::Minimize);
    QCOMPARE(min[4], 0.4);
}

void TestComparison::groupMeanAndRange()
{
    StudyData a = fixture::makeStudy(QStringLiteral("x-seed1"), 0, 1);
    StudyData b = fixture::makeStudy(QStringLiteral("x-seed2"), 0, 2);
    StudyData c = fixture::makeStudy(QStringLiteral("other"), 0, 3);
    a.trials = {trial(0, TrialState::Complete, 0.2), trial(1, TrialState::Complete, 0.6), trial(2, TrialState::Complete, 0.5)};
    b.trials = {trial(0, TrialState::Failed, std::nullopt), trial(1, TrialState::Complete, 0.4)};
    c.trials = {trial(0, TrialState::Complete, 0.3)};
    QList<ComparedStudy> studies{compared(a), compared(b), compared(c)};
    StudyComparison::assignLabels(studies, true);
    const StudyComparison cmp(studies);
    const QList<BestSoFarSeries> series = cmp.bestSoFar();
    QCOMPARE(series.size(), 2);
    QCOMPARE(series[0].label, QStringLiteral("x"));
    QCOMPARE(series[0].members, (QStringList{QStringLiteral("x-seed1"), QStringLiteral("x-seed2")}));
    QCOMPARE(series[0].mean.size(), 2); // ends with the shorter run
    QVERIFY(std::isnan(series[0].mean[0])); // seed2 has no complete trial yet: no mean of the lucky one
    QCOMPARE(series[0].mean[1], 0.5);
    QCOMPARE(series[0].lower[1], 0.4);
    QCOMPARE(series[0].upper[1], 0.6);
    QCOMPARE(series[1].mean, QList<double>{0.3});

    QList<ComparedStudy> ungrouped{compared(a), compared(b)};
    StudyComparison::assignLabels(ungrouped, false);
    QCOMPARE(StudyComparison(ungrouped).bestSoFar().size(), 2);
}

void TestComparison::labelsWhenNamesClash()
{
    const StudyData a = fixture::makeStudy(QStringLiteral("mlp"), 3, 1);
    QList<ComparedStudy> studies{compared(a, QStringLiteral("/x/monday.db")), compared(a, QStringLiteral("/y/friday.db"))};
    StudyComparison::assignLabels(studies, true);
    QCOMPARE(studies[0].label, QStringLiteral("mlp (monday.db)"));
    QCOMPARE(studies[1].label, QStringLiteral("mlp (friday.db)"));
    QVERIFY(studies[0].group != studies[1].group);
}

void TestComparison::distributions()
{
    StudyData a = fixture::makeStudy(QStringLiteral("a"), 0, 1);
    for (int i = 0; i < 5; ++i)
        a.trials.append(trial(i, TrialState::Complete, double(i + 1)));
    a.trials.append(trial(5, TrialState::Pruned, 100.0));
    a.trials.append(trial(6, TrialState::Complete, std::nan("")));
    const StudyComparison cmp({compared(a), compared(fixture::makeStudy(QStringLiteral("b"), 0, 2))});
    const QList<ValueDistribution> d = cmp.distributions();
    QCOMPARE(d.size(), 2);
    QCOMPARE(d[0].values.size(), 5);
    QCOMPARE(d[0].min, 1.0);
    QCOMPARE(d[0].q1, 2.0);
    QCOMPARE(d[0].median, 3.0);
    QCOMPARE(d[0].q3, 4.0);
    QCOMPARE(d[0].max, 5.0);
    QCOMPARE(d[0].mean, 3.0);
    QVERIFY(d[1].isEmpty());
}

void TestComparison::bestConfigurationsMarkDifferences()
{
    StudyData a = fixture::makeStudy(QStringLiteral("a"), 0, 1);
    StudyData b = fixture::makeStudy(QStringLiteral("b"), 0, 2);
    Trial ta = trial(0, TrialState::Complete, 0.9);
    ta.params = {{QStringLiteral("lr"), 0.01}, {QStringLiteral("optimizer"), QStringLiteral("adam")}, {QStringLiteral("hidden"), qlonglong(32)}};
    Trial tb = ta;
    tb.value = 0.8;
    tb.params[QStringLiteral("lr")] = 0.001;
    a.trials = {ta};
    b.trials = {trial(0, TrialState::Complete, 0.1), tb};
    b.trials[1].number = 1;
    const QList<ComparisonRow> rows = StudyComparison({compared(a), compared(b)}).bestConfigurations();
    auto row = [&](const QString &name) {
        for (const ComparisonRow &r : rows)
            if (r.name == name)
                return r;
        return ComparisonRow{};
    };
    QCOMPARE(row(QStringLiteral("best val_accuracy")).cells, (QStringList{QStringLiteral("0.9"), QStringLiteral("0.8")}));
    QVERIFY(row(QStringLiteral("best val_accuracy")).differs);
    QVERIFY(!row(QStringLiteral("trial")).differs);
    QVERIFY(row(QStringLiteral("lr")).differs);
    QVERIFY(!row(QStringLiteral("optimizer")).differs);
    QVERIFY(!row(QStringLiteral("hidden")).differs);
    QCOMPARE(row(QStringLiteral("epochs")).cells, (QStringList{QStringLiteral("-"), QStringLiteral("-")}));
}

void TestComparison::settingsMarkDifferences()
{
    StudyData a = fixture::makeStudy(QStringLiteral("a"), 10, 1, QStringLiteral("optimizer"), {}, QStringLiteral("random"));
    StudyData b = fixture::makeStudy(QStringLiteral("b"), 10, 1, QStringLiteral("optimizer"), {}, QStringLiteral("bayes"));
    Parameter *lr = nullptr;
    QList<Parameter> params = b.spec.space.parameters();
    for (Parameter &p : params)
        if (p.name == QLatin1String("lr"))
            lr = &p;
    QVERIFY(lr);
    lr->high = 0.3;
    b.spec.space = SearchSpace(params);
    const QList<ComparisonRow> rows = StudyComparison({compared(a), compared(b)}).settings();
    QStringList differing;
    for (const ComparisonRow &r : rows)
        if (r.differs)
            differing << r.name;
    QCOMPARE(differing, (QStringList{QStringLiteral("method"), QStringLiteral("space: lr")}));
}

void TestComparison::settingsShowMethodOptions()
{
    // Two bayes studies that differ only in a sampler setting: the row that says so differs,
    // with each option and its value; no options read "defaults".
    StudyData a = fixture::makeStudy(QStringLiteral("a"), 10, 1, QStringLiteral("optimizer"), {}, QStringLiteral("bayes"));
    StudyData b = fixture::makeStudy(QStringLiteral("b"), 10, 1, QStringLiteral("optimizer"), {}, QStringLiteral("bayes"));
    b.spec.methodOptions = {{QStringLiteral("candidate_sets"), 1},
                            {QStringLiteral("xi"), 0.01},
                            {QStringLiteral("constant_liar"), false}};
    const QList<ComparisonRow> rows = StudyComparison({compared(a), compared(b)}).settings();
    QStringList differing;
    ComparisonRow options;
    for (const ComparisonRow &r : rows) {
        if (r.differs)
            differing << r.name;
        if (r.name == QLatin1String("method options"))
            options = r;
    }
    QCOMPARE(differing, QStringList{QStringLiteral("method options")});
    QCOMPARE(options.cells,
             (QStringList{QStringLiteral("defaults"), QStringLiteral("candidate_sets=1 constant_liar=false xi=0.01")}));
}

void TestComparison::describesWeightedChoices()
{
    // A W&B `values` list with `probabilities` shows each choice's weight (the report's and
    // the comparison's search-space rows); plain choices stay a plain set.
    Parameter optimizer;
    optimizer.name = QStringLiteral("optimizer");
    optimizer.type = Parameter::Type::Categorical;
    optimizer.choices = {QStringLiteral("adam"), QStringLiteral("sgd")};
    QCOMPARE(describeParameter(optimizer), QStringLiteral("{adam, sgd}"));
    optimizer.probabilities = {0.7, 0.3};
    QCOMPARE(describeParameter(optimizer), QStringLiteral("{adam 0.7, sgd 0.3}"));
}

void TestComparison::csvRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("optimizer");
    QTest::newRow("comma and quote") << QStringLiteral("opt,\"imizer\"");
    QTest::newRow("line break") << QStringLiteral("opt\nimizer");
    QTest::newRow("markup") << QStringLiteral("<script>alert(1)</script>");
}

void TestComparison::csvRoundTrip()
{
    QFETCH(QString, name);
    const StudyData a = fixture::makeStudy(QStringLiteral("a, \"the first\""), 12, 1, name, name);
    const StudyData b = fixture::makeStudy(QStringLiteral("b"), 9, 2, name, name);
    QList<ComparedStudy> studies{compared(a), compared(b)};
    StudyComparison::assignLabels(studies, true);
    const StudyComparison cmp(studies);
    const QList<QStringList> rows = fixture::readCsv(cmp.toCsv());
    QCOMPARE(rows.size(), 1 + 12 + 9);
    const QStringList header = rows.first();
    QCOMPARE(header.first(), QStringLiteral("study"));
    const qsizetype nameColumn = header.indexOf(name);
    QVERIFY(nameColumn > 0);
    const qsizetype valueColumn = header.indexOf(QStringLiteral("value"));
    const qsizetype reasonColumn = header.indexOf(QStringLiteral("reason"));
    for (qsizetype i = 1; i < rows.size(); ++i) {
        QCOMPARE(rows[i].size(), header.size());
        const bool first = i <= 12;
        const Trial &t = (first ? a : b).trials[first ? i - 1 : i - 13];
        QCOMPARE(rows[i][0], first ? a.record.name : b.record.name);
        QCOMPARE(rows[i][nameColumn], paramValueToString(t.params.value(name)));
        QCOMPARE(rows[i][reasonColumn], t.reason);
        if (t.value)
            QCOMPARE(rows[i][valueColumn].toDouble(), *t.value);
        else
            QVERIFY(rows[i][valueColumn].isEmpty());
    }
}

void TestComparison::studyCsvRoundTrip()
{
    const QString hostile = QStringLiteral("a,\"b\"\nc");
    const StudyData a = fixture::makeStudy(QStringLiteral("s"), 15, 4, hostile, hostile);
    const QList<QStringList> rows = fixture::readCsv(studyToCsv(a));
    QCOMPARE(rows.size(), 16);
    const qsizetype column = rows.first().indexOf(hostile);
    QVERIFY(column > 0);
    for (qsizetype i = 1; i < rows.size(); ++i) {
        QCOMPARE(rows[i].size(), rows.first().size());
        QCOMPARE(rows[i][column], paramValueToString(a.trials[i - 1].params.value(hostile)));
        QCOMPARE(rows[i][rows.first().indexOf(QStringLiteral("reason"))], a.trials[i - 1].reason);
    }
}

QTEST_MAIN(TestComparison)
#include "tst_comparison.moc"
