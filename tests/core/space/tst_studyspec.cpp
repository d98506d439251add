#include "space/studyspec.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tunescope;

namespace {
const char *validSpec = R"(
name: digits-mlp
program: train.py
command: ["${env}", "${interpreter}", "${program}", "${args}"]
method: bayes
metric: {name: val_accuracy, goal: maximize}
parameters:
  lr:         {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}
  batch_size: {values: [32, 64, 128]}
  hidden:     {distribution: int_uniform, min: 16, max: 256}
  dropout:    {min: 0.0, max: 0.5}
  optimizer:  {values: [sgd, adam]}
  epochs:     {value: 20}
early_terminate: {type: hyperband, min_iter: 3, eta: 3}
run_cap: 50
parallel: 2
trial_timeout: 10m
seed: 7
repeats: 1
resources: {gpus: [0, 1], trials_per_gpu: 1}
backend: local
storage: tunescope.db
)";
} // namespace

/// Loading, validating and saving study files.
class TestStudySpec : public QObject
{
    Q_OBJECT

private slots:
    void loadsTheDesignExample()
    {
        const SpecLoadResult r = parseStudySpec(validSpec, "study.yaml");
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join('\n')));
        QVERIFY(r.warnings.isEmpty());
        const StudySpec &s = *r.spec;
        QCOMPARE(s.name, QStringLiteral("digits-mlp"));
        QCOMPARE(s.method, QStringLiteral("bayes"));
        QCOMPARE(s.objective().name, QStringLiteral("val_accuracy"));
        QCOMPARE(s.objective().goal, Goal::Maximize);
        QCOMPARE(s.space.parameters().size(), 6);
        const Parameter *lr = s.space.find("lr");
        QVERIFY(lr && lr->log && lr->type == Parameter::Type::Float);
        QCOMPARE(lr->low, 1e-4);
        const Parameter *bs = s.space.find("batch_size");
        QCOMPARE(bs->type, Parameter::Type::Categorical);
        QCOMPARE(bs->choices.at(1).typeId(), int(QMetaType::LongLong));
        QCOMPARE(s.space.find("hidden")->type, Parameter::Type::Int);
        QCOMPARE(s.space.find("dropout")->type, Parameter::Type::Float);
        QCOMPARE(s.space.find("epochs")->type, Parameter::Type::Constant);
        QCOMPARE(s.trialTimeoutSeconds, 600);
        QCOMPARE(s.runCap, 50);
        QCOMPARE(s.parallel, 2);
        QCOMPARE(s.seed, quint64(7));
        QCOMPARE(s.resources.gpus, QList<int>({0, 1}));
        QCOMPARE(s.earlyTerminate.value("type").toString(), QStringLiteral("hyperband"));
        QCOMPARE(s.storage, QStringLiteral("tunescope.db"));
    }

    void acceptsJson()
    {
        const SpecLoadResult r = parseStudySpec(
            R"({"program": "t.py", "method": "random", "metric": {"name": "loss"},
                "parameters": {"x": {"min": -1.5, "max": 2}, "k": {"values": ["1", 2, true]}}})",
            "s.json");
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join('\n')));
        QCOMPARE(r.spec->objective().goal, Goal::Minimize);
        const Parameter *k = r.spec->space.find("k");
        QCOMPARE(k->choices.at(0).typeId(), int(QMetaType::QString));
        QCOMPARE(k->choices.at(1).typeId(), int(QMetaType::LongLong));
        QCOMPARE(k->choices.at(2).typeId(), int(QMetaType::Bool));
    }

    void wandbDistributions_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::addColumn<bool>("log");
        QTest::addColumn<double>("step");
        const int F = int(Parameter::Type::Float), I = int(Parameter::Type::Int);
        QTest::newRow("uniform") << "{distribution: uniform, min: 0, max: 1}" << F << 0.0 << 1.0 << false << 0.0;
        QTest::newRow("implicit float") << "{min: 0.0, max: 0.5}" << F << 0.0 << 0.5 << false << 0.0;
        QTest::newRow("implicit int") << "{min: 1, max: 8}" << I << 1.0 << 8.0 << false << 1.0;
        QTest::newRow("int_uniform") << "{distribution: int_uniform, min: 16, max: 256}" << I << 16.0 << 256.0 << false << 1.0;
        QTest::newRow("int step") << "{distribution: int_uniform, min: 16, max: 256, q: 16}" << I << 16.0 << 256.0 << false << 16.0;
        QTest::newRow("int log") << "{type: int, min: 1, max: 1024, log: true}" << I << 1.0 << 1024.0 << true << 1.0;
        QTest::newRow("log_uniform_values") << "{distribution: log_uniform_values, min: 1e-5, max: 1}" << F << 1e-5 << 1.0 << true << 0.0;
        QTest::newRow("log_uniform") << "{distribution: log_uniform, min: 0, max: 1}" << F << 1.0 << std::exp(1.0) << true << 0.0;
        QTest::newRow("q_uniform") << "{distribution: q_uniform, min: 0, max: 10, q: 2.5}" << F << 0.0 << 10.0 << false << 2.5;
        QTest::newRow("q_uniform default q") << "{distribution: q_uniform, min: 0, max: 10}" << F << 0.0 << 10.0 << false << 1.0;
        QTest::newRow("float log ext") << "{type: float, min: 0.1, max: 10, log: true}" << F << 0.1 << 10.0 << true << 0.0;
    }
    void wandbDistributions()
    {
        QFETCH(QString, yaml);
        QFETCH(int, type);
        QFETCH(double, low);
        QFETCH(double, high);
        QFETCH(bool, log);
        QFETCH(double, step);
        const QByteArray text = "program: p\nmethod: random\nmetric: {name: m}\nparameters:\n  x: " + yaml.toUtf8() + "\n";
        const SpecLoadResult r = parseStudySpec(text, "s.yaml");
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join('\n')));
        const Parameter *x = r.spec->space.find("x");
        QCOMPARE(int(x->type), type);
        QCOMPARE(x->low, low);
        QCOMPARE(x->high, high);
        QCOMPARE(x->log, log);
        QCOMPARE(x->step, step);
    }

    void categoricalAndConstant()
    {
        const SpecLoadResult r = parseStudySpec(
            "program: p\nmethod: grid\nmetric: {name: m}\nparameters:\n"
            "  a: {distribution: categorical, values: [x, 'y', 1.5]}\n  b: {distribution: constant, value: hello}\n",
            "s.yaml");
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join('\n')));
        QCOMPARE(r.spec->space.find("a")->choices.size(), 3);
        QCOMPARE(r.spec->space.find("b")->value.toString(), QStringLiteral("hello"));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "program: p\nmethod: random\nmetric: {name: m}\n";
        QTest::newRow("malformed yaml") << QByteArray("program: p\nparameters: {x: [1, 2\n") << "s.yaml:3:1: malformed YAML";
        QTest::newRow("not a mapping") << QByteArray("- a\n- b\n") << "s.yaml: the study file must be a mapping";
        QTest::newRow("unknown method") << QByteArray("program: p\nmethod: hillclimb\nmetric: {name: m}\nparameters: {x: {min: 0, max: 1}}\n")
                                        << "s.yaml: method: unknown method 'hillclimb'";
        QTest::newRow("missing method") << QByteArray("program: p\nmetric: {name: m}\nparameters: {x: {min: 0, max: 1}}\n")
                                        << "s.yaml: method: missing";
        QTest::newRow("min > max") << head + "parameters: {x: {min: 5, max: 1}}\n"
                                   << "s.yaml: parameters.x: min (5) must not be greater than max (1)";
        QTest::newRow("log min 0") << head + "parameters: {lr: {distribution: log_uniform_values, min: 0, max: 1}}\n"
                                   << "s.yaml: parameters.lr.min: must be > 0 for log_uniform_values";
        QTest::newRow("empty values") << head + "parameters: {x: {values: []}}\n" << "s.yaml: parameters.x.values: must not be empty";
        QTest::newRow("duplicate name") << head + "parameters:\n  x: {min: 0, max: 1}\n  x: {min: 0, max: 2}\n"
                                        << "s.yaml: parameters.x: duplicate parameter name";
        QTest::newRow("min not number") << head + "parameters: {x: {min: abc, max: 1}}\n" << "s.yaml: parameters.x.min: must be a number";
        QTest::newRow("unsupported distribution") << head + "parameters: {x: {distribution: normal, min: 0, max: 1}}\n"
                                                  << "s.yaml: parameters.x.distribution: 'normal' is not supported";
        QTest::newRow("no bounds") << head + "parameters: {x: {min: 0}}\n" << "s.yaml: parameters.x: needs min and max";
        QTest::newRow("missing metric") << QByteArray("program: p\nmethod: random\nparameters: {x: {min: 0, max: 1}}\n")
                                        << "s.yaml: metric: missing";
        QTest::newRow("bad goal") << QByteArray("program: p\nmethod: random\nmetric: {name: m, goal: up}\nparameters: {x: {min: 0, max: 1}}\n")
                                  << "s.yaml: metric.goal: must be minimize or maximize, not 'up'";
        QTest::newRow("missing program") << QByteArray("method: random\nmetric: {name: m}\nparameters: {x: {min: 0, max: 1}}\n")
                                         << "s.yaml: program: missing";
        QTest::newRow("bad parallel") << head + "parameters: {x: {min: 0, max: 1}}\nparallel: 0\n" << "s.yaml: parallel: must be >= 1";
        QTest::newRow("bad timeout") << head + "parameters: {x: {min: 0, max: 1}}\ntrial_timeout: soon\n"
                                     << "s.yaml: trial_timeout: must be a duration";
        QTest::newRow("no parameters") << head << "s.yaml: parameters: missing";
        QTest::newRow("nested") << head + "parameters: {x: {parameters: {y: {min: 0, max: 1}}}}\n"
                                << "s.yaml: parameters.x.parameters: nested parameters are not supported";
        QTest::newRow("bad regex") << head + "parameters: {x: {min: 0, max: 1}}\nmetric_regex: '(unclosed'\n"
                                   << "s.yaml: metric_regex: invalid regular expression";
    }
    void badInput()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const SpecLoadResult r = parseStudySpec(text, "s.yaml");
        QVERIFY(!r.spec);
        const bool found = std::any_of(r.errors.begin(), r.errors.end(), [&](const QString &e) { return e.startsWith(expected); });
        QVERIFY2(found, qPrintable("expected '" + expected + "', got: " + r.errors.join(" | ")));
    }

    void unknownKeysWarn()
    {
        const SpecLoadResult r = parseStudySpec(
            "program: p\nproject: x\nmethod: random\nfoo: 1\nmetric: {name: m}\nparameters: {x: {min: 0, max: 1, bar: 2}}\n", "s.yaml");
        QVERIFY(r.spec);
        QVERIFY2(r.warnings.contains("s.yaml: foo: unknown key (ignored)"), qPrintable(r.warnings.join('|')));
        QVERIFY(r.warnings.contains("s.yaml: parameters.x.bar: unknown key (ignored)"));
        QVERIFY(r.warnings.contains("s.yaml: project: has no meaning offline (ignored)"));
    }

    void roundTrip()
    {
        const SpecLoadResult first = parseStudySpec(validSpec, "study.yaml");
        QVERIFY(first.spec);
        StudySpec spec = *first.spec;
        spec.metricRegex = QStringLiteral("acc (?<value>\\S+)");
        Parameter tricky;
        tricky.name = QStringLiteral("choice");
        tricky.type = Parameter::Type::Categorical;
        tricky.choices = {QStringLiteral("1"), 2.0, qlonglong(1), QStringLiteral("true"), false, QStringLiteral("a; rm -rf ~"),
                          QStringLiteral("key: value"),
                          // Not valid plain YAML at all: the writer once threw on these.
                          QStringLiteral("`touch /tmp/x`"), QStringLiteral("@at"), QStringLiteral("%percent"),
                          QStringLiteral("two\nlines"), QString(), QStringLiteral("[1, 2"), QStringLiteral("{a: 1}"),
                          QStringLiteral("gr\u00fc\u00dfe \U0001F600")};
        spec.space.append(tricky);
        const QByteArray yaml = studySpecToYaml(spec);
        const SpecLoadResult second = parseStudySpec(yaml, "saved.yaml");
        QVERIFY2(second.errors.isEmpty(), qPrintable(second.errors.join('\n') + "\n" + yaml));
        QVERIFY(second.warnings.isEmpty());
        const StudySpec &back = *second.spec;
        QCOMPARE(studySpecToYaml(back), yaml);
        QCOMPARE(back.name, spec.name);
        QCOMPARE(back.command, spec.command);
        QCOMPARE(back.metricRegex, spec.metricRegex);
        QCOMPARE(back.trialTimeoutSeconds, spec.trialTimeoutSeconds);
        QCOMPARE(back.space.parameters().size(), spec.space.parameters().size());
        const Parameter *c = back.space.find("choice");
        for (int i = 0; i < tricky.choices.size(); ++i) {
            QCOMPARE(c->choices.at(i).typeId(), tricky.choices.at(i).typeId());
            QCOMPARE(c->choices.at(i), tricky.choices.at(i));
        }
    }

    void loadsFromFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("study.yaml");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("program: p\nmethod: random\nmetric: {name: m}\nparameters: {x: {min: 0, max: 1}}\n");
        f.close();
        const SpecLoadResult r = loadStudySpec(path);
        QVERIFY(r.spec);
        QCOMPARE(r.spec->workingDirectory, QFileInfo(path).absolutePath());
        QCOMPARE(r.spec->name, QFileInfo(dir.path()).fileName());
        const SpecLoadResult missing = loadStudySpec(dir.filePath("nope.yaml"));
        QVERIFY(!missing.spec);
        QVERIFY(missing.errors.first().contains("nope.yaml: cannot read the study file"));
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("seconds");
        QTest::newRow("plain") << "90" << 90;
        QTest::newRow("s") << "90s" << 90;
        QTest::newRow("m") << "10m" << 600;
        QTest::newRow("h m") << "1h30m" << 5400;
        QTest::newRow("clock") << "01:00:00" << 3600;
        QTest::newRow("bad") << "soon" << -1;
        QTest::newRow("empty") << "" << -1;
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(int, seconds);
        QCOMPARE(parseDurationSeconds(text).value_or(-1), seconds);
    }
};

QTEST_GUILESS_MAIN(TestStudySpec)
#include "tst_studyspec.moc"
