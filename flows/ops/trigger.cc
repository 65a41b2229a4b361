// trigger: starts another flow (or this one) with data, once per run of
// this operation; iterate: a list starts one run per item. The new runs
// carry depth + 1: the loop guard stops a chain deeper than max_depth
// (recorded as loop_stopped, never run).
//   flow, data (-> $trigger.data), iterate (a list: $trigger.data = item)
// Output: {"runs": [ids], "loop_stopped": n}.
#include "flows/catalog.h"
#include "flows/expression.h"
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class TriggerOp : public Operation {
 public:
  const char* type() const override { return "trigger"; }
  OpKind kind() const override { return OpKind::kDatabase; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"flow", "data", "iterate"}); !s) return s;
    if (auto s = RequireOption(o, "flow"); !s) return s;
    if (o.contains("data") && o.contains("iterate")) return Permanent("data: give data or iterate, not both");
    return Ok();
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    std::string flow = ToText(o["flow"]);
    const FlowDefinition* target = env.catalog ? env.catalog->Find(flow) : nullptr;
    if (!target) return Permanent("flow: no flow named '" + flow + "'");
    json items = json::array();
    if (o.contains("iterate")) {
      if (o["iterate"].is_array()) items = o["iterate"];
      else if (!o["iterate"].is_null()) return Permanent("iterate: not a list");
    } else {
      items.push_back(o.value("data", json::object()));
    }
    std::vector<NewFlowRun> runs;
    for (size_t i = 0; i < items.size(); ++i) {
      NewFlowRun r;
      r.workflow = flow;
      r.trigger_kind = "flow";
      r.trigger_key = "flow:" + std::to_string(env.run_id) + ":" + env.op_key + ":" + std::to_string(i);
      r.trigger = {{"data", items[i]}, {"parent_run", env.run_id}, {"parent_flow", env.flow}, {"index", i}};
      r.depth = env.depth + 1;
      r.parent_run_id = env.run_id;
      r.stopped_reason = LoopGuard(*target, *env.settings, r.depth);
      runs.push_back(std::move(r));
    }
    auto created = env.tx->AddRuns(runs);
    if (!created) return created.error();
    json ids = json::array();
    int stopped = 0;
    for (const auto& c : *created) {
      ids.push_back(c.id);
      if (c.state == "loop_stopped") ++stopped;
    }
    OpOutcome out;
    out.output = {{"runs", ids}, {"loop_stopped", stopped}};
    return out;
  }
};
}  // namespace

const Operation& TriggerFlow() {
  static const TriggerOp op;
  return op;
}

}  // namespace docflow::flows::ops
