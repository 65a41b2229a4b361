// transform: builds JSON from templates.
//   value: any JSON; its strings are templates ({{...}} whole: typed values)
// Output: the rendered value.
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class TransformOp : public Operation {
 public:
  const char* type() const override { return "transform"; }
  OpKind kind() const override { return OpKind::kPure; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"value"}); !s) return s;
    return RequireOption(o, "value");
  }
  Result<OpOutcome> Run(const json& o, OpEnv&) const override {
    OpOutcome out;
    out.output = o.value("value", json(nullptr));
    return out;
  }
};
}  // namespace

const Operation& Transform() {
  static const TransformOp op;
  return op;
}

}  // namespace docflow::flows::ops
