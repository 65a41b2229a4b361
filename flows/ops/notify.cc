// notify: a notifications row for a user.
//   user (users.id), message, kind (info | task | approval | reminder | alert),
//   related_table / related_id (what it is about)
// Skipped when user is null. Output: the notification row.
#include "flows/expression.h"
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class NotifyOp : public Operation {
 public:
  const char* type() const override { return "notify"; }
  OpKind kind() const override { return OpKind::kDatabase; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"user", "message", "kind", "related_table", "related_id"}); !s) return s;
    if (auto s = RequireOption(o, "user"); !s) return s;
    return RequireOption(o, "message");
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    OpOutcome out;
    if (o["user"].is_null()) {
      out.state = OpOutcome::kSkipped;
      out.note = "no user to notify";
      out.output = nullptr;
      return out;
    }
    json row = {{"user_id", o["user"]}, {"message", ToText(o["message"])}, {"kind", o.value("kind", json("info"))}};
    if (o.contains("related_table") && !o["related_table"].is_null() && o.contains("related_id") &&
        !o["related_id"].is_null()) {
      row["related_table"] = o["related_table"];
      row["related_id"] = o["related_id"];
    }
    auto r = env.tx->CreateItems("notifications", row);
    if (!r) return r.error();
    out.output = (*r)[0];
    return out;
  }
};
}  // namespace

const Operation& Notify() {
  static const NotifyOp op;
  return op;
}

}  // namespace docflow::flows::ops
