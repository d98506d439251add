// libFuzzer target: the study-file loader (YAML/JSON -> StudySpec), and what a loaded spec
// feeds next: the search space, the trial command line and the spec writer.
#include "common/paramcodec.h"
#include "space/searchspace.h"
#include "space/studyspec.h"
#include "execution/trialcommand.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace tunescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // Study files are small; megabytes only make yaml-cpp slow, not the search better.
    if (size > 64 * 1024)
        return 0;
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const SpecLoadResult loaded = parseStudySpec(text, QStringLiteral("fuzz.yaml"));
    if (!loaded.spec)
        return 0;
    const StudySpec &spec = *loaded.spec;

    for (const double u : {0.0, 0.5, 1.0}) {
        const QVariantMap params = spec.space.decode(std::vector<double>(size_t(spec.space.dimension()), u));
        TrialContext context;
        context.study = spec.name;
        context.number = 1;
        context.params = params;
        const TrialCommand command(spec);
        QString error;
        (void)command.argv(context, &error);
        (void)paramsToJson(params);
    }

    // What the writer makes of an accepted spec must load again (a study's spec is stored
    // with it and read back by `resume`, `worker` and the GUI).
    const QByteArray yaml = studySpecToYaml(spec);
    const SpecLoadResult again = parseStudySpec(yaml, QStringLiteral("fuzz-roundtrip.yaml"));
    if (!again.spec) {
        fprintf(stderr, "accepted spec does not load back:\n%s\n--- errors:\n%s\n", yaml.constData(),
                qPrintable(again.errors.join(QLatin1Char('\n'))));
        abort();
    }
    return 0;
}
