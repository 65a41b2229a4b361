#include "storage/flow_runs.h"

#include <map>
#include <set>

#include "storage/db_internal.h"
#include "storage/flow_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

namespace storage_internal {

json JsonField(const pqxx::field& f) {
  if (f.is_null()) return nullptr;
  return json::parse(f.c_str(), nullptr, false);
}

namespace {
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
}  // namespace

std::vector<CreatedRun> InsertRuns(pqxx::work& w, const std::vector<NewFlowRun>& runs) {
  std::vector<CreatedRun> out(runs.size());
  if (runs.empty()) return out;
  // One row per distinct (workflow, key): the same key twice in one batch
  // (an INSERT's change capture and the store stage's event) is one run.
  std::map<std::pair<std::string, std::string>, size_t> first;
  json input = json::array();
  for (size_t i = 0; i < runs.size(); ++i) {
    const NewFlowRun& r = runs[i];
    if (!first.emplace(std::make_pair(r.workflow, r.trigger_key), i).second) continue;
    input.push_back({{"idx", i},
                     {"workflow", r.workflow},
                     {"trigger_kind", r.trigger_kind},
                     {"trigger_key", r.trigger_key},
                     {"trigger", r.trigger.is_null() ? json::object() : r.trigger},
                     {"depth", r.depth},
                     {"event_id", r.event_id},
                     {"timer_id", r.timer_id},
                     {"parent_run_id", r.parent_run_id},
                     {"stopped", r.stopped_reason}});
  }
  auto res = w.exec_params(
      "WITH input AS ("
      "  SELECT r.*, w.id AS workflow_id FROM jsonb_to_recordset($1::jsonb) AS r(idx int, workflow text,"
      "    trigger_kind text, trigger_key text, trigger jsonb, depth int, event_id bigint, timer_id bigint,"
      "    parent_run_id bigint, stopped text)"
      "  LEFT JOIN workflows w ON w.name = r.workflow),"
      " ins AS ("
      "  INSERT INTO flow_runs (workflow_id, trigger_kind, trigger_key, trigger, depth, event_id, timer_id,"
      "    parent_run_id, state, last_error, finished_at)"
      "  SELECT workflow_id, trigger_kind, trigger_key, trigger, depth, nullif(event_id, 0), nullif(timer_id, 0),"
      "    nullif(parent_run_id, 0), CASE WHEN coalesce(stopped, '') = '' THEN 'pending' ELSE 'loop_stopped' END,"
      "    nullif(stopped, ''), CASE WHEN coalesce(stopped, '') = '' THEN NULL ELSE now() END"
      "  FROM input WHERE workflow_id IS NOT NULL ORDER BY idx"
      "  ON CONFLICT (workflow_id, trigger_key) DO NOTHING"
      "  RETURNING id, workflow_id, trigger_key, state)"
      " SELECT i.idx, coalesce(ins.id, r.id, 0), ins.id IS NOT NULL, coalesce(ins.state, r.state, '')"
      " FROM input i LEFT JOIN ins ON ins.workflow_id = i.workflow_id AND ins.trigger_key = i.trigger_key"
      " LEFT JOIN flow_runs r ON r.workflow_id = i.workflow_id AND r.trigger_key = i.trigger_key",
      Dump(input));
  std::map<size_t, CreatedRun> by_idx;
  for (const auto& row : res)
    by_idx[row[0].as<size_t>()] = CreatedRun{row[1].as<long long>(), row[2].as<bool>(), row[3].as<std::string>()};
  for (size_t i = 0; i < runs.size(); ++i) {
    size_t f = first.at({runs[i].workflow, runs[i].trigger_key});
    out[i] = by_idx[f];
    if (f != i) out[i].created = false;
  }
  return out;
}

void SetFlowIdentity(pqxx::work& w, const std::string& workflow, int depth, long long run_id) {
  w.exec_params(
      "SELECT set_config('docflow.actor', $1, true), set_config('docflow.flow_depth', $2, true),"
      " set_config('docflow.flow_run', $3, true), set_config('TimeZone', 'UTC', true)",
      "flow:" + workflow, std::to_string(depth + 1), std::to_string(run_id));
}

std::string StepsJson(long long run_id, const std::vector<FlowStepRecord>& steps) {
  json a = json::array();
  for (const FlowStepRecord& s : steps)
    a.push_back({{"op_key", s.op_key},
                 {"op_type", s.op_type},
                 {"parent", s.parent},
                 {"via", s.via.empty() ? "start" : s.via},
                 {"state", s.state},
                 {"attempts", s.attempts},
                 {"input", s.input},
                 {"output", s.output},
                 {"error", s.error},
                 {"idem", s.idempotency_key.empty() ? json(nullptr) : json(s.idempotency_key)},
                 {"started_at", s.started_at},
                 {"finished_at", s.finished_at},
                 {"duration_ms", s.duration_ms},
                 {"next_attempt_at", s.next_attempt_at}});
  (void)run_id;
  return Dump(a);
}

void UpsertSteps(pqxx::work& w, long long run_id, const std::vector<FlowStepRecord>& steps) {
  if (steps.empty()) return;
  std::string js = StepsJson(run_id, steps);
  w.exec_params(
      "INSERT INTO flow_steps (run_id, op_key, op_type, parent_op, via, state, attempts, input, output, error,"
      "  idempotency_key, started_at, finished_at, duration_ms, next_attempt_at, updated_at)"
      " SELECT $1, s.op_key, s.op_type, nullif(s.parent, ''), s.via, s.state, s.attempts, s.input, s.output,"
      "  nullif(s.error, ''), s.idem,"
      "  CASE WHEN s.started_at > 0 THEN to_timestamp(s.started_at) END,"
      "  CASE WHEN s.finished_at > 0 THEN to_timestamp(s.finished_at) END,"
      "  CASE WHEN s.finished_at > 0 THEN s.duration_ms END,"
      "  CASE WHEN s.next_attempt_at > 0 THEN to_timestamp(s.next_attempt_at) END, now()"
      " FROM jsonb_to_recordset($2::jsonb) AS s(op_key text, op_type text, parent text, via text, state text,"
      "  attempts int, input jsonb, output jsonb, error text, idem text, started_at float8, finished_at float8,"
      "  duration_ms float8, next_attempt_at float8)"
      " ON CONFLICT (run_id, op_key) DO UPDATE SET op_type = EXCLUDED.op_type, parent_op = EXCLUDED.parent_op,"
      "  via = EXCLUDED.via, state = EXCLUDED.state, attempts = EXCLUDED.attempts, input = EXCLUDED.input,"
      "  output = EXCLUDED.output, error = EXCLUDED.error, idempotency_key = EXCLUDED.idempotency_key,"
      "  started_at = coalesce(flow_steps.started_at, EXCLUDED.started_at), finished_at = EXCLUDED.finished_at,"
      "  duration_ms = EXCLUDED.duration_ms, next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()",
      run_id, js);
  bool dead = false;
  for (const auto& s : steps) dead = dead || s.state == "dead";
  if (dead)
    w.exec_params(
        "INSERT INTO flow_dead_letters (run_id, op_key, op_type, input, error, attempts)"
        " SELECT $1, s.op_key, s.op_type, s.input, s.error, s.attempts"
        " FROM jsonb_to_recordset($2::jsonb) AS s(op_key text, op_type text, state text, input jsonb, error text,"
        "  attempts int) WHERE s.state = 'dead'"
        " ON CONFLICT (run_id, op_key) DO UPDATE SET input = EXCLUDED.input, error = EXCLUDED.error,"
        "  attempts = EXCLUDED.attempts, created_at = now(), resolved_at = NULL",
        run_id, js);
}

}  // namespace storage_internal

