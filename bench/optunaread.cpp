// Opening a large Optuna study against opening the same study in Tunescope's own database.
//
//   bench_optunaread [--trials 10000] [--runs 5] [--db OPTUNA.db]
//
// Without --db, Debian's python3-optuna writes one study of TRIALS complete trials (four
// parameters, five intermediate values and a user attribute each; make_optuna_studies.py
// --large) into a temporary SQLite file. The study is then imported into a Tunescope
// database (tunescope import's code), and both are read the way the dashboard opens a study
// (Storage::open, studySummaries, loadStudyData with every intermediate value) and the way it
// polls one (StudyMonitor's poll of a study with nothing new: the count of the trials it
// holds, then the trials after the last it read). Prints CPU and wall milliseconds of each,
// the medians of RUNS, and the ratio Optuna / Tunescope, measured in the same run.

#include "analysis/studyexport.h"
#include "storage/storage.h"
#include "storage/studyimport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <ctime>
#include <functional>

using namespace tunescope;

namespace {

struct Cost
{
    double cpuMs = 0;
    double wallMs = 0;
};

Cost measure(const std::function<bool()> &work)
{
    QElapsedTimer wall;
    wall.start();
    const std::clock_t cpu = std::clock();
    if (!work())
        return {-1, -1};
    return {double(std::clock() - cpu) * 1000.0 / CLOCKS_PER_SEC, double(wall.nsecsElapsed()) / 1e6};
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

/// The dashboard opening a study: the database, the study list, every trial with its values.
bool openStudy(const QString &location, const QString &name, qsizetype expected)
{
    QString error;
    auto storage = Storage::open(location, &error);
    if (!storage || storage->studySummaries().isEmpty())
        return false;
    const auto data = loadStudyData(*storage, name, &error);
    return data && data->trials.size() == expected;
}

/// One poll of an open study that has all `expected` trials, numbered from 0, and nothing new.
bool pollStudy(Storage &storage, qint64 studyId, qsizetype expected)
{
    const int last = int(expected) - 1;
    const auto held = storage.trialCount(studyId, last);
    const auto fresh = storage.trialsAfter(studyId, last);
    return held && *held == expected && fresh && fresh->isEmpty();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption trialsOption(QStringLiteral("trials"), QStringLiteral("Trials of the study."), QStringLiteral("N"),
                                          QStringLiteral("10000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per measurement."), QStringLiteral("N"),
                                        QStringLiteral("5"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("An Optuna database written by make_optuna_studies.py --large."),
                                      QStringLiteral("FILE"));
    parser.addOptions({trialsOption, runsOption, dbOption});
    parser.process(app);
    const int trials = parser.value(trialsOption).toInt();
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const QString name = QStringLiteral("large-%1").arg(trials);

    QTemporaryDir dir;
    QString optuna = parser.value(dbOption);
    if (optuna.isEmpty()) {
        optuna = dir.filePath(QStringLiteral("optuna.db"));
        out << "writing " << trials << " trials with Optuna (python3-optuna)..." << Qt::endl;
        QElapsedTimer writing;
        writing.start();
        QProcess python;
        python.setProcessChannelMode(QProcess::ForwardedChannels);
        python.start(QStringLiteral("/usr/bin/python3"),
                     {QStringLiteral(TUNESCOPE_SOURCE_DIR "/tests/core/storage/optuna/make_optuna_studies.py"),
                      QStringLiteral("sqlite:///") + optuna, QStringLiteral("/dev/null"), QStringLiteral("--large"),
                      QString::number(trials)});
        if (!python.waitForFinished(-1) || python.exitCode() != 0) {
            err << "bench_optunaread: python3-optuna could not write the study" << Qt::endl;
            return 1;
        }
        out << "  written in " << writing.elapsed() / 1000.0 << " s" << Qt::endl;
    }

    // The same study in Tunescope's own database.
    const QString ours = dir.filePath(QStringLiteral("ours.db"));
    {
        QString error;
        auto from = Storage::open(optuna, &error);
        auto to = from ? Storage::open(ours, &error) : nullptr;
        if (!to) {
            err << "bench_optunaread: " << error << Qt::endl;
            return 1;
        }
        const Cost imported = measure([&] { return importStudy(*from, name, *to, ImportOptions(), &error).has_value(); });
        if (imported.cpuMs < 0) {
            err << "bench_optunaread: " << error << Qt::endl;
            return 1;
        }
        out << "tunescope import of " << trials << " trials: " << imported.cpuMs << " ms CPU, " << imported.wallMs << " ms wall"
            << Qt::endl;
    }

    out << "median of " << runs << " runs, ms (CPU / wall):" << Qt::endl;
    for (const char *what : {"open the study", "poll it"}) {
        const bool open = QByteArray(what) == "open the study";
        QList<double> cpu[2], wall[2];
        for (int r = 0; r < runs; ++r) {
            for (int which = 0; which < 2; ++which) {
                const QString location = which == 0 ? optuna : ours;
                Cost c;
                if (open) {
                    c = measure([&] { return openStudy(location, name, trials); });
                } else {
                    QString error;
                    auto storage = Storage::open(location, &error);
                    const auto study = storage ? storage->findStudy(name) : std::nullopt;
                    if (!study)
                        return 1;
                    c = measure([&] { return pollStudy(*storage, study->id, trials); });
                }
                if (c.cpuMs < 0) {
                    err << "bench_optunaread: reading " << location << " failed" << Qt::endl;
                    return 1;
                }
                cpu[which] << c.cpuMs;
                wall[which] << c.wallMs;
            }
        }
        out << QStringLiteral("  %1: Optuna %2 / %3, Tunescope %4 / %5, ratio %6 (CPU)")
                   .arg(QLatin1String(what), -15)
                   .arg(median(cpu[0]), 0, 'f', 1).arg(median(wall[0]), 0, 'f', 1)
                   .arg(median(cpu[1]), 0, 'f', 1).arg(median(wall[1]), 0, 'f', 1)
                   .arg(median(cpu[0]) / std::max(median(cpu[1]), 1e-9), 0, 'f', 2)
            << Qt::endl;
    }
    return 0;
}
