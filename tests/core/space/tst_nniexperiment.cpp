#include "pruners/pruner.h"
#include "samplers/sampler.h"
#include "space/studyconversion.h"
#include "space/studyspec.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {

/// NNI's search space of examples/trials/mnist-nested-search-space, cut to two layers.
const char *nestedSpace = R"({
    "layer0": {"_type": "choice", "_value": [
        {"_name": "Empty"},
        {"_name": "Conv", "kernel_size": {"_type": "choice", "_value": [1, 2, 3, 5]}},
        {"_name": "Max_pool", "pooling_size": {"_type": "choice", "_value": [2, 3, 5]}},
        {"_name": "Avg_pool", "pooling_size": {"_type": "choice", "_value": [2, 3, 5]}}
    ]},
    "lr": {"_type": "loguniform", "_value": [0.0001, 0.1]}
})";

/// Every _type of NNI's search space (docs/source/hpo/search_space.rst).
const char *everyType = R"({
    "c": {"_type": "choice", "_value": [2, 3, "x"]},
    "ri": {"_type": "randint", "_value": [1, 10]},
    "u": {"_type": "uniform", "_value": [0.1, 0.5]},
    "qu": {"_type": "quniform", "_value": [2, 10, 5]},
    "lu": {"_type": "loguniform", "_value": [0.0001, 0.1]},
    "qlu": {"_type": "qloguniform", "_value": [1, 1000, 50]},
    "n": {"_type": "normal", "_value": [0, 2]},
    "qn": {"_type": "qnormal", "_value": [64, 16, 1]},
    "ln": {"_type": "lognormal", "_value": [-3, 1]},
    "qln": {"_type": "qlognormal", "_value": [3, 0.5, 2]}
})";

const char *minimalConfig = R"(searchSpaceFile: search_space.json
trialCommand: python3 mnist.py
trialConcurrency: 2
tuner:
  name: TPE
  classArgs:
    optimize_mode: maximize
trainingService:
  platform: local
)";

} // namespace

/// NNI experiment configs (V2) and search spaces read as studies: every key with its
/// meaning, every _type with NNI's semantics, nested choices as conditional parameters, and
/// what has no counterpart refused at its key path.
class TestNniExperiment : public QObject
{
    Q_OBJECT

    QTemporaryDir mDir;

    SpecLoadResult load(const QByteArray &config, const QByteArray &space = QByteArray(everyType))
    {
        QFile s(mDir.filePath("search_space.json"));
        if (!s.open(QIODevice::WriteOnly) || s.write(space) < 0)
            qFatal("cannot write the search space");
        s.close();
        QFile c(mDir.filePath("config.yml"));
        if (!c.open(QIODevice::WriteOnly) || c.write(config) < 0)
            qFatal("cannot write the config");
        c.close();
        return loadStudySpec(mDir.filePath("config.yml"));
    }

    static QString errorsOf(const SpecLoadResult &r) { return formatSpecIssues(r.issues, SpecIssue::Severity::Error).join(u'\n'); }

private slots:
    void readsTheMinimalConfig()
    {
        const SpecLoadResult r = load(minimalConfig);
        QVERIFY2(r.spec, qPrintable(errorsOf(r)));
        const StudySpec &s = *r.spec;
        QCOMPARE(s.method, QStringLiteral("tpe"));
        QCOMPARE(s.objective().name, QStringLiteral("default"));
        QCOMPARE(s.objective().goal, Goal::Maximize);
        QCOMPARE(s.parallel, 2);
        QCOMPARE(s.command, QStringList({"python3", "mnist.py"}));
        QCOMPARE(s.trialApi, QStringLiteral("nni"));
        QCOMPARE(s.name, QDir(mDir.path()).dirName()); // no experimentName: the folder's
        // NNI's note that trials without trialGpuNumber may use every GPU: not so here.
        QVERIFY(r.warnings.join(u'\n').contains(QStringLiteral("trialGpuNumber: not set")));
    }

