#include "storage/flow_workflows.h"

#include "storage/db_internal.h"
#include "storage/flow_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::JsonField;
using storage_internal::Transact;

namespace {
const char* kColumns = "id, name, coalesce(description, ''), coalesce(source_file, ''), definition::text, enabled, version";

WorkflowRow FromRow(const pqxx::row& row) {
  WorkflowRow w;
  w.id = row[0].as<long long>();
  w.name = row[1].as<std::string>();
  w.description = row[2].as<std::string>();
  w.source_file = row[3].as<std::string>();
  w.definition = JsonField(row[4]);
  w.enabled = row[5].as<bool>();
  w.version = row[6].as<int>();
  return w;
}
}  // namespace

Result<WorkflowRow> UpsertWorkflow(Db& db, const std::string& name, const std::string& description,
                                   const json& definition, const std::string& source_file, bool enabled) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec_params(
        std::string("INSERT INTO workflows (name, description, definition, enabled, source_file)"
                    " VALUES ($1, nullif($2, ''), $3::jsonb, $5, nullif($4, ''))"
                    " ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description,"
                    "  definition = EXCLUDED.definition, enabled = EXCLUDED.enabled, source_file = EXCLUDED.source_file,"
                    "  version = workflows.version + CASE WHEN workflows.definition = EXCLUDED.definition THEN 0"
                    "   ELSE 1 END"
                    " RETURNING ") +
            kColumns,
        name, description, definition.dump(), source_file, enabled);
    return FromRow(r[0]);
  });
}

Result<int> DisableWorkflowsNotIn(Db& db, const std::vector<std::string>& names) {
  json list = names;
  return Transact(db, [&](pqxx::work& w) -> int {
    auto r = w.exec_params(
        "UPDATE workflows SET enabled = false WHERE enabled AND source_file IS NOT NULL"
        " AND NOT (name = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))) RETURNING id",
        list.dump());
    return static_cast<int>(r.size());
  });
}

Result<std::vector<WorkflowRow>> ListWorkflows(Db& db, bool enabled_only) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec_params(std::string("SELECT ") + kColumns + " FROM workflows WHERE enabled OR NOT $1 ORDER BY name",
                           enabled_only);
    std::vector<WorkflowRow> out;
    for (const auto& row : r) out.push_back(FromRow(row));
    return out;
  });
}

Result<std::optional<WorkflowRow>> GetWorkflow(Db& db, const std::string& name) {
  return Transact(db, [&](pqxx::work& w) -> std::optional<WorkflowRow> {
    auto r = w.exec_params(std::string("SELECT ") + kColumns + " FROM workflows WHERE name = $1", name);
    if (r.empty()) return std::nullopt;
    return FromRow(r[0]);
  });
}

Result<std::string> WorkflowsStamp(Db& db) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec(
        "SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '') || ':' ||"
        " count(*) FILTER (WHERE enabled) FROM workflows");
    return r[0][0].as<std::string>();
  });
}

}  // namespace docflow