using storage_internal::InsertRuns;
using storage_internal::JsonField;
using storage_internal::UpsertSteps;

namespace {

// Extends the lease; false when the run is no longer held with this token.
bool Touch(pqxx::work& w, const RunLease& lease, int lease_seconds) {
  auto r = w.exec_params(
      "UPDATE flow_runs SET lease_expires_at = now() + make_interval(secs => $3), updated_at = now()"
      " WHERE id = $1 AND lease_token = $2 AND state = 'running' RETURNING id",
      lease.run_id, lease.token, lease_seconds);
  return !r.empty();
}

// Columns: see kStepColumns, starting at column k.
FlowStepRecord StepFromRow(const pqxx::row& row, int k = 0) {
  FlowStepRecord s;
  s.op_key = row[k + 0].as<std::string>();
  s.op_type = row[k + 1].as<std::string>();
  s.parent = row[k + 2].is_null() ? "" : row[k + 2].as<std::string>();
  s.via = row[k + 3].as<std::string>();
  s.state = row[k + 4].as<std::string>();
  s.attempts = row[k + 5].as<int>();
  s.input = JsonField(row[k + 6]);
  s.output = JsonField(row[k + 7]);
  s.error = row[k + 8].is_null() ? "" : row[k + 8].as<std::string>();
  s.idempotency_key = row[k + 9].is_null() ? "" : row[k + 9].as<std::string>();
  s.started_at = row[k + 10].is_null() ? 0 : row[k + 10].as<double>();
  s.finished_at = row[k + 11].is_null() ? 0 : row[k + 11].as<double>();
  s.duration_ms = row[k + 12].is_null() ? 0 : row[k + 12].as<double>();
  s.next_attempt_at = row[k + 13].is_null() ? 0 : row[k + 13].as<double>();
  return s;
}

const char* kStepColumns =
    "op_key, op_type, parent_op, via, state, attempts, input::text, output::text, error, idempotency_key,"
    " extract(epoch FROM started_at)::float8, extract(epoch FROM finished_at)::float8, duration_ms,"
    " extract(epoch FROM next_attempt_at)::float8";

std::vector<ClaimedRun> ClaimWhere(pqxx::work& w, const std::string& owner, int limit, int lease_seconds,
                                   long long only_run) {
  auto r = w.exec_params(
      "WITH picked AS ("
      "  SELECT r.id FROM flow_runs r JOIN workflows wf ON wf.id = r.workflow_id AND wf.enabled"
      "  WHERE ((r.state = 'pending' AND r.next_attempt_at <= now()) OR (r.state = 'running' AND"
      "    r.lease_expires_at < now())) AND ($4 = 0 OR r.id = $4)"
      "  ORDER BY r.next_attempt_at, r.id LIMIT $1 FOR UPDATE OF r SKIP LOCKED)"
      " UPDATE flow_runs r SET crashes = r.crashes + (r.state = 'running')::int, claims = r.claims + 1,"
      "  state = 'running', lease_token = r.lease_token + 1, lease_owner = $2,"
      "  lease_expires_at = now() + make_interval(secs => $3), started_at = coalesce(r.started_at, now()),"
      "  updated_at = now()"
      " FROM picked, workflows wf WHERE r.id = picked.id AND wf.id = r.workflow_id"
      " RETURNING r.id, r.lease_token, wf.name, r.trigger_kind, r.trigger_key, r.trigger::text, r.depth, r.claims,"
      "  r.crashes, coalesce(r.parent_run_id, 0)",
      limit, owner, lease_seconds, only_run);
  std::vector<ClaimedRun> out;
  std::string resumed = "{";
  std::map<long long, size_t> index;
  for (const auto& row : r) {
    ClaimedRun c;
    c.id = row[0].as<long long>();
    c.lease_token = row[1].as<long long>();
    c.workflow = row[2].as<std::string>();
    c.trigger_kind = row[3].as<std::string>();
    c.trigger_key = row[4].as<std::string>();
    c.trigger = JsonField(row[5]);
    c.depth = row[6].as<int>();
    c.claims = row[7].as<int>();
    c.crashes = row[8].as<int>();
    c.parent_run_id = row[9].as<long long>();
    if (c.claims > 1) resumed += (resumed.size() > 1 ? "," : "") + std::to_string(c.id);
    index[c.id] = out.size();
    out.push_back(std::move(c));
  }
  resumed += "}";
  if (resumed.size() > 2) {
    auto steps = w.exec_params(std::string("SELECT run_id, ") + kStepColumns +
                                   " FROM flow_steps WHERE run_id = ANY($1::bigint[]) ORDER BY run_id, started_at",
                               resumed);
    for (const auto& row : steps)
      out[index.at(row[0].as<long long>())].steps.push_back(StepFromRow(row, 1));
  }
  return out;
}

Error LeaseLost(const RunLease& lease) {
  return Permanent(std::string(kFlowLeaseLost) + ": run " + std::to_string(lease.run_id));
}

}  // namespace

