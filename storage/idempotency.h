// Idempotency keys of the HTTP upload (table idempotency_keys, migration
// 0005). An upload carrying an Idempotency-Key first claims (token, key);
// when it has its answer it records it; a later request with the same key
// from the same token gets that answer again instead of doing the work twice.
//
// A claim left unfinished for more than `stale_seconds` (the process died
// in the middle) may be taken over; a finished answer is kept for a day.
//
// Errors: database errors are transient.
// Thread safety: same as Db (one per thread).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct IdempotencyClaim {
  enum class Kind {
    kNew,         // claimed: do the work, then FinishIdempotentRequest
    kReplay,      // answered before: send status + response
    kInProgress,  // another request with this key is being worked on
    kMismatch,    // the key was used for a different request (other fingerprint)
  };
  Kind kind = Kind::kNew;
  int status = 0;
  nlohmann::json response;
};

Result<IdempotencyClaim> ClaimIdempotencyKey(Db& db, long long token_id, const std::string& key,
                                             const std::string& fingerprint, int stale_seconds = 60);

// Records the answer of a claimed key.
Status FinishIdempotencyKey(Db& db, long long token_id, const std::string& key, int status,
                            const nlohmann::json& response);

// Gives a claimed key up (the work failed and may be retried with the key).
Status ReleaseIdempotencyKey(Db& db, long long token_id, const std::string& key);

}  // namespace docflow
