// Plain values the flow engine (flows/) and its tables (migration 0008_flows,
// storage/flow_*.cc) exchange: runs to create, claimed runs, step records,
// events and timers. Times are seconds since the epoch (UTC); 0 means unset.
//
// Thread safety: plain values.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docflow {

// A run to create; (workflow, trigger_key) is unique, so creating it twice
// creates it once.
struct NewFlowRun {
  std::string workflow;      // workflows.name
  std::string trigger_kind;  // event | schedule | date | timer | webhook | manual | flow
  std::string trigger_key;
  nlohmann::json trigger = nlohmann::json::object();  // $trigger
  int depth = 0;
  long long event_id = 0, timer_id = 0, parent_run_id = 0;
  // Not empty: the run is recorded as loop_stopped with this error and never
  // runs (the loop guard).
  std::string stopped_reason;
};

struct CreatedRun {
  long long id = 0;
  bool created = false;  // false: the same (workflow, key) existed
  std::string state;
};

// One operation of a run as recorded in flow_steps.
struct FlowStepRecord {
  std::string op_key, op_type;
  std::string parent, via = "start";  // the operation that led here, and the edge: start | resolve | reject
  std::string state;                  // running | sent | succeeded | rejected | skipped | retrying | failed | dead
  int attempts = 0;
  nlohmann::json input, output;
  std::string error;
  std::string idempotency_key;
  double started_at = 0, finished_at = 0, next_attempt_at = 0;
  double duration_ms = 0;
};

struct ClaimedRun {
  long long id = 0, lease_token = 0, parent_run_id = 0;
  std::string workflow, trigger_kind, trigger_key;
  nlohmann::json trigger;
  int depth = 0, claims = 0, crashes = 0;
  std::vector<FlowStepRecord> steps;  // recorded before (a resumed run)
};

// What a worker holds while running a run: every write names the token.
struct RunLease {
  long long run_id = 0, token = 0;
  std::string workflow;
  int depth = 0;
};

// The end of a claimed run's turn, written with others in one transaction
// (FlowRunStore::FinishMany): the steps not committed yet (pure operations)
// and the run's state (final, or pending until next_attempt_at).
struct RunEnd {
  RunLease lease;
  std::vector<FlowStepRecord> steps;
  std::string state, error;
  double next_attempt_at = 0;
};

// An events row (0001, 0008) with the current row of its record.
struct FlowEvent {
  long long id = 0, document_id = 0, record_id = 0, flow_run_id = 0;
  std::string topic, record_table, created_at;
  nlohmann::json payload, record;  // record: null when gone or not a table
  int depth = 0;
};

// A date-relative timer to set (or re-arm, or cancel when due_at is 0).
struct TimerUpsert {
  std::string workflow, timer_key;
  double due_at = 0;
  std::string record_table;
  long long record_id = 0;
  nlohmann::json data = nlohmann::json::object();
  int depth = 0;
  bool fire_past = false;  // false: a due time already past when set is recorded as skipped
};

struct EventDecision {
  std::vector<NewFlowRun> runs;
  std::vector<TimerUpsert> timers;
};

// A flow_timers row that is due, with the current row of its record.
struct DueTimer {
  long long id = 0, record_id = 0;
  std::string workflow, kind, timer_key, record_table;
  double due_at = 0;
  nlohmann::json data, record;
  int depth = 0;
};

struct TimerDecision {
  bool fire = false;
  NewFlowRun run;             // when fire
  double rearm_at = 0;        // cron: the next due time (the timer stays pending)
  std::string skipped_reason; // when not fired and not re-armed
};

// A row of `docflow flow runs`.
struct FlowRunInfo {
  long long id = 0, parent_run_id = 0, event_id = 0;
  std::string workflow, trigger_kind, trigger_key, state, last_error;
  std::string created_at, started_at, finished_at;
  double duration_ms = 0;
  int depth = 0, claims = 0, crashes = 0;
  nlohmann::json trigger;
  std::vector<FlowStepRecord> steps;  // filled by GetFlowRun only
};

}  // namespace docflow
