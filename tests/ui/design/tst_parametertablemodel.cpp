#include "design/parametertablemodel.h"

#include "space/studyspec.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace tunescope;

/// ParameterTableModel: rows from a search space, edits, insert/remove/move, problems, and the
/// round trip back to the spec.
class TestParameterTableModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsShowTheSpace();
    void editsChangeOneRow();
    void insertRemoveMove();
    void roundTripToTheSpec();
    void textTheCoreCannotRead();
    void problemsAndPaths();
    void everyDistributionSurvivesTheForm_data();
    void everyDistributionSurvivesTheForm();
    void conditionsNameAndNestTheirParameters();

private:
    static StudySpec example();
    static QStringList names(const ParameterTableModel &model);
    static void sameParameters(const SearchSpace &actual, const SearchSpace &expected);
};

StudySpec TestParameterTableModel::example()
{
    const SpecLoadResult loaded = loadStudySpec(QStringLiteral(TUNESCOPE_SOURCE_DIR "/examples/spirals/study.yaml"));
    Q_ASSERT(loaded.spec);
    return *loaded.spec;
}

QStringList TestParameterTableModel::names(const ParameterTableModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names << model.index(row, ParameterTableModel::NameColumn).data().toString();
    return names;
}

void TestParameterTableModel::rowsShowTheSpace()
{
    ParameterTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSpace(example().space);
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(names(model), QStringList({"lr", "hidden", "layers", "optimizer", "activation", "epochs"}));
    QCOMPARE(model.headerData(ParameterTableModel::RangeColumn, Qt::Horizontal).toString(), QStringLiteral("Range / values"));
    // lr: log_uniform_values 0.001 .. 0.3; hidden: int 4 .. 64; epochs: the constant 30.
    QCOMPARE(model.index(0, ParameterTableModel::TypeColumn).data().toString(), QStringLiteral("float"));
    QCOMPARE(model.index(0, ParameterTableModel::RangeColumn).data().toString(), QStringLiteral("[0.001, 0.3], log"));
    QCOMPARE(model.index(1, ParameterTableModel::TypeColumn).data().toString(), QStringLiteral("int"));
    QCOMPARE(model.index(1, ParameterTableModel::RangeColumn).data().toString(), QStringLiteral("[4, 64]"));
    QCOMPARE(model.index(5, ParameterTableModel::TypeColumn).data().toString(), QStringLiteral("constant"));
    QCOMPARE(model.index(5, ParameterTableModel::RangeColumn).data().toString(), QStringLiteral("30"));
    QVERIFY(model.index(3, ParameterTableModel::RangeColumn).data().toString().startsWith(u'{'));
    // Nothing is wrong yet: no tooltip, no icon, the default colour.
    QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isValid());
    QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
}

void TestParameterTableModel::editsChangeOneRow()
{
    ParameterTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSpace(example().space);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    ParameterDraft draft = model.draft(1);
    draft.name = QStringLiteral("width");
    draft.step = QStringLiteral("4");
    model.setDraft(1, draft);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<QModelIndex>(), model.index(1, 0));
    QCOMPARE(changed.first().at(1).value<QModelIndex>(), model.index(1, ParameterTableModel::ColumnCount - 1));
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("width"));
    QCOMPARE(model.index(1, ParameterTableModel::RangeColumn).data().toString(), QStringLiteral("[4, 64] step 4"));
    // The same draft again changes nothing.
    model.setDraft(1, draft);
    QCOMPARE(changed.size(), 1);
    // A row out of range is ignored.
    model.setDraft(6, draft);
    QCOMPARE(changed.size(), 1);

    draft.type = Parameter::Type::Categorical;
    draft.values = {QStringLiteral("32"), QStringLiteral("64")};
    model.setDraft(1, draft);
    QCOMPARE(model.index(1, ParameterTableModel::TypeColumn).data().toString(), QStringLiteral("categorical"));
    QCOMPARE(model.index(1, ParameterTableModel::RangeColumn).data().toString(), QStringLiteral("{32, 64}"));
    const Parameter width = *model.space().find(QStringLiteral("width"));
    QCOMPARE(width.type, Parameter::Type::Categorical);
    QCOMPARE(width.choices, QVariantList({QVariant(32LL), QVariant(64LL)})); // numbers stay numbers
}

