// docflow db start|stop|url|status, docflow migrate, docflow config.
#include <iostream>

#include "cli/cli.h"
#include "common/log.h"
#include "storage/embedded_cluster.h"
#include "storage/migrator.h"

namespace docflow::cli {

void AddDbCommands(CLI::App& app, Context& ctx, int& code) {
  auto* db = app.add_subcommand("db", "the embedded PostgreSQL cluster under HOME/pg");
  db->require_subcommand(1);
  db->add_subcommand("start", "create (first time) and start the cluster; print its URL")->callback([&] {
    const Config& c = ctx.config();
    if (!c.UsesEmbeddedCluster()) {
      std::cout << RedactUrl(c.DatabaseUrl()) << "\n";
      std::cerr << "docflow: an external database is configured (DOCFLOW_DATABASE_URL); nothing to start\n";
      return;
    }
    auto info = StartEmbeddedCluster(c.Home(), c.Int("database.port"));
    if (!info) {
      code = Fail(info.error());
      return;
    }
    std::cout << info->url << "\n";
  });
  db->add_subcommand("stop", "stop the cluster")->callback([&] {
    const Config& c = ctx.config();
    if (auto s = StopEmbeddedCluster(c.Home()); !s) code = Fail(s.error());
  });
  db->add_subcommand("url", "print the database URL")->callback([&] {
    auto url = ctx.DatabaseUrl();
    if (!url) {
      code = Fail(url.error());
      return;
    }
    std::cout << *url << "\n";
  });

  app.add_subcommand("migrate", "apply the pending schema migrations")->callback([&] {
    auto db = ctx.Connect();
    if (!db) {
      code = Fail(db.error());
      return;
    }
    auto n = Migrate(**db);
    if (!n) {
      code = Fail(n.error());
      return;
    }
    std::cout << "applied " << *n << " migration(s)\n";
  });

  static std::string key;
  auto* config = app.add_subcommand("config", "print the effective configuration (secrets redacted)");
  config->add_option("--get", key, "print one value, e.g. inbox.dir");
  config->callback([&] {
    nlohmann::json tree = ctx.config().Redacted();
    if (key.empty()) {
      std::cout << tree.dump(2) << "\n";
      return;
    }
    const nlohmann::json* node = &tree;
    for (size_t start = 0; node;) {
      size_t dot = key.find('.', start);
      std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      node = node->is_object() && node->contains(part) ? &(*node)[part] : nullptr;
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (!node) {
      code = Fail(Permanent("no configuration key " + key));
      return;
    }
    std::cout << (node->is_string() ? node->get<std::string>() : node->dump()) << "\n";
  });
}

}  // namespace docflow::cli
