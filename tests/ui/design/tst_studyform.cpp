#include "design/studyform.h"
#include "window/translations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QTest>

#include <algorithm>

using namespace tunescope;

/// StudyForm: core validation mapped to fields, previews, parameter table editing, YAML round trip.
class TestStudyForm : public QObject
{
    Q_OBJECT

private slots:
    void exampleIsValid();
    void validation_data();
    void validation();
    void fieldForPath_data();
    void fieldForPath();
    void marksByPath();
    void previews();
    void gridPreview();
    void addRemoveReorder();
    void yamlRoundTrip();
    void earlyStopping_data();
    void earlyStopping();
    void earlyStoppingAliasesAndRepeats();
    void yamlRoundTripWithEarlyStoppingAndRepeats();
    void runOnSlurm();
    void fitsALaptopScreen();
    void costAwareBox();

private:
    static StudySpec example();
    static void edit(StudyForm &form, const QString &field, const QString &text);
};

/// At the width a 1280 px window leaves it, the form column shows every field whole (it
/// scrolls down, never sideways), and the spin boxes' units agree with their numbers.
void TestStudyForm::fitsALaptopScreen()
{
    QCOMPARE(Translations::install(Translations::english), Translations::english);
    StudyForm form;
    form.setSpec(example());
    form.resize(1050, 700);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    const QList<QScrollArea *> areas = form.findChildren<QScrollArea *>();
    const auto column = std::find_if(areas.begin(), areas.end(), [](const QScrollArea *a) {
        return a->widget() && a->widget()->findChild<QSpinBox *>(QStringLiteral("run_cap"));
    });
    QVERIFY(column != areas.end());
    QVERIFY2((*column)->widget()->width() <= (*column)->viewport()->width(),
             qPrintable(QStringLiteral("%1 > %2").arg((*column)->widget()->width()).arg((*column)->viewport()->width())));
    QVERIFY(!(*column)->horizontalScrollBar()->isVisible());

    auto *budget = form.findChild<QSpinBox *>(QStringLiteral("run_cap"));
    auto *repeats = form.findChild<QSpinBox *>(QStringLiteral("repeats"));
    QVERIFY(budget && repeats);
    budget->setValue(1);
    QCOMPARE(budget->text(), QStringLiteral("1 trial"));
    budget->setValue(6);
    QCOMPARE(budget->text(), QStringLiteral("6 trials"));
    repeats->setValue(1);
    QCOMPARE(repeats->text(), QStringLiteral("1 run per trial"));
    repeats->setValue(3);
    QCOMPARE(repeats->text(), QStringLiteral("3 runs per trial"));
}

