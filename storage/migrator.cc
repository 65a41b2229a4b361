#include "storage/migrator.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "common/paths.h"
#include "storage/db_internal.h"

namespace docflow {
using storage_internal::Transact;

std::string DefaultMigrationsDir() {
  if (const char* d = std::getenv("DOCFLOW_MIGRATIONS_DIR")) return d;
  return DOCFLOW_MIGRATIONS_DIR;
}

Result<int> Migrate(Db& db, const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<std::pair<int, fs::path>> files;
  std::error_code ec;
  static const std::regex kName(R"((\d{4})_[a-z0-9_]+\.sql)");
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::smatch m;
    std::string name = e.path().filename().string();
    if (std::regex_match(name, m, kName)) files.emplace_back(std::stoi(m[1]), e.path());
  }
  if (ec) return Permanent("cannot read migrations in " + dir + ": " + ec.message());
  if (files.empty()) return Permanent("no migrations found in " + dir);
  std::sort(files.begin(), files.end());

  if (auto s = db.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      !s) {
    // Two migrators racing on CREATE TABLE IF NOT EXISTS may collide once; retry.
    if (auto again = db.Exec("SELECT 1 FROM schema_migrations LIMIT 1"); !again) return s.error();
  }
  int applied = 0;
  for (const auto& [version, path] : files) {
    auto sql = ReadFile(path.string());
    if (!sql) return sql.error();
    auto r = Transact(db, [&, version = version, path = path](pqxx::work& w) -> Result<bool> {
      w.exec("SELECT pg_advisory_xact_lock(7305001)");
      auto done = w.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", version);
      if (!done.empty()) return false;
      w.exec(*sql);
      w.exec_params("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", version,
                    path.filename().string());
      return true;
    });
    if (!r) return Permanent("migration " + path.filename().string() + " failed: " + r.error().message);
    if (*r) ++applied;
  }
  return applied;
}

}  // namespace docflow
