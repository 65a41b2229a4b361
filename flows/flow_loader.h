// Loading flows: the YAML files of a folder into validated definitions, the
// definitions into the workflows table (where every process sees them), and
// back into a catalog for the worker.
//
// Thread safety: functions; same rules as Db for the database ones.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "flows/catalog.h"
#include "flows/settings.h"
#include "storage/db.h"
#include "storage/flow_schema.h"

namespace docflow::flows {

struct LoadedFlows {
  std::vector<FlowDefinition> flows;
  std::vector<std::string> errors;  // one per file that did not load: "path: key: problem"
};

// Every *.yaml / *.yml file of dir, in name order. Two files naming the same
// flow: the second is an error.
LoadedFlows LoadFlowDir(const std::string& dir);

// Writes the flows into workflows (disabling file flows whose file is gone),
// sets the cron timer of each schedule flow and the timers of each date flow
// for rows that already exist. A date trigger's table and column must exist
// (Error); an event trigger may name any collection. Returns the number of
// flows written.
Result<int> SyncFlows(Db& db, const FlowSchema& schema, const std::vector<FlowDefinition>& flows);

// The enabled flows of the workflows table as a catalog; definitions that do
// not validate are left out and reported in *errors.
Result<FlowCatalog> CatalogFromDb(Db& db, std::vector<std::string>* errors);

}  // namespace docflow::flows
