#include "tunescopecli.h"
#include "execution/metricparser.h"
#include "storage/storage.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace tunescope;

namespace {

/// NNI trial code as NNI's users write it: parameters from nni.get_next_parameter(), results
/// through report_intermediate_result and report_final_result, nni.utils.merge_parameter.
/// It writes what it received to NNI_OUTPUT_DIR and checks NNI's shapes itself.
const char *nniTrial = R"(import argparse, json, os, sys
import nni
from nni.utils import merge_parameter

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=3)
args = parser.parse_args()
args.layer = None
args.lr = None
args.width = None
received = nni.get_next_parameter()
merge_parameter(args, received)
with open(os.path.join(os.environ["NNI_OUTPUT_DIR"], "received.json"), "w") as f:
    json.dump(received, f)
layer = args.layer
expected = {"conv": {"_name", "kernel"}, "pool": {"_name", "size", "stride"}, "none": {"_name"}}[layer["_name"]]
if set(layer) != expected:
    sys.exit("layer %r: keys %r, expected %r" % (layer["_name"], sorted(layer), sorted(expected)))
if not isinstance(args.width, float) or args.width not in (16.0, 32.0, 48.0, 64.0):
    sys.exit("quniform gave %r" % (args.width,))
score = 1.0 - abs(args.lr - 0.01) + (0.1 if layer["_name"] == "conv" else 0.0)
for epoch in range(args.epochs):
    nni.report_intermediate_result(score * (epoch + 1) / args.epochs)
nni.report_final_result({"default": score, "train_loss": 0.25})
)";

const char *nniSpace = R"({
    "layer": {"_type": "choice", "_value": [
        {"_name": "conv", "kernel": {"_type": "choice", "_value": [3, 5]}},
        {"_name": "pool", "size": {"_type": "randint", "_value": [2, 4]}, "stride": {"_type": "choice", "_value": [1, 2]}},
        {"_name": "none"}
    ]},
    "lr": {"_type": "loguniform", "_value": [0.0001, 0.1]},
    "width": {"_type": "quniform", "_value": [16, 64, 16]}
})";

const char *nniConfig = R"(experimentName: nested
searchSpaceFile: search_space.json
trialCommand: /usr/bin/python3 trial.py --epochs 3
trialCodeDirectory: code
trialGpuNumber: 0
trialConcurrency: 2
maxTrialNumber: 14
tuner:
  name: TPE
  classArgs:
    optimize_mode: maximize
    tpe_args: {n_startup_jobs: 6}
trainingService:
  platform: local
)";

/// A trial of a W&B sweep with nested parameters: it compares what the three macros gave it
/// (dotted flags, the JSON argument, the JSON file) with TUNESCOPE_PARAMS and reports through
/// tunescope_trial.
const char *wandbTrial = R"(import json, os, sys
import tunescope_trial

argv = sys.argv[1:]
flags = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
inline = json.loads(argv[argv.index("--json") + 1])
with open(argv[argv.index("--file") + 1]) as f:
    from_file = json.load(f)
params = tunescope_trial.params()
if not (inline == from_file == params):
    sys.exit("the JSON differs: %r %r %r" % (inline, from_file, params))
if set(params) != {"optimizer", "epochs"} or set(params["optimizer"]) != {"lr", "momentum", "schedule"}:
    sys.exit("not nested: %r" % (params,))
if float(flags["optimizer.lr"]) != params["optimizer"]["lr"] or flags["optimizer.schedule.warmup"] != str(params["optimizer"]["schedule"]["warmup"]):
    sys.exit("flags %r do not match %r" % (flags, params))
for step in range(params["epochs"]):
    tunescope_trial.report(step=step, loss=params["optimizer"]["lr"] * (3 - step))
with open(os.path.join(tunescope_trial.trial_dir(), "lr.txt"), "w") as f:
    f.write(str(params["optimizer"]["lr"]))
tunescope_trial.artifact("lr.txt")
tunescope_trial.artifact("../elsewhere.txt")
)";

const char *wandbSweep = R"(# a W&B sweep with nested parameters, unchanged
program: trial.py
command: ["/usr/bin/python3", "${program}", "${args}", "--json", "${args_json}", "--file", "${args_json_file}"]
method: random
metric: {name: loss}
parameters:
  optimizer:
    parameters:
      lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}
      momentum: {distribution: beta, a: 9, b: 1}
      schedule:
        parameters:
          warmup: {distribution: q_uniform, min: 0, max: 100, q: 10}
  epochs: {value: 3}
run_cap: 5
)";

} // namespace