Result<CreatedRun> FlowRunStore::Create(const NewFlowRun& run) {
  return Transact(db_, [&](pqxx::work& w) -> Result<CreatedRun> {
    auto r = InsertRuns(w, {run});
    if (r[0].id != 0) return r[0];
    // The same key inserted at the same moment by another caller: its row is
    // committed now and visible to this new statement.
    auto same = w.exec_params(
        "SELECT r.id, r.state FROM flow_runs r JOIN workflows wf ON wf.id = r.workflow_id"
        " WHERE wf.name = $1 AND r.trigger_key = $2",
        run.workflow, run.trigger_key);
    if (same.empty()) return Permanent("no flow named '" + run.workflow + "'");
    return CreatedRun{same[0][0].as<long long>(), false, same[0][1].as<std::string>()};
  });
}

Result<std::vector<ClaimedRun>> FlowRunStore::Claim(const std::string& owner, int limit, int lease_seconds) {
  return Transact(db_, [&](pqxx::work& w) { return ClaimWhere(w, owner, limit, lease_seconds, 0); });
}

Result<std::vector<ClaimedRun>> FlowRunStore::ClaimOne(long long run_id, const std::string& owner,
                                                       int lease_seconds) {
  return Transact(db_, [&](pqxx::work& w) { return ClaimWhere(w, owner, 1, lease_seconds, run_id); });
}

