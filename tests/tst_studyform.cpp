#include "studyform.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QTest>

using namespace tunescope;

/// StudyForm: core validation mapped to fields, previews, parameter table editing, YAML round trip.
class TestStudyForm : public QObject
{
    Q_OBJECT

private slots:
    void exampleIsValid();
    void validation_data();
    void validation();
    void previews();
    void gridPreview();
    void addRemoveReorder();
    void yamlRoundTrip();

private:
    static StudySpec example();
    static void edit(StudyForm &form, const QString &field, const QString &text);
};

StudySpec TestStudyForm::example()
{
    const SpecLoadResult loaded = loadStudySpec(QStringLiteral(TUNESCOPE_SOURCE_DIR "/examples/spirals/study.yaml"));
    Q_ASSERT(loaded.spec);
    return *loaded.spec;
}

void TestStudyForm::edit(StudyForm &form, const QString &field, const QString &text)
{
    auto *line = form.findChild<QLineEdit *>(field);
    QVERIFY2(line, qPrintable(field));
    line->setText(text);
    emit line->textEdited(text); // what typing does
}

void TestStudyForm::exampleIsValid()
{
    StudyForm form;
    form.setSpec(example());
    const QStringList errors = form.validate();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    QCOMPARE(form.parameterCount(), 6);
    QVERIFY(!form.isMarked(QStringLiteral("param.min")));
}

void TestStudyForm::validation_data()
{
    QTest::addColumn<int>("parameter"); // row to select first; -1 for general fields
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");  // start of the expected message (key path)
    QTest::addColumn<QString>("marked"); // widget that must be marked

    // lr is row 0: log_uniform_values 0.001 .. 0.3; hidden is row 1: int 4 .. 64.
    QTest::newRow("log min not positive") << 0 << "param.min" << "0" << "parameters.lr.min: must be > 0" << "param.min";
    QTest::newRow("min above max") << 0 << "param.min" << "0.5" << "parameters.lr: min" << "param.max";
    QTest::newRow("min not a number") << 0 << "param.min" << "1e-3x" << "parameters.lr.min: must be a number" << "param.min";
    QTest::newRow("max not a number") << 0 << "param.max" << "" << "parameters.lr.max: must be a number" << "param.max";
    QTest::newRow("negative step") << 0 << "param.step" << "-0.1" << "parameters.lr.q" << "param.step";
    QTest::newRow("int min fractional") << 1 << "param.min" << "4.5" << "parameters.hidden.min: must be an integer" << "param.min";
    QTest::newRow("empty parameter name") << 1 << "param.name" << "" << "parameters: a parameter has an empty name" << "param.name";
    QTest::newRow("duplicate parameter name") << 1 << "param.name" << "lr" << "parameters.lr" << "param.name";
    QTest::newRow("constant empty") << 5 << "param.value" << "" << "parameters.epochs.value" << "param.value";
    QTest::newRow("no metric") << -1 << "metric.name" << "" << "metric" << "metric.name";
    QTest::newRow("no program") << -1 << "program" << "" << "program" << "program";
    QTest::newRow("bad timeout") << -1 << "trial_timeout" << "soon" << "trial_timeout: must be a duration" << "trial_timeout";
    QTest::newRow("unknown macro") << -1 << "command" << "${program} ${nope}" << "command:" << "command";
}

void TestStudyForm::validation()
{
    QFETCH(int, parameter);
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(QString, error);
    QFETCH(QString, marked);

    StudyForm form;
    form.setSpec(example());
    if (parameter >= 0)
        form.selectParameter(parameter);
    edit(form, field, text);
    const QStringList errors = form.validate();
    QVERIFY2(std::any_of(errors.begin(), errors.end(), [&](const QString &e) { return e.startsWith(error); }),
             qPrintable(QStringLiteral("expected '%1...' in:\n%2").arg(error, errors.join(u'\n'))));
    QVERIFY2(form.isMarked(marked), qPrintable(marked));
    // The mark says why, in the widget's tooltip.
    auto *widget = form.findChild<QWidget *>(marked);
    QVERIFY(widget);
    QVERIFY(!widget->toolTip().isEmpty());

    // Undoing the edit clears the mark.
    form.setSpec(example());
    QVERIFY(form.validate().isEmpty());
    QVERIFY(!form.isMarked(marked));
}

