#include "storage/flow_triggers.h"

#include "storage/db_internal.h"
#include "storage/flow_internal.h"
#include "storage/flow_sql_filter.h"

namespace docflow {
using nlohmann::json;
using storage_internal::InsertRuns;
using storage_internal::JsonField;
using storage_internal::Transact;

namespace {
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A date trigger's time already past by more than this when it is set is
// skipped (unless the trigger fires past ones): a reminder due yesterday
// still goes out, one due last month does not.
constexpr const char* kPastGrace = "1 day";
}  // namespace

Result<int> ProcessFlowEvents(Db& db, int limit, const std::function<EventDecision(const FlowEvent&)>& decide) {
  return Transact(db, [&](pqxx::work& w) -> int {
    w.exec("SELECT set_config('TimeZone', 'UTC', true)");
    auto r = w.exec_params(
        "SELECT e.id, e.topic, coalesce(e.document_id, 0), coalesce(e.record_table, ''), coalesce(e.record_id, 0),"
        " e.payload::text, e.flow_depth, coalesce(e.flow_run_id, 0),"
        " to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
        " flow_record_json(e.record_table, e.record_id)::text"
        " FROM events e WHERE e.processed_at IS NULL ORDER BY e.id LIMIT $1 FOR UPDATE SKIP LOCKED",
        limit);
    if (r.empty()) return 0;
    std::vector<NewFlowRun> runs;
    json timers = json::array();
    std::string ids = "{";
    for (const auto& row : r) {
      FlowEvent e;
      e.id = row[0].as<long long>();
      e.topic = row[1].as<std::string>();
      e.document_id = row[2].as<long long>();
      e.record_table = row[3].as<std::string>();
      e.record_id = row[4].as<long long>();
      e.payload = JsonField(row[5]);
      e.depth = row[6].as<int>();
      e.flow_run_id = row[7].as<long long>();
      e.created_at = row[8].as<std::string>();
      e.record = JsonField(row[9]);
      ids += (ids.size() > 1 ? "," : "") + std::to_string(e.id);
      EventDecision d = decide(e);
      for (auto& run : d.runs) runs.push_back(std::move(run));
      for (const TimerUpsert& t : d.timers)
        timers.push_back({{"workflow", t.workflow},
                          {"timer_key", t.timer_key},
                          {"due_at", t.due_at},
                          {"record_table", t.record_table},
                          {"record_id", t.record_id},
                          {"data", t.data},
                          {"depth", t.depth},
                          {"fire_past", t.fire_past}});
    }
    ids += "}";
    InsertRuns(w, runs);
    if (!timers.empty())
      w.exec_params(
          std::string("INSERT INTO flow_timers (workflow_id, kind, timer_key, due_at, state, record_table, record_id,"
                      "  data, depth, note)"
                      " SELECT wf.id, 'date', t.timer_key,"
                      "  CASE WHEN t.due_at > 0 THEN to_timestamp(t.due_at) ELSE now() END,"
                      "  CASE WHEN t.due_at <= 0 THEN 'cancelled'"
                      "   WHEN NOT t.fire_past AND to_timestamp(t.due_at) < now() - interval '") +
              kPastGrace +
              "' THEN 'skipped'"
              "   ELSE 'pending' END,"
              "  nullif(t.record_table, ''), nullif(t.record_id, 0), t.data, t.depth,"
              "  CASE WHEN t.due_at <= 0 THEN 'the record or its date is gone'"
              "   WHEN NOT t.fire_past AND to_timestamp(t.due_at) < now() - interval '" +
              kPastGrace +
              "' THEN 'already past when set' END"
              " FROM jsonb_to_recordset($1::jsonb) AS t(workflow text, timer_key text, due_at float8,"
              "  record_table text, record_id bigint, data jsonb, depth int, fire_past boolean)"
              " JOIN workflows wf ON wf.name = t.workflow"
              " ON CONFLICT (workflow_id, timer_key) DO UPDATE SET"
              "  state = CASE"
              "   WHEN EXCLUDED.state = 'cancelled' THEN"
              "    CASE WHEN flow_timers.state = 'pending' THEN 'cancelled' ELSE flow_timers.state END"
              "   WHEN flow_timers.due_at = EXCLUDED.due_at AND flow_timers.state <> 'cancelled' THEN flow_timers.state"
              "   ELSE EXCLUDED.state END,"
              "  note = CASE"
              "   WHEN EXCLUDED.state = 'cancelled' THEN"
              "    CASE WHEN flow_timers.state = 'pending' THEN EXCLUDED.note ELSE flow_timers.note END"
              "   WHEN flow_timers.due_at = EXCLUDED.due_at AND flow_timers.state <> 'cancelled' THEN flow_timers.note"
              "   ELSE EXCLUDED.note END,"
              "  due_at = CASE WHEN EXCLUDED.state = 'cancelled' THEN flow_timers.due_at ELSE EXCLUDED.due_at END,"
              "  data = EXCLUDED.data, depth = EXCLUDED.depth, updated_at = now()",
          Dump(timers));
    w.exec_params("UPDATE events SET processed_at = now() WHERE id = ANY($1::bigint[])", ids);
    return static_cast<int>(r.size());
  });
}

Result<int> FireDueTimers(Db& db, int limit, const std::function<TimerDecision(const DueTimer&)>& decide) {
  return Transact(db, [&](pqxx::work& w) -> int {
    w.exec("SELECT set_config('TimeZone', 'UTC', true)");
    auto r = w.exec_params(
        "SELECT t.id, wf.name, t.kind, t.timer_key, extract(epoch FROM t.due_at)::float8,"
        " coalesce(t.record_table, ''), coalesce(t.record_id, 0), t.data::text, t.depth,"
        " flow_record_json(t.record_table, t.record_id)::text"
        " FROM flow_timers t JOIN workflows wf ON wf.id = t.workflow_id AND wf.enabled"
        " WHERE t.state = 'pending' AND t.due_at <= now() ORDER BY t.due_at, t.id LIMIT $1"
        " FOR UPDATE OF t SKIP LOCKED",
        limit);
    for (const auto& row : r) {
      DueTimer t;
      t.id = row[0].as<long long>();
      t.workflow = row[1].as<std::string>();
      t.kind = row[2].as<std::string>();
      t.timer_key = row[3].as<std::string>();
      t.due_at = row[4].as<double>();
      t.record_table = row[5].as<std::string>();
      t.record_id = row[6].as<long long>();
      t.data = JsonField(row[7]);
      t.depth = row[8].as<int>();
      t.record = JsonField(row[9]);
      TimerDecision d = decide(t);
      long long run_id = 0;
      if (d.fire) {
        d.run.timer_id = t.id;
        auto created = InsertRuns(w, {d.run});
        run_id = created[0].id;
      }
      if (d.rearm_at > 0) {
        w.exec_params(
            "UPDATE flow_timers SET due_at = to_timestamp($2), fired_at = CASE WHEN $3 > 0 THEN now() ELSE fired_at END,"
            " run_id = coalesce(nullif($3, 0), run_id), note = nullif($4, ''), updated_at = now() WHERE id = $1",
            t.id, d.rearm_at, run_id, d.skipped_reason);
      } else if (d.fire) {
        w.exec_params(
            "UPDATE flow_timers SET state = 'fired', fired_at = now(), run_id = nullif($2, 0), note = NULL,"
            " updated_at = now() WHERE id = $1",
            t.id, run_id);
      } else {
        w.exec_params("UPDATE flow_timers SET state = 'skipped', note = $2, updated_at = now() WHERE id = $1", t.id,
                      d.skipped_reason.empty() ? std::string("not fired") : d.skipped_reason);
      }
    }
    return static_cast<int>(r.size());
  });
}

Status EnsureCronTimer(Db& db, const std::string& workflow, const std::string& cron, double next_due) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params(
        "INSERT INTO flow_timers (workflow_id, kind, timer_key, due_at, data)"
        " SELECT id, 'cron', 'cron', to_timestamp($2), jsonb_build_object('cron', $3::text) FROM workflows"
        " WHERE name = $1"
        " ON CONFLICT (workflow_id, timer_key) DO UPDATE SET due_at = EXCLUDED.due_at, data = EXCLUDED.data,"
        "  state = 'pending', note = NULL, updated_at = now()"
        " WHERE flow_timers.data->>'cron' IS DISTINCT FROM $3 OR flow_timers.state <> 'pending'",
        workflow, next_due, cron);
  });
}

