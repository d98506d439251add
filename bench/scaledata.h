#pragma once

// The large studies of issue 14, made the way a user makes them: `tunescope run` on a study
// file whose trial program is a tiny C program. Built once and cached in a work folder
// (default /tmp/tunescope-bench), so that the benchmarks that read them start at once.
//
//   big10k.db   10,000 trials x 100 intermediate values (val_loss at steps 0..99), random search
//               over lr (log), dropout, layers (int), optimizer and batch_size (categorical)
//   big100k.db  100,000 trials of a cheap objective: one value each, no curve. Stored through
//               Storage as the runner stores a trial (claim, then finish), not by 100,000
//               processes: `tunescope run` made them at 20 trials/s on this loaded machine.
//
// The trial program also streams for the live benchmark: --rate=N --seconds=S prints N
// val_loss lines per second for S seconds.

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QTextStream>

#include "space/studyspec.h"
#include "storage/storage.h"

#include <random>

#include <sys/resource.h>

namespace scaledata {

inline const char *kTrialSource = R"(#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
/* A training curve of val_loss over --steps steps (a floor set by the parameters, an
   exponential decay, a little noise from the trial number), or with --rate a stream of
   --rate lines per second for --seconds seconds. */
int main(int argc, char **argv) {
    double lr = 0.01, dropout = 0.1, rate = 0, seconds = 0; int layers = 2, steps = 100; const char *opt = "adam";
    for (int i = 1; i < argc; ++i) {
        if (!strncmp(argv[i], "--lr=", 5)) lr = atof(argv[i] + 5);
        else if (!strncmp(argv[i], "--dropout=", 10)) dropout = atof(argv[i] + 10);
        else if (!strncmp(argv[i], "--layers=", 9)) layers = atoi(argv[i] + 9);
        else if (!strncmp(argv[i], "--steps=", 8)) steps = atoi(argv[i] + 8);
        else if (!strncmp(argv[i], "--optimizer=", 12)) opt = argv[i] + 12;
        else if (!strncmp(argv[i], "--rate=", 7)) rate = atof(argv[i] + 7);
        else if (!strncmp(argv[i], "--seconds=", 10)) seconds = atof(argv[i] + 10);
    }
    const char *t = getenv("TUNESCOPE_TRIAL");
    unsigned seed = t ? (unsigned)atoi(t) * 2654435761u + 1u : 1u;
    double tau = 5 + 40 * fabs(log10(lr) + 2.5) / 1.5;
    double floor = 0.05 + 0.3 * dropout + 0.02 * layers + (opt[0] == 's' ? 0.1 : 0);
    if (rate > 0) {
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        long printed = 0;
        for (;;) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            double elapsed = (now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
            if (elapsed >= seconds) break;
            long due = (long)(elapsed * rate);
            for (; printed < due; ++printed) {
                seed = seed * 1103515245u + 12345u;
                printf("step=%ld val_loss=%.6f\n", printed, floor + exp(-printed / (tau * rate / 10)) + 0.02 * ((seed >> 8) & 0xffff) / 65536.0);
            }
            fflush(stdout);
            struct timespec pause = {0, 5000000}; /* 5 ms: lines arrive in small batches, as from a trainer */
            nanosleep(&pause, NULL);
        }
        return 0;
    }
    for (int s = 0; s < steps; ++s) {
        seed = seed * 1103515245u + 12345u;
        printf("step=%d val_loss=%.6f\n", s, floor + exp(-s / tau) + 0.02 * ((seed >> 8) & 0xffff) / 65536.0);
    }
    return 0;
}
)";

inline QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

/// The folder the studies are cached in.
inline QString workDir(const QString &given = {})
{
    const QString dir = given.isEmpty() ? QDir::tempPath() + QStringLiteral("/tunescope-bench") : given;
    QDir().mkpath(dir);
    return QDir(dir).absolutePath();
}

/// The `tunescope` executable of this build: next to the benchmarks' folder.
inline QString tunescopeExecutable()
{
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString &candidate : {dir + QStringLiteral("/../bin/tunescope"), dir + QStringLiteral("/tunescope")}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStringLiteral("tunescope");
}

