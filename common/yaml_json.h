// YAML to JSON for the configuration and the settings that may arrive as YAML
// text in an environment variable (DOCFLOW_INBOX_FOLDERS, DOCFLOW_MAIL_ACCOUNTS).
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "common/result.h"

namespace docflow {

// The JSON of a YAML node: maps, sequences, null; every scalar is a string
// (the configuration's typed getters convert). Never throws.
nlohmann::json YamlToJson(const YAML::Node& n);

// A structured setting as given: a JSON value from the file as is, or YAML
// text (an environment override) parsed. Blank text is null. Error "KEY:
// cannot read: ..." on text that is not YAML.
Result<nlohmann::json> StructuredSetting(const nlohmann::json& value, const std::string& key);

}  // namespace docflow
