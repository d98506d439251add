#include "execution/slurmcommands.h"

#include "common/safepath.h"
#include "execution/trialfiles.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace tunescope {

namespace {

// squeue's columns, '|'-separated; the comment comes last since only it could hold a '|'.
// JobID: an array task's own id (sstat's); Comment last, as it may hold the separator.
const QString kSqueueFormat = QStringLiteral("JobArrayID:|,State:|,Reason:|,exit_code:|,RestartCnt:|,JobID:|,Comment:");

bool isShellName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(name).hasMatch();
}

} // namespace

QString SlurmJobRecord::toString() const
{
    QString text = isSubmitted() ? jobId : QStringLiteral("token=%1/%2").arg(token).arg(task);
    if (repeat > 0)
        text += QStringLiteral(" repeat=%1").arg(repeat);
    return text;
}

std::optional<SlurmJobRecord> SlurmJobRecord::parse(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^(?:(\\d+(?:_\\d+)?)|token=([A-Za-z0-9_-]+)/(\\d+))(?: repeat=(\\d+))?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    SlurmJobRecord r;
    r.jobId = m.captured(1);
    r.token = m.captured(2);
    r.task = m.captured(3).toInt();
    r.repeat = m.captured(4).toInt();
    return r;
}

SlurmPhase slurmPhase(const QString &state)
{
    static const QSet<QString> queued{"PENDING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "CONFIGURING",
                                      "SUSPENDED", "RESV_DEL_HOLD", "STOPPED"};
    static const QSet<QString> running{"RUNNING", "COMPLETING", "STAGE_OUT", "SIGNALING", "RESIZING"};
    if (queued.contains(state))
        return SlurmPhase::Queued;
    if (running.contains(state))
        return SlurmPhase::Running;
    return SlurmPhase::Ended;
}

TrialProcessResult slurmEndResult(const SlurmJobStatus &status)
{
    using Outcome = TrialProcessResult::Outcome;
    TrialProcessResult result;
    const int wait = status.waitStatus.value_or(0);
    const int signal = wait & 0x7f;
    const int code = (wait >> 8) & 0xff;
    const QString &state = status.state;
    auto ended = [&](Outcome outcome, const QString &why) {
        result.outcome = outcome;
        result.exitCode = signal ? signal : code;
        result.reason = QStringLiteral("%1 (Slurm: %2)").arg(why, state);
    };
    if (state == QLatin1String("COMPLETED") || state == QLatin1String("FAILED")) {
        if (signal) {
            result.outcome = Outcome::Crashed;
            result.exitCode = signal;
            result.reason = signalDescription(signal);
        } else {
            result.outcome = Outcome::Exited;
            result.exitCode = code;
            if (code > 128 && code < 128 + 65) // the job script's shell reports a signal so
                result.reason = QStringLiteral("exited with code %1 (%2)").arg(code).arg(signalDescription(code - 128));
            else if (code != 0)
                result.reason = QStringLiteral("exited with code %1").arg(code);
            else if (state == QLatin1String("FAILED")) // failed before the program ran (a node, a file)
                ended(Outcome::Crashed, QStringLiteral("the job failed (%1)").arg(status.reason));
        }
    } else if (state == QLatin1String("TIMEOUT")) {
        ended(Outcome::TimedOut, QStringLiteral("the job reached its Slurm time limit"));
    } else if (state == QLatin1String("CANCELLED")) {
        ended(Outcome::Crashed, QStringLiteral("the job was cancelled outside Tunescope"));
    } else if (state == QLatin1String("OUT_OF_MEMORY")) {
        ended(Outcome::Crashed, QStringLiteral("the job ran out of memory"));
    } else if (state == QLatin1String("NODE_FAIL")) {
        ended(Outcome::Crashed, QStringLiteral("the job's node failed"));
    } else if (state == QLatin1String("PREEMPTED")) {
        ended(Outcome::Crashed, QStringLiteral("the job was preempted"));
    } else if (state == QLatin1String("BOOT_FAIL")) {
        ended(Outcome::Crashed, QStringLiteral("the job's node failed to boot"));
    } else if (state == QLatin1String("DEADLINE")) {
        ended(Outcome::Crashed, QStringLiteral("the job missed its deadline"));
    } else {
        ended(Outcome::Crashed, QStringLiteral("the job ended"));
    }
    return result;
}

