#include "storage/idempotency.h"

#include "storage/db_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

Result<IdempotencyClaim> ClaimIdempotencyKey(Db& db, long long token_id, const std::string& key,
                                             const std::string& fingerprint, int stale_seconds) {
  return Transact(db, [&](pqxx::work& w) -> Result<IdempotencyClaim> {
    IdempotencyClaim c;
    // Expired answers and abandoned claims make room for a new claim.
    w.exec_params(
        "DELETE FROM idempotency_keys WHERE token_id = $1 AND key = $2 AND"
        " ((status IS NULL AND created_at < now() - make_interval(secs => $3))"
        "  OR created_at < now() - interval '1 day')",
        token_id, key, stale_seconds);
    auto ins = w.exec_params(
        "INSERT INTO idempotency_keys(token_id, key, fingerprint) VALUES ($1, $2, $3)"
        " ON CONFLICT (token_id, key) DO NOTHING RETURNING 1",
        token_id, key, fingerprint);
    if (!ins.empty()) return c;
    auto r = w.exec_params(
        "SELECT fingerprint, status, response::text FROM idempotency_keys WHERE token_id = $1 AND key = $2", token_id,
        key);
    if (r.empty()) return Transient("idempotency key vanished; retry");
    if (r[0][0].as<std::string>() != fingerprint) {
      c.kind = IdempotencyClaim::Kind::kMismatch;
    } else if (r[0][1].is_null()) {
      c.kind = IdempotencyClaim::Kind::kInProgress;
    } else {
      c.kind = IdempotencyClaim::Kind::kReplay;
      c.status = r[0][1].as<int>();
      c.response = json::parse(r[0][2].as<std::string>(), nullptr, false);
    }
    return c;
  });
}

Status FinishIdempotencyKey(Db& db, long long token_id, const std::string& key, int status, const json& response) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params("UPDATE idempotency_keys SET status = $3, response = $4::jsonb WHERE token_id = $1 AND key = $2",
                  token_id, key, status, response.dump(-1, ' ', false, json::error_handler_t::replace));
  });
}

Status ReleaseIdempotencyKey(Db& db, long long token_id, const std::string& key) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params("DELETE FROM idempotency_keys WHERE token_id = $1 AND key = $2 AND status IS NULL", token_id, key);
  });
}

}  // namespace docflow