/// W&B sweep files and NNI experiments run end to end by `tunescope run`, with real Python
/// trial programs run by Debian's /usr/bin/python3, and Tunescope's Python trial helpers.
class TestForeignFormats : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> mDir;

    using Result = CliResult;
    Result tunescope(const QStringList &args, int timeoutMs = 120000) { return runTunescope(mDir->path(), args, {}, timeoutMs); }

    void writeFile(const QString &name, const QByteArray &text)
    {
        QVERIFY(!writeTestFile(mDir->filePath(name), text).isEmpty());
    }

    QList<Trial> trialsOf(const QString &study)
    {
        QString error;
        auto storage = Storage::open(mDir->filePath("tunescope.db"), &error);
        if (!storage)
            return {};
        const auto record = storage->findStudy(study);
        return record ? storage->trials(record->id, true).value_or(QList<Trial>()) : QList<Trial>();
    }

    /// What each trial's program wrote as received.json, by trial number.
    QHash<int, QVariantMap> received()
    {
        QHash<int, QVariantMap> out;
        QDirIterator it(mDir->filePath("runs"), {QStringLiteral("received.json")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const int number = QFileInfo(path).absoluteDir().dirName().section(u'-', 1).toInt();
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                out.insert(number, QJsonDocument::fromJson(f.readAll()).object().toVariantMap());
        }
        return out;
    }

    static Result python(const QString &code, const QStringList &pythonPath, QProcess *started = nullptr)
    {
        QProcess own;
        QProcess &p = started ? *started : own;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PYTHONPATH"), pythonPath.join(u':'));
        env.insert(QStringLiteral("TUNESCOPE_PARAMS"), QStringLiteral("{\"lr\":0.01,\"opt\":{\"_name\":\"sgd\",\"momentum\":0.9}}"));
        env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), code});
        if (started)
            return {};
        p.waitForFinished(30000);
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
    }