void TestParameterTableModel::insertRemoveMove()
{
    ParameterTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSpace(example().space);
    QCOMPARE(model.unusedName(), QStringLiteral("param7"));

    QVERIFY(model.insertRows(6, 1));
    QCOMPARE(model.rowCount(), 7);
    // A new row is a float in [0, 1] without a name, which validation reports.
    QCOMPARE(model.draft(6).type, Parameter::Type::Float);
    QCOMPARE(model.index(6, ParameterTableModel::RangeColumn).data().toString(), QStringLiteral("[0, 1]"));
    ParameterDraft dropout = model.draft(6);
    dropout.name = model.unusedName();
    QCOMPARE(dropout.name, QStringLiteral("param8"));
    dropout.name = QStringLiteral("dropout");
    model.setDraft(6, dropout);

    QVERIFY(model.insertRows(0, 2));
    QCOMPARE(model.rowCount(), 9);
    QVERIFY(model.draft(0).name.isEmpty() && model.draft(1).name.isEmpty());
    QVERIFY(model.removeRows(0, 2));
    QCOMPARE(names(model), QStringList({"lr", "hidden", "layers", "optimizer", "activation", "epochs", "dropout"}));
    QVERIFY(!model.insertRows(8, 1));
    QVERIFY(!model.removeRows(6, 2));

    // Move the last row to the top, then the top row down by one (destination counts before the move).
    QVERIFY(model.moveRows(QModelIndex(), 6, 1, QModelIndex(), 0));
    QCOMPARE(names(model).first(), QStringLiteral("dropout"));
    QVERIFY(model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 2));
    QCOMPARE(names(model).mid(0, 3), QStringList({"lr", "dropout", "hidden"}));
    QVERIFY(!model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 1)); // onto itself
    QVERIFY(!model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 9));

    QVERIFY(model.removeRows(1, 1));
    QCOMPARE(names(model), QStringList({"lr", "hidden", "layers", "optimizer", "activation", "epochs"}));
}

void TestParameterTableModel::sameParameters(const SearchSpace &actual, const SearchSpace &expected)
{
    QCOMPARE(actual.parameters().size(), expected.parameters().size());
    for (qsizetype i = 0; i < actual.parameters().size(); ++i) {
        const Parameter &a = actual.parameters().at(i);
        const Parameter &b = expected.parameters().at(i);
        QCOMPARE(a.name, b.name);
        QCOMPARE(a.type, b.type);
        QCOMPARE(a.log, b.log);
        QCOMPARE(a.low, b.low);
        QCOMPARE(a.high, b.high);
        QCOMPARE(a.step, b.step);
        QCOMPARE(a.choices, b.choices); // 1 and 2 stay numbers, sgd stays text
        QCOMPARE(paramValueToString(a.value), paramValueToString(b.value));
    }
}

void TestParameterTableModel::roundTripToTheSpec()
{
    const StudySpec original = example();
    ParameterTableModel model;
    model.setSpace(original.space);
    QList<SpecIssue> issues;
    StudySpec spec = original;
    spec.space = model.space(&issues);
    QVERIFY(issues.isEmpty());
    sameParameters(spec.space, original.space);
    // What the model holds is what `tunescope run` reads back from the YAML, and shows the same.
    const SpecLoadResult reread = parseStudySpec(studySpecToYaml(spec), QStringLiteral("model"));
    QVERIFY2(reread.spec, qPrintable(reread.errors.join(u'\n')));
    ParameterTableModel again;
    again.setSpace(reread.spec->space);
    sameParameters(again.space(), original.space);
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(again.draft(row), model.draft(row));
}

