// docflow: one binary, many subcommands (see README.md).
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "cli/cli.h"
#include "common/log.h"
#include "storage/embedded_cluster.h"

namespace docflow::cli {

std::atomic<bool> g_stop{false};

// commands_train.cc
void AddTrainCommands(CLI::App& app, Context& ctx, int& code);
// commands_archive.cc
void AddArchiveCommands(CLI::App& app, Context& ctx, int& code);
// commands_mail.cc
void AddMailCommands(CLI::App& app, Context& ctx, int& code);
// commands_flow.cc
void AddFlowCommands(CLI::App& app, Context& ctx, int& code);
// commands_http.cc
void AddHttpCommands(CLI::App& app, Context& ctx, int& code);

const Config& Context::config() {
  if (!config_) {
    if (!home.empty()) ::setenv("DOCFLOW_HOME", home.c_str(), 1);
    auto c = Config::Load(config_path);
    if (!c) {
      std::cerr << "docflow: " << c.error().message << "\n";
      std::exit(2);
    }
    config_ = std::make_unique<Config>(std::move(*c));
  }
  return *config_;
}

Result<std::string> Context::DatabaseUrl() {
  const Config& c = config();
  if (!c.UsesEmbeddedCluster()) return c.DatabaseUrl();
  auto info = EmbeddedClusterInfo(c.Home(), c.Int("database.port"));
  if (!info) return info.error();
  return info->url;
}

Result<std::unique_ptr<Db>> Context::Connect() {
  auto url = DatabaseUrl();
  if (!url) return url.error();
  auto db = Db::Connect(*url);
  if (!db && config().UsesEmbeddedCluster())
    return Transient(db.error().message + " (is the embedded database running? try: docflow db start)");
  return db;
}

void Context::Log(const std::string& role) {
  InitLogging(role, config().Str("log.level"));
}

int Fail(const Error& err) {
  std::cerr << "docflow: " << err.message << "\n";
  return 1;
}

}  // namespace docflow::cli

static void OnSignal(int) { docflow::cli::g_stop.store(true); }

int main(int argc, char** argv) {
  using namespace docflow::cli;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"docflow: OCR-first document intelligence (invoices, contracts, contacts)"};
  app.require_subcommand(1);
  Context ctx;
  app.add_option("--config", ctx.config_path, "configuration file (YAML)");
  app.add_option("--home", ctx.home, "home directory (default $DOCFLOW_HOME or ./var)");
  int code = 0;
  AddDbCommands(app, ctx, code);
  AddPipelineCommands(app, ctx, code);
  AddLocalCommands(app, ctx, code);
  AddTrainCommands(app, ctx, code);
  AddArchiveCommands(app, ctx, code);
  AddMailCommands(app, ctx, code);
  AddFlowCommands(app, ctx, code);
  AddHttpCommands(app, ctx, code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return code;
}