QString shellQuoted(const QString &text)
{
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString shellWord(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@%+=:,./-]+$"));
    return plain.match(text).hasMatch() ? text : shellQuoted(text);
}

QString shellCommandLine(const QStringList &argv)
{
    QStringList words;
    for (const QString &arg : argv)
        words << shellWord(arg);
    return words.join(u' ');
}

QStringList sbatchSettingsArguments(const SlurmSettings &s)
{
    QStringList args;
    const auto add = [&](const char *option, const QString &value) {
        if (!value.isEmpty())
            args << QStringLiteral("--%1=%2").arg(QLatin1String(option), value);
    };
    add("partition", s.partition);
    add("time", s.time);
    add("gres", s.gres);
    if (s.cpusPerTask > 0)
        add("cpus-per-task", QString::number(s.cpusPerTask));
    add("mem", s.mem);
    add("account", s.account);
    add("qos", s.qos);
    add("constraint", s.constraint);
    return args + s.extra;
}

QString slurmJobName(const QString &study, qint64 studyId)
{
    // Letters, digits, '-', '_' and '.' only: squeue --name takes a comma-separated list.
    QString slug = safePathComponent(study, 40);
    slug.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    return QStringLiteral("tunescope-%1-%2").arg(slug).arg(studyId);
}

std::optional<QByteArray> slurmJobScript(const TrialLaunch &launch, const QString &title, QString *error)
{
    const QDir dir(launch.trialDirectory);
    const auto file = [&](const char *name) { return shellQuoted(dir.filePath(QLatin1String(name))); };
    QStringList lines;
    lines << QStringLiteral("#!/bin/sh");
    for (const QString &line : title.split(u'\n'))
        lines << QStringLiteral("# %1").arg(line);
    lines << QStringLiteral("# Written by Tunescope. Every value below is single-quoted: the program gets its arguments as")
          << QStringLiteral("# they are, never read as shell code.")
          << QStringLiteral("exec >%1 2>%2 </dev/null").arg(file(trialfiles::stdoutLog), file(trialfiles::stderrLog))
          << QStringLiteral("rm -f %1").arg(file(trialfiles::jobExit))
          << QStringLiteral("job=${SLURM_ARRAY_JOB_ID:+${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}}")
          << QStringLiteral("echo \"${job:-${SLURM_JOB_ID:-}} ${SLURM_RESTART_COUNT:-0} ${SLURMD_NODENAME:-}\" >>%1").arg(file(trialfiles::jobStart));
    QStringList keys = launch.environment.keys();
    keys.sort();
    for (const QString &key : std::as_const(keys)) {
        if (key == QLatin1String("CUDA_VISIBLE_DEVICES"))
            continue; // Slurm's, below
        if (!isShellName(key)) {
            if (error)
                *error = QStringLiteral("environment variable '%1' cannot be passed to a Slurm job (not a shell name)").arg(key);
            return std::nullopt;
        }
        lines << QStringLiteral("export %1=%2").arg(key, shellQuoted(launch.environment.value(key)));
    }
    lines << QStringLiteral("# The GPUs Slurm allocated (gres) are in CUDA_VISIBLE_DEVICES; a job without any sees none.")
          << QStringLiteral("[ -n \"${SLURM_JOB_GPUS:-}\" ] || export CUDA_VISIBLE_DEVICES=")
          << QStringLiteral("cd %1 || exit 1").arg(shellQuoted(launch.workingDirectory));
    QStringList argv;
    for (const QString &arg : launch.argv)
        argv << shellQuoted(arg);
    lines << argv.join(u' ')
          << QStringLiteral("status=$?")
          << QStringLiteral("echo \"$status\" >%1 && mv -f %1 %2").arg(file(trialfiles::jobExitPart), file(trialfiles::jobExit))
          << QStringLiteral("exit \"$status\"");
    return (lines.join(u'\n') + u'\n').toUtf8();
}