void TestParameterTableModel::textTheCoreCannotRead()
{
    ParameterTableModel model;
    model.setSpace(example().space);
    ParameterDraft lr = model.draft(0);
    lr.min = QStringLiteral("1e-3x");
    lr.step = QStringLiteral("fine");
    model.setDraft(0, lr);
    ParameterDraft hidden = model.draft(1);
    hidden.max = QStringLiteral("64.5");
    model.setDraft(1, hidden);
    QList<SpecIssue> issues;
    model.space(&issues);
    QCOMPARE(issues.size(), 3);
    QCOMPARE(issues.at(0).path, QStringLiteral("parameters.lr.min"));
    QCOMPARE(issues.at(0).message, QStringLiteral("must be a number"));
    QCOMPARE(issues.at(1).path, QStringLiteral("parameters.lr.q"));
    QCOMPARE(issues.at(2).path, QStringLiteral("parameters.hidden.max"));
    QCOMPARE(issues.at(2).message, QStringLiteral("must be an integer"));
    // The table shows the text as typed.
    QCOMPARE(model.index(0, ParameterTableModel::RangeColumn).data().toString(), QStringLiteral("[1e-3x, 0.3] step fine, log"));
}

void TestParameterTableModel::problemsAndPaths()
{
    ParameterTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SearchSpace space;
    for (const char *name : {"model", "model.lr", "", "x"}) {
        Parameter p;
        p.name = QLatin1String(name);
        space.append(p);
    }
    model.setSpace(space);
    const auto at = [&](const char *path) { return model.parameterAt(QLatin1String(path)).value_or(QStringLiteral("(none)")); };
    // Names may hold dots: the longest name whose path holds the key wins.
    QCOMPARE(at("parameters.model.lr.min"), QStringLiteral("model.lr"));
    QCOMPARE(at("parameters.model.min"), QStringLiteral("model"));
    QCOMPARE(at("parameters.model"), QStringLiteral("model"));
    QCOMPARE(at("parameters.x.values[2]"), QStringLiteral("x"));
    QCOMPARE(at("parameters."), QString()); // the one with an empty name
    QCOMPARE(at("parameters.xy"), QStringLiteral("(none)"));
    QCOMPARE(at("parameters"), QStringLiteral("(none)"));
    QCOMPARE(at("metric.goal"), QStringLiteral("(none)"));

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setProblems({{QStringLiteral("model.lr"), QStringLiteral("parameters.model.lr.min: must be a number")}});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(1, ParameterTableModel::RangeColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("parameters.model.lr.min: must be a number"));
    QVERIFY(model.index(1, ParameterTableModel::NameColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(!model.index(1, ParameterTableModel::TypeColumn).data(Qt::DecorationRole).isValid());
    QVERIFY(model.index(1, ParameterTableModel::TypeColumn).data(Qt::ForegroundRole).isValid());
    QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().isEmpty());
    model.setProblems({{QStringLiteral("model.lr"), QStringLiteral("parameters.model.lr.min: must be a number")}});
    QCOMPARE(changed.size(), 1); // unchanged problems repaint nothing
    model.setProblems({});
    QVERIFY(model.index(1, 0).data(Qt::ToolTipRole).toString().isEmpty());
}

QTEST_MAIN(TestParameterTableModel)
#include "tst_parametertablemodel.moc"

void TestParameterTableModel::everyDistributionSurvivesTheForm_data()
{
    QTest::addColumn<QString>("yaml");
    for (const char *p : {"{distribution: uniform, min: -1, max: 2}", "{distribution: log_uniform_values, min: 0.001, max: 1}",
                          "{distribution: inv_log_uniform_values, min: 0.01, max: 0.5}", "{distribution: int_uniform, min: 2, max: 9}",
                          "{distribution: q_uniform, min: 0, max: 1, q: 0.25}", "{distribution: q_uniform, min: 1, max: 10, q: 4}",
                          "{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}", "{distribution: normal, mu: 0.5, sigma: 0.2}",
                          "{distribution: q_normal, mu: 64, sigma: 16, q: 8}", "{distribution: log_normal, mu: -3, sigma: 1.5}",
                          "{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}", "{distribution: beta, a: 2, b: 5}",
                          "{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}", "{distribution: quniform, min: 2, max: 10, q: 5}",
                          "{distribution: qloguniform, min: 1, max: 1000, q: 50}",
                          "{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}", "{min: 0.0, max: 1.0, q: 0.1}"})
        QTest::newRow(p) << QString::fromLatin1(p);
}

void TestParameterTableModel::everyDistributionSurvivesTheForm()
{
    QFETCH(QString, yaml);
    const SpecLoadResult r = parseStudySpec("program: p\nmethod: random\nmetric: {name: m}\nparameters: {x: " + yaml.toUtf8() + "}\n", "s.yaml");
    QVERIFY2(r.spec, qPrintable(r.errors.join(u'\n')));
    ParameterTableModel model;
    model.setSpace(r.spec->space);
    QList<SpecIssue> issues;
    const SearchSpace back = model.space(&issues);
    QVERIFY2(issues.isEmpty(), qPrintable(formatSpecIssues(issues, SpecIssue::Severity::Error).join(u'\n')));
    const Parameter &a = r.spec->space.parameters().first();
    const Parameter &b = back.parameters().first();
    QCOMPARE(b.distribution, a.distribution);
    QCOMPARE(b.type, a.type);
    for (double u : {0.001, 0.2, 0.5, 0.77, 0.999})
        QCOMPARE(b.fromUnit(u), a.fromUnit(u));
    // And so does the study file the form writes.
    StudySpec spec = *r.spec;
    spec.space = back;
    const SpecLoadResult again = parseStudySpec(studySpecToYaml(spec), "again.yaml");
    QVERIFY2(again.spec, qPrintable(again.errors.join(u'\n') + "\n" + studySpecToYaml(spec)));
    for (double u : {0.001, 0.2, 0.5, 0.77, 0.999})
        QCOMPARE(again.spec->space.parameters().first().fromUnit(u), a.fromUnit(u));
}

void TestParameterTableModel::conditionsNameAndNestTheirParameters()
{
    const SpecLoadResult r = parseStudySpec(R"(program: p
method: random
metric: {name: m}
parameters:
  opt:
    parameters:
      lr: {distribution: log_uniform_values, min: 0.001, max: 0.1}
  layer:
    values: [conv, pool]
    when:
      conv:
        kernel: {values: [3, 5]}
)", "s.yaml");
    QVERIFY2(r.spec, qPrintable(r.errors.join(u'\n')));
    ParameterTableModel model;
    QAbstractItemModelTester tester(&model);
    model.setSpace(r.spec->space);
    QCOMPARE(names(model), QStringList({"opt.lr", "layer", "layer.conv.kernel"}));
    QVERIFY(model.draft(0).nested);
    QCOMPARE(model.draft(2).parent, QStringLiteral("layer"));
    QVERIFY(model.index(2, ParameterTableModel::RangeColumn).data().toString().contains("only when layer = conv"));
    QCOMPARE(model.choices().size(), 2); // layer, and the kernel under it
    QCOMPARE(model.choices().first(), (QPair<QString, QStringList>{"layer", {"conv", "pool"}}));
    QList<SpecIssue> issues;
    SearchSpace back = model.space(&issues);
    QVERIFY(issues.isEmpty());
    QCOMPARE(back.find("opt.lr")->jsonPath(), QStringList({"opt", "lr"}));
    QCOMPARE(back.find("layer.conv.kernel")->jsonPath(), QStringList({"layer", "kernel"}));
    QCOMPARE(back.find("layer.conv.kernel")->parentValue, QVariant(QStringLiteral("conv")));
    // A parameter under a choice is named after it; another name is refused, at its row.
    ParameterDraft renamed = model.draft(2);
    renamed.name = QStringLiteral("kernel");
    model.setDraft(2, renamed);
    model.space(&issues);
    QVERIFY(!issues.isEmpty());
    QCOMPARE(issues.first().path, QStringLiteral("parameters.kernel"));
    // Without nesting, the dots stay in one key (Hydra style).
    ParameterDraft flat = model.draft(0);
    flat.nested = false;
    model.setDraft(0, flat);
    QCOMPARE(model.space().find("opt.lr")->jsonPath(), QStringList({"opt.lr"}));
}