Status FlowRunStore::SaveSteps(const RunLease& lease, const std::vector<FlowStepRecord>& steps, int lease_seconds) {
  return Transact(db_, [&](pqxx::work& w) -> Status {
    if (!Touch(w, lease, lease_seconds)) return LeaseLost(lease);
    UpsertSteps(w, lease.run_id, steps);
    return Ok();
  });
}

Result<FlowStepRecord> FlowRunStore::CommitStep(const RunLease& lease, const std::vector<FlowStepRecord>& before,
                                                const FlowSchema& schema, int lease_seconds,
                                                const std::function<Result<FlowStepRecord>(FlowTx&)>& op) {
  return Transact(db_, [&](pqxx::work& w) -> Result<FlowStepRecord> {
    if (!Touch(w, lease, lease_seconds)) return LeaseLost(lease);
    storage_internal::SetFlowIdentity(w, lease.workflow, lease.depth, lease.run_id);
    auto tx = storage_internal::MakeFlowTx(w, schema, lease);
    auto step = op(*tx);
    if (!step) return step;
    // Deferred checks (a balanced accounting entry) run now, so that a
    // violation is the operation's permanent error, not a failed commit.
    try {
      w.exec("SET CONSTRAINTS ALL IMMEDIATE");
    } catch (const pqxx::sql_error& e) {
      return storage_internal::ClassifySqlError(e, step->op_key);
    }
    std::vector<FlowStepRecord> all = before;
    all.push_back(*step);
    UpsertSteps(w, lease.run_id, all);
    return step;
  });
}

namespace {
// Ends the run's lease with its state; false when the lease was lost.
bool EndRun(pqxx::work& w, const RunEnd& e) {
  auto r = w.exec_params(
      "UPDATE flow_runs SET state = $3, last_error = nullif($4, ''),"
      " next_attempt_at = CASE WHEN $5::float8 > 0 THEN to_timestamp($5::float8) ELSE now() END,"
      " finished_at = CASE WHEN $3 IN ('succeeded', 'failed', 'dead') THEN now() END,"
      " lease_owner = NULL, lease_expires_at = NULL, updated_at = now()"
      " WHERE id = $1 AND lease_token = $2 AND state = 'running' RETURNING id",
      e.lease.run_id, e.lease.token, e.state, e.error, e.next_attempt_at);
  if (r.empty()) return false;
  UpsertSteps(w, e.lease.run_id, e.steps);
  return true;
}
}  // namespace

Status FlowRunStore::Finish(const RunLease& lease, const std::vector<FlowStepRecord>& steps, const std::string& state,
                            const std::string& error, double next_attempt_at) {
  RunEnd e{lease, steps, state, error, next_attempt_at};
  return Transact(db_, [&](pqxx::work& w) -> Status {
    if (!EndRun(w, e)) return LeaseLost(lease);
    return Ok();
  });
}

Result<std::vector<long long>> FlowRunStore::FinishMany(const std::vector<RunEnd>& ends) {
  if (ends.empty()) return std::vector<long long>();
  return Transact(db_, [&](pqxx::work& w) {
    std::vector<long long> lost;
    for (const RunEnd& e : ends)
      if (!EndRun(w, e)) lost.push_back(e.lease.run_id);
    return lost;
  });
}

Status FlowRunStore::Release(const RunLease& lease) {
  return Transact(db_, [&](pqxx::work& w) {
    w.exec_params(
        "UPDATE flow_runs SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL,"
        " claims = greatest(claims - 1, 0), updated_at = now()"
        " WHERE id = $1 AND lease_token = $2 AND state = 'running'",
        lease.run_id, lease.token);
  });
}