QByteArray slurmArrayScript(const QStringList &jobScripts)
{
    QStringList lines{QStringLiteral("#!/bin/sh"),
                      QStringLiteral("# Written by Tunescope: task i of this job array runs the job script of one trial."),
                      QStringLiteral("case \"${SLURM_ARRAY_TASK_ID:-}\" in")};
    for (qsizetype i = 0; i < jobScripts.size(); ++i)
        lines << QStringLiteral("%1) exec /bin/sh %2 ;;").arg(i).arg(shellQuoted(jobScripts.at(i)));
    lines << QStringLiteral("*) echo \"tunescope: no trial for array task ${SLURM_ARRAY_TASK_ID:-}\" >&2; exit 1 ;;")
          << QStringLiteral("esac");
    return (lines.join(u'\n') + u'\n').toUtf8();
}

QStringList squeueArguments(const QString &jobName)
{
    // --array: one line per task, pending ones too; --states=all: the finished jobs Slurm still
    // knows (MinJobAge), with their exit codes.
    return {QStringLiteral("--noheader"), QStringLiteral("--array"), QStringLiteral("--states=all"),
            QStringLiteral("--name=%1").arg(jobName), QStringLiteral("--Format=%1").arg(kSqueueFormat)};
}

QList<SlurmJobStatus> parseSqueue(const QByteArray &output)
{
    QList<SlurmJobStatus> jobs;
    for (const QByteArray &raw : output.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList f = line.split(u'|');
        if (f.size() < 6)
            continue;
        SlurmJobStatus s;
        s.id = f.at(0).trimmed();
        s.state = f.at(1).trimmed().toUpper();
        s.reason = f.at(2).trimmed();
        bool ok = false;
        const int wait = f.at(3).trimmed().toInt(&ok);
        if (ok)
            s.waitStatus = wait;
        s.restarts = f.at(4).trimmed().toInt();
        s.stepsId = f.at(5).trimmed();
        s.comment = f.mid(6).join(u'|').trimmed();
        if (s.id.isEmpty() || s.state.isEmpty())
            continue;
        jobs << s;
    }
    return jobs;
}

QStringList sacctArguments(const QString &jobId)
{
    return {QStringLiteral("--noheader"), QStringLiteral("--parsable2"), QStringLiteral("--allocations"),
            QStringLiteral("--jobs=%1").arg(jobId), QStringLiteral("--format=JobID,State,ExitCode,Reason")};
}

std::optional<SlurmJobStatus> parseSacct(const QByteArray &output, const QString &jobId)
{
    for (const QByteArray &raw : output.split('\n')) {
        const QStringList f = QString::fromUtf8(raw).trimmed().split(u'|');
        if (f.size() < 3 || f.at(0) != jobId)
            continue;
        SlurmJobStatus s;
        s.id = jobId;
        s.state = f.at(1).section(u' ', 0, 0).toUpper(); // "CANCELLED by 1000"
        s.reason = f.value(3);
        // ExitCode is "code:signal".
        bool codeOk = false, signalOk = false;
        const int code = f.at(2).section(u':', 0, 0).toInt(&codeOk);
        const int signal = f.at(2).section(u':', 1, 1).toInt(&signalOk);
        if (codeOk && signalOk)
            s.waitStatus = (code << 8) | (signal & 0x7f);
        return s;
    }
    return std::nullopt;
}

QStringList sacctUsageArguments(const QStringList &jobIds)
{
    // Not --allocations: MaxRSS is only on the step rows.
    return {QStringLiteral("--noheader"), QStringLiteral("--parsable2"), QStringLiteral("--jobs=%1").arg(jobIds.join(u',')),
            QStringLiteral("--format=JobID,State,ExitCode,TotalCPU,MaxRSS,Elapsed")};
}

