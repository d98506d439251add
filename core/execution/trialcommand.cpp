#include "execution/trialcommand.h"

#include "common/paramcodec.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

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
    for (const auto &[name, value] : mSpec.space.flags(params))
        out << prefix + name + u'=' + paramValueToString(value);
    return out;
}

std::optional<QByteArray> TrialCommand::paramsJson(const QVariantMap &params, QString *error) const
{
    return paramsToJson(mSpec.space.nested(params), error);
}

QString TrialCommand::argsJsonFile(const TrialContext &trial)
{
    return QDir(trial.trialDirectory).absoluteFilePath(QStringLiteral("params.json"));
}

bool TrialCommand::usesArgsJsonFile() const
{
    const QStringList command = mSpec.effectiveCommand();
    return std::any_of(command.begin(), command.end(), [](const QString &e) { return e.contains(QLatin1String("${args_json_file}")); });
}

bool TrialCommand::writeArgsJsonFile(const TrialContext &trial, QString *error) const
{
    if (!usesArgsJsonFile())
        return true;
    QString why;
    const std::optional<QByteArray> json = paramsJson(trial.params, &why);
    const QString path = argsJsonFile(trial);
    if (!json) {
        if (error)
            *error = QStringLiteral("command: ${args_json_file}: %1").arg(why);
        return false;
    }
    // QSaveFile writes beside the target and renames over it: a link planted under that
    // name is replaced, and what it points to is never written.
    QSaveFile file(path);
    if (!QDir().mkpath(trial.trialDirectory) || !file.open(QIODevice::WriteOnly) || file.write(*json + '\n') < 0
        || !file.commit()) {
        if (error)
            *error = QStringLiteral("command: ${args_json_file}: cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QStringList TrialCommand::pythonPath() const
{
    QStringList out;
    if (!QCoreApplication::instance())
        return out;
    const QDir appDir(QCoreApplication::applicationDirPath());
    // The build tree keeps them in <build>/python (tests run from <build>/tests); an
    // installation in share/tunescope/python, TUNESCOPE_PYTHON_DIR from bin/.
    QString found;
    for (const QString &candidate : {appDir.absoluteFilePath(QStringLiteral("python")),
                                     appDir.absoluteFilePath(QStringLiteral("../python")),
                                     appDir.absoluteFilePath(QStringLiteral(TUNESCOPE_PYTHON_DIR))}) {
        if (QFileInfo::exists(QDir(candidate).absoluteFilePath(QStringLiteral("tunescope_trial.py")))) {
            found = QDir::cleanPath(candidate);
            break;
        }
    }
    if (found.isEmpty())
        return out;
    out << found;
    if (mSpec.trialApi == QLatin1String("nni"))
        out << QDir(found).absoluteFilePath(QStringLiteral("nni-shim"));
    return out;
}

QStringList TrialCommand::argv(const TrialContext &trial, QString *error) const
{
    static const QRegularExpression macro(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_]*)?)\\}"));
    QStringList out;
    for (const QString &element : mSpec.effectiveCommand()) {
        // Whole-element macros that expand to several (or zero) arguments, as the W&B agent's.
        if (element == QLatin1String("${args}")) {
            out << argumentList(trial.params, true);
            continue;
        }
        if (element == QLatin1String("${args_no_hyphens}")) {
            out << argumentList(trial.params, false);
            continue;
        }
        if (element == QLatin1String("${args_no_equals}") || element == QLatin1String("${args_no_boolean_flags}")
            || element == QLatin1String("${args_append_hydra}") || element == QLatin1String("${args_override_hydra}")) {
            for (const auto &[name, value] : mSpec.space.flags(trial.params)) {
                const QString text = paramValueToString(value);
                if (element == QLatin1String("${args_no_equals}")) {
                    out << QStringLiteral("--") + name << text;
                } else if (element == QLatin1String("${args_no_boolean_flags}")) {
                    if (value.typeId() != QMetaType::Bool)
                        out << QStringLiteral("--%1=%2").arg(name, text);
                    else if (value.toBool())
                        out << QStringLiteral("--") + name; // false: the flag is left out
                } else {
                    out << (element == QLatin1String("${args_append_hydra}") ? QStringLiteral("+") : QStringLiteral("++"))
                               + name + u'=' + text;
                }
            }
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
            if (name.startsWith(QLatin1String("envvar:"))) {
                const QString variable = name.mid(7);
                if (!qEnvironmentVariableIsSet(variable.toLocal8Bit().constData())) {
                    if (error)
                        *error = QStringLiteral("command: ${%1}: the environment variable %2 is not set").arg(name, variable);
                    return {};
                }
                expanded += qEnvironmentVariable(variable.toLocal8Bit().constData());
            }
            else if (name == QLatin1String("env"))
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
                const std::optional<QByteArray> json = paramsJson(trial.params, &why);
                if (!json) {
                    if (error)
                        *error = QStringLiteral("command: ${args_json}: %1").arg(why);
                    return {};
                }
                expanded += QString::fromUtf8(*json);
            }
            else if (name == QLatin1String("args_json_file"))
                expanded += argsJsonFile(trial);
            else if (name == QLatin1String("repeat"))
                expanded += QString::number(trial.repeat);
            else if (name == QLatin1String("trial"))
                expanded += QString::number(trial.number);
            else if (name == QLatin1String("trial_dir"))
                expanded += trial.trialDirectory;
            else if (trial.params.contains(name))
                expanded += paramValueToString(trial.params.value(name));
            else if (mSpec.space.find(name))
                ; // a conditional parameter this trial does not have: nothing, as for a false flag
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
    env.insert(QStringLiteral("TUNESCOPE_PARAMS"), QString::fromUtf8(paramsJson(trial.params, nullptr).value_or(QByteArray())));
    env.insert(QStringLiteral("TUNESCOPE_TRIAL_DIR"), trial.trialDirectory);
    env.insert(QStringLiteral("TUNESCOPE_REPEAT"), QString::number(trial.repeat));
    // CPU trials see no GPU at all rather than whichever the framework picks first.
    env.insert(QStringLiteral("CUDA_VISIBLE_DEVICES"), trial.gpu);
    // Python trainers print through a buffer when not on a terminal; live curves need lines now.
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    // tunescope_trial (and for NNI trial code the nni module) before what the user has.
    QStringList pythonPath = this->pythonPath();
    if (!pythonPath.isEmpty()) {
        if (const QString existing = base.value(QStringLiteral("PYTHONPATH")); !existing.isEmpty())
            pythonPath << existing;
        env.insert(QStringLiteral("PYTHONPATH"), pythonPath.join(u':'));
    }
    if (mSpec.trialApi == QLatin1String("nni")) {
        // What NNI's trial runtime sets (nni/runtime/env_vars.py), for code that reads them.
        env.insert(QStringLiteral("NNI_PLATFORM"), QStringLiteral("local"));
        env.insert(QStringLiteral("NNI_EXP_ID"), trial.study);
        env.insert(QStringLiteral("NNI_TRIAL_JOB_ID"), QString::number(trial.number));
        env.insert(QStringLiteral("NNI_TRIAL_SEQ_ID"), QString::number(trial.number));
        env.insert(QStringLiteral("NNI_SYS_DIR"), trial.trialDirectory);
        env.insert(QStringLiteral("NNI_OUTPUT_DIR"), trial.trialDirectory);
    }
    return env;
}

} // namespace tunescope
