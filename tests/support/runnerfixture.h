#pragma once

// Shared by the runner suites (tst_studyrunner, tst_studybudget, tst_artifactprotocol): a
// study whose trial is a shell script, parsed and run in a temporary folder on a real SQLite
// file, to its end.
#include "execution/studyrunner.h"
#include "space/studyspec.h"
#include "storage/storage.h"

#include <QByteArray>
#include <QSignalSpy>
#include <QString>
#include <QtGlobal>

#include <memory>

namespace fixture {

using namespace tunescope;

/// Spec text for a study whose trial program is a shell script (run as an argv, no shell
/// line: sh gets the script as its -c argument and the parameters as "$@"). `params` is the
/// parameters block, `extra` further keys (the method among them: no default here).
inline QByteArray shellStudy(const QString &script, const QString &params, const QString &extra = {})
{
    QString quoted = script;
    quoted.replace('\\', "\\\\").replace('"', "\\\"");
    return QStringLiteral("name: s\nprogram: sh\ncommand: [\"/bin/sh\", \"-c\", \"%1\", \"sh\", \"${args}\"]\n"
                          "metric: {name: loss}\nparameters:\n%2\n%3\n")
        .arg(quoted, params, extra)
        .toUtf8();
}

/// The spec that `text` holds, run in `folder`. A spec that does not parse is the suite's own
/// mistake: the program stops with its errors.
inline StudySpec specIn(const QString &folder, const QByteArray &text)
{
    const SpecLoadResult r = parseStudySpec(text, "test.yaml");
    if (!r.spec)
        qFatal("%s", qPrintable(r.errors.join('\n')));
    StudySpec s = *r.spec;
    s.workingDirectory = folder;
    return s;
}

/// A SQLite storage at `path`, opened (created) or the program stops with the error.
inline std::unique_ptr<Storage> openStorage(const QString &path)
{
    QString error;
    auto s = Storage::open(path, &error);
    if (!s)
        qFatal("%s", qPrintable(error));
    return s;
}

/// Starts the runner and waits for it to finish (a warning after timeoutMs); the study's
/// stored trials with their values.
inline QList<Trial> runToEnd(StudyRunner &runner, Storage &store, int timeoutMs = 30000)
{
    QSignalSpy done(&runner, &StudyRunner::finished);
    runner.start();
    if (!done.wait(timeoutMs))
        qWarning("runner did not finish in time");
    return store.trials(runner.studyId(), true).value_or(QList<Trial>());
}

} // namespace fixture
