// item-create: inserts a row (data: an object) or rows (data: a list) into a
// collection (a table flows may write, storage/flow_schema.h). A value
// {"$nextval": "accounting_entry_ids"} is the sequence's next value, the
// same for every row of the operation.
// Output: the created row (data an object) or the list of created rows.
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

Status ValidateCollection(const json& o) {
  if (auto s = RequireOption(o, "collection"); !s) return s;
  if (!o["collection"].is_string() || o["collection"].get<std::string>().empty())
    return Permanent("collection: expected a table name");
  return Ok();
}

namespace {
class ItemCreateOp : public Operation {
 public:
  const char* type() const override { return "item-create"; }
  OpKind kind() const override { return OpKind::kDatabase; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"collection", "data"}); !s) return s;
    if (auto s = ValidateCollection(o); !s) return s;
    if (auto s = RequireOption(o, "data"); !s) return s;
    if (!o["data"].is_object() && !o["data"].is_array()) return Permanent("data: an object (one row) or a list of rows");
    return Ok();
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    const json& data = o["data"];
    if (!data.is_object() && !data.is_array()) return Permanent("data: an object (one row) or a list of rows");
    auto rows = env.tx->CreateItems(o["collection"].get<std::string>(), data);
    if (!rows) return rows.error();
    OpOutcome out;
    out.output = data.is_object() ? (*rows)[0] : *rows;
    return out;
  }
};
}  // namespace

const Operation& ItemCreate() {
  static const ItemCreateOp op;
  return op;
}

}  // namespace docflow::flows::ops
