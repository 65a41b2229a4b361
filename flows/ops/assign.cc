// assign: picks a user of a role and (optionally) writes it into a record.
//   role, strategy: round-robin (default) | least-loaded
//   collection + key + field (e.g. leads, {{lead.id}}, owner_id), data: more
//   values to set on the record at the same time (e.g. assigned_at)
// Rejected when the role has no active user. Output: {"user": row, "record": row | null}.
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class AssignOp : public Operation {
 public:
  const char* type() const override { return "assign"; }
  OpKind kind() const override { return OpKind::kDatabase; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"role", "strategy", "collection", "key", "field", "data"}); !s) return s;
    if (auto s = RequireOption(o, "role"); !s) return s;
    if (o.contains("strategy")) {
      std::string st = o["strategy"].is_string() ? o["strategy"].get<std::string>() : "";
      if (st != "round-robin" && st != "least-loaded") return Permanent("strategy: round-robin or least-loaded");
    }
    if (o.contains("collection") && (!o.contains("key") || !o.contains("field")))
      return Permanent("collection: needs key (the record's id) and field (the column to set)");
    return Ok();
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    OpOutcome out;
    std::string role = o["role"].is_string() ? o["role"].get<std::string>() : "";
    auto user = env.tx->PickUser(role, o.value("strategy", std::string("round-robin")));
    if (!user) return user.error();
    if (user->is_null()) {
      out.state = OpOutcome::kRejected;
      out.note = "no active user with role " + role;
      out.output = {{"user", nullptr}, {"record", nullptr}};
      return out;
    }
    json record = nullptr;
    if (o.contains("collection") && !o["key"].is_null()) {
      json values = o.value("data", json::object());
      if (!values.is_object()) values = json::object();
      values[o["field"].get<std::string>()] = (*user)["id"];
      auto rows = env.tx->UpdateItems(o["collection"].get<std::string>(), {{"id", {{"_eq", o["key"]}}}}, values, false);
      if (!rows) return rows.error();
      if (!rows->empty()) record = (*rows)[0];
    }
    out.output = {{"user", *user}, {"record", record}};
    return out;
  }
};
}  // namespace

const Operation& Assign() {
  static const AssignOp op;
  return op;
}

}  // namespace docflow::flows::ops
