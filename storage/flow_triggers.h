// What starts flow runs, on the database side: the events outbox and the
// timers table (migration 0008_flows). The decisions (which flow matches an
// event, when a date trigger is due, the loop guard) are made by flows/ in
// the callbacks; these functions take the rows with FOR UPDATE SKIP LOCKED
// and write the outcome in the same transaction, so an event or a timer
// produces its runs exactly once even with several workers.
//
// Thread safety: same as Db (one per thread).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"
#include "storage/flow_schema.h"
#include "storage/flow_types.h"

namespace docflow {

// Takes up to limit unprocessed events (oldest first), asks decide for each,
// and in one transaction creates the runs, sets the timers and marks the
// events processed. Returns how many events were processed.
Result<int> ProcessFlowEvents(Db& db, int limit, const std::function<EventDecision(const FlowEvent&)>& decide);

// Takes up to limit due timers, asks decide for each, and in one transaction
// creates the runs and marks each timer fired, re-armed (cron) or skipped.
// Returns how many timers were handled.
Result<int> FireDueTimers(Db& db, int limit, const std::function<TimerDecision(const DueTimer&)>& decide);

// The cron timer of a schedule flow: created due at next_due, or re-armed to
// next_due when the expression changed (data.cron holds the expression).
Status EnsureCronTimer(Db& db, const std::string& workflow, const std::string& cron, double next_due);

// Timers of a date-relative trigger for rows that existed before the flow
// did: one per (row, offset) whose due time is still ahead (or, with
// fire_past, any), unless the timer exists. offsets are PostgreSQL interval
// texts ("-30 days"), each with its key suffix. Returns how many were set.
Result<int> BackfillDateTimers(Db& db, const FlowSchema& schema, const std::string& workflow,
                               const std::string& table, const std::string& field,
                               const std::vector<std::pair<std::string, std::string>>& key_and_interval,
                               bool fire_past);

// Timers of a workflow (tests, `docflow flow show`).
struct FlowTimerInfo {
  long long id = 0, record_id = 0, run_id = 0;
  std::string kind, timer_key, state, due_at, record_table, note;
};
Result<std::vector<FlowTimerInfo>> ListFlowTimers(Db& db, const std::string& workflow);

}  // namespace docflow
