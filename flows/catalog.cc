#include "flows/catalog.h"

namespace docflow::flows {

FlowCatalog::FlowCatalog(std::vector<FlowDefinition> flows) : flows_(std::move(flows)) {
  for (size_t i = 0; i < flows_.size(); ++i) by_name_[flows_[i].name] = i;
}

const FlowDefinition* FlowCatalog::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &flows_[it->second];
}

std::string LoopGuard(const FlowDefinition& flow, const FlowSettings& settings, int depth) {
  int max = flow.max_depth > 0 ? flow.max_depth : settings.max_depth;
  if (depth <= max) return "";
  return "loop guard: depth " + std::to_string(depth) + " exceeds " + std::to_string(max) + " (" +
         (flow.max_depth > 0 ? "max_depth of the flow" : "flows.max_depth") +
         "): this run was caused by a chain of " + std::to_string(depth) + " flow runs";
}

}  // namespace docflow::flows
