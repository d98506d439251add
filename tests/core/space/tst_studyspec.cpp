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
                                   << "s.yaml: parameters.x: min (5) must be less than max (1)";
        QTest::newRow("log min 0") << head + "parameters: {lr: {distribution: log_uniform_values, min: 0, max: 1}}\n"
                                   << "s.yaml: parameters.lr.min: must be > 0 for log_uniform_values";
        QTest::newRow("empty values") << head + "parameters: {x: {values: []}}\n" << "s.yaml: parameters.x.values: must not be empty";
        QTest::newRow("duplicate name") << head + "parameters:\n  x: {min: 0, max: 1}\n  x: {min: 0, max: 2}\n"
                                        << "s.yaml: parameters.x: duplicate parameter name";
        QTest::newRow("min not number") << head + "parameters: {x: {min: abc, max: 1}}\n" << "s.yaml: parameters.x.min: must be a number";
        QTest::newRow("unknown distribution") << head + "parameters: {x: {distribution: gamma, min: 0, max: 1}}\n"
                                              << "s.yaml: parameters.x.distribution: unknown distribution 'gamma'";
        QTest::newRow("normal with bounds") << head + "parameters: {x: {distribution: normal, min: 0, max: 1}}\n"
                                            << "s.yaml: parameters.x.min: normal takes no 'min'";
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
        QTest::newRow("bad heartbeat") << head + "parameters: {x: {min: 0, max: 1}}\nheartbeat_interval: often\n"
                                       << "s.yaml: heartbeat_interval: must be a duration";
        QTest::newRow("grace within a beat") << head + "parameters: {x: {min: 0, max: 1}}\nheartbeat_interval: 10s\nheartbeat_grace: 15s\n"
                                             << "s.yaml: heartbeat_grace: heartbeat_grace (15 s) must be at least twice heartbeat_interval (10 s)";
        QTest::newRow("no parameters") << head << "s.yaml: parameters: missing";
        QTest::newRow("nested, empty") << head + "parameters: {x: {parameters: {}}}\n"
                                       << "s.yaml: parameters.x.parameters: must be a non-empty mapping";
        QTest::newRow("nested, bad leaf") << head + "parameters: {x: {parameters: {y: {min: 2, max: 1}}}}\n"
                                          << "s.yaml: parameters.x.parameters.y: min (2) must be less than max (1)";
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

    void issuePaths_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("path");        // the key path of the first issue expected
        QTest::addColumn<QStringList>("keys");    // keys below it the issue lies between
        QTest::addColumn<bool>("warning");
        QTest::addColumn<QString>("message");     // the start of its message
        const QByteArray head = "program: p\nmethod: random\nmetric: {name: m}\n";
        const QByteArray x = "parameters: {x: {min: 0.0, max: 1.0}}\n";
        const QStringList none;
        const QStringList minAndMax{"min", "max"};
        QTest::newRow("log min not positive") << head + "parameters: {lr: {distribution: log_uniform_values, min: 0, max: 1}}\n"
                                              << "parameters.lr.min" << none << false << "must be > 0";
        QTest::newRow("max not a number") << head + "parameters: {lr: {min: 0, max: [1]}}\n" << "parameters.lr.max" << none << false
                                          << "must be a number";
        QTest::newRow("min above max") << head + "parameters: {x: {min: 5, max: 1}}\n" << "parameters.x" << minAndMax << false
                                       << "min (5) must be less than max (1)";
        QTest::newRow("int bounds fractional") << head + "parameters: {n: {distribution: int_uniform, min: 0.5, max: 3}}\n"
                                               << "parameters.n" << minAndMax << false << "min and max must be integers";
        QTest::newRow("negative q") << head + "parameters: {x: {min: 0.0, max: 1.0, q: -1}}\n" << "parameters.x.q" << none << false
                                    << "must be > 0";
        QTest::newRow("value in a list") << head + "parameters: {c: {values: [a, [b]]}}\n" << "parameters.c.values[1]" << none << false
                                         << "must be a string, number or boolean";
        QTest::newRow("value listed twice") << head + "parameters: {c: {values: [a, a]}}\n" << "parameters.c.values" << none << false
                                            << "'a' is listed twice";
        QTest::newRow("constant empty") << head + "parameters: {c: {value: ''}}\n" << "parameters.c.value" << none << false
                                        << "must not be empty";
        QTest::newRow("empty name") << head + "parameters: {'': {min: 0, max: 1}}\n" << "parameters" << QStringList{QString()} << false
                                    << "a parameter has an empty name";
        QTest::newRow("dotted name") << head + "parameters: {model.lr: {distribution: log_uniform_values, min: -1, max: 1}}\n"
                                     << "parameters.model.lr.min" << none << false << "must be > 0";
        QTest::newRow("distribution") << head + "parameters: {x: {distribution: gamma, min: 0, max: 1}}\n"
                                      << "parameters.x.distribution" << none << false << "unknown distribution 'gamma'";
        QTest::newRow("no parameters") << head + "parameters: {}\n" << "parameters" << none << false << "the search space has no parameters";
        QTest::newRow("eta") << head + x + "early_terminate: {type: asha, eta: 1}\n" << "early_terminate.eta" << none << false
                             << "must be >= 2";
        QTest::newRow("pruner type") << head + x + "early_terminate: {type: patience}\n" << "early_terminate.type" << none << false
                                     << "unknown pruner 'patience'";
        // A pruner's resource keys are named as the file spells them: W&B's or Tunescope's.
        // W&B's hyperband takes max_iter with s, or min_iter (its schema's anyOf).
        QTest::newRow("max without s, W&B keys") << head + x + "early_terminate: {type: hyperband, min_iter: 9, max_iter: 3}\n"
                                                 << "early_terminate.s" << none << false << "missing: with max_iter, s gives";
        QTest::newRow("max below min, Tunescope keys")
            << head + x + "early_terminate: {type: hyperband, min_resource: 9, max_resource: 3}\n" << "early_terminate.max_resource"
            << none << false << "must not be below min_resource";
        QTest::newRow("min missing, W&B keys") << head + x + "early_terminate: {type: hyperband, eta: 3}\n"
                                               << "early_terminate.min_iter" << none << false << "missing: give min_iter, or max_iter with s";
        QTest::newRow("min missing, Tunescope keys") << head + x + "early_terminate: {type: hyperband, max_resource: 27}\n"
                                                     << "early_terminate.min_resource" << none << false
                                                     << "missing: give min_resource, or s with max_resource";
        QTest::newRow("goal") << QByteArray("program: p\nmethod: random\nmetric: {name: m, goal: up}\n") + x << "metric.goal" << none
                              << false << "must be minimize or maximize";
        QTest::newRow("metric name") << QByteArray("program: p\nmethod: random\nmetric: {goal: maximize}\n") + x << "metric.name"
                                     << none << false << "missing";
        QTest::newRow("second metric") << QByteArray("program: p\nmethod: random\nmetric: [{name: a}, {name: b, use: mean}]\n") + x
                                       << "metric[1].use" << none << false << "must be last or best";
        QTest::newRow("method") << QByteArray("program: p\nmethod: hillclimb\nmetric: {name: m}\n") + x << "method" << none << false
                                << "unknown method";
        QTest::newRow("run cap") << head + x + "run_cap: 0\n" << "run_cap" << none << false << "must be >= 1";
        QTest::newRow("gpu index") << head + x + "resources: {gpus: [0, a]}\n" << "resources.gpus[1]" << none << false
                                   << "must be an integer";
        QTest::newRow("command argument") << head + x + "command: [a, [b]]\n" << "command[1]" << none << false << "must be a string";
        QTest::newRow("timeout") << head + x + "trial_timeout: soon\n" << "trial_timeout" << none << false << "must be a duration";
        QTest::newRow("the file itself") << QByteArray("- a\n") << "" << none << false << "the study file must be a mapping";
        QTest::newRow("unknown key") << head + x + "foo: 1\n" << "foo" << none << false << "unknown key";
        QTest::newRow("offline key") << head + x + "project: p\n" << "project" << none << true << "has no meaning offline";
        // `{x}` names a parameter but is not a macro: the program would get the braces.
        QTest::newRow("braces without $") << head + x + "command: [p, '--x={x}', '${x}']\n" << "command[1]" << none << true
                                          << "{x} is passed as written; write ${x}";
        QTest::newRow("unknown parameter key") << head + "parameters: {x: {min: 0, max: 1, bar: 2}}\n" << "parameters.x.bar" << none
                                               << false << "int_uniform takes no 'bar'";
        // Every backend key is checked: a study that asks for a cluster never runs some other way.
        QTest::newRow("backend type") << head + x + "backend: kubernetes\n" << "backend" << none << false << "must be local or slurm";
        QTest::newRow("backend map type") << head + x + "backend: {type: pbs}\n" << "backend.type" << none << false << "must be local or slurm";
        QTest::newRow("backend without type") << head + x + "backend: {partition: gpu}\n" << "backend.type" << none << false << "missing";
        QTest::newRow("backend list") << head + x + "backend: [slurm]\n" << "backend" << none << false << "must be local, slurm, or a mapping";
        QTest::newRow("slurm unknown key") << head + x + "backend: {type: slurm, partiton: gpu}\n" << "backend.partiton" << none << false
                                           << "not a setting of the Slurm backend";
        QTest::newRow("local with settings") << head + x + "backend: {type: local, partition: gpu}\n" << "backend.partition" << none
                                             << false << "the local backend takes no settings";
        QTest::newRow("slurm time") << head + x + "backend: {type: slurm, time: 1h}\n" << "backend.time" << none << false
                                    << "must be a Slurm time limit";
        QTest::newRow("slurm gres") << head + x + "backend: {type: slurm, gres: 'gpu 1'}\n" << "backend.gres" << none << false
                                    << "must be generic resources";
        QTest::newRow("slurm cpus") << head + x + "backend: {type: slurm, cpus_per_task: 0}\n" << "backend.cpus_per_task" << none
                                    << false << "must be an integer >= 1";
        QTest::newRow("slurm mem") << head + x + "backend: {type: slurm, mem: lots}\n" << "backend.mem" << none << false
                                   << "must be memory per node";
        QTest::newRow("slurm empty partition") << head + x + "backend: {type: slurm, partition: ''}\n" << "backend.partition" << none
                                               << false << "must not be empty";
        QTest::newRow("slurm partition spaces") << head + x + "backend: {type: slurm, partition: 'a b'}\n" << "backend.partition"
                                                << none << false << "must be a Slurm name";
        QTest::newRow("slurm extra not a list") << head + x + "backend: {type: slurm, extra: --exclusive}\n" << "backend.extra" << none
                                                << false << "must be a list of sbatch options";
        QTest::newRow("slurm extra value") << head + x + "backend: {type: slurm, extra: [--exclusive, node1]}\n" << "backend.extra[1]"
                                           << none << false << "must be an sbatch option";
        QTest::newRow("slurm extra own key") << head + x + "backend: {type: slurm, extra: [--partition=gpu]}\n" << "backend.extra[0]"
                                             << none << false << "--partition has its own key: use backend.partition";
        QTest::newRow("slurm extra short") << head + x + "backend: {type: slurm, extra: [-pgpu]}\n" << "backend.extra[0]"
                                           << none << false << "--partition has its own key";
        QTest::newRow("slurm extra abbreviated") << head + x + "backend: {type: slurm, extra: ['--out=x.log']}\n" << "backend.extra[0]"
                                                 << none << false << "--output is set by Tunescope itself";
        QTest::newRow("slurm extra array") << head + x + "backend: {type: slurm, extra: ['--array=0-9']}\n" << "backend.extra[0]"
                                           << none << false << "--array is set by Tunescope itself";
        QTest::newRow("slurm poll") << head + x + "backend: {type: slurm, poll_interval: 0s}\n" << "backend.poll_interval" << none
                                    << false << "must be a duration of at least 1 s";
        QTest::newRow("slurm with gpu slots") << head + x + "backend: slurm\nresources: {gpus: [0]}\n" << "resources.gpus" << none
                                              << false << "GPU slots are for the local backend";
    }
    void issuePaths()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, path);
        QFETCH(QStringList, keys);
        QFETCH(bool, warning);
        QFETCH(QString, message);
        const SpecLoadResult r = parseStudySpec(text, "s.yaml");
        const auto issue = std::find_if(r.issues.begin(), r.issues.end(), [&](const SpecIssue &i) { return i.path == path; });
        QVERIFY2(issue != r.issues.end(), qPrintable("no issue at '" + path + "' in: " + (r.errors + r.warnings).join(" | ")));
        QCOMPARE(issue->keys, keys);
        QCOMPARE(issue->severity, warning ? SpecIssue::Severity::Warning : SpecIssue::Severity::Error);
        QVERIFY2(issue->message.startsWith(message), qPrintable(issue->message));
        QCOMPARE(bool(r.spec), warning);
        // The command line prints the same issue, in the same order, with the file name.
        QCOMPARE(r.errors, formatSpecIssues(r.issues, SpecIssue::Severity::Error, "s.yaml"));
        QCOMPARE(r.warnings, formatSpecIssues(r.issues, SpecIssue::Severity::Warning, "s.yaml"));
        QVERIFY((warning ? r.warnings : r.errors).contains(formatSpecIssue(*issue, "s.yaml")));
    }

    void bracesThatAreNotParametersPassQuietly()
    {
        // Only braces around a parameter's name are suspect: a macro, JSON and other names in
        // braces are what the user meant.
        const SpecLoadResult r = parseStudySpec("program: p\nmethod: random\nmetric: {name: m}\n"
                                                "parameters: {x: {min: 0.0, max: 1.0}}\n"
                                                "command: [p, '--x=${x}', '{\"x\": 1}', '{other}', '${args}']\n",
                                                "s.yaml");
        QVERIFY(r.spec);
        QCOMPARE(r.warnings, QStringList());
    }

    void issueText()
    {
        const SpecIssue lr{"parameters.lr.min", "must be > 0"};
        QCOMPARE(formatSpecIssue(lr), QStringLiteral("parameters.lr.min: must be > 0"));
        QCOMPARE(formatSpecIssue(lr, "s.yaml"), QStringLiteral("s.yaml: parameters.lr.min: must be > 0"));
        QCOMPARE(formatSpecIssue(SpecIssue{QString(), "cannot read the study file"}, "s.yaml"),
                 QStringLiteral("s.yaml: cannot read the study file"));
        SpecIssue malformed{QString(), "malformed YAML: end of map not found"};
        malformed.line = 3;
        malformed.column = 1;
        QCOMPARE(formatSpecIssue(malformed, "s.yaml"), QStringLiteral("s.yaml:3:1: malformed YAML: end of map not found"));
        const SpecLoadResult r = parseStudySpec("program: p\nparameters: {x: [1, 2\n", "s.yaml");
        QCOMPARE(r.issues.size(), 1);
        QCOMPARE(r.issues.first().line, 3);
        QCOMPARE(r.errors, QStringList{formatSpecIssue(r.issues.first(), "s.yaml")});

        QCOMPARE(lr.fieldPaths(), QStringList{"parameters.lr.min"});
        const SpecIssue range{"parameters.lr", "min (5) must not be greater than max (1)", SpecIssue::Severity::Error, {"min", "max"}};
        QCOMPARE(range.fieldPaths(), QStringList({"parameters.lr.min", "parameters.lr.max"}));
        QCOMPARE(formatSpecIssue(range), QStringLiteral("parameters.lr: min (5) must not be greater than max (1)"));
    }

    void unknownKeysAreRefused()
    {
        // Nothing accepted that is not done (W&B's schema: additionalProperties false); keys of
        // W&B's hosted service warn.
        const SpecLoadResult r = parseStudySpec(
            "program: p\nproject: x\nmethod: random\nfoo: 1\nmetric: {name: m}\nparameters: {x: {min: 0, max: 1, bar: 2}}\n", "s.yaml");
        QVERIFY(!r.spec);
        QVERIFY2(r.errors.contains("s.yaml: foo: unknown key"), qPrintable(r.errors.join('|')));
        QVERIFY(r.errors.join('|').contains("s.yaml: parameters.x.bar: int_uniform takes no 'bar'"));
        QVERIFY(r.warnings.contains("s.yaml: project: has no meaning offline (ignored)"));
    }

    void roundTrip()
    {
        const SpecLoadResult first = parseStudySpec(validSpec, "study.yaml");
        QVERIFY(first.spec);
        StudySpec spec = *first.spec;
        spec.heartbeatIntervalSeconds = 2;
        spec.heartbeatGraceSeconds = 9;
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
        QCOMPARE(back.heartbeatIntervalSeconds, spec.heartbeatIntervalSeconds);
        QCOMPARE(back.heartbeatGraceSeconds, spec.heartbeatGraceSeconds);
        QCOMPARE(back.space.parameters().size(), spec.space.parameters().size());
        const Parameter *c = back.space.find("choice");
        for (int i = 0; i < tricky.choices.size(); ++i) {
            QCOMPARE(c->choices.at(i).typeId(), tricky.choices.at(i).typeId());
            QCOMPARE(c->choices.at(i), tricky.choices.at(i));
        }
    }

    void slurmBackend()
    {
        const QByteArray head = "program: p\nmethod: random\nmetric: {name: m}\nparameters: {x: {min: 0.0, max: 1.0}}\n";
        const SpecLoadResult r = parseStudySpec(head + "backend:\n  type: slurm\n  partition: gpu\n  time: '1-12:00:00'\n"
                                                       "  gres: gpu:a100:2\n  cpus_per_task: 8\n  mem: 32g\n  account: lab\n"
                                                       "  qos: normal\n  constraint: 'a100&ib'\n  extra: [--exclusive, '--nodelist=n[1-2]']\n"
                                                       "  poll_interval: 10s\n  controller_timeout: 2m\n",
                                                "s.yaml");
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join('\n')));
        QVERIFY(r.warnings.isEmpty());
        const SlurmSettings &s = r.spec->backend.slurm;
        QVERIFY(r.spec->backend.isSlurm());
        QCOMPARE(s.partition, QStringLiteral("gpu"));
        QCOMPARE(s.time, QStringLiteral("1-12:00:00"));
        QCOMPARE(s.gres, QStringLiteral("gpu:a100:2"));
        QCOMPARE(s.cpusPerTask, 8);
        QCOMPARE(s.mem, QStringLiteral("32G"));
        QCOMPARE(s.account, QStringLiteral("lab"));
        QCOMPARE(s.qos, QStringLiteral("normal"));
        QCOMPARE(s.constraint, QStringLiteral("a100&ib"));
        QCOMPARE(s.extra, QStringList({"--exclusive", "--nodelist=n[1-2]"}));
        QCOMPARE(s.pollIntervalSeconds, 10);
        QCOMPARE(s.controllerTimeoutSeconds, 120);
        // Written and read back unchanged.
        const SpecLoadResult back = parseStudySpec(studySpecToYaml(*r.spec), "saved.yaml");
        QVERIFY2(back.spec, qPrintable(back.errors.join('\n')));
        QCOMPARE(back.spec->backend, r.spec->backend);

        // The short forms, and Slurm's own time syntax in all its shapes.
        QVERIFY(parseStudySpec(head + "backend: slurm\n", "s.yaml").spec->backend.isSlurm());
        QVERIFY(!parseStudySpec(head + "backend: local\n", "s.yaml").spec->backend.isSlurm());
        QVERIFY(backendSpecToMap(BackendSpec()).isEmpty());
        for (const char *time : {"30", "30:00", "4:00:00", "2-0", "2-12:30", "2-12:30:00", "UNLIMITED", "infinite"})
            QVERIFY2(isSlurmTime(QString::fromLatin1(time)), time);
        for (const char *time : {"1h", "90m", "-1", "1:2:3:4", ""})
            QVERIFY2(!isSlurmTime(QString::fromLatin1(time)), time);
    }

    /// The written spec goes to the database, study files and reports: never a password.
    void writtenSpecCarriesNoPassword()
    {
        const SpecLoadResult first = parseStudySpec(validSpec, "study.yaml");
        QVERIFY(first.spec);
        StudySpec spec = *first.spec;
        spec.storage = QStringLiteral("postgresql://alice:PLANTED-pw@db.example:5432/tune?password=PLANTED-pw&sslmode=require");
        const QByteArray yaml = studySpecToYaml(spec);
        QVERIFY2(!yaml.contains("PLANTED"), yaml.constData());
        const SpecLoadResult back = parseStudySpec(yaml, "saved.yaml");
        QVERIFY(back.spec);
        QCOMPARE(back.spec->storage, QStringLiteral("postgresql://alice@db.example:5432/tune?sslmode=require"));
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
