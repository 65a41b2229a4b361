// Item-event triggers: which flows an events row starts, and which
// date-relative timers it sets. Pure decisions; storage/flow_triggers.h
// applies them in the transaction that marks the event processed.
//
// Event topics are "<collection>.<create|update|delete>" (the store stage's
// "invoices.create", the change capture's "companies.update"). A flow with
//   trigger: {type: event, collection: invoices, actions: [create], filter: ...}
// gets one run per matching event, with $trigger =
//   {event_id, topic, collection, action, key (record id), record (the row
//    now), payload, old (changed columns' old values), changed ([columns];
//    for the store stage's update events, the columns it filled),
//    document_id, created_at}
// Other actions of the store stage (people.match, invoices.duplicate) start
// the flows that list them in actions.
// and trigger key 'record:<table>:<id>:create' for creations (the store
// stage's event and the change capture of the same INSERT are one run) or
// 'event:<id>' otherwise. The run's depth is the event's flow_depth; the
// loop guard records runs past max_depth as loop_stopped.
//
// A flow with trigger {type: date, collection, field, offsets} gets, for each
// created or updated row of collection, one timer per offset due at
// row.field + offset (cancelled when the field is emptied or the row
// deleted; moved when the date changes).
//
// Thread safety: pure functions.
#pragma once

#include "flows/catalog.h"
#include "flows/settings.h"
#include "storage/flow_types.h"

namespace docflow::flows {

EventDecision DecideEvent(const FlowCatalog& catalog, const FlowSettings& settings, const FlowEvent& event);

// The timer key of a date trigger's offset for one record.
std::string DateTimerKey(const std::string& table, long long id, const std::string& field, const std::string& offset);

}  // namespace docflow::flows
