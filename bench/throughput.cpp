// Core throughput at the scale of issue 14, each figure next to its target:
//   - metric ingestion: trial output parsed (MetricParser, 64 KB chunks as a pipe delivers them)
//     and stored (Storage::addMetricReports, one transaction per 4,000 values: what the runner
//     stores per 250 ms flush at 16,000 lines/s), lines per second of CPU and of wall time;
//   - `tunescope export --format csv` of the 10,000 x 100 study;
//   - `tunescope export --format html` of it: time and size.
// Medians of --runs runs. The study is made once with `tunescope run` (see scaledata.h).
//
//   bench_throughput [--runs 5] [--lines 500000] [--work DIR]

#include "scaledata.h"

#include "execution/metricparser.h"
#include "storage/storage.h"

#include <QCommandLineParser>
#include <QTemporaryDir>

using namespace tunescope;
using namespace scaledata;

namespace {

struct Ingest
{
    double parseCpu = 0, storeCpu = 0, wall = 0;
};

Ingest ingestOnce(const QByteArray &output, qsizetype lines)
{
    Ingest r;
    QTemporaryDir dir;
    QString error;
    auto storage = Storage::open(dir.filePath(QStringLiteral("ingest.db")), &error);
    StudyRecord record;
    record.name = QStringLiteral("ingest");
    record.method = QStringLiteral("random");
    record.metricName = QStringLiteral("val_loss");
    record.specYaml = "name: ingest\nprogram: /bin/true\nmetric: {name: val_loss}\nparameters: {x: {min: 0.0, max: 1.0}}\n";
    const auto study = storage ? storage->createStudy(record) : std::nullopt;
    const auto trial = study ? storage->startTrial(study->id, {{QStringLiteral("x"), 0.5}}) : std::nullopt;
    if (!trial) {
        err() << "cannot set up the ingestion database: " << (storage ? storage->lastError() : error) << Qt::endl;
        return r;
    }
    QElapsedTimer wall;
    wall.start();
    MetricParser parser;
    QList<QPair<QString, MetricPoint>> batch;
    qsizetype stored = 0;
    constexpr qsizetype chunk = 64 * 1024;
    constexpr qsizetype batchSize = 4000;
    for (qsizetype pos = 0; pos < output.size(); pos += chunk) {
        double c0 = cpuSeconds();
        const QList<MetricReport> reports = parser.feed(QByteArray::fromRawData(output.constData() + pos, std::min(chunk, output.size() - pos)));
        for (const MetricReport &m : reports)
            batch.append({m.name, MetricPoint{m.step, m.value}});
        double c1 = cpuSeconds();
        r.parseCpu += c1 - c0;
        if (batch.size() >= batchSize || pos + chunk >= output.size()) {
            if (!storage->addMetricReports(trial->id, batch))
                err() << "store failed: " << storage->lastError() << Qt::endl;
            stored += batch.size();
            batch.clear();
            r.storeCpu += cpuSeconds() - c1;
        }
    }
    r.wall = wall.nsecsElapsed() / 1e9;
    const auto check = storage->trial(study->id, trial->number, true);
    // Each line reports its step as a metric too (the protocol keeps every key=value).
    if (!check || check->intermediate.value(QStringLiteral("val_loss")).size() != lines || stored != 2 * lines)
        err() << "ingestion lost values: " << stored << " of " << 2 * lines << Qt::endl;
    return r;
}

struct Child
{
    double wall = 0, cpu = 0;
    int exitCode = -1;
};

Child runChild(const QStringList &args)
{
    Child c;
    const double cpu0 = cpuSeconds(RUSAGE_CHILDREN);
    QElapsedTimer clock;
    clock.start();
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(tunescopeExecutable(), args);
    p.waitForFinished(-1);
    c.wall = clock.nsecsElapsed() / 1e9;
    c.cpu = cpuSeconds(RUSAGE_CHILDREN) - cpu0;
    c.exitCode = p.exitCode();
    return c;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser cli;
    cli.addHelpOption();
    cli.addOption({"runs", "Runs per figure (medians are printed).", "N", "5"});
    cli.addOption({"lines", "Metric lines per ingestion run.", "N", "500000"});
    cli.addOption({"work", "Folder of the cached studies.", "DIR"});
    cli.process(app);
    const int runs = std::max(1, cli.value("runs").toInt());
    const qsizetype lines = std::max(1000, cli.value("lines").toInt());
    const QString dir = workDir(cli.value("work"));

    QTextStream out(stdout);
    out << "# Core throughput (issue 14), medians of " << runs << " runs\n\n"
        << "| what | figure | target | met |\n|---|---|---|---|" << Qt::endl;

    // What a trainer prints: one metric and its step per line.
    QByteArray output;
    output.reserve(lines * 32);
    for (qsizetype i = 0; i < lines; ++i)
        output += "step=" + QByteArray::number(i) + " val_loss=" + QByteArray::number(1.0 / (1 + i * 1e-3), 'f', 6) + '\n';
    QList<double> cpuRates, wallRates, parseRates, storeRates;
    for (int r = 0; r < runs; ++r) {
        const Ingest i = ingestOnce(output, lines);
        cpuRates << lines / (i.parseCpu + i.storeCpu);
        wallRates << lines / i.wall;
        parseRates << lines / i.parseCpu;
        storeRates << lines / i.storeCpu;
    }
    const double ingest = median(cpuRates);
    report(QStringLiteral("ingestion, parse + store (SQLite), lines/s of CPU"), QString::number(qRound(ingest)), QStringLiteral(">= 200,000"),
           ingest >= 200000);
    report(QStringLiteral("  the same, lines/s of wall time"), QString::number(qRound(median(wallRates))), QString(), median(wallRates) >= 200000);
    report(QStringLiteral("  parse alone / store alone, lines/s of CPU"),
           QStringLiteral("%1 / %2").arg(qRound(median(parseRates))).arg(qRound(median(storeRates))), QString(), true);

    if (!ensureStudy(dir, QStringLiteral("big10k.db"), QStringLiteral("big10k"), 10000, 100, 4))
        return 1;
    const QString db = dir + QStringLiteral("/big10k.db");
    QList<double> csvWall, csvCpu, htmlWall, htmlCpu;
    qint64 htmlBytes = 0;
    for (int r = 0; r < runs; ++r) {
        const Child csv = runChild({QStringLiteral("export"), db, QStringLiteral("--format"), QStringLiteral("csv"),
                                    QStringLiteral("-o"), dir + QStringLiteral("/big10k.csv")});
        csvWall << csv.wall;
        csvCpu << csv.cpu;
        const Child html = runChild({QStringLiteral("export"), db, QStringLiteral("--format"), QStringLiteral("html"),
                                     QStringLiteral("-o"), dir + QStringLiteral("/big10k.html")});
        htmlWall << html.wall;
        htmlCpu << html.cpu;
        htmlBytes = QFileInfo(dir + QStringLiteral("/big10k.html")).size();
        if (csv.exitCode != 0 || html.exitCode != 0)
            err() << "export failed" << Qt::endl;
    }
    report(QStringLiteral("export --format csv, 10k x 100 study (wall / CPU s)"),
           QStringLiteral("%1 / %2").arg(median(csvWall), 0, 'f', 2).arg(median(csvCpu), 0, 'f', 2), QStringLiteral("< 3 s"),
           median(csvWall) < 3);
    report(QStringLiteral("HTML report of it (wall / CPU s)"),
           QStringLiteral("%1 / %2").arg(median(htmlWall), 0, 'f', 2).arg(median(htmlCpu), 0, 'f', 2), QStringLiteral("< 5 s"),
           median(htmlWall) < 5);
    report(QStringLiteral("HTML report size"), QStringLiteral("%1 MB").arg(htmlBytes / 1e6, 0, 'f', 2), QStringLiteral("< 5 MB"),
           htmlBytes < 5000000);
    return 0;
}
