#include "space/studyconversion.h"

#include "space/nniexperiment.h"
#include "space/studyspec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <yaml-cpp/yaml.h>

namespace tunescope {

ConvertedStudy convertToStudyFile(const QString &input, const QString &outputFolder)
{
    ConvertedStudy result;
    const QFileInfo info(input);
    QFile file(input);
    if (!file.open(QIODevice::ReadOnly)) {
        result.issues << SpecIssue{QString(), QStringLiteral("cannot read it: %1").arg(file.errorString())};
        return result;
    }
    const QByteArray text = file.readAll();
    const QByteArray header = "# Converted from " + info.fileName().toUtf8() + " by tunescope convert.\n";

    bool bareSpace = false;
    try {
        bareSpace = isNniSearchSpace(YAML::Load(text.toStdString()));
    } catch (const YAML::Exception &) {
        bareSpace = false; // parseStudySpec says where it is malformed
    }
    if (bareSpace) {
        QList<SpecIssue> issues;
        const QList<Parameter> params = readNniSearchSpaceFile(input, &issues);
        result.issues = issues;
        SearchSpace space(params);
        result.issues << space.validate();
        result.searchSpaceOnly = true;
        result.ok = std::none_of(result.issues.begin(), result.issues.end(), [](const SpecIssue &i) { return i.isError(); });
        if (result.ok)
            result.yaml = header
                          + "# An NNI search space: add the trial's program (or command), method and metric to run it.\n"
                          + searchSpaceToYaml(space);
        return result;
    }

    const SpecLoadResult loaded = loadStudySpec(input);
    result.issues = loaded.issues;
    if (!loaded.spec)
        return result;
    StudySpec spec = *loaded.spec;
    // Folders the input names relative to itself, named relative to where the output goes.
    const QDir from(info.absolutePath());
    const QDir to(QFileInfo(outputFolder).absoluteFilePath());
    if (from != to) {
        const QString run = spec.runDirectory();
        spec.trialWorkingDirectory = to.relativeFilePath(run);
        if (spec.trialWorkingDirectory == QLatin1String("."))
            spec.trialWorkingDirectory.clear();
        if (!spec.program.isEmpty() && QFileInfo(spec.program).isRelative() && QFileInfo::exists(from.absoluteFilePath(spec.program)))
            spec.program = to.relativeFilePath(from.absoluteFilePath(spec.program));
        if (!spec.storage.isEmpty() && !spec.storage.contains(QLatin1String("://")) && QFileInfo(spec.storage).isRelative())
            spec.storage = to.relativeFilePath(from.absoluteFilePath(spec.storage));
    }
    result.yaml = header + studySpecToYaml(spec);
    result.ok = true;
    return result;
}

} // namespace tunescope
