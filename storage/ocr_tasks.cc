#include "storage/ocr_tasks.h"

#include <map>
#include <set>
#include <stdexcept>

#include "storage/db_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

namespace {

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void Event(pqxx::work& w, long long job_id, const std::string& state, int attempt, const std::string& message) {
  w.exec_params("INSERT INTO job_events(job_id, state, attempt, message) VALUES ($1, $2, $3, $4)", job_id, state,
                attempt, message);
}

// Locks the job row; true when it is still in the OCR stage.
bool LockOcrJob(pqxx::work& w, long long job_id) {
  auto r = w.exec_params("SELECT state FROM jobs WHERE id = $1 FOR UPDATE", job_id);
  return !r.empty() && r[0][0].as<std::string>() == "ocr";
}

void FailJob(pqxx::work& w, long long job_id, const std::string& error, int attempt) {
  w.exec_params(
      "UPDATE jobs SET state = 'failed', last_error = $2, finished_at = now(), updated_at = now(),"
      " lease_owner = NULL, lease_expires_at = NULL WHERE id = $1",
      job_id, error);
  w.exec_params("UPDATE ocr_tasks SET lease_expires_at = NULL WHERE job_id = $1", job_id);
  Event(w, job_id, "failed", attempt, error);
}

}  // namespace

Result<std::vector<ClaimedOcrTask>> OcrTaskStore::Claim(const std::string& owner, int lease_seconds) {
  return Transact(db_, [&](pqxx::work& w) {
    auto r = w.exec_params(
        "WITH picked AS ("
        "  SELECT t.job_id, t.page_index FROM ocr_tasks t JOIN jobs j ON j.id = t.job_id"
        "  WHERE j.state = 'ocr' AND t.state = 'pending'"
        "    AND (t.lease_expires_at IS NULL OR (t.lease_expires_at < now() AND t.attempts < j.max_attempts))"
        "  ORDER BY t.job_id, t.cost DESC, t.page_index LIMIT 1 FOR UPDATE OF t SKIP LOCKED)"
        " UPDATE ocr_tasks t SET attempts = t.attempts + 1, lease_token = nextval('ocr_task_tokens'),"
        "   lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2), updated_at = now()"
        " FROM picked WHERE t.job_id = picked.job_id AND t.page_index = picked.page_index"
        " RETURNING t.job_id, (SELECT document_id FROM jobs WHERE id = t.job_id), t.page_index, t.lease_token,"
        "   t.attempts",
        owner, lease_seconds);
    std::vector<ClaimedOcrTask> out;
    for (const auto& row : r) {
      ClaimedOcrTask t{row[0].as<long long>(), row[1].as<long long>(), row[3].as<long long>(), row[2].as<int>(),
                       row[4].as<int>()};
      Event(w, t.job_id, "ocr", t.attempts, "page " + std::to_string(t.page_index) + " dispatched to " + owner);
      out.push_back(t);
    }
    return out;
  });
}

Result<bool> OcrTaskStore::Complete(long long job_id, long long token, const json& page, const std::string& worker,
                                    double elapsed_ms) {
  return Transact(db_, [&](pqxx::work& w) -> bool {
    if (!LockOcrJob(w, job_id)) return false;
    auto done = w.exec_params(
        "UPDATE ocr_tasks SET state = 'done', result = $3::jsonb, lease_owner = $4, lease_expires_at = NULL,"
        " elapsed_ms = $5, updated_at = now()"
        " WHERE job_id = $1 AND lease_token = $2 AND state = 'pending' RETURNING page_index",
        job_id, token, Dump(page), worker, elapsed_ms);
    if (done.empty()) return false;
    auto left = w.exec_params("SELECT count(*) FROM ocr_tasks WHERE job_id = $1 AND state = 'pending'", job_id);
    if (left[0][0].as<long long>() > 0) return true;

    // Last page: merge the recognised pages into the preprocess result.
    auto pre = w.exec_params("SELECT result::text FROM stage_results WHERE job_id = $1 AND stage = 'preprocess'",
                             job_id);
    if (pre.empty()) throw std::runtime_error("preprocess result missing for job " + std::to_string(job_id));
    json merged = json::parse(pre[0][0].as<std::string>());
    std::map<int, json> ocrd;
    double total_ms = 0;
    for (const auto& row : w.exec_params(
             "SELECT page_index, result::text, coalesce(elapsed_ms, 0) FROM ocr_tasks WHERE job_id = $1", job_id)) {
      ocrd[row[0].as<int>()] = json::parse(row[1].as<std::string>());
      total_ms += row[2].as<double>();
    }
    for (auto& p : merged["pages"]) {
      auto it = ocrd.find(p.value("index", -1));
      if (it == ocrd.end()) continue;
      std::string sha = p.value("image_sha256", "");
      p = it->second;
      if (!sha.empty()) p["image_sha256"] = sha;
    }
    w.exec_params(
        "INSERT INTO stage_results(job_id, stage, result, worker, elapsed_ms) VALUES ($1, 'ocr', $2::jsonb, $3, $4)"
        " ON CONFLICT (job_id, stage) DO UPDATE SET result = EXCLUDED.result, worker = EXCLUDED.worker,"
        " elapsed_ms = EXCLUDED.elapsed_ms, updated_at = now()",
        job_id, Dump(json{{"pages", merged["pages"]}}), worker, total_ms);
    w.exec_params(
        "UPDATE jobs SET state = 'classifying', attempts = 0, lease_owner = NULL, lease_expires_at = NULL,"
        " updated_at = now() WHERE id = $1",
        job_id);
    Event(w, job_id, "classifying", 0, "ocr done: " + std::to_string(ocrd.size()) + " page(s)");
    return true;
  });
}

