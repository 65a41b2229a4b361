#include "storage/jobs.h"

#include "pipeline/stages.h"
#include "storage/db_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

namespace {

// How long a page will take to OCR, relatively: its glyph-sized components
// (the text to read, measured by the preprocessor) times the area factor of
// any upscaling. 0 when the page was not measured.
double OcrCostEstimate(const json& page) {
  const json pre = page.value("preprocess", json::object());
  if (!pre.is_object()) return 0;
  const json an = pre.value("analysis", json::object());
  double glyphs = an.is_object() && an.contains("glyphs") && an["glyphs"].is_number() ? an["glyphs"].get<double>() : 0;
  const json rs = pre.value("rescale", json::object());
  double f = rs.is_object() && rs.contains("factor") && rs["factor"].is_number() ? rs["factor"].get<double>() : 1.0;
  return glyphs * f * f;
}

}  // namespace

Result<int> JobStore::ReapExhausted() {
  return Transact(db_, [](pqxx::work& w) -> int {
    auto r = w.exec(
        "WITH dead AS ("
        "  UPDATE jobs SET state = 'failed', finished_at = now(), updated_at = now(), lease_expires_at = NULL,"
        "    last_error = 'gave up after ' || attempts || ' attempts: ' || coalesce(last_error, 'lease expired')"
        "  WHERE state NOT IN ('done', 'failed') AND lease_expires_at < now() AND attempts >= max_attempts"
        "  RETURNING id, state, attempts, last_error)"
        " INSERT INTO job_events(job_id, state, attempt, message) SELECT id, state, attempts, last_error FROM dead"
        " RETURNING job_id");
    return static_cast<int>(r.size());
  });
}

Result<std::vector<ClaimedJob>> JobStore::Claim(const std::string& stage, int limit, const std::string& owner,
                                                int lease_seconds) {
  std::string running = StateForStage(stage);
  if (running.empty()) return Permanent("unknown stage " + stage);
  if (stage == "ocr") return Permanent("the OCR stage is claimed page by page (OcrTaskStore)");
  std::string waiting = stage == "preprocess" ? "queued" : running;
  return Transact(db_, [&](pqxx::work& w) {
    auto r = w.exec_params(
        "WITH picked AS ("
        "  SELECT id FROM jobs WHERE state IN ($1, $2)"
        "    AND (lease_expires_at IS NULL OR (lease_expires_at < now() AND attempts < max_attempts))"
        "  ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED),"
        " upd AS ("
        "  UPDATE jobs j SET state = $2, attempts = j.attempts + 1, lease_token = j.lease_token + 1,"
        "    lease_owner = $4, lease_expires_at = now() + make_interval(secs => $5), updated_at = now()"
        "  FROM picked WHERE j.id = picked.id"
        "  RETURNING j.id, j.document_id, j.lease_token, j.attempts, j.state),"
        " ev AS (INSERT INTO job_events(job_id, state, attempt, message)"
        "  SELECT id, state, attempts, 'dispatched to ' || $4 FROM upd)"
        " SELECT id, document_id, lease_token, attempts FROM upd ORDER BY id",
        waiting, running, limit, owner, lease_seconds);
    std::vector<ClaimedJob> out;
    for (const auto& row : r)
      out.push_back(ClaimedJob{row[0].as<long long>(), row[1].as<long long>(), row[2].as<long long>(),
                               row[3].as<int>()});
    return out;
  });
}

Status JobStore::Renew(const std::vector<std::pair<long long, long long>>& jobs, int lease_seconds) {
  if (jobs.empty()) return Ok();
  std::string ids = "{", tokens = "{";
  for (size_t i = 0; i < jobs.size(); ++i) {
    ids += (i ? "," : "") + std::to_string(jobs[i].first);
    tokens += (i ? "," : "") + std::to_string(jobs[i].second);
  }
  ids += "}";
  tokens += "}";
  return Transact(db_, [&](pqxx::work& w) {
    w.exec_params(
        "UPDATE jobs j SET lease_expires_at = now() + make_interval(secs => $3)"
        " FROM unnest($1::bigint[], $2::bigint[]) AS t(id, token)"
        " WHERE j.id = t.id AND j.lease_token = t.token AND j.state NOT IN ('done', 'failed')",
        ids, tokens, lease_seconds);
  });
}

Status JobStore::Release(long long job_id, long long token, const std::string& reason) {
  return Transact(db_, [&](pqxx::work& w) {
    auto r = w.exec_params(
        "UPDATE jobs SET lease_expires_at = now() - interval '1 millisecond', last_error = $3, updated_at = now()"
        " WHERE id = $1 AND lease_token = $2 AND state NOT IN ('done', 'failed') RETURNING state, attempts",
        job_id, token, reason);
    if (!r.empty())
      w.exec_params("INSERT INTO job_events(job_id, state, attempt, message) VALUES ($1, $2, $3, $4)", job_id,
                    r[0][0].as<std::string>(), r[0][1].as<int>(), reason);
  });
}

