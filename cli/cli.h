// Shared pieces of the docflow command line: the loaded configuration, the
// stop flag set by SIGINT/SIGTERM, and the registration of each command group.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "common/config.h"
#include "common/result.h"
#include "storage/db.h"

namespace docflow::cli {

extern std::atomic<bool> g_stop;

struct Context {
  std::string config_path;
  std::string home;  // --home, overrides DOCFLOW_HOME
  // Loads the configuration once (after the options were parsed).
  const Config& config();
  // The database URL: the external one, or the embedded cluster's.
  Result<std::string> DatabaseUrl();
  // Connects (with a clear error when the service's database is not running).
  Result<std::unique_ptr<Db>> Connect();
  // Sets up logging for a role, to stderr and HOME/logs when file is true.
  void Log(const std::string& role);

 private:
  std::unique_ptr<Config> config_;
};

// Each returns the process exit code through `code`.
void AddDbCommands(CLI::App& app, Context& ctx, int& code);
void AddPipelineCommands(CLI::App& app, Context& ctx, int& code);
void AddLocalCommands(CLI::App& app, Context& ctx, int& code);

// Prints err to stderr as "docflow: <message>" and returns 1.
int Fail(const Error& err);

}  // namespace docflow::cli