    void readsEveryKey()
    {
        const SpecLoadResult r = load(R"(experiment_name: mnist
search_space_file: search_space.json
trial_command: python3 "my trial.py" --epochs 3 'a b'
trial_code_directory: src
trialConcurrency: 4
trialGpuNumber: 1
maxTrialNumber: 50
maxExperimentDuration: 0.5h
maxTrialDuration: 90s
tuner:
  name: random
  classArgs: {seed: 7, optimize_mode: minimize}
assessor:
  name: Medianstop
  classArgs: {optimize_mode: minimize, start_step: 5}
trainingService:
  platform: local
  useActiveGpu: true
  gpuIndices: "0,2"
  maxTrialNumberPerGpu: 2
)");
        QVERIFY2(r.spec, qPrintable(errorsOf(r)));
        const StudySpec &s = *r.spec;
        QCOMPARE(s.name, QStringLiteral("mnist"));
        QCOMPARE(s.method, QStringLiteral("random"));
        QCOMPARE(s.seed, quint64(7));
        QCOMPARE(s.objective().goal, Goal::Minimize);
        QCOMPARE(s.command, QStringList({"python3", "my trial.py", "--epochs", "3", "a b"}));
        QCOMPARE(s.trialWorkingDirectory, QStringLiteral("src"));
        QCOMPARE(s.runDirectory(), QDir(mDir.path()).absoluteFilePath("src"));
        QCOMPARE(s.parallel, 4);
        QCOMPARE(s.runCap, 50);
        QCOMPARE(s.maxDurationSeconds, 1800);
        QCOMPARE(s.trialTimeoutSeconds, 90);
        QCOMPARE(s.resources.gpus, QList<int>({0, 2}));
        QCOMPARE(s.resources.trialsPerGpu, 2);
        QCOMPARE(s.earlyTerminate.value("type").toString(), QStringLiteral("medianstop"));
        QCOMPARE(s.earlyTerminate.value("start_step").toLongLong(), 5);
        QString why;
        QVERIFY2(createPruner(s, &why), qPrintable(why));
        QVERIFY(r.warnings.isEmpty());
    }

    void mapsTheTuners_data()
    {
        QTest::addColumn<QString>("tuner");
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("goal"); // without optimize_mode: the tuner's own default
        QTest::newRow("TPE") << "TPE" << "tpe" << int(Goal::Minimize);
        QTest::newRow("Random") << "Random" << "random" << int(Goal::Maximize);
        QTest::newRow("GridSearch") << "GridSearch" << "grid" << int(Goal::Maximize);
        QTest::newRow("BatchTuner") << "BatchTuner" << "grid" << int(Goal::Maximize);
        QTest::newRow("GPTuner") << "GPTuner" << "bayes" << int(Goal::Maximize);
        QTest::newRow("case") << "tpe" << "tpe" << int(Goal::Minimize);
    }
    void mapsTheTuners()
    {
        QFETCH(QString, tuner);
        QFETCH(QString, method);
        QFETCH(int, goal);
        const QByteArray config = QStringLiteral("searchSpaceFile: search_space.json\ntrialCommand: python3 t.py\n"
                                                 "trialConcurrency: 1\ntrialGpuNumber: 0\ntuner: {name: %1}\n"
                                                 "trainingService: {platform: local}\n").arg(tuner).toUtf8();
        const SpecLoadResult r = load(config, R"({"c": {"_type": "choice", "_value": [1, 2]}, "k": {"_type": "randint", "_value": [0, 4]}})");
        QVERIFY2(r.spec, qPrintable(errorsOf(r)));
        QCOMPARE(r.spec->method, method);
        QCOMPARE(int(r.spec->objective().goal), goal);
        QVERIFY(r.warnings.isEmpty());
    }

