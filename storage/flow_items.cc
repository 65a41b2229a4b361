#include "storage/flow_items.h"

#include <algorithm>
#include <map>

#include "storage/flow_internal.h"
#include "storage/flow_sql_filter.h"

namespace docflow {
using nlohmann::json;

namespace storage_internal {

Error ClassifySqlError(const pqxx::sql_error& e, const std::string& what) {
  std::string state = e.sqlstate();
  std::string msg = e.what();
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  bool permanent = state.rfind("22", 0) == 0 || state.rfind("23", 0) == 0 || state.rfind("42", 0) == 0 ||
                   state.rfind("P0", 0) == 0;
  return permanent ? Permanent(what + ": " + msg) : Transient(what + ": " + msg);
}

namespace {

Error Classify(const pqxx::sql_error& e, const std::string& what) { return ClassifySqlError(e, what); }

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A jsonb value read as text (never throws: NULL or bad text is null).
json Parse(const pqxx::field& f) {
  if (f.is_null()) return nullptr;
  json j = json::parse(f.c_str(), nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

class PqFlowTx : public FlowTx {
 public:
  PqFlowTx(pqxx::work& w, const FlowSchema& schema, const RunLease& lease) : w_(w), schema_(schema), lease_(lease) {}

  Result<json> CreateItems(const std::string& table, const json& rows) override {
    try {
      return Create(table, rows);
    } catch (const pqxx::sql_error& e) {
      return Classify(e, "create in " + table);
    }
  }

  Result<json> ReadItems(const std::string& table, const ItemQuery& q) override {
    try {
      return Read(table, q);
    } catch (const pqxx::sql_error& e) {
      return Classify(e, "read of " + table);
    }
  }

  Result<json> UpdateItems(const std::string& table, const json& filter, const json& values,
                           bool create_if_none) override {
    try {
      return Update(table, filter, values, create_if_none);
    } catch (const pqxx::sql_error& e) {
      return Classify(e, "update of " + table);
    }
  }

  Result<json> PickUser(const std::string& role, const std::string& strategy) override {
    try {
      if (strategy != "round-robin" && strategy != "least-loaded")
        return Permanent("unknown assignment strategy '" + strategy + "' (round-robin | least-loaded)");
      // One assignment per role at a time: the rotation is exact.
      w_.exec_params("SELECT pg_advisory_xact_lock(hashtext('docflow.assign:' || $1))", role);
      pqxx::result pick;
      if (strategy == "round-robin") {
        pick = w_.exec_params(
            "SELECT id, 0 FROM users WHERE role = $1 AND active ORDER BY last_assigned_at NULLS FIRST, id LIMIT 1",
            role);
      } else {
        pick = w_.exec_params(
            "SELECT u.id, (SELECT count(*) FROM tasks t WHERE t.assignee_id = u.id AND t.status NOT IN ('done',"
            "  'cancelled')) + (SELECT count(*) FROM leads l WHERE l.owner_id = u.id AND l.status NOT IN"
            "  ('converted', 'lost')) AS load"
            " FROM users u WHERE u.role = $1 AND u.active ORDER BY load, u.last_assigned_at NULLS FIRST, u.id LIMIT 1",
            role);
      }
      if (pick.empty()) return json(nullptr);
      auto r = w_.exec_params(
          "UPDATE users u SET last_assigned_at = clock_timestamp() WHERE id = $1 RETURNING to_jsonb(u)::text",
          pick[0][0].as<long long>());
      json user = Parse(r[0][0]);
      user["open_work"] = pick[0][1].as<long long>();
      return user;
    } catch (const pqxx::sql_error& e) {
      return Classify(e, "assignment in role " + role);
    }
  }

  Result<long long> AddTimer(const std::string& workflow, const std::string& key, double due, const json& data,
                             int depth) override {
    try {
      auto r = w_.exec_params(
          "INSERT INTO flow_timers (workflow_id, kind, timer_key, due_at, data, depth)"
          " SELECT id, 'op', $2, to_timestamp($3), $4::jsonb, $5 FROM workflows WHERE name = $1"
          " ON CONFLICT (workflow_id, timer_key) DO NOTHING RETURNING id",
          workflow, key, due, Dump(data), depth);
      if (!r.empty()) return r[0][0].as<long long>();
      auto old = w_.exec_params(
          "SELECT t.id FROM flow_timers t JOIN workflows w ON w.id = t.workflow_id WHERE w.name = $1"
          " AND t.timer_key = $2",
          workflow, key);
      if (old.empty()) return Permanent("no flow named '" + workflow + "'");
      return old[0][0].as<long long>();
    } catch (const pqxx::sql_error& e) {
      return Classify(e, "timer for " + workflow);
    }
  }

  Result<std::vector<CreatedRun>> AddRuns(const std::vector<NewFlowRun>& runs) override {
    try {
      auto out = InsertRuns(w_, runs);
      for (size_t i = 0; i < out.size(); ++i)
        if (out[i].id == 0) return Permanent("no flow named '" + runs[i].workflow + "'");
      return out;
    } catch (const pqxx::sql_error& e) {
      return Classify(e, "runs");
    }
  }

 private:
  // Column values of one row as parameters, typed by the column.
  Result<std::pair<std::vector<std::string>, SqlParams>> Values(const std::string& table, const json& row,
                                                                const std::map<std::string, long long>& seqs) {
    if (!row.is_object()) return Permanent("a row of " + table + " must be an object of field: value");
    std::vector<std::string> cols;
    SqlParams params;
    const FlowTable* t = schema_.Table(table);
    for (auto it = row.begin(); it != row.end(); ++it) {
      if (auto s = schema_.CheckColumn(table, it.key(), true); !s) return s.error();
      const std::string& type = t->columns.at(it.key()).type;
      const json& v = it.value();
      cols.push_back(it.key());
      if (v.is_object() && v.size() == 1 && v.contains("$nextval")) {
        params.push_back(std::to_string(seqs.at(v["$nextval"].get<std::string>())));
      } else if (v.is_null()) {
        params.push_back(std::nullopt);
      } else if (type == "json" || type == "jsonb") {
        params.push_back(Dump(v));
      } else if (type == "ARRAY" && v.is_array()) {
        params.push_back(SqlArrayLiteral(v));
      } else if (v.is_object() || v.is_array()) {
        return Permanent("field " + table + "." + it.key() + " (" + type + ") cannot hold " + Dump(v));
      } else {
        params.push_back(SqlParam(v));
      }
    }
    return std::make_pair(std::move(cols), std::move(params));
  }

  // Takes each sequence named by a {"$nextval": "seq"} value once.
  Result<std::map<std::string, long long>> Sequences(const json& rows) {
    std::map<std::string, long long> seqs;
    for (const json& row : rows) {
      if (!row.is_object()) continue;
      for (const json& v : row) {
        if (!(v.is_object() && v.size() == 1 && v.contains("$nextval"))) continue;
        if (!v["$nextval"].is_string()) return Permanent("$nextval needs a sequence name");
        std::string seq = v["$nextval"].get<std::string>();
        if (seqs.count(seq)) continue;
        if (!schema_.Sequences().count(seq)) return Permanent("unknown sequence '" + seq + "'");
        auto r = w_.exec_params("SELECT nextval($1::regclass)", QuoteIdent(seq));
        seqs[seq] = r[0][0].as<long long>();
      }
    }
    return seqs;
  }

  Result<json> Create(const std::string& table, const json& rows_in) {
    if (auto s = schema_.CheckWritable(table); !s) return s.error();
    json rows = rows_in.is_array() ? rows_in : json::array({rows_in});
    auto seqs = Sequences(rows);
    if (!seqs) return seqs.error();
    json out = json::array();
    for (const json& row : rows) {
      auto v = Values(table, row, *seqs);
      if (!v) return v.error();
      auto& [cols, params] = *v;
      std::string sql = "INSERT INTO " + QuoteIdent(table) + " AS t ";
      if (cols.empty()) {
        sql += "DEFAULT VALUES";
      } else {
        std::string names, holders;
        for (size_t i = 0; i < cols.size(); ++i) {
          names += (i ? ", " : "") + QuoteIdent(cols[i]);
          holders += (i ? ", $" : "$") + std::to_string(i + 1);
        }
        sql += "(" + names + ") VALUES (" + holders + ")";
      }
      sql += " RETURNING (to_jsonb(t) - 'search')::text";
      auto r = w_.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
      out.push_back(Parse(r[0][0]));
    }
    return out;
  }

  Result<json> Read(const std::string& table, const ItemQuery& q) {
    SqlParams params;
    auto where = FilterToSql(schema_, table, q.filter, &params);
    if (!where) return where.error();
    std::string from = " FROM " + QuoteIdent(table) + " t WHERE " + *where;
    if (!q.aggregate.empty()) {
      std::string agg = q.aggregate;
      std::string expr;
      if (agg == "count") {
        expr = "count(*)";
      } else if (agg == "sum" || agg == "avg" || agg == "min" || agg == "max") {
        if (auto s = schema_.CheckColumn(table, q.field, false); !s) return s.error();
        expr = agg + "(t." + QuoteIdent(q.field) + ")";
      } else {
        return Permanent("unknown aggregate '" + agg + "' (count | sum | avg | min | max)");
      }
      auto r = w_.exec_params("SELECT coalesce(to_jsonb(" + expr + "), 'null'::jsonb)::text" + from,
                              pqxx::prepare::make_dynamic_params(params));
      json v = Parse(r[0][0]);
      if (agg == "sum" && v.is_null()) v = 0;
      return json{{agg, v}};
    }
    std::string order;
    for (const std::string& s : q.sort) {
      bool desc = !s.empty() && s[0] == '-';
      std::string col = desc ? s.substr(1) : s;
      if (auto st = schema_.CheckColumn(table, col, false); !st) return st.error();
      order += (order.empty() ? " ORDER BY " : ", ") + std::string("t.") + QuoteIdent(col) + (desc ? " DESC" : "");
    }
    int limit = std::clamp(q.limit, 1, 1000);
    auto r = w_.exec_params("SELECT (to_jsonb(t) - 'search')::text" + from + order + " LIMIT " + std::to_string(limit),
                            pqxx::prepare::make_dynamic_params(params));
    json out = json::array();
    for (const auto& row : r) out.push_back(Parse(row[0]));
    return out;
  }

  Result<json> Update(const std::string& table, const json& filter, const json& values, bool create_if_none) {
    if (auto s = schema_.CheckWritable(table); !s) return s.error();
    if (!filter.is_object() || filter.empty())
      return Permanent("an update of " + table + " needs a filter (a whole table is never updated)");
    if (!values.is_object() || values.empty()) return Permanent("an update of " + table + " needs values");
    auto seqs = Sequences(json::array({values}));
    if (!seqs) return seqs.error();
    auto v = Values(table, values, *seqs);
    if (!v) return v.error();
    auto& [cols, params] = *v;
    std::string set;
    for (size_t i = 0; i < cols.size(); ++i) set += (i ? ", " : "") + QuoteIdent(cols[i]) + " = $" + std::to_string(i + 1);
    auto where = FilterToSql(schema_, table, filter, &params);
    if (!where) return where.error();
    auto r = w_.exec_params("UPDATE " + QuoteIdent(table) + " AS t SET " + set + " WHERE " + *where +
                                " RETURNING (to_jsonb(t) - 'search')::text",
                            pqxx::prepare::make_dynamic_params(params));
    json out = json::array();
    for (const auto& row : r) out.push_back(Parse(row[0]));
    if (!out.empty() || !create_if_none) return out;
    // Nothing matched: create the row the filter describes.
    json row = values;
    for (auto it = filter.begin(); it != filter.end(); ++it) {
      if (it.key().empty() || it.key()[0] == '_') continue;
      const json& rule = it.value();
      if (!rule.is_object()) row.emplace(it.key(), rule);
      else if (rule.contains("_eq") && !rule["_eq"].is_null()) row.emplace(it.key(), rule["_eq"]);
    }
    return Create(table, row);
  }

  pqxx::work& w_;
  const FlowSchema& schema_;
  const RunLease& lease_;
};

}  // namespace

std::unique_ptr<FlowTx> MakeFlowTx(pqxx::work& w, const FlowSchema& schema, const RunLease& lease) {
  return std::make_unique<PqFlowTx>(w, schema, lease);
}

}  // namespace storage_internal
}  // namespace docflow