private slots:
    void initTestCase()
    {
        if (!QFileInfo(QStringLiteral("/usr/bin/python3")).isExecutable())
            QSKIP("needs Debian's /usr/bin/python3");
        QVERIFY2(QFileInfo::exists(TUNESCOPE_BINARY_DIR "/python/tunescope_trial.py"), "the build copies python/ into the build tree");
    }

    void init()
    {
        mDir = std::make_unique<QTemporaryDir>();
        QVERIFY(mDir->isValid());
    }

    void cleanup() { mDir.reset(); }

    void nniExperimentWithNestedChoiceRunsUnchanged()
    {
        writeFile("config.yml", nniConfig);
        writeFile("search_space.json", nniSpace);
        writeFile("code/trial.py", nniTrial);
        const Result r = tunescope({"run", "config.yml"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("14 trials: 14 complete, 0 pruned, 0 failed"), qPrintable(r.out + r.err));

        const QList<Trial> trials = trialsOf("nested");
        QCOMPARE(trials.size(), 14);
        const QHash<int, QVariantMap> got = received();
        QCOMPARE(got.size(), 14);
        QSet<QString> layers;
        for (const Trial &t : trials) {
            QCOMPARE(t.state, TrialState::Complete);
            // Stored flat, with only the parameters of the chosen layer.
            const QString layer = t.params.value("layer").toString();
            layers.insert(layer);
            QCOMPARE(t.params.contains("layer.conv.kernel"), layer == "conv");
            QCOMPARE(t.params.contains("layer.pool.size"), layer == "pool");
            QCOMPARE(t.params.contains("layer.pool.stride"), layer == "pool");
            // The trial got them nested, as from NNI.
            const QVariantMap nested = got.value(t.number).value("layer").toMap();
            QCOMPARE(nested.value("_name").toString(), layer);
            if (layer == "conv")
                QCOMPARE(nested.value("kernel").toLongLong(), t.params.value("layer.conv.kernel").toLongLong());
            // The final result is the objective; the dict's other number is a metric of its own.
            const double lr = t.params.value("lr").toDouble();
            QVERIFY(std::abs(*t.value - (1.0 - std::abs(lr - 0.01) + (layer == "conv" ? 0.1 : 0.0))) < 1e-9);
            QCOMPARE(t.intermediate.value("default").size(), 4);
            QCOMPARE(t.intermediate.value("train_loss").size(), 1);
        }
        QVERIFY2(layers.size() >= 2, "the choice was explored");
    }

    void aConvertedNniStudyRunsTheSame()
    {
        writeFile("nni/config.yml", nniConfig);
        writeFile("nni/search_space.json", nniSpace);
        writeFile("nni/code/trial.py", nniTrial);
        Result r = tunescope({"convert", "nni/config.yml", "-o", "study.yaml"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        r = tunescope({"run", "study.yaml", "--trials", "4"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("4 trials: 4 complete"), qPrintable(r.out + r.err));
        QCOMPARE(received().size(), 4);
    }

    void wandbNestedSweepGetsNestedValues()
    {
        writeFile("sweep.yaml", wandbSweep);
        writeFile("trial.py", wandbTrial);
        const Result r = tunescope({"run", "sweep.yaml"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("5 trials: 5 complete"), qPrintable(r.out + r.err));
        for (const Trial &t : trialsOf("sweep")) {
            QVERIFY(t.params.contains("optimizer.schedule.warmup"));
            QCOMPARE(t.params.value("optimizer.schedule.warmup").typeId(), int(QMetaType::LongLong)); // integer q
            QCOMPARE(t.intermediate.value("loss").size(), 3);
        }
        // The file lives in the trial's folder.
        QDirIterator it(mDir->filePath("runs"), {QStringLiteral("params.json")}, QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            it.next();
            ++files;
        }
        QCOMPARE(files, 5);
        // tunescope_trial.artifact(): each trial's file declared and stored, the path out refused.
        QString error;
        auto storage = Storage::open(mDir->filePath("tunescope.db"), &error);
        QVERIFY2(storage, qPrintable(error));
        const auto declared = storage->trialArtifacts(storage->findStudy("sweep")->id);
        QVERIFY(declared);
        QCOMPARE(declared->size(), 5);
        for (const QStringList &paths : *declared)
            QCOMPARE(paths, QStringList{QStringLiteral("lr.txt")});
    }

    void targetEndsTheStudy()
    {
        writeFile("target.yaml", R"(program: score.py
command: ["/usr/bin/python3", "${program}", "${args}"]
method: random
seed: 3
metric: {name: score, goal: maximize, target: 0.8}
parameters:
  x: {min: 0.0, max: 1.0}
run_cap: 200
)");
        writeFile("score.py", "import sys\nx = float(sys.argv[1].split('=')[1])\nprint('score=%r' % x)\n");
        const Result r = tunescope({"run", "target.yaml"});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("reached the target score >= 0.8"), qPrintable(r.out));
        const QList<Trial> trials = trialsOf("target");
        QVERIFY(trials.size() < 200);
        // Only the last trial reached it: nothing started after.
        for (qsizetype i = 0; i + 1 < trials.size(); ++i)
            QVERIFY(*trials.at(i).value < 0.8);
        QVERIFY(*trials.last().value >= 0.8);
        // Resumed, a study that reached its target starts nothing.
        const Result again = tunescope({"run", "target.yaml"});
        QVERIFY2(again.code == 0, qPrintable(again.out + again.err));
        QCOMPARE(trialsOf("target").size(), trials.size());
    }

    void trialHelperReportsInTheProtocol()
    {
        const Result r = python(QStringLiteral("import tunescope_trial as t\n"
                                               "p = t.params()\n"
                                               "assert p == {'lr': 0.01, 'opt': {'_name': 'sgd', 'momentum': 0.9}}, p\n"
                                               "t.report(step=2, val_loss=0.25, acc=float('nan'))\n"
                                               "t.report(loss=1)\n"),
                                {QStringLiteral(TUNESCOPE_BINARY_DIR "/python")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        MetricParser parser;
        const QList<MetricReport> reports = parser.feed(r.out.toUtf8());
        QStringList seen;
        for (const MetricReport &m : reports)
            seen << QStringLiteral("%1@%2").arg(m.name).arg(m.step);
        QVERIFY2(seen.contains("val_loss@2") && seen.contains("acc@2") && seen.contains("loss@0"), qPrintable(seen.join(' ')));
    }

    void trialHelperTurnsSigtermIntoAGracefulStop()
    {
        QProcess p;
        python(QStringLiteral("import time, tunescope_trial as t\n"
                              "t.should_stop()\n"
                              "print('ready', flush=True)\n"
                              "for i in range(600):\n"
                              "    if t.should_stop():\n"
                              "        print('stopping cleanly after', i, flush=True)\n"
                              "        raise SystemExit(0)\n"
                              "    time.sleep(0.05)\n"
                              "raise SystemExit(3)\n"),
               {QStringLiteral(TUNESCOPE_BINARY_DIR "/python")}, &p);
        QVERIFY(p.waitForReadyRead(20000));
        QVERIFY(p.readLine().startsWith("ready"));
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // not killed by the signal
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().contains("stopping cleanly"));
    }

    void nniModuleReportsAsNni()
    {
        const Result r = python(QStringLiteral("import nni\n"
                                               "p = nni.get_next_parameter()\n"
                                               "assert p['opt']['_name'] == 'sgd'\n"
                                               "for v in (0.5, 0.6):\n"
                                               "    nni.report_intermediate_result(v)\n"
                                               "nni.report_final_result({'default': 0.7, 'loss': 0.1, 'note': 'text'})\n"
                                               "print('ids', nni.get_trial_id(), nni.get_experiment_id())\n"),
                                {QStringLiteral(TUNESCOPE_BINARY_DIR "/python"), QStringLiteral(TUNESCOPE_BINARY_DIR "/python/nni-shim")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("ids STANDALONE STANDALONE"));
        MetricParser parser;
        QStringList seen;
        for (const MetricReport &m : parser.feed(r.out.toUtf8()))
            seen << QStringLiteral("%1@%2=%3").arg(m.name).arg(m.step).arg(m.value);
        QVERIFY2(seen.contains("default@0=0.5") && seen.contains("default@1=0.6") && seen.contains("default@2=0.7")
                     && seen.contains("loss@2=0.1"),
                 qPrintable(seen.join(' ')));
    }
};

QTEST_GUILESS_MAIN(TestForeignFormats)
#include "tst_foreignformats.moc"
