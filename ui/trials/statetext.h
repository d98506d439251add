#pragma once

#include "common/trial.h"
#include "space/studyspec.h"

#include <QString>

namespace tunescope {

/// Trial states and goals as people read them, in the interface's language. The core's
/// trialStateName() and goalName() stay the machine names that files and exports carry.
QString stateText(TrialState state);  ///< "COMPLETE", "PRUNED", ... translated
QString goalText(Goal goal);          ///< "minimize" | "maximize", translated

} // namespace tunescope
