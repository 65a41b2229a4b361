#include "storage/flow_sql_filter.h"

#include <cmath>

namespace docflow {
using nlohmann::json;

std::string QuoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::optional<std::string> SqlParam(const json& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15)
      return std::to_string(static_cast<long long>(d));
  }
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SqlArrayLiteral(const json& list) {
  std::string out = "{";
  bool first = true;
  for (const json& e : list) {
    if (!first) out += ",";
    first = false;
    auto p = SqlParam(e);
    if (!p) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *p) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

namespace {

struct Builder {
  const FlowSchema& schema;
  const std::string& table;
  SqlParams* params;

  std::string Param(std::optional<std::string> v) {
    params->push_back(std::move(v));
    return "$" + std::to_string(params->size());
  }

  Result<std::string> Operator(const std::string& col, const std::string& type, const std::string& op,
                               const json& arg) {
    std::string c = QuoteIdent(col);
    if (op == "_eq") return arg.is_null() ? c + " IS NULL" : c + " = " + Param(SqlParam(arg));
    if (op == "_neq") return arg.is_null() ? c + " IS NOT NULL" : c + " IS DISTINCT FROM " + Param(SqlParam(arg));
    if (op == "_ieq") return "lower(" + c + "::text) = lower(" + Param(SqlParam(arg)) + "::text)";
    if (op == "_gt") return c + " > " + Param(SqlParam(arg));
    if (op == "_gte") return c + " >= " + Param(SqlParam(arg));
    if (op == "_lt") return c + " < " + Param(SqlParam(arg));
    if (op == "_lte") return c + " <= " + Param(SqlParam(arg));
    if (op == "_in" || op == "_nin") {
      if (!arg.is_array()) return Permanent(col + "." + op + ": needs a list");
      std::string p = Param(SqlArrayLiteral(arg));
      return op == "_in" ? c + " = ANY(" + p + ")" : "(" + c + " IS NULL OR " + c + " <> ALL(" + p + "))";
    }
    if (op == "_contains" || op == "_ncontains" || op == "_icontains") {
      std::string test;
      if (type == "jsonb" && op != "_icontains")
        test = c + " @> " + Param(json::array({arg}).dump()) + "::jsonb";
      else if (type == "ARRAY" && op != "_icontains")
        test = Param(SqlParam(arg)) + " = ANY(" + c + ")";
      else if (op == "_icontains")
        test = "strpos(lower(" + c + "::text), lower(" + Param(SqlParam(arg)) + "::text)) > 0";
      else
        test = "strpos(" + c + "::text, " + Param(SqlParam(arg)) + "::text) > 0";
      return op == "_ncontains" ? "(" + c + " IS NULL OR NOT (" + test + "))" : "(" + test + ")";
    }
    if (op == "_starts_with") return "starts_with(" + c + "::text, " + Param(SqlParam(arg)) + "::text)";
    bool yes = !(arg.is_boolean() && !arg.get<bool>()) && !arg.is_null();
    std::string empty = "(" + c + " IS NULL OR " + c + "::text IN ('', '[]', '{}'))";
    if (op == "_null") return yes ? c + " IS NULL" : c + " IS NOT NULL";
    if (op == "_nnull") return yes ? c + " IS NOT NULL" : c + " IS NULL";
    if (op == "_empty") return yes ? empty : "NOT " + empty;
    if (op == "_nempty") return yes ? "NOT " + empty : empty;
    return Permanent("unknown filter operator " + op);
  }

  Result<std::string> Rule(const json& rule) {
    if (!rule.is_object()) return Permanent("a filter rule must be an object");
    std::vector<std::string> parts;
    for (auto it = rule.begin(); it != rule.end(); ++it) {
      const std::string& k = it.key();
      if (k == "_and" || k == "_or") {
        if (!it.value().is_array()) return Permanent(k + " needs a list of rules");
        std::vector<std::string> subs;
        for (const json& sub : it.value()) {
          auto s = Rule(sub);
          if (!s) return s;
          subs.push_back("(" + *s + ")");
        }
        if (subs.empty()) {
          parts.push_back(k == "_and" ? "TRUE" : "FALSE");
          continue;
        }
        std::string joined;
        for (size_t i = 0; i < subs.size(); ++i) joined += (i ? (k == "_and" ? " AND " : " OR ") : "") + subs[i];
        parts.push_back("(" + joined + ")");
        continue;
      }
      if (!k.empty() && k[0] == '_') return Permanent("operator " + k + " must follow a field name");
      if (k.find('.') != std::string::npos)
        return Permanent("field paths ('" + k + "') are not supported in item filters: name a column");
      if (auto s = schema.CheckColumn(table, k, false); !s) return s.error();
      std::string type = schema.Table(table)->columns.at(k).type;
      const json& v = it.value();
      if (!v.is_object()) {  // shorthand {"status": "paid"}
        auto s = Operator(k, type, "_eq", v);
        if (!s) return s;
        parts.push_back(*s);
        continue;
      }
      for (auto op = v.begin(); op != v.end(); ++op) {
        if (op.key().empty() || op.key()[0] != '_')
          return Permanent("field paths ('" + k + "." + op.key() + "') are not supported in item filters");
        auto s = Operator(k, type, op.key(), op.value());
        if (!s) return s;
        parts.push_back(*s);
      }
    }
    if (parts.empty()) return std::string("TRUE");
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? " AND " : "") + parts[i];
    return out;
  }
};

}  // namespace

Result<std::string> FilterToSql(const FlowSchema& schema, const std::string& table, const json& filter,
                                SqlParams* params) {
  if (auto s = schema.CheckReadable(table); !s) return s.error();
  if (filter.is_null() || (filter.is_object() && filter.empty())) return std::string("TRUE");
  Builder b{schema, table, params};
  return b.Rule(filter);
}

}  // namespace docflow
