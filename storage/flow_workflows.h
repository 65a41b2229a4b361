// Flow definitions in the workflows table (0006, source_file from 0008): the
// flow engine writes the flows/*.yaml it loads there, so that every process
// (the HTTP API's webhook route, `docflow flow list`) sees the same flows.
//
// Thread safety: same as Db (one per thread).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct WorkflowRow {
  long long id = 0;
  std::string name, description, source_file;
  nlohmann::json definition;
  bool enabled = true;
  int version = 1;
};

// Inserts or updates the flow `name`; version goes up by one when the
// definition changed.
Result<WorkflowRow> UpsertWorkflow(Db& db, const std::string& name, const std::string& description,
                                   const nlohmann::json& definition, const std::string& source_file,
                                   bool enabled = true);

// Disables the flows that came from a file (source_file set) whose name is
// not in names: their file is gone. Returns how many were disabled.
Result<int> DisableWorkflowsNotIn(Db& db, const std::vector<std::string>& names);

Result<std::vector<WorkflowRow>> ListWorkflows(Db& db, bool enabled_only);
Result<std::optional<WorkflowRow>> GetWorkflow(Db& db, const std::string& name);
// A number that changes whenever any definition changes (the worker reloads).
Result<std::string> WorkflowsStamp(Db& db);

}  // namespace docflow
