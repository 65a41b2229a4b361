#include "flows/webhook.h"

#include <random>

#include "flows/catalog.h"
#include "flows/flow_definition.h"
#include "flows/time_text.h"
#include "storage/flow_runs.h"
#include "storage/flow_workflows.h"

namespace docflow::flows {
using nlohmann::json;

std::string RandomKey() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

namespace {

Result<FlowDefinition> Enabled(Db& db, const std::string& name) {
  auto row = GetWorkflow(db, name);
  if (!row) return row.error();
  if (!*row) return Permanent("no flow named '" + name + "'");
  if (!(*row)->enabled) return Permanent("flow '" + name + "' is disabled");
  return ParseFlow((*row)->definition, "workflows." + name);
}

}  // namespace

Result<CreatedRun> TriggerWebhook(Db& db, const std::string& name, const json& body, const std::string& key,
                                  int depth, const FlowSettings& settings) {
  auto def = Enabled(db, name);
  if (!def) return def.error();
  if (def->trigger.type != TriggerType::kWebhook) return Permanent("flow '" + name + "' has no webhook trigger");
  if (key.size() > 200) return Permanent("Idempotency-Key longer than 200 characters");
  NewFlowRun run;
  run.workflow = name;
  run.trigger_kind = "webhook";
  run.trigger_key = "webhook:" + (key.empty() ? RandomKey() : key);
  run.trigger = {{"body", body}, {"received_at", FormatTimestamp(NowSeconds())}};
  run.depth = std::max(0, depth);
  run.stopped_reason = LoopGuard(*def, settings, run.depth);
  return FlowRunStore(db).Create(run);
}

Result<CreatedRun> TriggerManual(Db& db, const std::string& name, const json& data, const FlowSettings& settings) {
  auto def = Enabled(db, name);
  if (!def) return def.error();
  NewFlowRun run;
  run.workflow = name;
  run.trigger_kind = "manual";
  run.trigger_key = "manual:" + RandomKey();
  // $trigger is the data itself, so a manual run can stand in for an event
  // ({"record": {...}}); anything but an object is wrapped as {"data": ...}.
  run.trigger = data.is_object() ? data : json{{"data", data}};
  run.stopped_reason = LoopGuard(*def, settings, 0);
  return FlowRunStore(db).Create(run);
}

}  // namespace docflow::flows
