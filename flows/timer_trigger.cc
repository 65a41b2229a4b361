#include "flows/timer_trigger.h"

#include <algorithm>
#include <cmath>

#include <spdlog/spdlog.h>

#include "flows/cron.h"
#include "flows/filter.h"
#include "flows/template.h"
#include "flows/time_text.h"

namespace docflow::flows {
using nlohmann::json;

TimerDecision DecideTimer(const FlowCatalog& catalog, const FlowSettings& settings, const DueTimer& t, double now) {
  TimerDecision d;
  const FlowDefinition* f = catalog.Find(t.workflow);
  if (!f) {
    d.skipped_reason = "flow '" + t.workflow + "' is not loaded";
    return d;
  }
  std::string due_key = std::to_string(static_cast<long long>(std::llround(t.due_at * 1000)));  // ms
  d.run.workflow = f->name;
  d.run.depth = t.depth;
  d.run.stopped_reason = LoopGuard(*f, settings, t.depth);
  if (t.kind == "cron") {
    std::string expr = t.data.is_object() ? t.data.value("cron", f->trigger.cron) : f->trigger.cron;
    if (f->trigger.type != TriggerType::kSchedule) {
      d.skipped_reason = "the flow no longer has a schedule trigger";
      return d;
    }
    auto cron = CronSchedule::Parse(f->trigger.cron);
    if (!cron) {
      d.skipped_reason = cron.error().message;
      return d;
    }
    d.fire = true;
    d.run.trigger_kind = "schedule";
    d.run.trigger_key = "schedule:" + due_key;
    d.run.trigger = {{"scheduled_at", FormatTimestamp(t.due_at)}, {"fired_at", FormatTimestamp(now)}, {"cron", f->trigger.cron}};
    d.rearm_at = cron->Next(std::max(now, t.due_at));
    if (d.rearm_at < 0) d.rearm_at = 0;
    return d;
  }
  d.run.trigger_key = "timer:" + std::to_string(t.id) + "@" + due_key;
  if (t.kind == "date") {
    if (t.record.is_null()) {
      d.skipped_reason = "the record is gone";
      return d;
    }
    d.run.trigger_kind = "date";
    json data = {{"collection", t.record_table},
                 {"key", t.record_id},
                 {"record", t.record},
                 {"field", t.data.value("field", f->trigger.field)},
                 {"offset", t.data.value("offset", std::string())},
                 {"due_at", FormatTimestamp(t.due_at)},
                 {"timer_id", t.id}};
    if (!f->trigger.filter.is_null()) {
      json ctx = {{"$trigger", data}, {"$settings", settings.exposed}};
      auto rendered = Render(f->trigger.filter, ctx);
      json scope = data;
      scope["$trigger"] = data;
      scope["$settings"] = settings.exposed;
      auto m = rendered ? MatchesFilter(*rendered, scope) : Result<bool>(rendered.error());
      if (!m || !*m) {
        d.skipped_reason = m ? "the trigger filter does not hold on the record now" : m.error().message;
        return d;
      }
    }
    d.fire = true;
    d.run.trigger = data;
    return d;
  }
  d.fire = true;
  d.run.trigger_kind = "timer";
  d.run.trigger = {{"data", t.data}, {"due_at", FormatTimestamp(t.due_at)}, {"timer_id", t.id}};
  return d;
}

}  // namespace docflow::flows
