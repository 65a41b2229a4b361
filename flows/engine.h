// FlowEngine: one worker thread's share of the flow engine, on one database
// connection: turn new events into runs, fire due timers, claim runs and run
// them (flows/runner.h). `docflow flows` runs several engines on threads
// (flows/worker.h); tests and `docflow flow run` use one directly.
//
// Thread safety: one FlowEngine per thread; the catalog it is given is
// shared and immutable.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "flows/catalog.h"
#include "flows/runner.h"
#include "flows/settings.h"
#include "storage/db.h"
#include "storage/flow_schema.h"

namespace docflow::flows {

class FlowEngine {
 public:
  FlowEngine(Db& db, const FlowSettings& settings, std::shared_ptr<const FlowSchema> schema, std::string owner);

  // Loads settings.dir, writes the flows into workflows (SyncFlows) and
  // returns the catalog of enabled flows. Files that do not load are listed
  // in *errors (and left out). Error when settings.dir is not a folder
  // (nothing is then written or disabled).
  static Result<std::shared_ptr<const FlowCatalog>> LoadAndSync(Db& db, const FlowSettings& settings,
                                                                const FlowSchema& schema,
                                                                std::vector<std::string>* errors);

  // One pass: up to settings.batch events, timers and runs. Returns how much
  // was done (0: nothing to do right now).
  Result<int> Step(const FlowCatalog& catalog);

  // Steps until a pass does nothing, or max_seconds passed. Runs waiting to
  // retry later are left pending.
  Result<int> RunUntilIdle(const FlowCatalog& catalog, double max_seconds = 60);

  // Claims and runs one run now (`docflow flow run`). Returns its state, or
  // "" when another worker holds it.
  Result<std::string> RunOne(const FlowCatalog& catalog, long long run_id);

 private:
  Db& db_;
  const FlowSettings& settings_;
  std::shared_ptr<const FlowSchema> schema_;
  Runner runner_;
};

}  // namespace docflow::flows