namespace {
const char* kRunColumns =
    "r.id, wf.name, r.trigger_kind, r.trigger_key, r.state, coalesce(r.last_error, ''),"
    " to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),"
    " coalesce(to_char(r.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), ''),"
    " coalesce(to_char(r.finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), ''),"
    " coalesce(extract(epoch FROM r.finished_at - r.created_at) * 1000, 0)::float8, r.depth, r.claims, r.crashes,"
    " r.trigger::text, coalesce(r.parent_run_id, 0), coalesce(r.event_id, 0)";

FlowRunInfo RunFromRow(const pqxx::row& row) {
  FlowRunInfo i;
  i.id = row[0].as<long long>();
  i.workflow = row[1].as<std::string>();
  i.trigger_kind = row[2].as<std::string>();
  i.trigger_key = row[3].as<std::string>();
  i.state = row[4].as<std::string>();
  i.last_error = row[5].as<std::string>();
  i.created_at = row[6].as<std::string>();
  i.started_at = row[7].as<std::string>();
  i.finished_at = row[8].as<std::string>();
  i.duration_ms = row[9].as<double>();
  i.depth = row[10].as<int>();
  i.claims = row[11].as<int>();
  i.crashes = row[12].as<int>();
  i.trigger = JsonField(row[13]);
  i.parent_run_id = row[14].as<long long>();
  i.event_id = row[15].as<long long>();
  return i;
}
}  // namespace

Result<std::vector<FlowRunInfo>> ListFlowRuns(Db& db, const std::string& workflow, int limit) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec_params(std::string("SELECT ") + kRunColumns +
                               " FROM flow_runs r JOIN workflows wf ON wf.id = r.workflow_id"
                               " WHERE wf.name = $1 ORDER BY r.id DESC LIMIT $2",
                           workflow, limit);
    std::vector<FlowRunInfo> out;
    for (const auto& row : r) out.push_back(RunFromRow(row));
    return out;
  });
}

Result<std::optional<FlowRunInfo>> GetFlowRun(Db& db, long long run_id) {
  return Transact(db, [&](pqxx::work& w) -> std::optional<FlowRunInfo> {
    auto r = w.exec_params(std::string("SELECT ") + kRunColumns +
                               " FROM flow_runs r JOIN workflows wf ON wf.id = r.workflow_id WHERE r.id = $1",
                           run_id);
    if (r.empty()) return std::nullopt;
    FlowRunInfo info = RunFromRow(r[0]);
    auto steps = w.exec_params(std::string("SELECT ") + kStepColumns +
                                   " FROM flow_steps WHERE run_id = $1 ORDER BY started_at NULLS LAST, op_key",
                               run_id);
    for (const auto& row : steps) info.steps.push_back(StepFromRow(row));
    return info;
  });
}

Result<std::map<std::string, std::map<std::string, long long>>> FlowRunCounts(Db& db) {
  return Transact(db, [&](pqxx::work& w) {
    std::map<std::string, std::map<std::string, long long>> out;
    auto r = w.exec(
        "SELECT wf.name, r.state, count(*) FROM flow_runs r JOIN workflows wf ON wf.id = r.workflow_id"
        " GROUP BY 1, 2");
    for (const auto& row : r) out[row[0].as<std::string>()][row[1].as<std::string>()] = row[2].as<long long>();
    return out;
  });
}

Result<int> RetryFlowRun(Db& db, long long run_id) {
  return Transact(db, [&](pqxx::work& w) -> Result<int> {
    auto run = w.exec_params("SELECT state FROM flow_runs WHERE id = $1 FOR UPDATE", run_id);
    if (run.empty()) return Permanent("no flow run " + std::to_string(run_id));
    std::string state = run[0][0].as<std::string>();
    if (state != "failed" && state != "dead")
      return Permanent("flow run " + std::to_string(run_id) + " is " + state + ": only failed or dead runs are retried");
    auto steps = w.exec_params(
        "UPDATE flow_steps SET state = 'retrying', attempts = 0, next_attempt_at = now(), updated_at = now()"
        " WHERE run_id = $1 AND state IN ('dead', 'failed') RETURNING op_key",
        run_id);
    w.exec_params("UPDATE flow_dead_letters SET resolved_at = now() WHERE run_id = $1 AND resolved_at IS NULL",
                  run_id);
    w.exec_params(
        "UPDATE flow_runs SET state = 'pending', finished_at = NULL, last_error = NULL, next_attempt_at = now(),"
        " updated_at = now() WHERE id = $1",
        run_id);
    return static_cast<int>(steps.size());
  });
}

Result<double> NextFlowWakeUp(Db& db) {
  return Transact(db, [&](pqxx::work& w) -> double {
    auto r = w.exec(
        "SELECT coalesce(extract(epoch FROM least("
        " (SELECT min(next_attempt_at) FROM flow_runs WHERE state = 'pending'),"
        " (SELECT min(lease_expires_at) FROM flow_runs WHERE state = 'running'),"
        " (SELECT min(due_at) FROM flow_timers WHERE state = 'pending'))), 0)::float8");
    return r[0][0].as<double>();
  });
}

}  // namespace docflow
