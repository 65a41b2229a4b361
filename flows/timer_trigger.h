// Timers that came due (storage/flow_triggers.h: FireDueTimers): what each
// one starts. Pure decisions.
//   cron   a run of the schedule flow, key 'schedule:<due, ms since the epoch>' ($trigger:
//          {scheduled_at, fired_at, cron}); the timer is re-armed to the next
//          time after now (instants missed while no worker ran fire once)
//   date   a run of the date flow when its filter holds on the row as it is
//          now, key 'timer:<id>@<due ms>' ($trigger: {collection, key,
//          record, field, offset, due_at, timer_id}); skipped when the row
//          is gone or the filter fails
//   op     a run of the flow a schedule operation named ($trigger: {data,
//          due_at, timer_id})
// Depth and the loop guard are carried over from what set the timer.
//
// Thread safety: pure functions.
#pragma once

#include "flows/catalog.h"
#include "flows/settings.h"
#include "storage/flow_types.h"

namespace docflow::flows {

TimerDecision DecideTimer(const FlowCatalog& catalog, const FlowSettings& settings, const DueTimer& timer, double now);

}  // namespace docflow::flows
