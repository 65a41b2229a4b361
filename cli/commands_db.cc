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

  app.add_subcommand("config", "print the effective configuration (secrets redacted)")->callback([&] {
    std::cout << ctx.config().Redacted().dump(2) << "\n";
  });
}

}  // namespace docflow::cli
