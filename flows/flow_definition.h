// A flow: one trigger and a tree of operations, read from a YAML file in
// flows/ (or the JSON stored in workflows.definition) and validated before it
// can run. flows/README.md documents the format; in short:
//
//   name: invoice-received            # ^[a-z0-9][a-z0-9_.-]*$, unique
//   description: ...
//   trigger: {type: event, collection: invoices, actions: [create], filter: {...}}
//   start: facts                      # first operation(s); in a YAML file, default: the first listed
//   operations:
//     facts: {type: transform, value: {...}, resolve: [a, b], reject: c}
//
// Operations form a graph without cycles from the start: "resolve: [a, b]"
// runs a and b as independent branches; an operation reached from several
// places (the two sides of a condition meeting again) runs once, on the
// first arrival, and "$last" is the output of the operation it came from.
//
// Errors name the file (or origin) and the key: "flows/x.yaml:
// operations.pay.collection: required".
//
// Thread safety: a FlowDefinition is a plain value.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace docflow::flows {

enum class TriggerType { kEvent, kSchedule, kDate, kWebhook, kManual };
const char* TriggerTypeName(TriggerType t);

struct DateOffset {
  double n = 0;
  std::string unit = "days";
  std::string text;  // as written, e.g. "-30 days"; part of the timer key
};

struct TriggerSpec {
  TriggerType type = TriggerType::kManual;
  std::string collection;            // event, date: a table name
  std::vector<std::string> actions;  // event: create | update | delete (or another topic suffix: match, duplicate)
  nlohmann::json filter;             // event, date: rules over $trigger (null: none)
  std::string cron;                  // schedule
  std::string field;                 // date: the date/timestamp column
  std::vector<DateOffset> offsets;   // date: e.g. -90 days, -30 days
  bool fire_past = false;            // date: fire timers already past when they are set (default: skip them)
};

struct OperationSpec {
  std::string key;
  std::string type;
  nlohmann::json options;  // everything else under the key (templates, unrendered)
  std::vector<std::string> resolve, reject;
  int max_attempts = 0;    // request/mail: 0 = flows.max_attempts
};

struct FlowDefinition {
  std::string name, description, origin;
  bool enabled = true;
  int max_depth = 0;  // 0 = flows.max_depth
  TriggerSpec trigger;
  std::vector<std::string> start;
  std::vector<OperationSpec> operations;  // by key (JSON objects keep no order)
  nlohmann::json source;                  // the definition as JSON (stored in workflows.definition)

  const OperationSpec* Find(const std::string& key) const;
};

// Parses and validates a definition given as JSON; origin names it in errors.
Result<FlowDefinition> ParseFlow(const nlohmann::json& source, const std::string& origin);

// Reads a YAML file (plain scalars become numbers, booleans and null as YAML
// says; quoted ones stay text) and parses it. Without `start`, the first
// operation of the file starts (and start is written into the source).
Result<FlowDefinition> LoadFlowFile(const std::string& path);
Result<FlowDefinition> ParseFlowYaml(const std::string& yaml_text, const std::string& origin);

// YAML text -> JSON with typed scalars (exposed for tests).
Result<nlohmann::json> YamlToJson(const std::string& yaml_text);

}  // namespace docflow::flows
