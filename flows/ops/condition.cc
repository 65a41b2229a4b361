// condition: resolve when the rule holds, reject otherwise.
//   filter: rules (flows/filter.h) over the context: {"$trigger.record.total_gross": {"_gt": 5000}}
//   if:     an expression: "{{ facts.gross > $settings.invoice_validation_amount }}"
// Output: {"passed": true|false}.
#include "flows/filter.h"
#include "flows/expression.h"
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class ConditionOp : public Operation {
 public:
  const char* type() const override { return "condition"; }
  OpKind kind() const override { return OpKind::kPure; }

  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"filter", "if"}); !s) return s;
    if (o.contains("filter") == o.contains("if")) return Permanent("filter: give either filter or if");
    if (o.contains("filter")) {
      if (auto s = CheckFilter(o["filter"]); !s) return Permanent("filter: " + s.error().message);
    }
    return Ok();
  }

  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    bool passed = false;
    if (o.contains("if")) {
      passed = Truthy(o["if"]);
    } else {
      auto m = MatchesFilter(o["filter"], *env.context);
      if (!m) return Permanent("filter: " + m.error().message);
      passed = *m;
    }
    OpOutcome out;
    out.output = {{"passed", passed}};
    out.state = passed ? OpOutcome::kResolved : OpOutcome::kRejected;
    if (!passed) out.note = "condition is false";
    return out;
  }
};
}  // namespace

const Operation& Condition() {
  static const ConditionOp op;
  return op;
}

}  // namespace docflow::flows::ops