    void readsEveryType()
    {
        const SpecLoadResult r = load(minimalConfig, everyType);
        QVERIFY2(r.spec, qPrintable(errorsOf(r)));
        const SearchSpace &space = r.spec->space;
        QCOMPARE(space.parameters().size(), 10);
        const auto p = [&](const char *name) { return *space.find(QLatin1String(name)); };
        QCOMPARE(p("c").choices, QVariantList({qlonglong(2), qlonglong(3), QStringLiteral("x")}));
        // randint: lower inclusive, upper exclusive.
        QCOMPARE(p("ri").type, Parameter::Type::Int);
        QCOMPARE(p("ri").gridValues().size(), 9);
        QCOMPARE(p("ri").fromUnit(0.0), QVariant(qlonglong(1)));
        QCOMPARE(p("ri").fromUnit(1.0), QVariant(qlonglong(9)));
        QVERIFY(std::abs(p("u").fromUnit(0.5).toDouble() - 0.3) < 1e-15);
        // quniform: clip(round(uniform(2, 10) / 5) * 5, 2, 10): 2, 5 or 10, as floats.
        QCOMPARE(p("qu").fromUnit(0.0), QVariant(2.0));
        QCOMPARE(p("qu").fromUnit(0.5), QVariant(5.0));
        QCOMPARE(p("qu").fromUnit(1.0), QVariant(10.0));
        QCOMPARE(p("qu").gridValues(), QVariantList({2.0, 5.0, 10.0}));
        QVERIFY(std::abs(p("lu").fromUnit(0.5).toDouble() - 0.0031622776601683794) < 1e-15);
        // qloguniform: clipped to [1, 1000] (round(1 / 50) * 50 = 0 would be below it).
        QCOMPARE(p("qlu").fromUnit(0.0), QVariant(1.0));
        QCOMPARE(p("qlu").fromUnit(1.0), QVariant(1000.0));
        QCOMPARE(p("n").prior, Parameter::Prior::Normal);
        QCOMPARE(p("n").sigma, 2.0);
        // qnormal: round(normal(64, 16) / 1) * 1, not clipped; NNI's q is a float, so floats.
        QCOMPARE(p("qn").fromUnit(0.5), QVariant(64.0));
        QCOMPARE(p("qn").rounding, Parameter::Rounding::Multiple);
        QVERIFY(std::abs(p("ln").fromUnit(0.5).toDouble() - std::exp(-3.0)) < 1e-15);
        QCOMPARE(p("qln").fromUnit(0.5), QVariant(20.0)); // round(e^3 / 2) * 2 = round(10.04) * 2
    }

    void nniTypesMeanWhatTheirWandbTwinsMean_data()
    {
        QTest::addColumn<QString>("nni");
        QTest::addColumn<QString>("wandb");
        QTest::newRow("uniform") << R"({"_type": "uniform", "_value": [-1, 3]})" << "{distribution: uniform, min: -1, max: 3}";
        QTest::newRow("loguniform") << R"({"_type": "loguniform", "_value": [0.001, 10]})"
                                    << "{distribution: log_uniform_values, min: 0.001, max: 10}";
        QTest::newRow("randint") << R"({"_type": "randint", "_value": [-2, 5]})" << "{distribution: int_uniform, min: -2, max: 4}";
        QTest::newRow("normal") << R"({"_type": "normal", "_value": [1, 0.5]})" << "{distribution: normal, mu: 1, sigma: 0.5}";
        QTest::newRow("qnormal") << R"({"_type": "qnormal", "_value": [0, 3, 2]})" << "{distribution: q_normal, mu: 0, sigma: 3, q: 2.0}";
        QTest::newRow("lognormal") << R"({"_type": "lognormal", "_value": [0, 1]})" << "{distribution: log_normal, mu: 0, sigma: 1}";
        QTest::newRow("qlognormal") << R"({"_type": "qlognormal", "_value": [1, 1, 0.5]})"
                                    << "{distribution: q_log_normal, mu: 1, sigma: 1, q: 0.5}";
    }
    void nniTypesMeanWhatTheirWandbTwinsMean()
    {
        QFETCH(QString, nni);
        QFETCH(QString, wandb);
        const SpecLoadResult a = load(minimalConfig, QStringLiteral("{\"x\": %1}").arg(nni).toUtf8());
        QVERIFY2(a.spec, qPrintable(errorsOf(a)));
        const SpecLoadResult b = parseStudySpec("program: p\nmethod: random\nmetric: {name: m}\nparameters: {x: " + wandb.toUtf8() + "}\n", "s.yaml");
        QVERIFY2(b.spec, qPrintable(b.errors.join(u'\n')));
        const Parameter &x = a.spec->space.parameters().first();
        const Parameter &y = b.spec->space.parameters().first();
        for (double u : {0.001, 0.1, 0.37, 0.5, 0.8, 0.999})
            QCOMPARE(x.fromUnit(u), y.fromUnit(u));
    }

