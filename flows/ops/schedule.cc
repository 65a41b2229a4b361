// schedule: something in the future, durable in the database.
//   at: a date or timestamp, or in: a duration from now ("7 days")
//   flow + data: a timer that starts that flow then, with $trigger.data = data
//   reminder: {title, user_id, related_table, related_id, kind (default reminder)}:
//             a planning row due then (the planning-reminder flow notifies on the day)
// Skipped when at is null. Output: {"due_at", "timer_id", "planning"}.
#include "flows/catalog.h"
#include "flows/expression.h"
#include "flows/ops/ops.h"
#include "flows/time_text.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class ScheduleOp : public Operation {
 public:
  const char* type() const override { return "schedule"; }
  OpKind kind() const override { return OpKind::kDatabase; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"at", "in", "flow", "data", "reminder"}); !s) return s;
    if (o.contains("at") == o.contains("in")) return Permanent("at: give either at (a date) or in (a duration)");
    if (!o.contains("flow") && !o.contains("reminder")) return Permanent("flow: give flow (a timer) and/or reminder");
    if (o.contains("in") && o["in"].is_string() && o["in"].get<std::string>().find("{{") == std::string::npos) {
      if (auto d = ParseDuration(o["in"].get<std::string>()); !d) return Permanent("in: " + d.error().message);
    }
    if (o.contains("reminder") && !o["reminder"].is_object()) return Permanent("reminder: an object with a title");
    return Ok();
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    OpOutcome out;
    double due = 0;
    if (o.contains("at")) {
      if (o["at"].is_null()) {
        out.state = OpOutcome::kSkipped;
        out.note = "no date";
        out.output = nullptr;
        return out;
      }
      auto t = ParseTime(ToText(o["at"]));
      if (!t) return Permanent("at: not a date: " + ToText(o["at"]));
      due = t->seconds;
    } else {
      auto d = ParseDuration(ToText(o["in"]));
      if (!d) return Permanent("in: " + d.error().message);
      auto t = AddToTime(TimeValue{NowSeconds(), false}, d->n, d->unit);
      if (!t) return t.error();
      due = t->seconds;
    }
    out.output = {{"due_at", FormatTimestamp(due)}, {"timer_id", nullptr}, {"planning", nullptr}};
    if (o.contains("flow")) {
      std::string flow = ToText(o["flow"]);
      if (!env.catalog || !env.catalog->Find(flow)) return Permanent("flow: no flow named '" + flow + "'");
      std::string key = "op:" + std::to_string(env.run_id) + ":" + env.op_key;
      auto id = env.tx->AddTimer(flow, key, due, o.value("data", json::object()), env.depth + 1);
      if (!id) return id.error();
      out.output["timer_id"] = *id;
    }
    if (o.contains("reminder")) {
      json row = o["reminder"];
      if (!row.contains("kind")) row["kind"] = "reminder";
      row["due_at"] = FormatTimestamp(due);
      auto r = env.tx->CreateItems("planning", row);
      if (!r) return r.error();
      out.output["planning"] = (*r)[0];
    }
    return out;
  }
};
}  // namespace

const Operation& Schedule() {
  static const ScheduleOp op;
  return op;
}

}  // namespace docflow::flows::ops
