#include "flows/event_trigger.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "flows/expression.h"
#include "flows/filter.h"
#include "flows/template.h"
#include "flows/time_text.h"

namespace docflow::flows {
using nlohmann::json;

std::string DateTimerKey(const std::string& table, long long id, const std::string& field, const std::string& offset) {
  return "date:" + table + ":" + std::to_string(id) + ":" + field + ":" + offset;
}

namespace {

// A filter's templates may read $settings; data is the trigger data.
bool FilterHolds(const FlowDefinition& flow, const FlowSettings& settings, const json& data) {
  if (flow.trigger.filter.is_null()) return true;
  json ctx = {{"$trigger", data}, {"$settings", settings.exposed}};
  auto rendered = Render(flow.trigger.filter, ctx);
  if (!rendered) {
    spdlog::warn("flow {}: trigger filter: {}", flow.name, rendered.error().message);
    return false;
  }
  // Paths in the filter are relative to the trigger data ("record.status"),
  // or absolute ("$trigger.record.status").
  json scope = data;
  if (scope.is_object()) scope["$trigger"] = data, scope["$settings"] = settings.exposed;
  auto m = MatchesFilter(*rendered, scope);
  if (!m) {
    spdlog::warn("flow {}: trigger filter: {}", flow.name, m.error().message);
    return false;
  }
  return *m;
}

}  // namespace

EventDecision DecideEvent(const FlowCatalog& catalog, const FlowSettings& settings, const FlowEvent& e) {
  EventDecision d;
  auto dot = e.topic.rfind('.');
  std::string collection = dot == std::string::npos ? e.topic : e.topic.substr(0, dot);
  std::string action = dot == std::string::npos ? "" : e.topic.substr(dot + 1);
  if (action == "insert" || action == "created") action = "create";
  if (action == "updated") action = "update";
  if (action == "deleted") action = "delete";
  json payload = e.payload.is_null() ? json::object() : e.payload;
  // The change capture lists `changed` columns; the store stage's update
  // events list the columns they `filled`.
  json changed = payload.is_object() ? payload.value("changed", json::array()) : json::array();
  if (changed.empty() && payload.is_object() && payload.contains("filled") && payload["filled"].is_object())
    for (auto it = payload["filled"].begin(); it != payload["filled"].end(); ++it) changed.push_back(it.key());
  json data = {{"event_id", e.id},
               {"topic", e.topic},
               {"collection", collection},
               {"action", action},
               {"key", e.record_id > 0 ? json(e.record_id) : json(nullptr)},
               {"record", e.record},
               {"payload", payload},
               {"old", payload.is_object() ? payload.value("old", json::object()) : json::object()},
               {"changed", changed},
               {"document_id", e.document_id > 0 ? json(e.document_id) : json(nullptr)},
               {"created_at", e.created_at}};
  for (const FlowDefinition& f : catalog.all()) {
    const TriggerSpec& t = f.trigger;
    if (t.type == TriggerType::kEvent) {
      if (t.collection != collection) continue;
      if (std::find(t.actions.begin(), t.actions.end(), action) == t.actions.end()) continue;
      if (!FilterHolds(f, settings, data)) continue;
      NewFlowRun run;
      run.workflow = f.name;
      run.trigger_kind = "event";
      bool record = !e.record_table.empty() && e.record_id > 0;
      run.trigger_key = record && action == "create"
                            ? "record:" + e.record_table + ":" + std::to_string(e.record_id) + ":create"
                            : "event:" + std::to_string(e.id);
      run.trigger = data;
      run.depth = e.depth;
      run.event_id = e.id;
      run.stopped_reason = LoopGuard(f, settings, e.depth);
      d.runs.push_back(std::move(run));
    } else if (t.type == TriggerType::kDate) {
      if (t.collection != e.record_table || e.record_id <= 0) continue;
      if (action != "create" && action != "update" && action != "delete") continue;
      // An update that does not touch the date leaves the timers as they are.
      if (action == "update" && data["changed"].is_array() && !data["changed"].empty()) {
        bool touched = false;
        for (const json& c : data["changed"]) touched = touched || (c.is_string() && c.get<std::string>() == t.field);
        if (!touched) continue;
      }
      json value = action == "delete" || !e.record.is_object() ? json(nullptr) : e.record.value(t.field, json(nullptr));
      std::optional<TimeValue> base;
      if (!value.is_null()) base = ParseTime(ToText(value));
      for (const DateOffset& off : t.offsets) {
        TimerUpsert u;
        u.workflow = f.name;
        u.timer_key = DateTimerKey(e.record_table, e.record_id, t.field, off.text);
        u.record_table = e.record_table;
        u.record_id = e.record_id;
        u.depth = e.depth;
        u.fire_past = t.fire_past;
        u.data = {{"field", t.field}, {"offset", off.text}};
        if (base) {
          auto due = AddToTime(*base, off.n, off.unit);
          if (due) u.due_at = due->seconds;
        }
        d.timers.push_back(std::move(u));
      }
    }
  }
  return d;
}

}  // namespace docflow::flows
