// Runs one claimed flow run to its end, durably (migration 0008, storage/
// flow_runs.h). The run walks its operations from the start; each step is
// recorded in flow_steps with its input, output, error and timing:
//
//   pure operations      recorded with the next commit (re-run after a crash
//                        is harmless)
//   database operations  their writes and their step commit together
//   requests and mail    'sent' is committed before they go out, the result
//                        after; a run resumed after a crash finds 'sent' and
//                        sends again with the same Idempotency-Key
//
// A transient failure of a request or mail makes the step 'retrying' with an
// exponential back-off (flows.backoff_ms doubling up to flows.backoff_max_ms,
// +-20% jitter); the run goes back to 'pending' until then (other branches
// go on first). After flows.max_attempts (or the operation's retries) the
// step is 'dead' (a flow_dead_letters row). A failed or dead step follows its
// reject edge when it has one; otherwise the run ends failed (or dead).
// A run resumed after a crash replays the recorded steps (their outputs feed
// the templates) and continues where it stopped.
//
// Thread safety: a Runner uses its Db; one per thread.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "flows/catalog.h"
#include "flows/settings.h"
#include "storage/db.h"
#include "storage/flow_schema.h"
#include "storage/flow_types.h"

namespace docflow::flows {

class Runner {
 public:
  Runner(Db& db, const FlowSettings& settings, std::shared_ptr<const FlowSchema> schema, std::string owner);

  // Runs `run` with the definitions of catalog. Returns the run's state
  // afterwards (succeeded | failed | dead | pending); an Error when the
  // database failed or the lease was lost (the run is then left for its
  // lease to expire and be resumed). With `ends`, the run's last write (its
  // pure steps and state) is appended there for the caller to commit with
  // others (FlowRunStore::FinishMany) instead of being committed here.
  Result<std::string> Execute(const FlowCatalog& catalog, const ClaimedRun& run, std::vector<RunEnd>* ends = nullptr);

  const std::string& owner() const { return owner_; }

 private:
  Db& db_;
  const FlowSettings& settings_;
  std::shared_ptr<const FlowSchema> schema_;
  std::string owner_;
};

// The back-off before attempt `attempt + 1` (attempt >= 1), in milliseconds,
// without jitter: backoff_ms * 2^(attempt-1), at most backoff_max_ms.
double BackoffMs(const FlowSettings& settings, int attempt);

}  // namespace docflow::flows