/// The "Run on" box: the Slurm settings written to backend, checked by the core at their key
/// paths, a live preview of the sbatch command line, and a local study that carries none.
void TestStudyForm::runOnSlurm()
{
    StudyForm form;
    StudySpec spec = example();
    spec.backend.type = QStringLiteral("slurm");
    spec.backend.slurm.partition = QStringLiteral("gpu");
    spec.backend.slurm.pollIntervalSeconds = 10; // no field: kept as loaded
    form.setSpec(spec);
    QVERIFY2(form.validate().isEmpty(), qPrintable(form.errors().join(u'\n')));
    auto *slurmFields = form.findChild<QLineEdit *>(QStringLiteral("backend.partition"));
    QVERIFY(slurmFields && slurmFields->isVisibleTo(&form));
    QCOMPARE(slurmFields->text(), QStringLiteral("gpu"));

    edit(form, QStringLiteral("backend.time"), QStringLiteral("4:00:00"));
    edit(form, QStringLiteral("backend.gres"), QStringLiteral("gpu:1"));
    edit(form, QStringLiteral("backend.extra"), QStringLiteral("--exclusive \"--wckey=a b\""));
    form.findChild<QSpinBox *>(QStringLiteral("backend.cpus_per_task"))->setValue(8);
    const QString preview = form.sbatchPreview();
    QVERIFY2(preview.startsWith(QLatin1String("sbatch --parsable --job-name=tunescope-spirals-random-ID --comment=tunescope-TOKEN")),
             qPrintable(preview));
    QVERIFY2(preview.contains(QLatin1String(" --partition=gpu --time=4:00:00 --gres=gpu:1 --cpus-per-task=8 --exclusive '--wckey=a b' ")),
             qPrintable(preview));
    QVERIFY2(preview.endsWith(QLatin1String("runs/spirals-random-ID/trial-0000/job.sh")), qPrintable(preview));
    const StudySpec edited = form.spec();
    QCOMPARE(edited.backend.slurm.time, QStringLiteral("4:00:00"));
    QCOMPARE(edited.backend.slurm.cpusPerTask, 8);
    QCOMPARE(edited.backend.slurm.extra, QStringList({"--exclusive", "--wckey=a b"}));
    QCOMPARE(edited.backend.slurm.pollIntervalSeconds, 10);
    QVERIFY(form.yaml().contains("partition: gpu"));

    // Refused values are marked where they are typed.
    edit(form, QStringLiteral("backend.time"), QStringLiteral("4h"));
    edit(form, QStringLiteral("backend.extra"), QStringLiteral("--exclusive --output=x.log"));
    form.validate();
    QVERIFY(form.isMarked(QStringLiteral("backend.time")));
    QVERIFY(form.isMarked(QStringLiteral("backend.extra")));
    QVERIFY2(form.errors().join(u'\n').contains(QLatin1String("backend.extra[1]: --output is set by Tunescope itself")),
             qPrintable(form.errors().join(u'\n')));

    // Back to this machine: no Slurm settings, no preview, nothing to fix.
    auto *backend = form.findChild<QComboBox *>(QStringLiteral("backend"));
    backend->setCurrentIndex(backend->findData(QStringLiteral("local")));
    QVERIFY(form.validate().isEmpty());
    QVERIFY(!slurmFields->isVisibleTo(&form));
    QVERIFY(form.sbatchPreview().isEmpty());
    QCOMPARE(form.spec().backend, BackendSpec());
    QVERIFY(!form.yaml().contains("backend"));
}

StudySpec TestStudyForm::example()
{
    const SpecLoadResult loaded = loadStudySpec(QStringLiteral(TUNESCOPE_SOURCE_DIR "/examples/spirals/study.yaml"));
    Q_ASSERT(loaded.spec);
    return *loaded.spec;
}

