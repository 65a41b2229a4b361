#include "storage/flow_schema.h"

#include "storage/db_internal.h"

namespace docflow {
using storage_internal::Transact;

bool FlowHiddenTable(const std::string& name) {
  static const std::set<std::string> kHidden = {"api_tokens", "idempotency_keys", "schema_migrations",
                                                "document_archives"};
  return kHidden.count(name) || name.rfind("flow_", 0) == 0 || name.rfind("imap_", 0) == 0;
}

namespace {
bool ReadOnlyTable(const std::string& name) {
  static const std::set<std::string> kReadOnly = {
      "jobs",  "job_events",      "stage_results", "ocr_tasks",     "events",    "logs",
      "pages", "document_fields", "mail_messages", "mail_attachments", "workflows", "live_workers"};
  return kReadOnly.count(name) > 0;
}
}  // namespace

Result<std::shared_ptr<const FlowSchema>> FlowSchema::Load(Db& db) {
  return Transact(db, [](pqxx::work& w) -> std::shared_ptr<const FlowSchema> {
    auto s = std::make_shared<FlowSchema>();
    auto r = w.exec(
        "SELECT c.table_name, c.column_name, c.data_type, c.is_generated, t.table_type"
        " FROM information_schema.columns c JOIN information_schema.tables t"
        "   ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
        " WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position");
    for (const auto& row : r) {
      std::string table = row[0].as<std::string>();
      if (FlowHiddenTable(table)) continue;
      FlowTable& t = s->tables_[table];
      t.writable = row[4].as<std::string>() == "BASE TABLE" && !ReadOnlyTable(table);
      std::string col = row[1].as<std::string>();
      FlowColumn c;
      c.type = row[2].as<std::string>();
      c.writable = t.writable && row[3].as<std::string>() != "ALWAYS" && col != "id" && col != "created_at" &&
                   col != "updated_at" && col != "search";
      t.columns[col] = c;
    }
    for (const auto& row : w.exec("SELECT sequence_name FROM information_schema.sequences"
                                  " WHERE sequence_schema = current_schema()"))
      s->sequences_.insert(row[0].as<std::string>());
    return s;
  });
}

const FlowTable* FlowSchema::Table(const std::string& name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

Status FlowSchema::CheckReadable(const std::string& table) const {
  if (!Table(table)) return Permanent("unknown collection '" + table + "' (not a table or view flows may use)");
  return Ok();
}

Status FlowSchema::CheckWritable(const std::string& table) const {
  const FlowTable* t = Table(table);
  if (!t) return Permanent("unknown collection '" + table + "' (not a table or view flows may use)");
  if (!t->writable) return Permanent("collection '" + table + "' is read-only for flows");
  return Ok();
}

Status FlowSchema::CheckColumn(const std::string& table, const std::string& column, bool for_write) const {
  const FlowTable* t = Table(table);
  if (!t) return Permanent("unknown collection '" + table + "'");
  auto it = t->columns.find(column);
  if (it == t->columns.end()) return Permanent("collection '" + table + "' has no field '" + column + "'");
  if (for_write && !it->second.writable) return Permanent("field " + table + "." + column + " cannot be written");
  return Ok();
}

}  // namespace docflow
