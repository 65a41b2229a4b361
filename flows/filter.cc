#include "flows/filter.h"

#include <algorithm>
#include <cctype>

#include "flows/expression.h"

namespace docflow::flows {
using nlohmann::json;

namespace {

const json kNull = nullptr;

const json& Child(const json& v, const std::string& key) {
  if (v.is_object()) {
    auto it = v.find(key);
    if (it != v.end()) return *it;
  } else if (v.is_array() && !key.empty() && std::all_of(key.begin(), key.end(), ::isdigit)) {
    size_t i = std::stoul(key);
    if (i < v.size()) return v[i];
  }
  return kNull;
}

const json& AtPath(const json& v, const std::string& dotted) {
  const json* cur = &v;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    cur = &Child(*cur, dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return *cur;
    start = dot + 1;
  }
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsEmpty(const json& v) { return v.is_null() || ((v.is_string() || v.is_array() || v.is_object()) && v.empty()); }

bool Contains(const json& hay, const json& needle, bool icase) {
  if (hay.is_array()) {
    for (const json& e : hay)
      if (EqualValues(e, needle)) return true;
    return false;
  }
  if (hay.is_null()) return false;
  std::string h = ToText(hay), n = ToText(needle);
  if (icase) h = Lower(h), n = Lower(n);
  return h.find(n) != std::string::npos;
}

Result<bool> ApplyOperator(const std::string& op, const json& arg, const json& v) {
  if (op == "_eq") return arg.is_null() ? v.is_null() : EqualValues(v, arg);
  if (op == "_neq") return arg.is_null() ? !v.is_null() : !EqualValues(v, arg);
  if (op == "_ieq") return !v.is_null() && Lower(ToText(v)) == Lower(ToText(arg));
  if (op == "_gt" || op == "_gte" || op == "_lt" || op == "_lte") {
    auto c = CompareValues(v, arg);
    if (!c) return false;
    if (op == "_gt") return *c > 0;
    if (op == "_gte") return *c >= 0;
    if (op == "_lt") return *c < 0;
    return *c <= 0;
  }
  if (op == "_in" || op == "_nin") {
    if (!arg.is_array()) return Permanent(op + " needs a list");
    bool in = false;
    for (const json& e : arg) in = in || EqualValues(v, e);
    return op == "_in" ? in : !in;
  }
  if (op == "_contains") return Contains(v, arg, false);
  if (op == "_ncontains") return !Contains(v, arg, false);
  if (op == "_icontains") return Contains(v, arg, true);
  if (op == "_starts_with") return !v.is_null() && ToText(v).rfind(ToText(arg), 0) == 0;
  if (op == "_null") return Truthy(arg) ? v.is_null() : !v.is_null();
  if (op == "_nnull") return Truthy(arg) ? !v.is_null() : v.is_null();
  if (op == "_empty") return Truthy(arg) ? IsEmpty(v) : !IsEmpty(v);
  if (op == "_nempty") return Truthy(arg) ? !IsEmpty(v) : IsEmpty(v);
  return Permanent("unknown filter operator " + op);
}

// rule: an object of path keys, operators, _and/_or; evaluated at value v.
Result<bool> Eval(const json& rule, const json& v) {
  if (!rule.is_object()) return EqualValues(v, rule);  // shorthand: {"status": "paid"}
  for (auto it = rule.begin(); it != rule.end(); ++it) {
    const std::string& k = it.key();
    Result<bool> r = false;
    if (k == "_and" || k == "_or") {
      if (!it.value().is_array()) return Permanent(k + " needs a list of rules");
      bool all = true, any = false;
      for (const json& sub : it.value()) {
        auto s = Eval(sub, v);
        if (!s) return s;
        all = all && *s;
        any = any || *s;
      }
      r = k == "_and" ? all : any;
    } else if (!k.empty() && k[0] == '_') {
      r = ApplyOperator(k, it.value(), v);
    } else {
      r = Eval(it.value(), AtPath(v, k));
    }
    if (!r) return r;
    if (!*r) return false;
  }
  return true;
}

Status Check(const json& rule, const std::string& where) {
  if (!rule.is_object()) return Ok();
  static const char* kOps[] = {"_eq",        "_neq",      "_ieq",        "_gt",   "_gte",    "_lt",
                               "_lte",       "_in",       "_nin",        "_contains", "_ncontains", "_icontains",
                               "_starts_with", "_null", "_nnull",      "_empty", "_nempty"};
  for (auto it = rule.begin(); it != rule.end(); ++it) {
    const std::string& k = it.key();
    std::string here = where.empty() ? k : where + "." + k;
    if (k == "_and" || k == "_or") {
      if (!it.value().is_array()) return Permanent(here + ": needs a list of rules");
      for (const json& sub : it.value())
        if (auto s = Check(sub, here); !s) return s;
    } else if (!k.empty() && k[0] == '_') {
      if (std::none_of(std::begin(kOps), std::end(kOps), [&](const char* o) { return k == o; }))
        return Permanent(here + ": unknown filter operator");
      if ((k == "_in" || k == "_nin") && !it.value().is_array() && !it.value().is_string())
        return Permanent(here + ": needs a list");
    } else {
      if (auto s = Check(it.value(), here); !s) return s;
    }
  }
  return Ok();
}

}  // namespace

Result<bool> MatchesFilter(const json& filter, const json& data) {
  if (filter.is_null() || (filter.is_object() && filter.empty())) return true;
  if (!filter.is_object()) return Permanent("a filter must be an object of rules");
  return Eval(filter, data);
}

Status CheckFilter(const json& filter) {
  if (filter.is_null()) return Ok();
  if (!filter.is_object()) return Permanent("a filter must be an object of rules");
  return Check(filter, "");
}

}  // namespace docflow::flows
