// item-read: rows of a collection (table or view).
//   collection, filter (rules on columns), sort ("-due_date" or a list),
//   limit (default 100, at most 1000), single: true (the first row or null),
//   aggregate: count | sum | avg | min | max (with field)
// Output: a list of rows, the row (single), or {"count": n} / {"sum": x} ...
#include "flows/filter.h"
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {
class ItemReadOp : public Operation {
 public:
  const char* type() const override { return "item-read"; }
  OpKind kind() const override { return OpKind::kDatabase; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"collection", "filter", "sort", "limit", "aggregate", "field", "single"}); !s)
      return s;
    if (auto s = ValidateCollection(o); !s) return s;
    if (o.contains("filter")) {
      if (auto s = CheckFilter(o["filter"]); !s) return Permanent("filter: " + s.error().message);
    }
    if (o.contains("aggregate")) {
      std::string a = o["aggregate"].is_string() ? o["aggregate"].get<std::string>() : "";
      if (a != "count" && a != "sum" && a != "avg" && a != "min" && a != "max")
        return Permanent("aggregate: count, sum, avg, min or max");
      if (a != "count" && !o.contains("field")) return Permanent("field: required with aggregate " + a);
    }
    return Ok();
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    ItemQuery q;
    q.filter = o.value("filter", json(nullptr));
    if (o.contains("sort")) {
      const json& s = o["sort"];
      if (s.is_string()) q.sort.push_back(s.get<std::string>());
      else if (s.is_array())
        for (const json& e : s)
          if (e.is_string()) q.sort.push_back(e.get<std::string>());
    }
    bool single = o.value("single", false);
    q.limit = single ? 1 : (o.contains("limit") && o["limit"].is_number() ? o["limit"].get<int>() : 100);
    q.aggregate = o.value("aggregate", std::string());
    q.field = o.value("field", std::string());
    auto r = env.tx->ReadItems(o["collection"].get<std::string>(), q);
    if (!r) return r.error();
    OpOutcome out;
    out.output = single && r->is_array() ? (r->empty() ? json(nullptr) : (*r)[0]) : *r;
    return out;
  }
};
}  // namespace

const Operation& ItemRead() {
  static const ItemReadOp op;
  return op;
}

}  // namespace docflow::flows::ops
