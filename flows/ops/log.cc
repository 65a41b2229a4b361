// log: writes a line to the flow worker's log (and the step's output).
//   message: text (template)     level: info (default) | warn | error
// Output: {"message": "..."}.
#include <spdlog/spdlog.h>

#include "flows/expression.h"
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class LogOp : public Operation {
 public:
  const char* type() const override { return "log"; }
  OpKind kind() const override { return OpKind::kPure; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"message", "level"}); !s) return s;
    if (auto s = RequireOption(o, "message"); !s) return s;
    std::string level = o.value("level", std::string("info"));
    if (level != "info" && level != "warn" && level != "error") return Permanent("level: info, warn or error");
    return Ok();
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    std::string msg = ToText(o.value("message", json("")));
    std::string level = o.value("level", std::string("info"));
    auto line = fmt::format("flow {} run {}: {}", env.flow, env.run_id, msg);
    if (level == "error") spdlog::error("{}", line);
    else if (level == "warn") spdlog::warn("{}", line);
    else spdlog::info("{}", line);
    OpOutcome out;
    out.output = {{"message", msg}};
    return out;
  }
};
}  // namespace

const Operation& Log() {
  static const LogOp op;
  return op;
}

}  // namespace docflow::flows::ops
