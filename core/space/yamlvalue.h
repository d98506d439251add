#pragma once

// Reading YAML values as the study file means them; shared by its reader and its writer (which
// checks that a string written plain reads back as that string). Internal to the core.

#include <QVariant>

#include <yaml-cpp/yaml.h>

namespace tunescope {

/// A plain YAML scalar as the YAML 1.2 core schema reads it: integer, float, bool or string.
/// Quoted scalars stay strings, so `values: ["1", 2]` holds a string and an integer.
QVariant yamlScalarValue(const YAML::Node &node);
/// A scalar, sequence or mapping as QVariant (QVariantList, QVariantMap); invalid for null.
QVariant yamlToVariant(const YAML::Node &node);

} // namespace tunescope