QHash<QString, SlurmJobUsage> parseSacctUsage(const QByteArray &output)
{
    QHash<QString, SlurmJobUsage> jobs;
    QHash<QString, double> stepCpu;   // used only where the allocation row has no TotalCPU
    QHash<QString, double> maxRss;    // the largest non-zero MaxRSS of a job's steps
    for (const QByteArray &raw : output.split('\n')) {
        const QStringList f = QString::fromUtf8(raw).trimmed().split(u'|');
        if (f.size() < 5 || f.at(0).isEmpty())
            continue;
        const QString id = f.at(0).section(u'.', 0, 0);
        const bool isStep = f.at(0).contains(u'.');
        const std::optional<double> cpu = parseSlurmDuration(f.at(3));
        if (!isStep) {
            SlurmJobUsage &job = jobs[id];
            job.usage.cpuSeconds = cpu;
            job.ended = slurmPhase(f.at(1).section(u' ', 0, 0).toUpper()) == SlurmPhase::Ended;
            continue;
        }
        if (cpu)
            stepCpu[id] += *cpu;
        if (const std::optional<double> rss = parseSlurmSizeMb(f.at(4)); rss && *rss > 0)
            maxRss[id] = std::max(maxRss.value(id), *rss);
    }
    for (auto it = jobs.begin(); it != jobs.end(); ++it) {
        if (!it->usage.cpuSeconds && stepCpu.contains(it.key()))
            it->usage.cpuSeconds = stepCpu.value(it.key());
        if (maxRss.contains(it.key()))
            it->usage.maxRssMb = maxRss.value(it.key());
    }
    return jobs;
}

QStringList sstatArguments(const QStringList &stepsIds)
{
    QStringList steps;
    for (const QString &id : stepsIds)
        steps << id + QStringLiteral(".batch");
    return {QStringLiteral("--noheader"), QStringLiteral("--parsable2"), QStringLiteral("--format=JobID,AveCPU,AveRSS"),
            QStringLiteral("--jobs=%1").arg(steps.join(u','))};
}

QHash<QString, SlurmLiveUsage> parseSstat(const QByteArray &output)
{
    QHash<QString, SlurmLiveUsage> jobs;
    for (const QByteArray &raw : output.split('\n')) {
        const QStringList f = QString::fromUtf8(raw).trimmed().split(u'|');
        if (f.size() < 3 || !f.at(0).endsWith(QLatin1String(".batch")))
            continue;
        const std::optional<double> cpu = parseSlurmDuration(f.at(1));
        const QString id = f.at(0).section(u'.', 0, 0);
        if (!cpu || id.isEmpty())
            continue;
        SlurmLiveUsage &job = jobs[id];
        job.cpuSeconds = *cpu;
        job.rssMb = parseSlurmSizeMb(f.at(2));
    }
    return jobs;
}

std::optional<double> SlurmCpuWindow::percent(double seconds, double cpuSeconds)
{
    if (mMarks.isEmpty())
        mMarks = {Mark{}}; // the run's start
    else if (cpuSeconds < mMarks.constLast().cpuSeconds)
        mMarks.clear(); // it started again, when is not known: count from here
    mMarks.append(Mark{seconds, cpuSeconds});
    // Keep the newest mark at least a window old as the reference, nothing older.
    while (mMarks.size() > 2 && seconds - mMarks.at(1).seconds >= kWindowSeconds)
        mMarks.removeFirst();
    const Mark &from = mMarks.constFirst();
    const double span = seconds - from.seconds;
    if (span < kMinSpanSeconds)
        return std::nullopt;
    return (cpuSeconds - from.cpuSeconds) / span * 100.0;
}

