#include "commands.h"
#include "commandsupport.h"

#include "common/format.h"
#include "analysis/studycost.h"
#include "analysis/comparison.h"
#include "analysis/pareto.h"
#include "samplers/sampler.h"
#include "storage/storage.h"
#include "storage/studyimport.h"
#include "storage/studylocation.h"
#include "analysis/studyexport.h"
#include "execution/studyrunner.h"
#include "execution/trialclaim.h"
#include "common/paramcodec.h"
#include "common/safepath.h"
#include "space/studyconversion.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTextStream>

#ifdef TUNESCOPE_HAVE_UI
#include "report/comparereport.h"
#include "report/studyreport.h"
#endif

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace tunescope;

namespace cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int usageError(const QString &message)
{
    err() << "tunescope: " << message << Qt::endl;
    return 2;
}

QString paramsText(const QVariantMap &params)
{
    QStringList parts;
    for (auto it = params.begin(); it != params.end(); ++it)
        parts << it.key() + u'=' + paramValueToString(it.value());
    return parts.join(u' ');
}

/// Parses a subcommand's options; on a bad command line prints why and returns false.
bool parse(QCommandLineParser &parser, const QStringList &args, const QString &name, int positionals,
           const QString &positionalName)
{
    parser.setApplicationDescription(QStringLiteral("tunescope %1").arg(name));
    parser.addHelpOption();
    parser.addPositionalArgument(positionalName, QCoreApplication::translate("tunescope", "%1 to use").arg(positionalName));
    if (!parser.parse(QStringList{QStringLiteral("tunescope ") + name} + args)) {
        usageError(QCoreApplication::translate("tunescope", "%1: %2").arg(name, parser.errorText()));
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return false;
    }
    if (positionals >= 0 ? parser.positionalArguments().size() != positionals : parser.positionalArguments().isEmpty()) {
        usageError(QCoreApplication::translate("tunescope", "%1: expected %2 (see tunescope %1 --help)").arg(name, positionalName));
        return false;
    }
    return true;
}

/// Why a database did not open, naming it once and never with its password.
QString failedOpenMessage(const QString &location, const QString &error)
{
    const QString shown = redactedLocation(location);
    return error.startsWith(shown) ? error : QStringLiteral("%1: %2").arg(shown, error);
}

std::unique_ptr<Storage> openStorage(const QString &location)
{
    QString error;
    if (!isDatabaseUrl(location) && !QFileInfo::exists(location)) {
        usageError(QCoreApplication::translate("tunescope", "%1: no such database").arg(location));
        return nullptr;
    }
    auto storage = Storage::open(location, &error);
    if (!storage) // Storage's messages name the database already, without a password
        usageError(failedOpenMessage(location, error));
    return storage;
}

std::optional<int> intOption(QCommandLineParser &parser, const QString &name, int minimum)
{
    if (!parser.isSet(name))
        return std::nullopt;
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < minimum) {
        usageError(QCoreApplication::translate("tunescope", "--%1: must be an integer >= %2, not '%3'").arg(name).arg(minimum).arg(parser.value(name)));
        return -1;
    }
    return v;
}

} // namespace cli

using namespace cli;

namespace {

// Ctrl-C and SIGTERM reach the event loop through a socket pair: a signal handler may only
// write a byte, the loop then stops the study cleanly.
int gSignalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(gSignalPipe[1], &byte, 1);
}

/// Prints progress of a running study: a rewritten line on a terminal, plain lines otherwise.
class ProgressPrinter
{
public:
    explicit ProgressPrinter(const StudyRunner &runner) : mRunner(runner), mTerminal(::isatty(STDOUT_FILENO)) { mClock.start(); }

    void trialFinished(const Trial &t)
    {
        QString line = QStringLiteral("trial %1 %2").arg(t.number).arg(trialStateName(t.state));
        if (t.value)
            line += QStringLiteral(" %1=%2").arg(mRunner.spec().objective().name, formatNumber(*t.value));
        line += QStringLiteral(" (%1 s)").arg(formatNumber(t.durationSeconds()));
        if (!t.reason.isEmpty())
            line += QStringLiteral(": ") + t.reason;
        if (mTerminal && t.state == TrialState::Complete) {
            status();
            return;
        }
        clearStatus();
        out() << line << '\n';
        status();
    }

    void status()
    {
        if (!mTerminal)
            return;
        const int budget = mRunner.budget();
        const QString total = budget == INT_MAX ? QStringLiteral("-") : QString::number(budget);
        const int queued = mRunner.queuedCount();
        QString line = QStringLiteral("[%1/%2] running %3").arg(mRunner.countedTrials() - mRunner.runningCount()).arg(total)
                           .arg(mRunner.runningCount() - queued);
        if (queued > 0) // jobs waiting in Slurm's queue
            line += QStringLiteral(", queued %1").arg(queued);
        if (const auto best = mRunner.bestTrial())
            line += QStringLiteral("  best %1=%2 (trial %3)").arg(mRunner.spec().objective().name, formatNumber(*best->value)).arg(best->number);
        line += QStringLiteral("  %1").arg(formatClock(mClock.elapsed() / 1000));
        out() << '\r' << line << "\x1b[K";
        out().flush();
        mShown = true;
    }