    void nestedChoiceIsConditional()
    {
        const SpecLoadResult r = load(minimalConfig, nestedSpace);
        QVERIFY2(r.spec, qPrintable(errorsOf(r)));
        const SearchSpace &space = r.spec->space;
        QStringList names;
        for (const Parameter &p : space.parameters())
            names << p.name;
        QCOMPARE(names, QStringList({"layer0", "layer0.Conv.kernel_size", "layer0.Max_pool.pooling_size",
                                     "layer0.Avg_pool.pooling_size", "lr"}));
        const Parameter *kernel = space.find("layer0.Conv.kernel_size");
        QCOMPARE(kernel->parent, QStringLiteral("layer0"));
        QCOMPARE(kernel->parentValue, QVariant(QStringLiteral("Conv")));
        QCOMPARE(kernel->jsonPath(), QStringList({"layer0", "kernel_size"}));
        // The trial gets NNI's shape: {"layer0": {"_name": ..., "pooling_size": ...}}.
        const QVariantMap flat{{"layer0", "Avg_pool"}, {"layer0.Avg_pool.pooling_size", qlonglong(3)}, {"lr", 0.01}};
        const QVariantMap nested = space.nested(flat);
        QCOMPARE(nested.value("layer0").toMap(), QVariantMap({{"_name", "Avg_pool"}, {"pooling_size", qlonglong(3)}}));
        QCOMPARE(nested.value("lr"), QVariant(0.01));
        QCOMPARE(space.nested({{"layer0", "Empty"}, {"lr", 0.1}}).value("layer0").toMap(), QVariantMap({{"_name", "Empty"}}));
        // A grid counts the valid combinations only: (1 + 4 + 3 + 3) choices; lr has none.
        const SpecLoadResult grid = load(QByteArray(minimalConfig).replace("TPE", "GridSearch"),
                                         R"({"layer0": {"_type": "choice", "_value": [{"_name": "Empty"},
                                             {"_name": "Conv", "kernel_size": {"_type": "choice", "_value": [1, 2, 3, 5]}},
                                             {"_name": "Max_pool", "pooling_size": {"_type": "choice", "_value": [2, 3, 5]}},
                                             {"_name": "Avg_pool", "pooling_size": {"_type": "choice", "_value": [2, 3, 5]}}]},
                                             "act": {"_type": "choice", "_value": ["relu", "tanh"]}})");
        QVERIFY2(grid.spec, qPrintable(errorsOf(grid)));
        QCOMPARE(grid.spec->space.gridSize(), std::optional<qint64>(22));
    }

    void refusesWhatHasNoCounterpart_data()
    {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QByteArray>("space");
        QTest::addColumn<QString>("error");
        const QByteArray ok = minimalConfig;
        const QByteArray space = everyType;
        QTest::newRow("tuner") << QByteArray(ok).replace("name: TPE", "name: SMAC") << space
                               << "tuner.name: 'SMAC' has no counterpart here";
        QTest::newRow("custom tuner") << ok + "advisor: {className: my.Tuner}\n" << space
                                      << "advisor: is deprecated in favour of tuner";
        QTest::newRow("assessor") << ok + "assessor: {name: Curvefitting}\n" << space
                                  << "assessor.name: 'Curvefitting' has no counterpart here";
        QTest::newRow("platform") << QByteArray(ok).replace("platform: local", "platform: remote") << space
                                  << "trainingService.platform: Tunescope runs NNI trials on this machine";
        QTest::newRow("shell") << QByteArray(ok).replace("python3 mnist.py", "cd src && python3 mnist.py") << space
                               << "trialCommand: '&' needs a shell";
        QTest::newRow("variable") << QByteArray(ok).replace("python3 mnist.py", "CUDA_VISIBLE_DEVICES=1 python3 mnist.py") << space
                                  << "trialCommand: a variable assignment before the command";
        QTest::newRow("annotation") << ok + "useAnnotation: true\n" << space << "useAnnotation: NNI annotations";
        QTest::newRow("unknown key") << ok + "trialConcurency: 3\n" << space << "trialConcurency: unknown key";
        QTest::newRow("tpe gamma") << QByteArray(ok).replace("optimize_mode: maximize", "optimize_mode: maximize\n    tpe_args: {gamma: 0.5}")
                                   << space << "tuner.classArgs.tpe_args.gamma: NNI's TPE chooses its good trials";
        QTest::newRow("gpus without indices") << ok + "trialGpuNumber: 1\n" << space << "trainingService.gpuIndices: missing";
        QTest::newRow("busy gpus") << QByteArray(ok).replace("platform: local", "platform: local\n  gpuIndices: [0]") + "trialGpuNumber: 1\n"
                                   << space << "trainingService.useActiveGpu: Tunescope uses the listed GPUs";
        QTest::newRow("two gpus") << QByteArray(ok).replace("platform: local", "platform: local\n  gpuIndices: [0, 1]\n  useActiveGpu: true")
                                         + "trialGpuNumber: 2\n"
                                  << space << "trialGpuNumber: Tunescope gives each trial one GPU";
        QTest::newRow("duration") << ok + "maxExperimentDuration: soon\n" << space << "maxExperimentDuration: must be a duration";
        QTest::newRow("concurrency") << QByteArray(ok).replace("trialConcurrency: 2", "trialConcurrency: 0") << space
                                     << "trialConcurrency: must be an integer >= 1";
        QTest::newRow("missing space") << QByteArray(ok).replace("searchSpaceFile: search_space.json\n", "") << space
                                       << "searchSpaceFile: missing";
        QTest::newRow("both spaces") << ok + "searchSpace: {}\n" << space << "searchSpaceFile: give searchSpace or searchSpaceFile";
        // The search space file, as NNI's validation.py checks it.
        QTest::newRow("bad type") << ok << QByteArray(R"({"x": {"_type": "gaussian", "_value": [0, 1]}})")
                                  << "searchSpaceFile (search_space.json.x._type): unknown type 'gaussian'";
        QTest::newRow("arity") << ok << QByteArray(R"({"x": {"_type": "quniform", "_value": [0, 1]}})")
                               << "searchSpaceFile (search_space.json.x._value): quniform needs 3 values";
        QTest::newRow("low >= high") << ok << QByteArray(R"({"x": {"_type": "uniform", "_value": [1, 1]}})")
                                     << "searchSpaceFile (search_space.json.x._value): uniform needs low < high";
        QTest::newRow("log low") << ok << QByteArray(R"({"x": {"_type": "loguniform", "_value": [0, 1]}})")
                                 << "searchSpaceFile (search_space.json.x._value[0]): must be > 0 for loguniform";
        QTest::newRow("sigma") << ok << QByteArray(R"({"x": {"_type": "normal", "_value": [0, 0]}})")
                               << "searchSpaceFile (search_space.json.x._value[1]): sigma must be > 0";
        QTest::newRow("randint floats") << ok << QByteArray(R"({"x": {"_type": "randint", "_value": [0, 1.5]}})")
                                        << "searchSpaceFile (search_space.json.x._value[1]): must be an integer for randint";
        QTest::newRow("choice of lists") << ok << QByteArray(R"({"x": {"_type": "choice", "_value": [[1], [2]]}})")
                                         << "searchSpaceFile (search_space.json.x._value[0]): must be a number or a string";
        QTest::newRow("nested without _name") << ok << QByteArray(R"({"x": {"_type": "choice", "_value": [{"_name": "a"}, {"b": 1}]}})")
                                              << "searchSpaceFile (search_space.json.x._value[0]): must be a number or a string";
        QTest::newRow("nested bad") << ok
                                    << QByteArray(R"({"x": {"_type": "choice", "_value": [{"_name": "a", "k": {"_type": "uniform", "_value": [2, 1]}}]}})")
                                    << "searchSpaceFile (search_space.json.x._value[0].k._value): uniform needs low < high";
        QTest::newRow("malformed") << ok << QByteArray("{\"x\": {\"_type\": \"choice\", ")
                                   << "searchSpaceFile (search_space.json): malformed JSON at line 1";
    }
    void refusesWhatHasNoCounterpart()
    {
        QFETCH(QByteArray, config);
        QFETCH(QByteArray, space);
        QFETCH(QString, error);
        const SpecLoadResult r = load(config, space);
        QVERIFY(!r.spec);
        const QStringList errors = formatSpecIssues(r.issues, SpecIssue::Severity::Error);
        QVERIFY2(std::any_of(errors.begin(), errors.end(), [&](const QString &e) { return e.startsWith(error); }),
                 qPrintable(QStringLiteral("expected '%1', got:\n%2").arg(error, errors.join(u'\n'))));
    }

    void warnsOnceForWhatIsOnlyNnis()
    {
        const SpecLoadResult r = load(QByteArray(minimalConfig) + "trialGpuNumber: 0\nnniManagerIp: 10.0.0.1\nlogLevel: debug\n"
                                                                  "experimentWorkingDirectory: ~/nni-experiments\n");
        QVERIFY2(r.spec, qPrintable(errorsOf(r)));
        QCOMPARE(r.warnings.size(), 3);
        QVERIFY(r.warnings.at(0).contains("nniManagerIp: has no meaning here"));
    }

    void aBareSearchSpaceIsNoExperiment()
    {
        QFile f(mDir.filePath("space.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(everyType);
        f.close();
        const SpecLoadResult r = loadStudySpec(mDir.filePath("space.json"));
        QVERIFY(!r.spec);
        QVERIFY2(r.errors.join(u'\n').contains("this is an NNI search space, not an experiment"), qPrintable(r.errors.join(u'\n')));
    }

    void convertsToAStudyFileThatReadsBack()
    {
        const SpecLoadResult original = load(QByteArray(minimalConfig) + "trialGpuNumber: 0\nmaxTrialNumber: 9\n", nestedSpace);
        QVERIFY2(original.spec, qPrintable(errorsOf(original)));
        QTemporaryDir elsewhere;
        const ConvertedStudy converted = convertToStudyFile(mDir.filePath("config.yml"), elsewhere.path());
        QVERIFY(converted.ok);
        QFile out(elsewhere.filePath("study.yaml"));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(converted.yaml);
        out.close();
        const SpecLoadResult back = loadStudySpec(elsewhere.filePath("study.yaml"));
        QVERIFY2(back.spec, qPrintable(back.errors.join(u'\n') + "\n" + converted.yaml));
        QCOMPARE(back.spec->runDirectory(), original.spec->runDirectory());
        QCOMPARE(back.spec->trialApi, QStringLiteral("nni"));
        QCOMPARE(back.spec->runCap, 9);
        QCOMPARE(back.spec->objective().name, QStringLiteral("default"));
        QCOMPARE(back.spec->space.parameters().size(), original.spec->space.parameters().size());
        for (qsizetype i = 0; i < original.spec->space.parameters().size(); ++i) {
            const Parameter &a = original.spec->space.parameters().at(i);
            const Parameter &b = back.spec->space.parameters().at(i);
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.jsonPath(), a.jsonPath());
            QCOMPARE(b.parent, a.parent);
            QCOMPARE(b.parentValue, a.parentValue);
            for (double u : {0.01, 0.4, 0.99})
                QCOMPARE(b.fromUnit(u), a.fromUnit(u));
        }

        // A bare search space becomes the parameters of a study file.
        QFile f(mDir.filePath("space.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(everyType);
        f.close();
        const ConvertedStudy space = convertToStudyFile(mDir.filePath("space.json"), mDir.path());
        QVERIFY(space.ok && space.searchSpaceOnly);
        const SpecLoadResult withProgram = parseStudySpec("program: t.py\nmethod: tpe\nmetric: {name: default}\n" + space.yaml, "s.yaml");
        QVERIFY2(withProgram.spec, qPrintable(withProgram.errors.join(u'\n') + "\n" + space.yaml));
        QCOMPARE(withProgram.spec->space.parameters().size(), 10);
    }
};

QTEST_GUILESS_MAIN(TestNniExperiment)
#include "tst_nniexperiment.moc"
