// The flows a process knows: validated definitions by name, and the loop
// guard that every way of starting a run goes through.
//
// Thread safety: immutable after construction; share it (the worker swaps a
// whole new catalog in when definitions change).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "flows/flow_definition.h"
#include "flows/settings.h"

namespace docflow::flows {

class FlowCatalog {
 public:
  FlowCatalog() = default;
  explicit FlowCatalog(std::vector<FlowDefinition> flows);

  const FlowDefinition* Find(const std::string& name) const;
  const std::vector<FlowDefinition>& all() const { return flows_; }

 private:
  std::vector<FlowDefinition> flows_;
  std::map<std::string, size_t> by_name_;
};

// The loop guard: "" when a run of flow at this depth may run, else why not
// ("loop guard: depth 11 exceeds 10 ..."). depth counts the flow runs that
// led to this one (0: started by a document, a person, a schedule).
std::string LoopGuard(const FlowDefinition& flow, const FlowSettings& settings, int depth);

}  // namespace docflow::flows
