#include "execution/trialcommand.h"

#include "common/paramcodec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace tunescope {

QString TrialCommand::resolvedProgram() const
{
    const QString &program = mSpec.program;
    if (program.isEmpty() || QFileInfo(program).isAbsolute())
        return program;
    const QString base = mSpec.workingDirectory.isEmpty() ? QDir::currentPath() : mSpec.workingDirectory;
    const QString local = QDir(base).absoluteFilePath(program);
    if (QFileInfo::exists(local) || program.contains(u'/'))
        return local;
    if (QCoreApplication::instance()) {
        // Next to tunescope in the build tree; in the helper folder once installed, where
        // helpers stay off the PATH (TUNESCOPE_HELPER_DIR is relative to the executable's).
        const QDir appDir(QCoreApplication::applicationDirPath());
        for (const QString &bundled : {appDir.absoluteFilePath(program),
                                       appDir.absoluteFilePath(QStringLiteral(TUNESCOPE_HELPER_DIR "/") + program)}) {
            if (QFileInfo(bundled).isExecutable())
                return bundled;
        }
    }
    return program;
}

QStringList TrialCommand::argumentList(const QVariantMap &params, bool hyphens) const
{
    QStringList out;
    const QString prefix = hyphens ? QStringLiteral("--") : QString();
    for (const Parameter &p : mSpec.space.parameters()) {
        if (params.contains(p.name))
            out << prefix + p.name + u'=' + paramValueToString(params.value(p.name));
    }
    return out;
}

QStringList TrialCommand::argv(const TrialContext &trial, QString *error) const
{
    static const QRegularExpression macro(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*)\\}"));
    QStringList out;
    for (const QString &element : mSpec.effectiveCommand()) {
        // Whole-element macros that expand to several (or zero) arguments.
        if (element == QLatin1String("${args}")) {
            out << argumentList(trial.params, true);
            continue;
        }
        if (element == QLatin1String("${args_no_hyphens}")) {
            out << argumentList(trial.params, false);
            continue;
        }
        QString expanded;
        qsizetype last = 0;
        auto it = macro.globalMatch(element);
        while (it.hasNext()) {
            const auto m = it.next();
            expanded += element.mid(last, m.capturedStart() - last);
            last = m.capturedEnd();
            const QString name = m.captured(1);
            if (name == QLatin1String("env"))
                expanded += QStringLiteral("/usr/bin/env");
            else if (name == QLatin1String("interpreter"))
                expanded += QStringLiteral("python3");
            else if (name == QLatin1String("program")) {
                if (mSpec.program.isEmpty()) {
                    if (error)
                        *error = QStringLiteral("program: missing (the command uses ${program})");
                    return {};
                }
                expanded += resolvedProgram();
            }
            else if (name == QLatin1String("args_json")) {
                QString why;
                const std::optional<QByteArray> json = paramsToJson(trial.params, &why);
                if (!json) {
                    if (error)
                        *error = QStringLiteral("command: ${args_json}: %1").arg(why);
                    return {};
                }
                expanded += QString::fromUtf8(*json);
            }
            else if (name == QLatin1String("repeat"))
                expanded += QString::number(trial.repeat);
            else if (name == QLatin1String("trial"))
                expanded += QString::number(trial.number);
            else if (name == QLatin1String("trial_dir"))
                expanded += trial.trialDirectory;
            else if (trial.params.contains(name))
                expanded += paramValueToString(trial.params.value(name));
            else {
                if (error)
                    *error = QStringLiteral("command: unknown macro ${%1} (not a parameter or a W&B macro)").arg(name);
                return {};
            }
        }
        expanded += element.mid(last);
        out << expanded;
    }
    if (out.isEmpty() && error)
        *error = QStringLiteral("command: expands to nothing");
    return out;
}

QProcessEnvironment TrialCommand::environment(const TrialContext &trial, const QProcessEnvironment &base) const
{
    QProcessEnvironment env = base;
    env.insert(QStringLiteral("TUNESCOPE_STUDY"), trial.study);
    env.insert(QStringLiteral("TUNESCOPE_TRIAL"), QString::number(trial.number));
    // A trial's parameters come from storage, which keeps only what has a JSON text; the
    // variable is empty (no JSON a trainer would take for parameters) only for values that
    // never went through it.
    env.insert(QStringLiteral("TUNESCOPE_PARAMS"), QString::fromUtf8(paramsToJson(trial.params).value_or(QByteArray())));
    env.insert(QStringLiteral("TUNESCOPE_TRIAL_DIR"), trial.trialDirectory);
    env.insert(QStringLiteral("TUNESCOPE_REPEAT"), QString::number(trial.repeat));
    // CPU trials see no GPU at all rather than whichever the framework picks first.
    env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), trial.gpu);
    // Python trainers print through a buffer when not on a terminal; live curves need lines now.
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    return env;
}

} // namespace tunescope
