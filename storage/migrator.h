// Schema migrations: storage/migrations/NNNN_name.sql, applied in order, each
// in its own transaction, recorded in schema_migrations(version, name).
// Concurrent migrators serialise on an advisory lock; applying twice is a no-op.
#pragma once

#include <string>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

// The directory compiled in (the source tree's storage/migrations), unless
// DOCFLOW_MIGRATIONS_DIR is set in the environment.
std::string DefaultMigrationsDir();

// Applies the pending migrations of dir. Returns how many were applied.
Result<int> Migrate(Db& db, const std::string& dir = DefaultMigrationsDir());

}  // namespace docflow