Result<std::string> OcrTaskStore::Fail(long long job_id, long long token, const std::string& reason, bool retryable) {
  return Transact(db_, [&](pqxx::work& w) -> std::string {
    if (!LockOcrJob(w, job_id)) return "";
    auto t = w.exec_params(
        "SELECT t.page_index, t.attempts, j.max_attempts FROM ocr_tasks t JOIN jobs j ON j.id = t.job_id"
        " WHERE t.job_id = $1 AND t.lease_token = $2 AND t.state = 'pending'",
        job_id, token);
    if (t.empty()) return "";
    int page = t[0][0].as<int>(), attempts = t[0][1].as<int>(), max = t[0][2].as<int>();
    std::string error = "page " + std::to_string(page + 1) + ": " + reason;
    if (!retryable || attempts >= max) {
      FailJob(w, job_id, error, attempts);
      return "failed";
    }
    w.exec_params(
        "UPDATE ocr_tasks SET lease_expires_at = NULL, lease_owner = NULL, last_error = $3, updated_at = now()"
        " WHERE job_id = $1 AND lease_token = $2",
        job_id, token, reason);
    w.exec_params("UPDATE jobs SET last_error = $2, updated_at = now() WHERE id = $1", job_id, error);
    Event(w, job_id, "ocr", attempts, error);
    return "ocr";
  });
}

Status OcrTaskStore::Release(long long job_id, long long token, const std::string& reason) {
  return Transact(db_, [&](pqxx::work& w) {
    auto r = w.exec_params(
        "UPDATE ocr_tasks SET lease_expires_at = now() - interval '1 millisecond', last_error = $3,"
        " updated_at = now() WHERE job_id = $1 AND lease_token = $2 AND state = 'pending'"
        " RETURNING page_index, attempts",
        job_id, token, reason);
    if (!r.empty()) {
      w.exec_params("UPDATE jobs SET last_error = $2, updated_at = now() WHERE id = $1", job_id, reason);
      Event(w, job_id, "ocr", r[0][1].as<int>(), reason + " (page " + std::to_string(r[0][0].as<int>() + 1) + ")");
    }
  });
}

Status OcrTaskStore::Renew(const std::vector<std::pair<long long, long long>>& tasks, int lease_seconds) {
  if (tasks.empty()) return Ok();
  std::string ids = "{", tokens = "{";
  for (size_t i = 0; i < tasks.size(); ++i) {
    ids += (i ? "," : "") + std::to_string(tasks[i].first);
    tokens += (i ? "," : "") + std::to_string(tasks[i].second);
  }
  ids += "}";
  tokens += "}";
  return Transact(db_, [&](pqxx::work& w) {
    w.exec_params(
        "UPDATE ocr_tasks t SET lease_expires_at = now() + make_interval(secs => $3)"
        " FROM unnest($1::bigint[], $2::bigint[]) AS x(id, token)"
        " WHERE t.job_id = x.id AND t.lease_token = x.token AND t.state = 'pending'",
        ids, tokens, lease_seconds);
  });
}

Result<int> OcrTaskStore::ReapExhausted() {
  return Transact(db_, [](pqxx::work& w) {
    auto r = w.exec(
        "SELECT t.job_id, t.page_index, t.attempts, coalesce(t.last_error, 'lease expired')"
        " FROM ocr_tasks t JOIN jobs j ON j.id = t.job_id"
        " WHERE j.state = 'ocr' AND t.state = 'pending' AND t.lease_expires_at < now()"
        "   AND t.attempts >= j.max_attempts FOR UPDATE OF j");
    std::set<long long> failed;
    for (const auto& row : r) {
      long long job = row[0].as<long long>();
      if (!failed.insert(job).second) continue;
      FailJob(w, job,
              "gave up after " + row[2].as<std::string>() + " attempts on page " +
                  std::to_string(row[1].as<int>() + 1) + ": " + row[3].as<std::string>(),
              row[2].as<int>());
    }
    return static_cast<int>(failed.size());
  });
}

}  // namespace docflow
