// The HTTP API of docflow (cpp-httplib underneath; only api_server.cc sees
// it). Routes, scopes and answers are in docs/openapi.yaml; Routes() is the
// table the server registers, and a test checks that both agree.
//
//  - Uploads (POST /api/v1/documents, multipart or a raw body) go through
//    the ordinary ingest path (pipeline/ingest.h): the bytes are fsynced in
//    the blob store and the document and job rows committed BEFORE the 202;
//    the rows of concurrent uploads share one transaction (group commit,
//    ingest_batcher.h).
//    The type is sniffed from the bytes (415 for what preprocess cannot
//    read); the same bytes again answer duplicate: true with the first ids;
//    an Idempotency-Key replays the first answer to the same token.
//  - Every /api/v1 route and /metrics need "Authorization: Bearer <token>"
//    (storage/api_tokens.h): 401 without a valid token, 403 when its scopes
//    lack the route's, 429 (Retry-After) past the token's rate; a valid token
//    is looked up again after auth_cache_ms (revocations take effect within
//    it; unknown tokens are never cached). /healthz and
//    /readyz are open. Bodies over max_body_bytes are refused with 413.
//  - Errors are JSON {"error": message, "status": code}; nothing is logged
//    of a request but its method, route and status (never a token).
//
// Threads: `threads` connection threads (each holds one client connection
// while it is kept alive), sharing `db_connections` PostgreSQL connections.
//
// Ownership: the caller owns the server. Thread safety: Run blocks on one
// thread; Stop may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace docflow::http {

struct ApiServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (see ApiServer::port())
  std::string database_url;
  std::string blob_root;                // HOME/blobs
  long long max_body_bytes = 50LL << 20;
  long long max_file_bytes = 100LL << 20;  // per document (preprocess.max_file_mb)
  double rate_per_minute = 600;         // per token; <= 0: no limit
  double rate_burst = 60;
  std::string tls_cert, tls_key;        // both set: HTTPS
  int threads = 64;
  int db_connections = 16;
  int committers = 2;                   // group-commit threads (ingest_batcher.h), each with its own connection
  int max_batch = 128;                  // documents per group commit
  int auth_cache_ms = 1000;             // a valid token is checked again after this (0: every request);
                                        // a revocation takes effect within it
  int max_attempts = 3;                 // jobs.max_attempts of new jobs
  double liveness_window_seconds = 10;  // /readyz, /metrics: the broker published within this
};

struct RouteInfo {
  std::string method;  // GET | POST | PATCH
  std::string path;    // OpenAPI form, e.g. /api/v1/documents/{id}
  std::string scope;   // "" (open) | read | upload | admin
};

class ApiServer {
 public:
  // Every route the server registers.
  static const std::vector<RouteInfo>& Routes();

  // Binds host:port (and loads the certificate for HTTPS). Error when the
  // address is taken or the certificate cannot be loaded.
  static Result<std::unique_ptr<ApiServer>> Create(const ApiServerOptions& options);
  ~ApiServer();

  int port() const;
  bool tls() const;
  // Serves until Stop(). Error when the listening socket fails.
  Status Run();
  void Stop();

  struct Impl;

 private:
  explicit ApiServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace docflow::http
