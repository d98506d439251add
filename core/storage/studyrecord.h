#pragma once

#include "space/studyspec.h"
#include "storage/storage.h"

namespace tunescope {

/// The record a study file makes in storage: its name, method, first objective and goal, and
/// the file itself (as YAML) for whoever opens the study later.
StudyRecord studyRecordFor(const StudySpec &spec);

} // namespace tunescope