Result<int> BackfillDateTimers(Db& db, const FlowSchema& schema, const std::string& workflow,
                               const std::string& table, const std::string& field,
                               const std::vector<std::pair<std::string, std::string>>& key_and_interval,
                               bool fire_past) {
  if (auto s = schema.CheckColumn(table, field, false); !s) return s.error();
  if (auto s = schema.CheckColumn(table, "id", false); !s) return s.error();
  return Transact(db, [&](pqxx::work& w) -> int {
    w.exec("SELECT set_config('TimeZone', 'UTC', true)");
    int n = 0;
    std::string col = "r." + QuoteIdent(field);
    for (const auto& [suffix, interval] : key_and_interval) {
      auto r = w.exec_params(
          "INSERT INTO flow_timers (workflow_id, kind, timer_key, due_at, record_table, record_id)"
          " SELECT wf.id, 'date', 'date:' || $2 || ':' || r.id || ':' || $3 || ':' || $4,"
          "  (" + col + ")::timestamptz + $5::interval, $2, r.id"
          " FROM " + QuoteIdent(table) + " r, workflows wf"
          " WHERE wf.name = $1 AND " + col + " IS NOT NULL"
          "  AND ($6 OR (" + col + ")::timestamptz + $5::interval >= now() - interval '" + kPastGrace + "')"
          " ON CONFLICT (workflow_id, timer_key) DO NOTHING",
          workflow, table, field, suffix, interval, fire_past);
      n += static_cast<int>(r.affected_rows());
    }
    return n;
  });
}

Result<std::vector<FlowTimerInfo>> ListFlowTimers(Db& db, const std::string& workflow) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec_params(
        "SELECT t.id, t.kind, t.timer_key, t.state,"
        " to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(t.record_table, ''),"
        " coalesce(t.record_id, 0), coalesce(t.run_id, 0), coalesce(t.note, '')"
        " FROM flow_timers t JOIN workflows wf ON wf.id = t.workflow_id WHERE wf.name = $1 ORDER BY t.due_at, t.id",
        workflow);
    std::vector<FlowTimerInfo> out;
    for (const auto& row : r) {
      FlowTimerInfo i;
      i.id = row[0].as<long long>();
      i.kind = row[1].as<std::string>();
      i.timer_key = row[2].as<std::string>();
      i.state = row[3].as<std::string>();
      i.due_at = row[4].as<std::string>();
      i.record_table = row[5].as<std::string>();
      i.record_id = row[6].as<long long>();
      i.run_id = row[7].as<long long>();
      i.note = row[8].as<std::string>();
      out.push_back(i);
    }
    return out;
  });
}

}  // namespace docflow
