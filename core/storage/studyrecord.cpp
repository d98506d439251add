#include "storage/studyrecord.h"

namespace tunescope {

StudyRecord studyRecordFor(const StudySpec &spec)
{
    StudyRecord record;
    record.name = spec.name;
    record.method = spec.method;
    record.metricName = spec.objective().name;
    record.goal = goalName(spec.objective().goal);
    record.specYaml = studySpecToYaml(spec);
    return record;
}

} // namespace tunescope