std::optional<double> parseSlurmDuration(const QString &text)
{
    // sacct's time fields: [DD-[HH:]]MM:SS[.mmm] (TotalCPU "00:01.234", Elapsed "1-02:03:04").
    static const QRegularExpression re(QStringLiteral("^(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?(?:\\.(\\d+))?$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const bool hasDays = m.hasCaptured(1);
    QList<double> parts{m.captured(2).toDouble()};
    for (int i : {3, 4}) {
        if (m.hasCaptured(i))
            parts << m.captured(i).toDouble();
    }
    if (m.hasCaptured(5) && parts.size() < 2)
        return std::nullopt; // "12.5" alone is no Slurm time
    double seconds = 0;
    if (hasDays) {
        // D-HH, D-HH:MM, D-HH:MM:SS
        const double unit[] = {3600, 60, 1};
        for (int i = 0; i < parts.size(); ++i)
            seconds += parts.at(i) * unit[i];
        seconds += m.captured(1).toDouble() * 86400;
    } else if (parts.size() == 2) {
        seconds = parts.at(0) * 60 + parts.at(1); // MM:SS
    } else if (parts.size() == 3) {
        seconds = parts.at(0) * 3600 + parts.at(1) * 60 + parts.at(2);
    } else {
        return std::nullopt; // a bare number is not one of sacct's formats
    }
    if (m.hasCaptured(5))
        seconds += (QStringLiteral("0.") + m.captured(5)).toDouble();
    return seconds;
}

std::optional<double> parseSlurmSizeMb(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+(?:\\.\\d+)?)([KMGTP]?)$"));
    const auto m = re.match(text.trimmed().toUpper());
    if (!m.hasMatch())
        return std::nullopt;
    const double value = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    if (unit.isEmpty())
        return value / (1024.0 * 1024.0);
    const int power = int(QStringLiteral("KMGTP").indexOf(unit)); // K = KiB: 1024^(power - 1) MiB
    return value * std::pow(1024.0, power - 1);
}

std::optional<QString> parseSbatchId(const QByteArray &output)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)(;.*)?$"));
    const auto m = re.match(QString::fromUtf8(output).trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1);
}

std::optional<SlurmJobStart> parseJobStart(const QByteArray &contents)
{
    const QList<QByteArray> lines = contents.trimmed().split('\n');
    const QStringList f = QString::fromUtf8(lines.last()).simplified().split(u' ');
    if (f.size() < 2 || f.at(0).isEmpty())
        return std::nullopt; // empty, or a line still being written
    bool ok = false;
    const int restarts = f.at(1).toInt(&ok);
    if (!ok || restarts < 0)
        return std::nullopt;
    return SlurmJobStart{f.at(0), restarts, f.value(2)};
}

QString slurmErrorMessage(const QByteArray &errorOutput)
{
    QString last;
    for (const QByteArray &raw : errorOutput.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (!line.isEmpty())
            last = line;
    }
    static const QRegularExpression prefix(QStringLiteral("^(?:[A-Za-z_]+:\\s*)?(?:[A-Za-z_]+ )?error:\\s*"));
    last.remove(prefix);
    for (const char *lead : {"Batch job submission failed: ", "allocation failure: "}) {
        if (last.startsWith(QLatin1String(lead)))
            last = last.mid(int(qstrlen(lead)));
    }
    return last;
}

bool isTransientSlurmError(const QString &message)
{
    static const QStringList transient{
        QStringLiteral("Unable to contact slurm controller"), QStringLiteral("Socket timed out"),
        QStringLiteral("Zero Bytes were transmitted"),        QStringLiteral("Resource temporarily unavailable"),
        QStringLiteral("temporarily unable"),                 QStringLiteral("Communication connection failure"),
        QStringLiteral("Connection refused"),                 QStringLiteral("Connection timed out"),
        QStringLiteral("backup controller"),                  QStringLiteral("MaxSubmitJob"),
        QStringLiteral("Transport endpoint"),                 QStringLiteral("did not answer within"),
        QStringLiteral("job submit limit"),
    };
    return std::any_of(transient.begin(), transient.end(),
                       [&](const QString &t) { return message.contains(t, Qt::CaseInsensitive); });
}

QString slurmRefusalKey(const QString &message)
{
    static const QList<QPair<QString, QString>> keys{
        {QStringLiteral("partition"), QStringLiteral("backend.partition")},
        {QStringLiteral("gres"), QStringLiteral("backend.gres")},
        {QStringLiteral("generic resource"), QStringLiteral("backend.gres")},
        {QStringLiteral("account"), QStringLiteral("backend.account")},
        {QStringLiteral("qos"), QStringLiteral("backend.qos")},
        {QStringLiteral("feature"), QStringLiteral("backend.constraint")},
        {QStringLiteral("time limit"), QStringLiteral("backend.time")},
        {QStringLiteral("memory"), QStringLiteral("backend.mem")},
    };
    for (const auto &[word, key] : keys) {
        if (message.contains(word, Qt::CaseInsensitive))
            return key;
    }
    return QStringLiteral("backend");
}

} // namespace tunescope
