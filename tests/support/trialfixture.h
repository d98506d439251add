#pragma once

#include "common/trial.h"

#include <optional>

namespace fixture {

/// A trial with a number, a state and an objective value, and nothing else.
inline tunescope::Trial trial(int number, tunescope::TrialState state, std::optional<double> value)
{
    tunescope::Trial t;
    t.number = number;
    t.state = state;
    t.value = value;
    return t;
}

} // namespace fixture
