// Private to storage/flow_*.cc: pieces shared by the run store, the trigger
// processing and FlowTx, on an open pqxx transaction.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "storage/flow_items.h"
#include "storage/flow_schema.h"
#include "storage/flow_types.h"

namespace docflow::storage_internal {

// Inserts runs (ON CONFLICT (workflow, key) DO NOTHING) in one statement;
// returns each one's id and whether it was created, in order. A run whose
// workflow does not exist gets id 0.
std::vector<CreatedRun> InsertRuns(pqxx::work& w, const std::vector<NewFlowRun>& runs);

// Sets the transaction's actor ('flow:NAME'), docflow.flow_depth (depth + 1)
// and docflow.flow_run, and the time zone UTC.
void SetFlowIdentity(pqxx::work& w, const std::string& workflow, int depth, long long run_id);

// A FlowTx on w for the run identified by lease.
std::unique_ptr<FlowTx> MakeFlowTx(pqxx::work& w, const FlowSchema& schema, const RunLease& lease);

// Steps as the JSON array jsonb_to_recordset reads.
std::string StepsJson(long long run_id, const std::vector<FlowStepRecord>& steps);
// Upserts steps (and dead letters for dead ones).
void UpsertSteps(pqxx::work& w, long long run_id, const std::vector<FlowStepRecord>& steps);

// An SQL error as an Error: caused by the data (classes 22, 23, 42, P0: a
// bad value, a constraint, a trigger refusing) it is permanent; otherwise
// transient.
Error ClassifySqlError(const pqxx::sql_error& e, const std::string& what);

// JSON parsing of a jsonb column read as text (null when SQL NULL).
nlohmann::json JsonField(const pqxx::field& f);

}  // namespace docflow::storage_internal
