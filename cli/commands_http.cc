// The HTTP API process (docflow http, started by docflow serve) and its
// tokens (docflow token create|list|revoke).
#include <iomanip>
#include <iostream>
#include <thread>

#include "cli/cli.h"
#include "common/log.h"
#include "pipeline/http/api_server.h"
#include "storage/api_tokens.h"

namespace docflow::cli {
namespace {

// "127.0.0.1:8080", "[::1]:8080", ":8080" -> host and port.
Result<std::pair<std::string, int>> ParseListen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return Permanent("http.listen must be ADDR:PORT, not '" + listen + "'");
  std::string host = listen.substr(0, colon), port = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  int p = 0;
  try {
    size_t used = 0;
    p = std::stoi(port, &used);
    if (used != port.size()) p = -1;
  } catch (const std::exception&) {
    p = -1;
  }
  if (p < 1 || p > 65535) return Permanent("http.listen: invalid port in '" + listen + "'");
  return std::make_pair(host, p);
}

int Http(Context& ctx, const std::string& listen_flag) {
  const Config& c = ctx.config();
  ctx.Log("http");
  auto url = ctx.DatabaseUrl();
  if (!url) return Fail(url.error());
  auto addr = ParseListen(listen_flag.empty() ? c.Str("http.listen") : listen_flag);
  if (!addr) return Fail(addr.error());
  http::ApiServerOptions o;
  o.host = addr->first;
  o.port = addr->second;
  o.database_url = *url;
  o.blob_root = c.Home() + "/blobs";
  o.max_body_bytes = static_cast<long long>(c.Num("http.max_body_mb") * 1024 * 1024);
  o.max_file_bytes = static_cast<long long>(c.Int("preprocess.max_file_mb")) << 20;
  o.rate_per_minute = c.Num("http.rate_per_minute");
  o.rate_burst = c.Num("http.rate_burst");
  o.tls_cert = c.Str("http.tls_cert");
  o.tls_key = c.Str("http.tls_key");
  o.threads = c.Int("http.threads");
  o.db_connections = c.Int("http.db_connections");
  o.auth_cache_ms = c.Int("http.auth_cache_ms");
  o.max_attempts = c.Int("jobs.max_attempts");
  o.liveness_window_seconds = std::max(10.0, 3.0 * c.Int("broker.heartbeat_ms") * c.Int("broker.liveness") / 1000.0);
  auto server = http::ApiServer::Create(o);
  if (!server) return Fail(server.error());
  spdlog::info("HTTP API on {}://{}:{} (body limit {} MB, {} per minute per token)", (*server)->tls() ? "https" : "http",
               o.host, (*server)->port(), c.Num("http.max_body_mb"), o.rate_per_minute);
  std::thread stopper([&] {
    while (!g_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    (*server)->Stop();
  });
  auto s = (*server)->Run();
  g_stop.store(true);
  stopper.join();
  return s ? 0 : Fail(s.error());
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

int TokenCreate(Context& ctx, const std::string& name, const std::string& scopes_csv) {
  auto scopes = ParseScopes(scopes_csv);
  if (!scopes) return Fail(scopes.error());
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  auto t = CreateApiToken(**db, name, *scopes);
  if (!t) return Fail(t.error());
  std::cout << "token '" << t->token.name << "' created with scopes " << Join(t->token.scopes)
            << "; it is shown once, only its SHA-256 is stored:\n"
            << t->secret << "\n";
  return 0;
}

int TokenList(Context& ctx) {
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  auto list = ListApiTokens(**db);
  if (!list) return Fail(list.error());
  std::cout << std::left << std::setw(24) << "NAME" << std::setw(20) << "SCOPES" << std::setw(22) << "CREATED"
            << std::setw(22) << "LAST USED" << "STATE\n";
  for (const auto& t : *list)
    std::cout << std::left << std::setw(24) << t.name << std::setw(20) << Join(t.scopes) << std::setw(22)
              << t.created_at << std::setw(22) << (t.last_used_at.empty() ? "-" : t.last_used_at)
              << (t.revoked ? "revoked" : "live") << "\n";
  return 0;
}

int TokenRevoke(Context& ctx, const std::string& name) {
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  if (auto s = RevokeApiToken(**db, name); !s) return Fail(s.error());
  std::cout << "token '" << name << "' revoked\n";
  return 0;
}

}  // namespace

void AddHttpCommands(CLI::App& app, Context& ctx, int& code) {
  static std::string listen;
  auto* http = app.add_subcommand("http", "run the HTTP API alone (docflow serve starts it)");
  http->add_option("--listen", listen, "ADDR:PORT to listen on (default http.listen)");
  http->callback([&] { code = Http(ctx, listen); });

  auto* token = app.add_subcommand("token", "API tokens: create, list, revoke");
  token->require_subcommand(1);
  static std::string name, scopes = "read,upload", revoke_name;
  auto* create = token->add_subcommand("create", "create a token; it is printed once, alone on the last line");
  create->add_option("--name", name, "a name for the token (who uses it)")->required();
  create->add_option("--scopes", scopes, "comma-separated: read, upload, admin (default read,upload)");
  create->callback([&] { code = TokenCreate(ctx, name, scopes); });
  token->add_subcommand("list", "every token: name, scopes, dates, state (never the token)")->callback([&] {
    code = TokenList(ctx);
  });
  auto* revoke = token->add_subcommand("revoke", "revoke the live token of that name");
  revoke->add_option("name", revoke_name, "the token's name")->required();
  revoke->callback([&] { code = TokenRevoke(ctx, revoke_name); });
}

}  // namespace docflow::cli