void TestStudyForm::costAwareBox()
{
    // StudySpec::costAware, shown for bayes and tpe, written as the top-level key.
    StudySpec spec = example();
    spec.method = QStringLiteral("tpe");
    spec.costAware = true;
    StudyForm form;
    form.setSpec(spec);
    auto *box = form.findChild<QCheckBox *>(QStringLiteral("cost_aware"));
    QVERIFY(box);
    QVERIFY(box->isChecked());
    QVERIFY(box->isVisibleTo(&form));
    QVERIFY(form.spec().costAware);
    QVERIFY(form.spec().methodOptions.isEmpty() || !form.spec().methodOptions.contains(QStringLiteral("cost_aware")));
    QVERIFY2(form.yaml().contains("\ncost_aware: true"), form.yaml().constData());
    auto *method = form.findChild<QComboBox *>(QStringLiteral("method"));
    method->setCurrentIndex(method->findData(QStringLiteral("random")));
    QVERIFY(!box->isVisibleTo(&form));
    QVERIFY(!form.spec().costAware); // random has no cost model: not kept
    QVERIFY(!form.yaml().contains("cost_aware"));
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

void TestStudyForm::fieldForPath_data()
{
    QTest::addColumn<int>("parameter"); // row selected: lr 0, hidden 1, layers 2, optimizer 3, activation 4, epochs 5
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("field"); // objectName of the widget for it; empty: none

    QTest::newRow("min") << 0 << "parameters.lr.min" << "param.min";
    QTest::newRow("max") << 0 << "parameters.lr.max" << "param.max";
    QTest::newRow("q") << 0 << "parameters.lr.q" << "param.step";
    QTest::newRow("step") << 0 << "parameters.lr.step" << "param.step";
    QTest::newRow("log") << 0 << "parameters.lr.log" << "param.log";
    QTest::newRow("distribution") << 0 << "parameters.lr.distribution" << "param.type";
    QTest::newRow("the parameter") << 0 << "parameters.lr" << "param.name";
    QTest::newRow("a key the editor lacks") << 0 << "parameters.lr.when" << "param.name";
    QTest::newRow("probabilities") << 3 << "parameters.optimizer.probabilities" << "param.probabilities";
    QTest::newRow("one value") << 3 << "parameters.optimizer.values[1]" << "param.values";
    QTest::newRow("constant") << 5 << "parameters.epochs.value" << "param.value";
    QTest::newRow("parameter not selected") << 0 << "parameters.hidden.min" << "";
    QTest::newRow("no such parameter") << 0 << "parameters.nope.min" << "";
    QTest::newRow("name prefix only") << 0 << "parameters.lrx.min" << "";
    QTest::newRow("the space") << 0 << "parameters" << "parameters";
    QTest::newRow("metric") << 0 << "metric" << "metric.name";
    QTest::newRow("metric name") << 0 << "metric.name" << "metric.name";
    QTest::newRow("goal") << 0 << "metric.goal" << "metric.goal";
    QTest::newRow("method") << 0 << "method" << "method";
    QTest::newRow("startup trials") << 0 << "method_options.n_startup_trials" << "method_options.n_startup_trials";
    QTest::newRow("seed") << 0 << "seed" << "seed";
    QTest::newRow("name") << 0 << "name" << "name";
    QTest::newRow("program") << 0 << "program" << "program";
    QTest::newRow("command argument") << 0 << "command[1]" << "command";
    QTest::newRow("budget") << 0 << "run_cap" << "run_cap";
    QTest::newRow("timeout") << 0 << "trial_timeout" << "trial_timeout";
    QTest::newRow("repeats") << 0 << "repeats" << "repeats";
    QTest::newRow("gpu") << 0 << "resources.gpus[0]" << "resources";
    QTest::newRow("trials per gpu") << 0 << "resources.trials_per_gpu" << "resources.trials_per_gpu";
    QTest::newRow("pruner") << 0 << "early_terminate" << "early_terminate.type";
    QTest::newRow("pruner field") << 0 << "early_terminate.reduction_factor" << "early_terminate.reduction_factor";
    QTest::newRow("pruner key without a field") << 0 << "early_terminate.s" << "early_terminate.type";
    QTest::newRow("backend") << 0 << "backend" << "backend";
    QTest::newRow("backend type") << 0 << "backend.type" << "backend";
    QTest::newRow("partition") << 0 << "backend.partition" << "backend.partition";
    QTest::newRow("slurm cpus") << 0 << "backend.cpus_per_task" << "backend.cpus_per_task";
    QTest::newRow("an extra sbatch option") << 0 << "backend.extra[1]" << "backend.extra";
    QTest::newRow("the file") << 0 << "" << "";
}

void TestStudyForm::fieldForPath()
{
    QFETCH(int, parameter);
    QFETCH(QString, path);
    QFETCH(QString, field);

    StudyForm form;
    form.setSpec(example());
    form.selectParameter(parameter);
    const QWidget *widget = form.fieldFor(path);
    QCOMPARE(widget ? widget->objectName() : QString(), field);
    if (widget)
        QCOMPARE(form.findChild<QWidget *>(field), widget); // what tests and marks find by name
}

void TestStudyForm::marksByPath()
{
    // Names may hold dots: "model.lr" is not "model" with a key "lr".
    StudySpec spec = example();
    Parameter model;
    model.name = QStringLiteral("model");
    Parameter modelLr;
    modelLr.name = QStringLiteral("model.lr");
    modelLr.low = 1e-3;
    modelLr.log = true;
    SearchSpace space({model, modelLr});
    spec.space = space;
    // A pruner key the form has no field for stays in the spec, and its error on the pruner box.
    spec.earlyTerminate = {{QStringLiteral("type"), QStringLiteral("median")}, {QStringLiteral("s"), 2LL}};
    StudyForm form;
    form.setSpec(spec);
    form.selectParameter(1);
    edit(form, QStringLiteral("param.min"), QStringLiteral("0"));
    const QList<SpecIssue> issues = (form.validate(), form.issues());
    QVERIFY2(std::any_of(issues.begin(), issues.end(), [](const SpecIssue &i) { return i.path == QLatin1String("parameters.model.lr.min"); }),
             qPrintable(form.errors().join(u'\n')));
    QVERIFY(form.isMarked(QStringLiteral("param.min")));
    QVERIFY(form.isMarked(QStringLiteral("early_terminate.type")));
    QVERIFY(!form.isMarked(QStringLiteral("param.name")));
    const QAbstractItemModel *rows = form.findChild<QTableView *>(QStringLiteral("parameters"))->model();
    QVERIFY(rows->index(0, 0).data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY2(rows->index(1, 0).data(Qt::ToolTipRole).toString().startsWith(QLatin1String("parameters.model.lr.min: must be > 0")),
             qPrintable(rows->index(1, 0).data(Qt::ToolTipRole).toString()));
    // Selecting the other parameter moves the marks with it: its fields are clean.
    form.selectParameter(0);
    QVERIFY(!form.isMarked(QStringLiteral("param.min")));
    QVERIFY(!rows->index(1, 0).data(Qt::ToolTipRole).toString().isEmpty());

    // min above max is about both bounds: both are marked.
    form.selectParameter(1);
    edit(form, QStringLiteral("param.min"), QStringLiteral("2"));
    form.validate();
    QVERIFY2(form.isMarked(QStringLiteral("param.min")) && form.isMarked(QStringLiteral("param.max")), qPrintable(form.errors().join(u'\n')));
    QCOMPARE(form.findChild<QWidget *>(QStringLiteral("param.min"))->toolTip(), QStringLiteral("min (2) must not be greater than max (1)"));
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

void TestStudyForm::earlyStopping_data()
{
    QTest::addColumn<QString>("type");        // pruner chosen in the combo ("" = none)
    QTest::addColumn<QStringList>("edits");   // "key=text" typed into early_terminate.<key>
    QTest::addColumn<QString>("error");       // start of the expected message; empty: valid
    QTest::addColumn<QString>("marked");      // widget that must be marked
    QTest::addColumn<QVariantMap>("config");  // spec().earlyTerminate when valid

    const auto map = [](std::initializer_list<std::pair<const char *, QVariant>> items) {
        QVariantMap m;
        for (const auto &[k, v] : items)
            m.insert(QLatin1String(k), v);
        return m;
    };
    QTest::newRow("none") << "" << QStringList() << "" << "" << QVariantMap();
    QTest::newRow("median defaults") << "median" << QStringList() << "" << ""
                                     << map({{"type", "median"}, {"n_startup_trials", 5LL}, {"n_warmup_steps", 0LL}});
    QTest::newRow("asha") << "asha" << QStringList{"min_resource=4", "reduction_factor=3"} << "" << ""
                          << map({{"type", "asha"}, {"min_resource", 4LL}, {"reduction_factor", 3LL}});
    QTest::newRow("asha fractional step") << "asha" << QStringList{"min_resource=0.5"} << "" << ""
                                          << map({{"type", "asha"}, {"min_resource", 0.5}});
    QTest::newRow("hyperband") << "hyperband" << QStringList{"min_resource=1", "max_resource=81", "reduction_factor=3"} << "" << ""
                               << map({{"type", "hyperband"}, {"min_resource", 1LL}, {"max_resource", 81LL}, {"reduction_factor", 3LL}});
    QTest::newRow("reduction factor below 2") << "asha" << QStringList{"reduction_factor=1"}
                                              << "early_terminate.reduction_factor: must be >= 2"
                                              << "early_terminate.reduction_factor" << QVariantMap();
    QTest::newRow("min step zero") << "asha" << QStringList{"min_resource=0"} << "early_terminate.min_resource: must be >="
                                   << "early_terminate.min_resource" << QVariantMap();
    QTest::newRow("min step not a number") << "hyperband" << QStringList{"min_resource=four", "max_resource=60"}
                                           << "early_terminate.min_resource: must be a number"
                                           << "early_terminate.min_resource" << QVariantMap();
    QTest::newRow("max below min") << "hyperband" << QStringList{"min_resource=9", "max_resource=3"}
                                   << "early_terminate.max_resource: must not be below min_resource"
                                   << "early_terminate.max_resource" << QVariantMap();
    QTest::newRow("max without min") << "hyperband" << QStringList{"max_resource=27"} << "early_terminate.min_resource: missing: give min_resource"
                                     << "early_terminate.min_resource" << QVariantMap();
}

void TestStudyForm::earlyStopping()
{
    QFETCH(QString, type);
    QFETCH(QStringList, edits);
    QFETCH(QString, error);
    QFETCH(QString, marked);
    QFETCH(QVariantMap, config);

    StudyForm form;
    form.setSpec(example());
    auto *combo = form.findChild<QComboBox *>(QStringLiteral("early_terminate.type"));
    QVERIFY(combo);
    const int index = combo->findData(type);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
    for (const QString &e : edits) {
        const QString key = QStringLiteral("early_terminate.") + e.section(u'=', 0, 0);
        QVERIFY2(form.findChild<QLineEdit *>(key)->isVisibleTo(&form), qPrintable(key)); // shown for this type
        edit(form, key, e.section(u'=', 1));
    }
    const QStringList errors = form.validate();
    if (error.isEmpty()) {
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(form.spec().earlyTerminate, config);
        // what the form holds is what tunescope run reads from its YAML
        const SpecLoadResult reread = parseStudySpec(form.yaml(), QStringLiteral("form"));
        QVERIFY2(reread.spec, qPrintable(reread.errors.join(u'\n')));
        QCOMPARE(reread.spec->earlyTerminate, config);
        return;
    }
    QVERIFY2(std::any_of(errors.begin(), errors.end(), [&](const QString &e) { return e.startsWith(error); }),
             qPrintable(QStringLiteral("expected '%1...' in:\n%2").arg(error, errors.join(u'\n'))));
    QVERIFY2(form.isMarked(marked), qPrintable(marked));
    QVERIFY(!form.findChild<QWidget *>(marked)->toolTip().isEmpty());
    if (const QString dump = qEnvironmentVariable("TUNESCOPE_CHART_DUMP"); !dump.isEmpty()) {
        form.resize(1100, 900);
        QDir().mkpath(dump);
        form.grab().save(QStringLiteral("%1/form-%2.png").arg(dump, QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
    }
}

void TestStudyForm::earlyStoppingAliasesAndRepeats()
{
    // A W&B sweep's hyperband is shown in the fields and saved under W&B's names, since they
    // make it W&B's hyperband (hyperband_stopping.py); options the form has no field for are kept.
    StudySpec spec = example();
    spec.earlyTerminate = {{QStringLiteral("type"), QStringLiteral("hyperband")}, {QStringLiteral("min_iter"), 3LL},
                           {QStringLiteral("max_iter"), 27LL}, {QStringLiteral("eta"), 3LL}, {QStringLiteral("s"), 2LL},
                           {QStringLiteral("strict"), false}};
    spec.repeats = 3;
    StudyForm form;
    form.setSpec(spec);
    QCOMPARE(form.findChild<QComboBox *>(QStringLiteral("early_terminate.type"))->currentData().toString(), QStringLiteral("hyperband"));
    QCOMPARE(form.findChild<QLineEdit *>(QStringLiteral("early_terminate.min_resource"))->text(), QStringLiteral("3"));
    QCOMPARE(form.findChild<QLineEdit *>(QStringLiteral("early_terminate.max_resource"))->text(), QStringLiteral("27"));
    QCOMPARE(form.findChild<QLineEdit *>(QStringLiteral("early_terminate.reduction_factor"))->text(), QStringLiteral("3"));
    QVERIFY(!form.findChild<QSpinBox *>(QStringLiteral("early_terminate.n_startup_trials"))->isVisibleTo(&form));
    QCOMPARE(form.findChild<QSpinBox *>(QStringLiteral("repeats"))->value(), 3);
    QVERIFY2(form.validate().isEmpty(), qPrintable(form.validate().join(u'\n')));
    QCOMPARE(form.spec().earlyTerminate, spec.earlyTerminate);
    // Tunescope's names stay Tunescope's.
    spec.earlyTerminate = {{QStringLiteral("type"), QStringLiteral("hyperband")}, {QStringLiteral("min_resource"), 3LL},
                           {QStringLiteral("max_resource"), 27LL}, {QStringLiteral("reduction_factor"), 3LL}};
    form.setSpec(spec);
    QCOMPARE(form.spec().earlyTerminate, spec.earlyTerminate);
    // NNI's Medianstop.
    spec.earlyTerminate = {{QStringLiteral("type"), QStringLiteral("medianstop")}, {QStringLiteral("start_step"), 4LL},
                           {QStringLiteral("optimize_mode"), QStringLiteral("maximize")}};
    form.setSpec(spec);
    QCOMPARE(form.findChild<QSpinBox *>(QStringLiteral("early_terminate.start_step"))->value(), 4);
    QCOMPARE(form.spec().earlyTerminate, spec.earlyTerminate);
    QCOMPARE(form.spec().repeats, 3);

    spec.earlyTerminate = {{QStringLiteral("type"), QStringLiteral("median")}, {QStringLiteral("n_startup_trials"), 8LL},
                           {QStringLiteral("n_warmup_steps"), 4LL}, {QStringLiteral("interval_steps"), 2LL}};
    form.setSpec(spec);
    QCOMPARE(form.findChild<QSpinBox *>(QStringLiteral("early_terminate.n_startup_trials"))->value(), 8);
    QCOMPARE(form.findChild<QSpinBox *>(QStringLiteral("early_terminate.n_warmup_steps"))->value(), 4);
    QCOMPARE(form.spec().earlyTerminate, spec.earlyTerminate);

    // Choosing "none" drops the pruner; repeats go back to 1.
    auto *combo = form.findChild<QComboBox *>(QStringLiteral("early_terminate.type"));
    combo->setCurrentIndex(combo->findData(QString()));
    form.findChild<QSpinBox *>(QStringLiteral("repeats"))->setValue(1);
    QVERIFY(form.spec().earlyTerminate.isEmpty());
    QCOMPARE(form.spec().repeats, 1);
    QVERIFY(!form.yaml().contains("early_terminate"));
    QVERIFY(!form.yaml().contains("repeats"));
}

void TestStudyForm::yamlRoundTripWithEarlyStoppingAndRepeats()
{
    QByteArray text = R"(name: pruned
program: /bin/true
method: tpe
metric: {name: val_accuracy, goal: maximize}
parameters:
  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}
  epochs: {value: 60}
early_terminate: {type: asha, min_resource: 4, reduction_factor: 3}
repeats: 5
run_cap: 40
)";
    const SpecLoadResult original = parseStudySpec(text, QStringLiteral("study.yaml"));
    QVERIFY2(original.spec, qPrintable(original.errors.join(u'\n')));
    StudyForm form;
    form.setSpec(*original.spec);
    QVERIFY2(form.validate().isEmpty(), qPrintable(form.errors().join(u'\n')));
    const SpecLoadResult reread = parseStudySpec(form.yaml(), QStringLiteral("form"));
    QVERIFY2(reread.spec, qPrintable(reread.errors.join(u'\n')));
    QCOMPARE(reread.spec->earlyTerminate, original.spec->earlyTerminate);
    QCOMPARE(reread.spec->repeats, 5);
    QCOMPARE(reread.spec->runCap, 40);
}

QTEST_MAIN(TestStudyForm)
#include "tst_studyform.moc"