/// The trial program, compiled with the system's C compiler once per version of its source.
inline QString trialProgram(const QString &dir)
{
    const QByteArray hash = QCryptographicHash::hash(kTrialSource, QCryptographicHash::Sha1).toHex().left(12);
    const QString program = dir + QStringLiteral("/trial-") + QString::fromLatin1(hash);
    if (QFileInfo(program).isExecutable())
        return program;
    QFile source(dir + QStringLiteral("/trial.c"));
    if (!source.open(QIODevice::WriteOnly) || source.write(kTrialSource) < 0)
        return {};
    source.close();
    QProcess cc;
    cc.start(QStringLiteral("cc"), {QStringLiteral("-O2"), QStringLiteral("-o"), program, source.fileName(), QStringLiteral("-lm")});
    if (!cc.waitForFinished(120000) || cc.exitCode() != 0) {
        err() << "cannot compile the trial program: " << cc.readAllStandardError() << Qt::endl;
        return {};
    }
    return program;
}

/// Renames an SQLite database with its WAL and shared-memory files, where a close left them.
inline bool renameDatabase(const QString &from, const QString &to)
{
    for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm"), QString()}) {
        if (QFileInfo::exists(from + suffix) && !QFile::rename(from + suffix, to + suffix)) {
            err() << "cannot rename " << from + suffix << " to " << to + suffix << Qt::endl;
            return false;
        }
    }
    return true;
}

/// Makes `db` with `tunescope run` from a study file, unless it is there already.
inline bool ensureStudy(const QString &dir, const QString &db, const QString &name, int trials, int steps, int parallel)
{
    const QString target = dir + QLatin1Char('/') + db;
    if (QFileInfo::exists(target))
        return true;
    // Made under another name and renamed when complete, so that an interrupted run is never
    // taken for the study (it is made again from the start).
    const QString making = dir + QStringLiteral("/%1-making.db").arg(name);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(making + suffix);
    const QString program = trialProgram(dir);
    if (program.isEmpty())
        return false;
    const QString spec = dir + QStringLiteral("/%1.yaml").arg(name);
    QFile file(spec);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QTextStream(&file) << "name: " << name << "\nprogram: " << program
                       << "\ncommand: [\"${program}\", \"${args}\", \"--steps=" << steps << "\"]\n"
                          "method: random\nmetric: {name: val_loss, goal: minimize}\nparameters:\n"
                          "  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}\n"
                          "  dropout: {min: 0.0, max: 0.5}\n"
                          "  layers: {distribution: int_uniform, min: 1, max: 6}\n"
                          "  optimizer: {values: [sgd, adam, rmsprop]}\n"
                          "  batch_size: {values: [32, 64, 128, 256]}\n"
                       << "run_cap: " << trials << "\nparallel: " << parallel << "\nseed: 1\nstorage: " << QFileInfo(making).fileName() << "\n";
    file.close();
    err() << "making " << db << " (" << trials << " trials x " << steps << " values) with tunescope run ..." << Qt::endl;
    QElapsedTimer clock;
    clock.start();
    QProcess run;
    run.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    run.setStandardOutputFile(QProcess::nullDevice());
    run.start(tunescopeExecutable(), {QStringLiteral("run"), QStringLiteral("--quiet"), spec});
    if (!run.waitForFinished(-1) || run.exitCode() != 0) {
        err() << "tunescope run failed (" << run.exitCode() << ")" << Qt::endl;
        return false;
    }
    if (!renameDatabase(making, target))
        return false;
    err() << "  " << db << " made in " << clock.elapsed() / 1000.0 << " s ("
          << trials / std::max(0.001, clock.elapsed() / 1000.0) << " trials/s)" << Qt::endl;
    return true;
}

