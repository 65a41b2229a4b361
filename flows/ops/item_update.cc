// item-update: updates rows of a collection.
//   collection, data (the new values), and either key (an id) or filter
//   (rules on columns; never empty); upsert: true creates the row (data plus
//   the filter's equality values) when nothing matched
// Output: with key, the updated row (rejected when there is no such row);
// with filter, the list of updated rows.
#include "flows/filter.h"
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class ItemUpdateOp : public Operation {
 public:
  const char* type() const override { return "item-update"; }
  OpKind kind() const override { return OpKind::kDatabase; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"collection", "key", "filter", "data", "upsert"}); !s) return s;
    if (auto s = ValidateCollection(o); !s) return s;
    if (auto s = RequireOption(o, "data"); !s) return s;
    if (!o["data"].is_object()) return Permanent("data: an object of field: value");
    if (o.contains("key") == o.contains("filter")) return Permanent("key: give either key (an id) or filter");
    if (o.contains("filter")) {
      if (auto s = CheckFilter(o["filter"]); !s) return Permanent("filter: " + s.error().message);
      if (!o["filter"].is_object() || o["filter"].empty()) return Permanent("filter: must not be empty");
    }
    return Ok();
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    OpOutcome out;
    bool by_key = o.contains("key");
    if (by_key && o["key"].is_null()) {
      out.state = OpOutcome::kSkipped;
      out.note = "no key: nothing to update";
      out.output = nullptr;
      return out;
    }
    json filter = by_key ? json{{"id", {{"_eq", o["key"]}}}} : o["filter"];
    auto rows = env.tx->UpdateItems(o["collection"].get<std::string>(), filter, o["data"], o.value("upsert", false));
    if (!rows) return rows.error();
    if (!by_key) {
      out.output = *rows;
      return out;
    }
    if (rows->empty()) {
      out.state = OpOutcome::kRejected;
      out.note = "no " + o["collection"].get<std::string>() + " row with id " + o["key"].dump();
      out.output = nullptr;
      return out;
    }
    out.output = (*rows)[0];
    return out;
  }
};
}  // namespace

const Operation& ItemUpdate() {
  static const ItemUpdateOp op;
  return op;
}

}  // namespace docflow::flows::ops