void TestStudyForm::previews()
{
    StudyForm form;
    form.setSpec(example());
    // The exact argv of an example trial: the program resolved, one --name=value per parameter.
    const QString argv = form.argvPreview();
    QVERIFY2(argv.contains(QLatin1String("spirals-trainer")), qPrintable(argv));
    QVERIFY2(argv.contains(QLatin1String("--lr=")), qPrintable(argv));
    QVERIFY2(argv.contains(QLatin1String("--epochs=30")), qPrintable(argv));
    // Log ranges show example values spread over decades.
    form.selectParameter(0);
    QVERIFY2(form.samplePreview().contains(QLatin1String("log-uniform")), qPrintable(form.samplePreview()));
    QVERIFY2(form.samplePreview().contains(QLatin1String("0.001")) && form.samplePreview().contains(QLatin1String("0.3")),
             qPrintable(form.samplePreview()));
    // Integers list their values.
    form.selectParameter(1);
    QVERIFY2(form.samplePreview().contains(QLatin1String("61 values")), qPrintable(form.samplePreview()));
    form.selectParameter(3);
    QVERIFY2(form.samplePreview().contains(QLatin1String("3 values")), qPrintable(form.samplePreview()));
    // A categorical value that injects shell syntax stays one argument.
    edit(form, QStringLiteral("command"), QStringLiteral("${program} \"--note=a; rm -rf ~\""));
    QVERIFY2(form.argvPreview().contains(QLatin1String("\"--note=a; rm -rf ~\"")), qPrintable(form.argvPreview()));
}

void TestStudyForm::gridPreview()
{
    StudyForm form;
    StudySpec spec = example();
    spec.method = QStringLiteral("grid");
    form.setSpec(spec);
    // lr is continuous: no grid, and the form says which parameter and why.
    QStringList errors = form.validate();
    QVERIFY2(form.gridPreview().contains(QLatin1String("No grid")), qPrintable(form.gridPreview()));
    QVERIFY(std::any_of(errors.begin(), errors.end(), [](const QString &e) { return e.startsWith(QLatin1String("parameters.lr")); }));
    form.selectParameter(0);
    edit(form, QStringLiteral("param.step"), QStringLiteral("0.1"));
    // lr: 0.001 + k*0.1 up to 0.3 -> 3 values; hidden 61; layers 2; optimizer 3; activation 2.
    errors = form.validate();
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    QVERIFY2(form.gridPreview().contains(QStringLiteral("3 × 61 × 2 × 3 × 2")), qPrintable(form.gridPreview()));
    QVERIFY2(form.gridPreview().contains(QLatin1String("2,196 points")) || form.gridPreview().contains(QLatin1String("2196 points")),
             qPrintable(form.gridPreview()));
}

void TestStudyForm::addRemoveReorder()
{
    StudyForm form;
    form.setSpec(example());
    form.addParameter(QStringLiteral("dropout"));
    QCOMPARE(form.parameterCount(), 7);
    QCOMPARE(form.currentParameter(), 6);
    QVERIFY(form.validate().isEmpty()); // a new parameter is a valid float in [0, 1]
    QCOMPARE(form.spec().space.parameters().last().name, QStringLiteral("dropout"));
    form.moveParameter(6, -6);
    QCOMPARE(form.spec().space.parameters().first().name, QStringLiteral("dropout"));
    QCOMPARE(form.currentParameter(), 0);
    // Make it categorical: the editor turns into a value list.
    auto *type = form.findChild<QComboBox *>(QStringLiteral("param.type"));
    type->setCurrentIndex(type->findData(int(Parameter::Type::Categorical)));
    QCOMPARE(form.spec().space.parameters().first().type, Parameter::Type::Categorical);
    QCOMPARE(form.spec().space.parameters().first().choices.size(), 2);
    form.removeParameter(0);
    QCOMPARE(form.parameterCount(), 6);
    QCOMPARE(form.spec().space.parameters().first().name, QStringLiteral("lr"));
}

void TestStudyForm::yamlRoundTrip()
{
    StudyForm form;
    const StudySpec original = example();
    form.setSpec(original);
    const SpecLoadResult reread = parseStudySpec(form.yaml(), QStringLiteral("form"));
    QVERIFY2(reread.spec, qPrintable(reread.errors.join(u'\n')));
    const StudySpec &spec = *reread.spec;
    QCOMPARE(spec.name, original.name);
    QCOMPARE(spec.program, original.program);
    QCOMPARE(spec.effectiveCommand(), original.effectiveCommand());
    QCOMPARE(spec.method, original.method);
    QCOMPARE(spec.objective().name, original.objective().name);
    QCOMPARE(spec.objective().goal, original.objective().goal);
    QCOMPARE(spec.runCap, original.runCap);
    QCOMPARE(spec.parallel, original.parallel);
    QCOMPARE(spec.trialTimeoutSeconds, original.trialTimeoutSeconds);
    QCOMPARE(spec.seed, original.seed);
    QCOMPARE(spec.space.parameters().size(), original.space.parameters().size());
    for (qsizetype i = 0; i < spec.space.parameters().size(); ++i) {
        const Parameter &a = spec.space.parameters().at(i);
        const Parameter &b = original.space.parameters().at(i);
        QCOMPARE(a.name, b.name);
        QCOMPARE(a.type, b.type);
        QCOMPARE(a.log, b.log);
        QCOMPARE(a.low, b.low);
        QCOMPARE(a.high, b.high);
        QCOMPARE(a.choices, b.choices); // 1 and 2 stay numbers, sgd stays text
        QCOMPARE(paramValueToString(a.value), paramValueToString(b.value));
    }
}

QTEST_MAIN(TestStudyForm)
#include "tst_studyform.moc"
