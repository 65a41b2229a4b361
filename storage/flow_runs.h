// The flow engine's runs and steps (migration 0008_flows): creating runs
// exactly once, claiming them with a lease (FOR UPDATE SKIP LOCKED, like the
// job queue), recording each step, finishing. Every write made while running
// names the lease token; once the lease is lost (the run was reclaimed after
// this worker was presumed dead) writes are refused with kFlowLeaseLost and
// nothing is written.
//
// Thread safety: a FlowRunStore uses its Db; one per thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"
#include "storage/flow_items.h"
#include "storage/flow_schema.h"
#include "storage/flow_types.h"

namespace docflow {

// The message of the Error returned when the lease is gone.
inline constexpr const char* kFlowLeaseLost = "flow run lease lost";

class FlowRunStore {
 public:
  explicit FlowRunStore(Db& db) : db_(db) {}

  // Creates the run unless (workflow, trigger_key) exists; either way returns
  // its id. Error when the workflow does not exist.
  Result<CreatedRun> Create(const NewFlowRun& run);

  // Leases up to limit runs that are due (pending and next_attempt_at
  // passed, or running with an expired lease: a worker died) to owner, with
  // their recorded steps.
  Result<std::vector<ClaimedRun>> Claim(const std::string& owner, int limit, int lease_seconds);
  // The same for one run (`docflow flow run` runs its run itself); empty
  // when it is not due or another worker holds it.
  Result<std::vector<ClaimedRun>> ClaimOne(long long run_id, const std::string& owner, int lease_seconds);

  // Upserts steps and extends the lease. A step in state 'dead' also gets a
  // flow_dead_letters row.
  Status SaveSteps(const RunLease& lease, const std::vector<FlowStepRecord>& steps, int lease_seconds);

  // In ONE transaction: checks and extends the lease, saves `before`, runs
  // op(tx) (a database operation, with the run's actor and depth set), and
  // saves the step op returns. An Error from op rolls everything back.
  Result<FlowStepRecord> CommitStep(const RunLease& lease, const std::vector<FlowStepRecord>& before,
                                    const FlowSchema& schema, int lease_seconds,
                                    const std::function<Result<FlowStepRecord>(FlowTx&)>& op);

  // Gives a claimed run back untouched (claimed in a batch, not started in
  // time): pending again, the claim not counted.
  Status Release(const RunLease& lease);

  // Saves steps and ends the lease: state 'pending' (a step waits to retry
  // until next_attempt_at) or final (succeeded | failed | dead).
  Status Finish(const RunLease& lease, const std::vector<FlowStepRecord>& steps, const std::string& state,
                const std::string& error, double next_attempt_at);

  // Finish for many runs in ONE transaction (one commit for a batch of runs
  // whose operations committed their own effects already). A run whose
  // lease was lost is skipped, nothing written for it; returns their ids.
  Result<std::vector<long long>> FinishMany(const std::vector<RunEnd>& ends);

 private:
  Db& db_;
};

// Queries for `docflow flow runs|show` and tests.
Result<std::vector<FlowRunInfo>> ListFlowRuns(Db& db, const std::string& workflow, int limit);
Result<std::optional<FlowRunInfo>> GetFlowRun(Db& db, long long run_id);  // with its steps
// Runs per state for each workflow.
Result<std::map<std::string, std::map<std::string, long long>>> FlowRunCounts(Db& db);
// Dead or failed steps of a finished run become 'retrying' (attempts reset)
// and the run 'pending' again; dead letters are marked resolved. Returns how
// many steps were re-armed (0: nothing to retry).
Result<int> RetryFlowRun(Db& db, long long run_id);
// Epoch seconds of the earliest pending run or timer not due yet (0: none),
// for the worker's sleep.
Result<double> NextFlowWakeUp(Db& db);

}  // namespace docflow