Result<bool> JobStore::Complete(long long job_id, long long token, const std::string& stage, const json& result,
                                const std::string& next_state, const std::string& worker, double elapsed_ms) {
  std::string running = StateForStage(stage);
  std::string target = next_state.empty() ? "done" : next_state;
  return Transact(db_, [&](pqxx::work& w) -> bool {
    // The store stage commits `done` itself; accept its DONE afterwards too.
    auto cur = w.exec_params(
        "SELECT state FROM jobs WHERE id = $1 AND lease_token = $2 AND (state = $3 OR (state = 'done' AND $3 = "
        "'storing')) FOR UPDATE",
        job_id, token, running);
    if (cur.empty()) return false;
    w.exec_params(
        "INSERT INTO stage_results(job_id, stage, result, worker, elapsed_ms) VALUES ($1, $2, $3::jsonb, $4, $5)"
        " ON CONFLICT (job_id, stage) DO UPDATE SET result = EXCLUDED.result, worker = EXCLUDED.worker,"
        " elapsed_ms = EXCLUDED.elapsed_ms, updated_at = now()",
        job_id, stage, result.dump(-1, ' ', false, json::error_handler_t::replace), worker, elapsed_ms);
    if (cur[0][0].as<std::string>() != "done") {
      w.exec_params(
          "UPDATE jobs SET state = $2, attempts = 0, lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),"
          " finished_at = CASE WHEN $2 = 'done' THEN now() END WHERE id = $1",
          job_id, target);
      w.exec_params("INSERT INTO job_events(job_id, state, attempt, message) VALUES ($1, $2, 0, $3)", job_id, target,
                    stage + " done by " + worker);
      if (target == "ocr") {  // one OCR task per image page (storage/ocr_tasks.h)
        for (const auto& page : result.value("pages", json::array())) {
          if (page.value("source", "") != "image") continue;
          w.exec_params(
              "INSERT INTO ocr_tasks(job_id, page_index, cost) VALUES ($1, $2, $3) ON CONFLICT (job_id, page_index)"
              " DO UPDATE SET state = 'pending', attempts = 0, result = NULL, lease_expires_at = NULL,"
              " lease_owner = NULL, last_error = NULL, cost = EXCLUDED.cost, updated_at = now()",
              job_id, page.value("index", 0), OcrCostEstimate(page));
        }
      }
    }
    return true;
  });
}

Result<std::string> JobStore::Fail(long long job_id, long long token, const std::string& reason, bool retryable) {
  return Transact(db_, [&](pqxx::work& w) -> std::string {
    auto r = w.exec_params(
        "UPDATE jobs SET last_error = $3, updated_at = now(), lease_owner = NULL,"
        "  state = CASE WHEN NOT $4 OR attempts >= max_attempts THEN 'failed' ELSE state END,"
        "  finished_at = CASE WHEN NOT $4 OR attempts >= max_attempts THEN now() END,"
        "  lease_expires_at = NULL"
        " WHERE id = $1 AND lease_token = $2 AND state NOT IN ('done', 'failed') RETURNING state, attempts",
        job_id, token, reason, retryable);
    if (r.empty()) return "";
    std::string state = r[0][0].as<std::string>();
    w.exec_params("INSERT INTO job_events(job_id, state, attempt, message) VALUES ($1, $2, $3, $4)", job_id, state,
                  r[0][1].as<int>(), reason);
    return state;
  });
}

Result<json> JobStore::StageResult(long long job_id, const std::string& stage) {
  return Transact(db_, [&](pqxx::work& w) -> json {
    auto r = w.exec_params("SELECT result::text FROM stage_results WHERE job_id = $1 AND stage = $2", job_id, stage);
    if (r.empty()) return nullptr;
    return json::parse(r[0][0].as<std::string>());
  });
}

Result<JobInfo> JobStore::Get(long long job_id) {
  return Transact(db_, [&](pqxx::work& w) -> Result<JobInfo> {
    auto r = w.exec_params(
        "SELECT id, document_id, state, coalesce(last_error, ''), attempts, max_attempts, lease_token,"
        " lease_expires_at IS NOT NULL AND lease_expires_at > now() FROM jobs WHERE id = $1",
        job_id);
    if (r.empty()) return Permanent("no job " + std::to_string(job_id));
    JobInfo j;
    j.job_id = r[0][0].as<long long>();
    j.document_id = r[0][1].as<long long>();
    j.state = r[0][2].as<std::string>();
    j.last_error = r[0][3].as<std::string>();
    j.attempts = r[0][4].as<int>();
    j.max_attempts = r[0][5].as<int>();
    j.lease_token = r[0][6].as<long long>();
    j.leased = r[0][7].as<bool>();
    return j;
  });
}

Result<std::map<std::string, long long>> JobStore::CountsByState() {
  return Transact(db_, [](pqxx::work& w) {
    std::map<std::string, long long> out;
    for (const auto& row : w.exec("SELECT state, count(*) FROM jobs GROUP BY state"))
      out[row[0].as<std::string>()] = row[1].as<long long>();
    return out;
  });
}

Result<std::vector<JobEvent>> JobStore::History(long long job_id) {
  return Transact(db_, [&](pqxx::work& w) {
    std::vector<JobEvent> out;
    for (const auto& row : w.exec_params(
             "SELECT to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS'), state, attempt, coalesce(message, '')"
             " FROM job_events WHERE job_id = $1 ORDER BY id",
             job_id))
      out.push_back(JobEvent{row[0].as<std::string>(), row[1].as<std::string>(), row[3].as<std::string>(),
                             row[2].as<int>()});
    return out;
  });
}

Result<long long> JobStore::PendingCount() {
  return Transact(db_, [](pqxx::work& w) {
    return w.exec("SELECT count(*) FROM jobs WHERE state NOT IN ('done', 'failed')")[0][0].as<long long>();
  });
}

}  // namespace docflow
