// The job queue in PostgreSQL (table jobs; state machine in pipeline/stages.h).
// Dispatch takes rows with FOR UPDATE SKIP LOCKED and a lease: lease_token is
// bumped at each dispatch, and every later write for the job names the token
// it was given, so a result from a stale (presumed dead) worker is refused.
//
// Thread safety: a JobStore uses its Db; same rules as Db (one per thread).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct ClaimedJob {
  long long job_id = 0;
  long long document_id = 0;
  long long lease_token = 0;
  int attempts = 0;  // including this dispatch
};

struct JobInfo {
  long long job_id = 0, document_id = 0;
  std::string state, last_error;
  int attempts = 0, max_attempts = 0;
  long long lease_token = 0;
  bool leased = false;
};

struct JobEvent {
  std::string at, state, message;
  int attempt = 0;
};

class JobStore {
 public:
  explicit JobStore(Db& db) : db_(db) {}

  // Fails jobs whose lease expired after their last allowed attempt. Returns
  // how many were failed.
  Result<int> ReapExhausted();

  // Leases up to limit runnable jobs of `stage` (waiting, or with an expired
  // lease and attempts left) to owner for lease_seconds, oldest first.
  Result<std::vector<ClaimedJob>> Claim(const std::string& stage, int limit, const std::string& owner,
                                        int lease_seconds);

  // Extends the leases of jobs held by live workers.
  Status Renew(const std::vector<std::pair<long long, long long>>& jobs_and_tokens, int lease_seconds);

  // The worker holding (job, token) is gone: the lease ends now, so the job is
  // dispatched again (or failed by ReapExhausted when out of attempts).
  Status Release(long long job_id, long long lease_token, const std::string& reason);

  // Records stage's result and moves the job to next_state ("" for done) in
  // one transaction; entering 'ocr' creates one OCR task per image page of
  // result["pages"] (see storage/ocr_tasks.h). Returns false (and writes nothing) when the token is
  // stale or the job is no longer in that stage.
  Result<bool> Complete(long long job_id, long long lease_token, const std::string& stage,
                        const nlohmann::json& result, const std::string& next_state, const std::string& worker,
                        double elapsed_ms);

  // The stage failed. A permanent error, or the last allowed attempt, fails
  // the job; otherwise its lease ends so it is retried. Returns the new state
  // ("" when the token was stale).
  Result<std::string> Fail(long long job_id, long long lease_token, const std::string& reason, bool retryable);

  // The stored result of stage for job (null when absent).
  Result<nlohmann::json> StageResult(long long job_id, const std::string& stage);

  Result<JobInfo> Get(long long job_id);
  Result<std::map<std::string, long long>> CountsByState();
  Result<std::vector<JobEvent>> History(long long job_id);
  // Jobs not finished yet (state not done/failed).
  Result<long long> PendingCount();

 private:
  Db& db_;
};

}  // namespace docflow