    void clearStatus()
    {
        if (mTerminal && mShown) {
            out() << "\r\x1b[K";
            mShown = false;
        }
    }

private:
    const StudyRunner &mRunner;
    QElapsedTimer mClock;
    bool mTerminal = false;
    bool mShown = false;
};

/// Reports for people outside the team: no absolute path of this machine in them.
const QCommandLineOption &noLocalPathsOption()
{
    static const QCommandLineOption option(QStringLiteral("no-local-paths"),
                                           QCoreApplication::translate("tunescope", "Leave local absolute paths (program, database, trial folders) out of the report; "
                                                                                    "files are named by their file name alone."));
    return option;
}

/// Writes to the file, or to stdout when path is empty; 0 or the exit code of the failure.
int writeOutput(const QByteArray &bytes, const QString &path, const QString &command)
{
    if (!path.isEmpty()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return usageError(QCoreApplication::translate("tunescope", "%1: cannot write %2: %3").arg(command, file.fileName(), file.errorString()));
        return 0;
    }
    out().flush();
    fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    fflush(stdout);
    return 0;
}

} // namespace

namespace commands {

int run(const QStringList &args, bool workerMode)
{
    QCommandLineParser parser;
    const QCommandLineOption dbOption(QStringLiteral("db"), QCoreApplication::translate("tunescope", "Database file or postgresql:// URL."), QStringLiteral("FILE"));
    const QCommandLineOption studyOption(QStringLiteral("study"), QCoreApplication::translate("tunescope", "Study to work on."), QStringLiteral("NAME"));
    const QCommandLineOption seedOption(QStringLiteral("seed"), QCoreApplication::translate("tunescope", "Sampler seed."), QStringLiteral("N"));
    const QCommandLineOption trialsOption(QStringLiteral("trials"), QCoreApplication::translate("tunescope", "Trial budget."), QStringLiteral("N"));
    const QCommandLineOption parallelOption(QStringLiteral("parallel"), QCoreApplication::translate("tunescope", "Trials at once."), QStringLiteral("N"));
    const QCommandLineOption quietOption(QStringLiteral("quiet"), QCoreApplication::translate("tunescope", "Print only the result."));
    if (workerMode)
        parser.addOption(studyOption);
    else
        parser.addOption(dbOption);
    parser.addOptions({seedOption, trialsOption, parallelOption, quietOption});
    if (!parse(parser, args, workerMode ? QStringLiteral("worker") : QStringLiteral("run"), 1,
               workerMode ? QStringLiteral("DB") : QStringLiteral("SPEC.yaml")))
        return 2;

    const auto trials = intOption(parser, trialsOption.names().first(), 1);
    const auto parallel = intOption(parser, parallelOption.names().first(), 1);
    const auto seed = intOption(parser, seedOption.names().first(), 0);
    if (trials == -1 || parallel == -1 || seed == -1)
        return 2;

    StudySpec spec;
    QString dbLocation; ///< a worker's as given, a run's resolved; messages show it redacted
    StudyLocation location;
    if (workerMode) {
        dbLocation = parser.positionalArguments().first();
        if (!parser.isSet(studyOption))
            return usageError(QCoreApplication::translate("tunescope", "worker: --study NAME is required"));
        auto storage = openStorage(dbLocation);
        if (!storage)
            return 1;
        if (!storage->readOnlyReason().isEmpty())
            return usageError(storage->readOnlyReason());
        const auto record = storage->findStudy(parser.value(studyOption));
        if (!record)
            return usageError(QCoreApplication::translate("tunescope", "%1: no study named '%2'").arg(storage->location(), parser.value(studyOption)));
        const SpecLoadResult loaded = parseStudySpec(record->specYaml, QStringLiteral("study '%1'").arg(record->name));
        if (!loaded.spec)
            return usageError(loaded.errors.join(u'\n'));
        spec = *loaded.spec;
        location = studyLocation(dbLocation, spec.workingDirectory);
    } else {
        const SpecLoadResult loaded = loadStudySpec(parser.positionalArguments().first());
        for (const QString &w : loaded.warnings)
            err() << "warning: " << w << Qt::endl;
        if (!loaded.spec) {
            for (const QString &e : loaded.errors)
                err() << "error: " << e << Qt::endl;
            return 1;
        }
        spec = *loaded.spec;
        location = resolveStudyLocation(parser.positionalArguments().first(), spec.storage,
                                        parser.isSet(dbOption) ? std::optional(parser.value(dbOption)) : std::nullopt);
        dbLocation = location.database;
    }

    QString error;
    if (!prepareStudyLocation(location, &error))
        return usageError(error);
    if (!location.relocatedBecause.isEmpty())
        err() << "note: " << location.relocatedBecause << Qt::endl;
    auto storage = Storage::open(dbLocation, &error);
    if (!storage)
        return usageError(failedOpenMessage(dbLocation, error));
    if (!storage->readOnlyReason().isEmpty()) // an Optuna database: nothing runs on it
        return usageError(storage->readOnlyReason());

    RunOptions options;
    options.budget = trials;
    options.parallel = parallel;
    if (seed)
        options.seed = quint64(*seed);
    options.runsDirectory = location.runsDirectory;
    StudyRunner runner(spec, storage.get(), options);
    if (!runner.prepare(&error)) {
        err() << "error: " << (workerMode ? QString() : parser.positionalArguments().first() + QStringLiteral(": ")) << error << Qt::endl;
        return 1;
    }

    const bool quiet = parser.isSet(quietOption);
    ProgressPrinter progress(runner);
    const int already = runner.countedTrials();
    if (!quiet) {
        const QString budget = runner.budget() == INT_MAX ? QStringLiteral("no limit (Ctrl-C to stop)") : QString::number(runner.budget());
        out() << "study '" << spec.name << "' (" << spec.method << ", " << spec.objective().name << " "
              << goalName(spec.objective().goal) << "), budget " << budget << " trials";
        if (already > 0)
            out() << ", resuming after " << already;
        if (const StudyLimits &limits = runner.limits(); limits.maxSeconds() > 0)
            out() << ", max_duration " << formatClock(limits.maxSeconds()) << (limits.isHard() ? " (hard)" : "") << " ("
                  << formatClock(qint64(limits.usedSeconds())) << " used)";
        out() << ", database " << storage->location() << Qt::endl;
        for (const QString &notice : runner.notices())
            out() << "warm start: " << notice << Qt::endl;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, gSignalPipe) == 0) {
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    QSocketNotifier notifier(gSignalPipe[0], QSocketNotifier::Read);
    bool interrupted = false;
    QObject::connect(&notifier, &QSocketNotifier::activated, &runner, [&] {
        char byte;
        [[maybe_unused]] ssize_t n = ::read(gSignalPipe[0], &byte, 1);
        if (interrupted)
            return;
        interrupted = true;
        progress.clearStatus();
        err() << "stopping: running trials are stopped and recorded as interrupted..." << Qt::endl;
        runner.stop();
    });
    bool storageFailed = false;
    QObject::connect(&runner, &StudyRunner::errorOccurred, &runner, [&](const QString &message) {
        progress.clearStatus();
        err() << "error: " << message << Qt::endl;
        storageFailed = true;
    });
    if (!quiet) {
        QObject::connect(&runner, &StudyRunner::trialFinished, &runner, [&](const Trial &t) { progress.trialFinished(t); });
        QObject::connect(&runner, &StudyRunner::trialStarted, &runner, [&](const Trial &) { progress.status(); });
        QObject::connect(&runner, &StudyRunner::trialUpdated, &runner, [&](const Trial &) { progress.status(); });
    }
    QObject::connect(&runner, &StudyRunner::finished, QCoreApplication::instance(), &QCoreApplication::quit);
    runner.start();
    QCoreApplication::exec();
    progress.clearStatus();

    int complete = 0, failed = 0, pruned = 0;
    for (const Trial &t : runner.trials()) {
        complete += t.state == TrialState::Complete;
        failed += t.state == TrialState::Failed && !isInterrupted(t);
        pruned += t.state == TrialState::Pruned;
    }
    out() << QStringLiteral("%1 trials: %2 complete, %3 pruned, %4 failed").arg(runner.countedTrials()).arg(complete).arg(pruned).arg(failed)
          << Qt::endl;
    if (const QString limit = runner.limitReason(); !limit.isEmpty())
        out() << "stopped starting trials: " << limit << Qt::endl;
    if (spec.metrics.size() > 1) {
        const QList<int> front = paretoFront(runner.trials(), spec.metrics);
        out() << "Pareto front: " << front.size() << (front.size() == 1 ? " trial" : " trials") << Qt::endl;
        for (const Trial &t : runner.trials()) {
            if (!front.contains(t.number))
                continue;
            QStringList values;
            for (qsizetype k = 0; k < spec.metrics.size() && k < t.values.size(); ++k)
                values << spec.metrics.at(k).name + u'=' + formatNumber(t.values.at(k));
            out() << QStringLiteral("  trial %1: %2   %3").arg(t.number).arg(values.join(u' '), paramsText(t.params)) << Qt::endl;
        }
    } else if (const auto best = runner.bestTrial()) {
        QString value = formatNumber(*best->value);
        if (best->valueStd)
            value += QStringLiteral(" ± %1").arg(formatNumber(*best->valueStd));
        out() << QStringLiteral("best trial %1: %2=%3").arg(best->number).arg(spec.objective().name, value) << Qt::endl;
        out() << "  " << paramsText(best->params) << Qt::endl;
        // The model's pick: on a noisy objective the best observed value is often a lucky
        // draw, and the trial with the best posterior mean is the better bet.
        if (const auto recommended = runner.recommendedTrial()) {
            out() << QStringLiteral("recommended trial %1: %2=%3 (best posterior mean%4)")
                         .arg(recommended->number)
                         .arg(spec.objective().name, formatNumber(*recommended->value),
                              recommended->number == best->number ? QStringLiteral(", the best observed") : QString())
                  << Qt::endl;
            if (recommended->number != best->number)
                out() << "  " << paramsText(recommended->params) << Qt::endl;
        }
    } else {
        out() << "no trial completed" << Qt::endl;
    }
    if (interrupted)
        return 130;
    return storageFailed ? 1 : 0;
}

/// The first non-empty line of a note without its Markdown heading marks, cut to 72
/// characters, for one-line listings.
static QString noteHeadline(const QString &note)
{
    static const QRegularExpression heading(QStringLiteral("^#+\\s*"));
    for (const QString &line : note.split(u'\n')) {
        const QString text = line.simplified().remove(heading);
        if (!text.isEmpty())
            return text.size() > 72 ? text.left(71) + QChar(0x2026) : text;
    }
    return {};
}

int studies(const QStringList &args)
{
    QCommandLineParser parser;
    if (!parse(parser, args, QStringLiteral("studies"), 1, QStringLiteral("DB")))
        return 2;
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    const QList<StudySummary> summaries = storage->studySummaries();
    if (!storage->lastError().isEmpty() && summaries.isEmpty())
        return usageError(storage->lastError());
    // "stale": RUNNING trials whose worker stopped beating (dead, or cut off from the database).
    out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9  %10\n")
                 .arg("study", -24).arg("method", -11).arg("trials", 6).arg("done", 5).arg("failed", 6).arg("running", 7)
                 .arg("stale", 5).arg("workers", 7).arg("best", 12).arg("metric");
    for (const StudySummary &s : summaries) {
        out() << QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8 %9  %10 (%11)\n")
                     .arg(s.study.name, -24).arg(s.study.method, -11).arg(s.total, 6).arg(s.complete + s.pruned, 5)
                     .arg(s.failed, 6).arg(s.running, 7).arg(s.stale, 5).arg(s.liveWorkers, 7)
                     .arg(s.best ? formatNumber(*s.best) : QStringLiteral("-"), 12)
                     .arg(s.study.metricName, s.study.goal);
        // As the dashboard's study list shows them: the tags, and the note's first line.
        if (!s.study.tags.isEmpty())
            out() << "    tags: " << s.study.tags.join(QLatin1String(", ")) << '\n';
        if (const QString note = noteHeadline(s.study.note); !note.isEmpty())
            out() << "    note: " << note << '\n';
        // What it cost (measured) and what pruning saved (estimated from the pruned trials'
        // steps, which only a study with pruned trials needs to read).
        const std::optional<QList<Trial>> trials = storage->trials(s.study.id, s.pruned > 0);
        const StudyCost cost = StudyCost::of(trials.value_or(QList<Trial>()), s.study.metricName);
        if (cost.hasMeasurements()) {
            out() << QStringLiteral("    compute: %1 CPU-h, %2 GPU-h (complete %3, pruned %4, failed %5 CPU-h)")
                         .arg(formatNumber(cost.total.cpuHours, 3), formatNumber(cost.total.gpuHours, 3),
                              formatNumber(cost.byState[StudyCost::Complete].cpuHours, 3),
                              formatNumber(cost.byState[StudyCost::Pruned].cpuHours, 3),
                              formatNumber(cost.byState[StudyCost::Failed].cpuHours, 3));
            if (cost.prunedWithSteps > 0)
                out() << QStringLiteral("; pruning saved ~%1 CPU-h, ~%2 GPU-h").arg(formatNumber(cost.savedCpuHours, 3),
                                                                                   formatNumber(cost.savedGpuHours, 3));
            out() << '\n';
        }
        if (!s.study.endReason.isEmpty())
            out() << "    ended early: " << s.study.endReason << '\n';
    }
    out().flush();
    return 0;
}

int exportStudy(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption studyOption(QStringLiteral("study"), QCoreApplication::translate("tunescope", "Study to export (default: the only one)."), QStringLiteral("NAME"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QCoreApplication::translate("tunescope", "csv, json, html or pdf."), QStringLiteral("FORMAT"),
                                          QStringLiteral("json"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")}, QCoreApplication::translate("tunescope", "Output file (default: stdout)."), QStringLiteral("FILE"));
    parser.addOptions({studyOption, formatOption, outputOption, noLocalPathsOption()});
    if (!parse(parser, args, QStringLiteral("export"), 1, QStringLiteral("DB")))
        return 2;
    const QString format = parser.value(formatOption).toLower();
    const bool report = format == QLatin1String("html") || format == QLatin1String("pdf");
    if (format != QLatin1String("csv") && format != QLatin1String("json") && !report)
        return usageError(QCoreApplication::translate("tunescope", "export: --format must be csv, json, html or pdf, not '%1'").arg(format));
    if (format == QLatin1String("pdf") && !parser.isSet(outputOption))
        return usageError(QCoreApplication::translate("tunescope", "export: a PDF needs an output file (-o FILE)"));
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    QString name = parser.value(studyOption);
    if (name.isEmpty()) {
        const QList<StudySummary> all = storage->studySummaries();
        if (all.size() != 1)
            return usageError(QCoreApplication::translate("tunescope", "export: the database holds %1 studies; choose one with --study").arg(all.size()));
        name = all.first().study.name;
    }
    QString error;
    auto data = loadStudyData(*storage, name, &error, format != QLatin1String("csv"));
    if (!data)
        return usageError(QCoreApplication::translate("tunescope", "export: %1").arg(error));
    // A report names files beside the database (the study file's folder, as a rule) relative
    // to it; the data formats keep the paths as recorded unless asked to leave them out.
    const QString db = parser.positionalArguments().first();
    const ReportPaths paths{report && !isDatabaseUrl(db) ? QFileInfo(db).absolutePath() : QString(),
                            !parser.isSet(noLocalPathsOption())};
    if (report || !paths.localPaths)
        data = withReportPaths(*std::move(data), paths);
    // The report shows the best trial's images from its folder, where there is one here.
    if (report && !isDatabaseUrl(db) && storage->readOnlyReason().isEmpty())
        data->runsDirectory = studyLocation(db, QString()).runsDirectory;
    QByteArray bytes;
    if (report) {
#ifdef TUNESCOPE_HAVE_UI
        const StudyReport studyReport(*data, paths.shown(storage->location()));
        if (format == QLatin1String("pdf")) {
            if (!studyReport.writePdf(parser.value(outputOption), &error))
                return usageError(QCoreApplication::translate("tunescope", "export: %1").arg(error));
            return 0;
        }
        bytes = studyReport.toHtml();
#else
        return usageError(QCoreApplication::translate("tunescope", "export: this build has no report renderer (built without Qt Widgets)"));
#endif
    } else {
        bytes = format == QLatin1String("csv") ? studyToCsv(*data) : QJsonDocument(studyToJson(*data)).toJson(QJsonDocument::Indented);
    }
    return writeOutput(bytes, parser.isSet(outputOption) ? parser.value(outputOption) : QString(), QStringLiteral("export"));
}

int compare(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption studyOption(QStringLiteral("study"),
                                         QCoreApplication::translate("tunescope", "A study to compare (repeat; default: every study of the databases)."),
                                         QStringLiteral("NAME"));
    const QCommandLineOption formatOption(QStringLiteral("format"), QCoreApplication::translate("tunescope", "html, pdf or csv."), QStringLiteral("FORMAT"),
                                          QStringLiteral("html"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")}, QCoreApplication::translate("tunescope", "Output file (default: stdout)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption noGroupOption(QStringLiteral("no-group"),
                                           QCoreApplication::translate("tunescope", "Do not treat studies named NAME-seedN (_sN, -repN, -runN) as repeats of one setup."));
    parser.addOptions({studyOption, formatOption, outputOption, noGroupOption, noLocalPathsOption()});
    parser.setApplicationDescription(QCoreApplication::translate("tunescope", "tunescope compare: studies side by side"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("DB"), QCoreApplication::translate("tunescope", "Database(s) holding the studies."), QStringLiteral("DB [DB...]"));
    if (!parser.parse(QStringList{QStringLiteral("tunescope compare")} + args))
        return usageError(QCoreApplication::translate("tunescope", "compare: %1").arg(parser.errorText()));
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        return 0;
    }
    const QStringList databases = parser.positionalArguments();
    if (databases.isEmpty())
        return usageError(QCoreApplication::translate("tunescope", "compare: expected DB (see tunescope compare --help)"));
    const QString format = parser.value(formatOption).toLower();
    if (format != QLatin1String("html") && format != QLatin1String("pdf") && format != QLatin1String("csv"))
        return usageError(QCoreApplication::translate("tunescope", "compare: --format must be html, pdf or csv, not '%1'").arg(format));
    if (format == QLatin1String("pdf") && !parser.isSet(outputOption))
        return usageError(QCoreApplication::translate("tunescope", "compare: a PDF needs an output file (-o FILE)"));

    const QStringList wanted = parser.values(studyOption);
    const ReportPaths paths{QDir::currentPath(), !parser.isSet(noLocalPathsOption())};
    QList<ComparedStudy> studies;
    QStringList found;
    for (const QString &db : databases) {
        auto storage = openStorage(db);
        if (!storage)
            return 1;
        QStringList names;
        if (wanted.isEmpty()) {
            for (const StudySummary &s : storage->studySummaries())
                names << s.study.name;
        } else {
            for (const QString &name : wanted) {
                if (storage->findStudy(name))
                    names << name;
            }
        }
        for (const QString &name : names) {
            QString error;
            auto data = loadStudyData(*storage, name, &error);
            if (!data)
                return usageError(QCoreApplication::translate("tunescope", "compare: %1: %2").arg(storage->location(), error));
            studies.append(ComparedStudy{withReportPaths(*std::move(data), paths), {}, paths.shown(storage->location()), {}});
            found << name;
        }
    }
    for (const QString &name : wanted) {
        if (found.contains(name))
            continue;
        QStringList shown;
        for (const QString &db : databases)
            shown << redactedLocation(db);
        return usageError(QCoreApplication::translate("tunescope", "compare: no study named '%1' in %2").arg(name, shown.join(QStringLiteral(", "))));
    }
    if (studies.size() < 2)
        return usageError(QCoreApplication::translate("tunescope", "compare: needs two or more studies, found %1").arg(studies.size()));
    StudyComparison::assignLabels(studies, !parser.isSet(noGroupOption));
    auto comparison = std::make_shared<const StudyComparison>(studies);
    for (const QString &w : comparison->warnings())
        err() << "warning: " << w << Qt::endl;

    QByteArray bytes;
    if (format == QLatin1String("csv")) {
        bytes = comparison->toCsv();
    } else {
#ifdef TUNESCOPE_HAVE_UI
        const CompareReport report(comparison);
        if (format == QLatin1String("pdf")) {
            QString error;
            if (!report.writePdf(parser.value(outputOption), &error))
                return usageError(QCoreApplication::translate("tunescope", "compare: %1").arg(error));
            return 0;
        }
        bytes = report.toHtml();
#else
        return usageError(QCoreApplication::translate("tunescope", "compare: this build has no report renderer (built without Qt Widgets)"));
#endif
    }
    return writeOutput(bytes, parser.isSet(outputOption) ? parser.value(outputOption) : QString(), QStringLiteral("compare"));
}

int ask(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption studyOption(QStringLiteral("study"), QCoreApplication::translate("tunescope", "Study name."), QStringLiteral("NAME"));
    parser.addOption(studyOption);
    if (!parse(parser, args, QStringLiteral("ask"), 1, QStringLiteral("DB")))
        return 2;
    if (!parser.isSet(studyOption))
        return usageError(QCoreApplication::translate("tunescope", "ask: --study NAME is required"));
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    QString error;
    const auto data = loadStudyData(*storage, parser.value(studyOption), &error);
    if (!data)
        return usageError(QCoreApplication::translate("tunescope", "ask: %1").arg(error));
    auto sampler = createSampler(data->spec, &error);
    if (!sampler)
        return usageError(QCoreApplication::translate("tunescope", "ask: %1").arg(error));
    adoptGridPoints(*storage, *sampler, data->trials);
    ClaimRequest request;
    request.state = TrialState::Waiting;
    // Claimed like a runner's trial: a grid point no worker holds, a suggestion that saw them all.
    const ClaimOutcome outcome = claimNextTrial(*storage, data->record.id, *sampler, request,
                                                [&](bool fresh) -> std::optional<QList<Trial>> {
        return fresh ? storage->trials(data->record.id) : std::optional<QList<Trial>>(data->trials);
    });
    if (outcome.kind == ClaimOutcome::Kind::NothingLeft)
        return usageError(QCoreApplication::translate("tunescope", "ask: the sampler has nothing left to suggest (the grid is complete)"));
    if (outcome.kind != ClaimOutcome::Kind::Claimed)
        return usageError(QCoreApplication::translate("tunescope", "ask: %1").arg(outcome.error));
    const std::optional<Trial> &trial = outcome.trial;
    const std::optional<QByteArray> paramsJson = paramsToJson(trial->params, &error);
    if (!paramsJson)
        return usageError(QCoreApplication::translate("tunescope", "ask: %1").arg(error));
    out() << "{\"trial\": " << trial->number << ", \"params\": " << QString::fromUtf8(*paramsJson) << "}" << Qt::endl;
    return 0;
}

int tell(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption studyOption(QStringLiteral("study"), QCoreApplication::translate("tunescope", "Study name."), QStringLiteral("NAME"));
    const QCommandLineOption trialOption(QStringLiteral("trial"), QCoreApplication::translate("tunescope", "Trial number."), QStringLiteral("N"));
    const QCommandLineOption valueOption(QStringLiteral("value"), QCoreApplication::translate("tunescope", "Objective value."), QStringLiteral("V"));
    const QCommandLineOption stateOption(QStringLiteral("state"), QCoreApplication::translate("tunescope", "complete, failed or pruned."), QStringLiteral("STATE"),
                                         QStringLiteral("complete"));
    parser.addOptions({studyOption, trialOption, valueOption, stateOption});
    if (!parse(parser, args, QStringLiteral("tell"), 1, QStringLiteral("DB")))
        return 2;
    if (!parser.isSet(studyOption) || !parser.isSet(trialOption))
        return usageError(QCoreApplication::translate("tunescope", "tell: --study NAME and --trial N are required"));
    const auto state = trialStateFromName(parser.value(stateOption));
    if (!state || !isFinished(*state))
        return usageError(QCoreApplication::translate("tunescope", "tell: --state must be complete, failed or pruned, not '%1'").arg(parser.value(stateOption)));
    std::optional<double> value;
    if (parser.isSet(valueOption)) {
        bool ok = false;
        value = QLocale::c().toDouble(parser.value(valueOption), &ok);
        if (!ok)
            return usageError(QCoreApplication::translate("tunescope", "tell: --value must be a number, not '%1'").arg(parser.value(valueOption)));
    } else if (*state == TrialState::Complete) {
        return usageError(QCoreApplication::translate("tunescope", "tell: --value V is required for a complete trial"));
    }
    bool ok = false;
    const int number = parser.value(trialOption).toInt(&ok);
    if (!ok)
        return usageError(QCoreApplication::translate("tunescope", "tell: --trial must be a trial number"));
    auto storage = openStorage(parser.positionalArguments().first());
    if (!storage)
        return 1;
    const auto study = storage->findStudy(parser.value(studyOption));
    if (!study)
        return usageError(QCoreApplication::translate("tunescope", "tell: no study named '%1'").arg(parser.value(studyOption)));
    const auto trial = storage->trial(study->id, number);
    if (!trial)
        return usageError(QCoreApplication::translate("tunescope", "tell: study '%1' has no trial %2").arg(study->name).arg(number));
    if (isFinished(trial->state))
        return usageError(QCoreApplication::translate("tunescope", "tell: trial %1 is already %2").arg(number).arg(trialStateName(trial->state)));
    if (!storage->finishTrial(trial->id, *state, value, std::nullopt, QString()))
        return usageError(QCoreApplication::translate("tunescope", "tell: %1").arg(storage->lastError()));
    return 0;
}

int importStudy(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption studyOption(QStringLiteral("study"), QCoreApplication::translate("tunescope", "The Optuna study to copy."), QStringLiteral("NAME"));
    const QCommandLineOption outputOption({QStringLiteral("o"), QStringLiteral("output")},
                                          QCoreApplication::translate("tunescope", "Tunescope database (file or postgresql:// URL) to copy it into; created if needed."),
                                          QStringLiteral("DB"));
    const QCommandLineOption specOption(QStringLiteral("spec"),
                                        QCoreApplication::translate("tunescope", "Study file to continue with (name, program, method, parameters); "
                                                                                 "the Optuna trials are checked against it."),
                                        QStringLiteral("SPEC.yaml"));
    const QCommandLineOption methodOption(QStringLiteral("method"),
                                          QCoreApplication::translate("tunescope", "Method to continue with when no study file is given (default: tpe)."),
                                          QStringLiteral("METHOD"), QStringLiteral("tpe"));
    parser.addOptions({studyOption, outputOption, specOption, methodOption});
    if (!parse(parser, args, QStringLiteral("import"), 1, QStringLiteral("OPTUNA_DB")))
        return 2;
    if (!parser.isSet(studyOption) || !parser.isSet(outputOption))
        return usageError(QCoreApplication::translate("tunescope", "import: --study NAME and -o DB are required"));
    if (parser.isSet(specOption) && parser.isSet(methodOption))
        return usageError(QCoreApplication::translate("tunescope", "import: --method goes with no --spec (the study file names its method)"));
    ImportOptions options;
    options.method = parser.value(methodOption);
    if (parser.isSet(specOption)) {
        const SpecLoadResult loaded = loadStudySpec(parser.value(specOption));
        for (const QString &w : loaded.warnings)
            err() << "warning: " << w << Qt::endl;
        if (!loaded.spec) {
            for (const QString &e : loaded.errors)
                err() << "error: " << e << Qt::endl;
            return 1;
        }
        options.spec = loaded.spec;
    } else if (!studyMethods().contains(options.method)) {
        return usageError(QCoreApplication::translate("tunescope", "import: --method must be %1, not '%2'").arg(studyMethodsText(), options.method));
    }
    auto source = openStorage(parser.positionalArguments().first());
    if (!source)
        return 1;
    const QString target = parser.value(outputOption);
    if (!isDatabaseUrl(target) && !QFileInfo(target).absoluteDir().exists())
        return usageError(QCoreApplication::translate("tunescope", "import: folder %1 does not exist").arg(QFileInfo(target).absolutePath()));
    const bool existed = isDatabaseUrl(target) || QFileInfo::exists(target);
    QString error;
    auto destination = Storage::open(target, &error);
    if (!destination)
        return usageError(failedOpenMessage(target, error));
    std::optional<ImportResult> imported = importStudy(*source, parser.value(studyOption), *destination, options, &error);
    if (!imported) {
        destination.reset();
        // A database this command created for nothing is not left behind.
        if (!existed) {
            for (const char *suffix : {"", "-wal", "-shm"})
                QFile::remove(target + QLatin1String(suffix));
        }
        return usageError(QCoreApplication::translate("tunescope", "import: %1").arg(error));
    }
    for (const QString &w : std::as_const(imported->warnings))
        err() << "warning: " << (options.spec ? parser.value(specOption) + QStringLiteral(": ") : QString()) << w << Qt::endl;
    // Whether the study can go on: the method must take its objectives (bayes takes one).
    const SpecLoadResult stored = parseStudySpec(imported->study.specYaml, imported->study.name);
    if (stored.spec && !createSampler(*stored.spec, &error))
        err() << "warning: " << error << Qt::endl;
    out() << QStringLiteral("imported %1 trials of Optuna study '%2' into %3 as study '%4': %5 complete, %6 pruned, %7 failed, "
                            "%8 waiting, %9 interrupted (running in Optuna)")
                 .arg(imported->trials).arg(parser.value(studyOption), destination->location(), imported->study.name)
                 .arg(imported->complete).arg(imported->pruned).arg(imported->failed).arg(imported->waiting).arg(imported->interrupted)
          << Qt::endl;
    out() << QCoreApplication::translate("tunescope", "Continue it with `tunescope ask %1 --study '%2'` and `tell`, or with a program: "
                                                      "`tunescope run SPEC.yaml --db %1` where SPEC.yaml names the study '%2'.")
                 .arg(destination->location(), imported->study.name)
          << Qt::endl;
    return 0;
}

} // namespace commands

namespace commands {

int convert(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption outputOption(QStringList{QStringLiteral("o"), QStringLiteral("output")},
                                          QCoreApplication::translate("tunescope", "Study file to write (default: standard output)."),
                                          QStringLiteral("FILE"));
    parser.addOption(outputOption);
    if (!parse(parser, args, QStringLiteral("convert"), 1, QStringLiteral("FILE")))
        return 2;
    const QString input = parser.positionalArguments().first();
    const QString output = parser.value(outputOption);
    const QString outputFolder = output.isEmpty() || output == QLatin1String("-") ? QDir::currentPath()
                                                                                 : QFileInfo(output).absolutePath();
    const ConvertedStudy converted = convertToStudyFile(input, outputFolder);
    for (const QString &w : formatSpecIssues(converted.issues, SpecIssue::Severity::Warning, input))
        err() << "warning: " << w << Qt::endl;
    if (!converted.ok) {
        for (const QString &e : formatSpecIssues(converted.issues, SpecIssue::Severity::Error, input))
            err() << "error: " << e << Qt::endl;
        return 1;
    }
    if (const int failed = writeOutput(converted.yaml, output == QLatin1String("-") ? QString() : output, QStringLiteral("convert")))
        return failed;
    if (!output.isEmpty() && output != QLatin1String("-"))
        err() << QCoreApplication::translate("tunescope", "wrote %1%2").arg(output,
                     converted.searchSpaceOnly ? QCoreApplication::translate("tunescope", " (the search space only: add program, method and metric)")
                                               : QString())
              << Qt::endl;
    return 0;
}

bool needsPainting(int argc, char **argv)
{
    if (argc < 2)
        return false;
    const QByteArray command(argv[1]);
    if (command != "export" && command != "compare")
        return false;
    QByteArray format = command == "compare" ? "html" : "json";
    for (int i = 2; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if ((arg == "--format" || arg == "-format") && i + 1 < argc)
            format = argv[++i];
        else if (arg.startsWith("--format="))
            format = arg.mid(9);
    }
    format = format.toLower();
    return format == "html" || format == "pdf";
}

} // namespace commands