/// Makes `db` with `trials` finished trials of a cheap objective (no intermediate values),
/// each claimed and finished through Storage as the runner does, unless it is there already.
inline bool ensureStoredStudy(const QString &dir, const QString &db, const QString &name, int trials)
{
    const QString target = dir + QLatin1Char('/') + db;
    if (QFileInfo::exists(target))
        return true;
    const QString making = dir + QStringLiteral("/%1-making.db").arg(name);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(making + suffix);
    const QByteArray yaml = "name: " + name.toUtf8()
                            + "\nprogram: /bin/true\nmethod: random\nmetric: {name: val_loss, goal: minimize}\nparameters:\n"
                              "  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}\n"
                              "  dropout: {min: 0.0, max: 0.5}\n"
                              "  layers: {distribution: int_uniform, min: 1, max: 6}\n"
                              "  optimizer: {values: [sgd, adam, rmsprop]}\n"
                              "  batch_size: {values: [32, 64, 128, 256]}\n"
                              "run_cap: " + QByteArray::number(trials) + "\nseed: 1\n";
    const tunescope::SpecLoadResult loaded = tunescope::parseStudySpec(yaml, name + QStringLiteral(".yaml"));
    QString error;
    auto storage = loaded.spec ? tunescope::Storage::open(making, &error) : nullptr;
    if (!storage) {
        err() << "cannot make " << making << ": " << error << loaded.errors.join(u'\n') << Qt::endl;
        return false;
    }
    tunescope::StudyRecord record;
    record.name = name;
    record.method = loaded.spec->method;
    record.metricName = QStringLiteral("val_loss");
    record.goal = QStringLiteral("minimize");
    record.specYaml = tunescope::studySpecToYaml(*loaded.spec);
    const auto study = storage->createStudy(record);
    if (!study)
        return false;
    err() << "making " << db << " (" << trials << " trials, one value each) through Storage ..." << Qt::endl;
    QElapsedTimer clock;
    clock.start();
    std::mt19937_64 random(1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const char *optimizers[] = {"sgd", "adam", "rmsprop"};
    const qlonglong batches[] = {32, 64, 128, 256};
    for (int i = 0; i < trials; ++i) {
        const double lr = std::pow(10.0, -4 + 3 * unit(random)), dropout = 0.5 * unit(random);
        const qlonglong layers = 1 + qlonglong(random() % 6);
        const char *optimizer = optimizers[random() % 3];
        const auto trial = storage->startTrial(study->id, {{QStringLiteral("lr"), lr},
                                                           {QStringLiteral("dropout"), dropout},
                                                           {QStringLiteral("layers"), layers},
                                                           {QStringLiteral("optimizer"), QString::fromLatin1(optimizer)},
                                                           {QStringLiteral("batch_size"), batches[random() % 4]}});
        // The trial program's curve at step 30: a floor from the parameters, a decay from lr.
        const double tau = 5 + 40 * std::abs(std::log10(lr) + 2.5) / 1.5;
        const double value = 0.05 + 0.3 * dropout + 0.02 * double(layers) + (optimizer[0] == 's' ? 0.1 : 0)
                             + std::exp(-30 / tau) + 0.02 * unit(random);
        if (!trial || !storage->finishTrial(trial->id, tunescope::TrialState::Complete, value, 0, QString())) {
            err() << "cannot store trial " << i << " in " << making << Qt::endl;
            return false;
        }
    }
    storage.reset();
    if (!renameDatabase(making, target))
        return false;
    err() << "  " << db << " made in " << clock.elapsed() / 1000.0 << " s" << Qt::endl;
    return true;
}

/// CPU seconds this process has used so far (user + system).
inline double cpuSeconds(int who = RUSAGE_SELF)
{
    rusage u{};
    getrusage(who, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// Resident and peak resident memory of this process in MB (VmRSS, VmHWM).
inline std::pair<double, double> residentMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    double rss = 0, peak = 0;
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                rss = line.mid(6).trimmed().split(' ').first().toDouble() / 1024;
            else if (line.startsWith("VmHWM:"))
                peak = line.mid(6).trimmed().split(' ').first().toDouble() / 1024;
        }
    }
    return {rss, peak};
}

inline double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// One line of the table every benchmark of this issue prints: what, the figure, the target.
inline void report(const QString &what, const QString &figure, const QString &target, bool met)
{
    QTextStream(stdout) << QStringLiteral("| %1 | %2 | %3 | %4 |").arg(what, figure, target, met ? QStringLiteral("yes") : QStringLiteral("**no**"))
                        << Qt::endl;
}

} // namespace scaledata
