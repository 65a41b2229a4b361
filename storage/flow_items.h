// FlowTx: what a flow's database operations (item create/read/update,
// notify, assign, schedule, trigger) may do, inside the ONE transaction that
// also records their step (storage/flow_runs.h: CommitStep). So a database
// operation happens exactly once: its writes and its step commit together,
// or neither does.
//
// Table and column names are checked against the FlowSchema allowlist and
// quoted; values are parameters. Writes carry the run's identity: the
// transaction sets docflow.actor 'flow:NAME' (audited in logs, a machine for
// manual_fields), docflow.flow_depth (depth + 1: the loop guard of the
// events these writes cause) and docflow.flow_run.
//
// Errors: a refused name, a constraint violation or bad data is permanent;
// a lost connection is transient. After an Error the transaction is rolled
// back by the caller.
//
// Thread safety: a FlowTx lives for one transaction on one thread.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/flow_types.h"

namespace docflow {

struct ItemQuery {
  nlohmann::json filter;           // flows/filter.h rules on columns
  std::vector<std::string> sort;   // "column" or "-column" (descending)
  int limit = 100;                 // 1-1000
  std::string aggregate;           // "" (rows) | count | sum | avg | min | max
  std::string field;               // the column of sum/avg/min/max
};

class FlowTx {
 public:
  virtual ~FlowTx() = default;

  // Inserts one row (an object) or several (a list); returns the created rows
  // as a list. A value {"$nextval": "sequence"} is the sequence's next value,
  // taken once per call: every row of the call gets the same one (the lines
  // of one accounting entry).
  virtual Result<nlohmann::json> CreateItems(const std::string& table, const nlohmann::json& rows) = 0;

  // Rows as a list of objects, or {"count": n} / {"sum": x} ... for an aggregate.
  virtual Result<nlohmann::json> ReadItems(const std::string& table, const ItemQuery& query) = 0;

  // Updates the rows matching filter (never empty: a whole table is refused)
  // with values; returns them as a list. create_if_none: when no row matched,
  // inserts values plus the filter's equality values and returns that row.
  virtual Result<nlohmann::json> UpdateItems(const std::string& table, const nlohmann::json& filter,
                                             const nlohmann::json& values, bool create_if_none) = 0;

  // The next active user of role: "round-robin" (the one assigned longest
  // ago; its last_assigned_at becomes now) or "least-loaded" (fewest open
  // tasks and open leads; ties by round-robin). The users row, or null when
  // the role has no active user.
  virtual Result<nlohmann::json> PickUser(const std::string& role, const std::string& strategy) = 0;

  // A timer firing flow `workflow` at `due` with `data` as $trigger.data,
  // once per key. Returns its id.
  virtual Result<long long> AddTimer(const std::string& workflow, const std::string& key, double due,
                                     const nlohmann::json& data, int depth) = 0;

  // Runs of flows (the trigger operation); each once per (workflow, key).
  virtual Result<std::vector<CreatedRun>> AddRuns(const std::vector<NewFlowRun>& runs) = 0;
};

}  // namespace docflow
