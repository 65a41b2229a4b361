// An operation type (condition, item-create, request, mail, ...): checks its
// options when a flow is loaded, and runs with options already rendered
// against the run's context (flows/template.h). Each type lives in its own
// file under flows/ops/.
//
// Three kinds, which decide how the runner (flows/runner.h) records them:
//   kPure      no side effect (condition, transform, log): re-running after a
//              crash is harmless; recorded with the next commit
//   kDatabase  writes through the FlowTx it is given; its writes and its step
//              record commit in ONE transaction: exactly once
//   kExternal  talks to another system (request, mail): the step is recorded
//              'sent' BEFORE it goes out, and the result after; a crash in
//              between sends it again with the same idempotency key
//
// Thread safety: Operation objects are stateless singletons; Run may be
// called from several threads at once.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "flows/settings.h"
#include "storage/flow_items.h"

namespace docflow::flows {

class FlowCatalog;

enum class OpKind { kPure, kDatabase, kExternal };

// What an operation did.
struct OpOutcome {
  enum State { kResolved, kRejected, kSkipped };
  State state = kResolved;
  nlohmann::json output;  // the step's output: "$last" of what follows, and "<key>" for later operations
  std::string note;       // why it was rejected or skipped (recorded as the step's error text)
};

// What an operation may use while it runs.
struct OpEnv {
  const FlowSettings* settings = nullptr;
  const FlowCatalog* catalog = nullptr;  // the loaded flows (trigger, schedule)
  const nlohmann::json* context = nullptr;  // $trigger, $last, $settings, $run, operation outputs
  long long run_id = 0;
  std::string flow, op_key;
  int depth = 0;
  int attempt = 1;                // 1 for the first try
  std::string idempotency_key;    // "docflow-<run>-<op>": the same on every retry and after a crash
  FlowTx* tx = nullptr;           // kDatabase only: the step's transaction
};

class Operation {
 public:
  virtual ~Operation() = default;
  virtual const char* type() const = 0;
  virtual OpKind kind() const = 0;
  // Checks the options as written (templates not rendered). Errors name the option.
  virtual Status Validate(const nlohmann::json& options) const = 0;
  // Runs with rendered options. An Error fails the step; for kExternal a
  // retryable Error is retried with back-off (then dead-lettered).
  virtual Result<OpOutcome> Run(const nlohmann::json& options, OpEnv& env) const = 0;
  // The options as recorded in flow_steps.input (secrets such as webhook
  // URL paths masked). Default: as they are.
  virtual nlohmann::json Recorded(const nlohmann::json& options) const { return options; }
};

// The operation type named `type`, or nullptr.
const Operation* FindOperation(const std::string& type);
std::vector<std::string> OperationTypes();

// Helpers for Validate: the option `key` of options is present / a string /
// an object ... Errors read "<key>: required" etc.
Status RequireOption(const nlohmann::json& options, const std::string& key);
Status OptionalString(const nlohmann::json& options, const std::string& key);
Status AllowedOptions(const nlohmann::json& options, const std::vector<std::string>& keys);

}  // namespace docflow::flows
