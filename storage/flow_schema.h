// What flow operations may touch: the tables and columns of the database,
// read once from information_schema, minus the engine's own tables and
// secrets. Item operations (storage/flow_items.h) check every table and
// column name against this allowlist and quote it; names never come into SQL
// from data otherwise.
//
//   hidden      api_tokens, idempotency_keys, schema_migrations, flow_*,
//               imap_*, document_archives: neither read nor written
//   read-only   views, and the pipeline's own tables (jobs, job_events,
//               stage_results, ocr_tasks, events, logs, pages,
//               document_fields, mail_*, workflows, live_workers)
//   writable    every other table; its columns except id, created_at,
//               updated_at and generated columns
//
// Thread safety: immutable after Load; share it between threads.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct FlowColumn {
  std::string type;       // information_schema data_type, e.g. "numeric", "text", "date"
  bool writable = false;
};

struct FlowTable {
  bool writable = false;
  std::map<std::string, FlowColumn> columns;
};

class FlowSchema {
 public:
  static Result<std::shared_ptr<const FlowSchema>> Load(Db& db);

  // nullptr when the table is unknown or hidden.
  const FlowTable* Table(const std::string& name) const;
  // Error naming the table / column and what is allowed.
  Status CheckReadable(const std::string& table) const;
  Status CheckWritable(const std::string& table) const;
  Status CheckColumn(const std::string& table, const std::string& column, bool for_write) const;
  std::set<std::string> Sequences() const { return sequences_; }

 private:
  std::map<std::string, FlowTable> tables_;
  std::set<std::string> sequences_;
};

// Whether a table is never shown to flows (the engine's tables, secrets).
bool FlowHiddenTable(const std::string& name);

}  // namespace docflow
