// Page-level leases for the OCR stage (table ocr_tasks, migration 0002).
// A job whose preprocess result has image pages enters state 'ocr' with one
// pending task per image page (created by JobStore::Complete). Each task is
// leased to one OCR worker; tokens come from one sequence, so (job, token)
// names a task. When the last task of a job is done, its pages are merged into
// the job's stage_results('ocr') and the job moves to 'classifying', in the
// same transaction (the job row is locked, so two last pages cannot both merge).
//
// Thread safety: as Db (one per thread).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct ClaimedOcrTask {
  long long job_id = 0, document_id = 0, lease_token = 0;
  int page_index = 0, attempts = 0;
};

class OcrTaskStore {
 public:
  explicit OcrTaskStore(Db& db) : db_(db) {}

  // Leases the oldest pending page of a job in state 'ocr' to owner.
  // Empty when there is none.
  Result<std::vector<ClaimedOcrTask>> Claim(const std::string& owner, int lease_seconds);

  // Records the recognised page. Returns false when the token is stale. When
  // it was the job's last page, merges and advances the job.
  Result<bool> Complete(long long job_id, long long token, const nlohmann::json& page, const std::string& worker,
                        double elapsed_ms);

  // A page failed: permanent errors, or the last allowed attempt, fail the
  // whole job ("page K: reason"); otherwise the page is retried.
  // Returns the job's state afterwards ("" when the token was stale).
  Result<std::string> Fail(long long job_id, long long token, const std::string& reason, bool retryable);

  // The worker holding the task is gone: its lease ends now.
  Status Release(long long job_id, long long token, const std::string& reason);
  Status Renew(const std::vector<std::pair<long long, long long>>& jobs_and_tokens, int lease_seconds);
  // Fails jobs with a page whose lease expired after its last attempt.
  Result<int> ReapExhausted();

 private:
  Db& db_;
};

}  // namespace docflow
