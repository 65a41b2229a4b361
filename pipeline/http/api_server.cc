#include "pipeline/http/api_server.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <future>
#include <optional>
#include <regex>
#include <thread>
#include <unordered_map>

#include "common/blob_store.h"
#include "common/log.h"
#include "common/paths.h"
#include "common/percent_encoding.h"
#include "flows/webhook.h"
#include "pipeline/http/db_pool.h"
#include "pipeline/http/ingest_batcher.h"
#include "pipeline/http/metrics_text.h"
#include "pipeline/http/rate_limiter.h"
#include "pipeline/http/upload_types.h"
#include "pipeline/ingest.h"
#include "storage/api_tokens.h"
#include "storage/document_queries.h"
#include "storage/documents.h"
#include "storage/field_corrections.h"
#include "storage/idempotency.h"
#include "storage/live_workers.h"
#include "storage/service_metrics.h"
#include "workers/preprocess/preprocess.h"

namespace docflow::http {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(Dump(body), "application/json");
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, json{{"error", message}, {"status", status}});
}

// The connection threads. Each loads libmagic once when it starts, so that
// no upload pays for it.
class WarmPool : public httplib::TaskQueue {
 public:
  explicit WarmPool(int n) {
    for (int i = 0; i < std::max(1, n); ++i) threads_.emplace_back([this] { Loop(); });
  }
  ~WarmPool() override { shutdown(); }
  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(std::move(fn));
    }
    cv_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  void Loop() {
    (void)SniffMime("%PDF-1.4\n");
    while (true) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        fn = std::move(queue_.front());
        queue_.pop_front();
      }
      fn();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  bool stop_ = false;
};


// s with every byte that is not part of a well-formed UTF-8 sequence
// replaced by '_' (names travel as text to PostgreSQL and JSON).
std::string ValidUtf8(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n > 1) {
      unsigned cp = c & (0xFF >> (n + 1));
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      static const unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[n] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok && c != 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += '_';
      ++i;
    }
  }
  return out;
}


// A Content-Disposition header for a display name (quoted ASCII fallback and
// the UTF-8 name, RFC 6266).
std::string ContentDisposition(const std::string& name) {
  std::string ascii;
  for (unsigned char c : name) ascii += (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') ? '_' : static_cast<char>(c);
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + PercentEncode(name);
}

bool IsPrintableAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

std::vector<std::string> SplitTags(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string t = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    t.erase(0, t.find_first_not_of(" \t"));
    t.erase(t.find_last_not_of(" \t") + 1);
    if (!t.empty()) out.push_back(t);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Makes the blob store's directories (ROOT/00 ... ROOT/ff, see
// common/blob_store.h) and syncs ROOT, so that their entries are durable
// before any blob is acknowledged inside them.
Status PrepareBlobDirectories(const BlobStore& blobs, const std::string& root) {
  static const char* kHex = "0123456789abcdef";
  for (int i = 0; i < 256; ++i) {
    std::string sha = std::string(1, kHex[i >> 4]) + kHex[i & 15] + std::string(62, '0');
    std::string path = blobs.PathFor(sha);
    if (auto s = MakeDirs(path.substr(0, path.rfind('/'))); !s) return s;
  }
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Transient("cannot open " + root);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Transient("cannot sync " + root);
  return Ok();
}

constexpr const char* kAccepted = "PDF, TIFF, PNG, JPEG, BMP, GIF, WebP, vCard/jCard/xCard";

}  // namespace

struct RouteDef;

// One request being answered, with the token that authorised it.
struct Call {
  const httplib::Request& req;
  httplib::Response& res;
  ApiToken token;
  long long Id() const { return std::stoll(req.matches[1].str()); }
};

struct ApiServer::Impl {
  explicit Impl(const ApiServerOptions& o)
      : opt(o),
        pool(o.database_url, o.db_connections),
        batcher(o.database_url, o.committers, o.max_batch),
        blobs(o.blob_root),
        limiter(o.rate_per_minute, o.rate_burst) {}

  ApiServerOptions opt;
  std::unique_ptr<httplib::Server> server;
  int port = 0;
  bool tls = false;
  int listen_fd = -1;
  std::atomic<bool> entered_run{false}, stop_requested{false};
  DbPool pool;
  IngestBatcher batcher;
  BlobStore blobs;
  RateLimiter limiter;
  HttpStats stats;

  // Known tokens, by the SHA-256 of the bearer string, until they are checked again.
  std::mutex auth_mu;
  std::unordered_map<std::string, std::pair<ApiToken, Clock::time_point>> auth_cache;
  std::unordered_map<std::string, std::shared_future<Result<ApiToken>>> auth_inflight;

  void Handle(const RouteDef& route, const httplib::Request& req, httplib::Response& res);
  // The token for a bearer string: checked in PostgreSQL, or from the cache
  // when it was checked less than auth_cache_ms ago.
  Result<ApiToken> Authenticate(const std::string& bearer);
  void Healthz(Call& c);
  void Readyz(Call& c);
  void Metrics(Call& c);
  void Upload(Call& c);
  void ListDocs(Call& c);
  void GetDoc(Call& c);
  void GetFile(Call& c);
  void GetText(Call& c);
  void PatchFields(Call& c);
  void GetJob(Call& c);
  void TriggerFlow(Call& c);  // POST /api/v1/flows/{name}/trigger (flows/webhook.h)

  // A pooled connection, or a 503 already sent.
  std::optional<DbPool::Lease> Connection(httplib::Response& res);
  // 503 for a database error, with a hint to retry.
  void Unavailable(httplib::Response& res, const Error& e);
};

struct RouteDef {
  const char* method;
  const char* path;   // OpenAPI form
  const char* scope;  // "" for open routes
  void (ApiServer::Impl::*handler)(Call&);
};

namespace {

const RouteDef kRoutes[] = {
    {"GET", "/healthz", "", &ApiServer::Impl::Healthz},
    {"GET", "/readyz", "", &ApiServer::Impl::Readyz},
    {"GET", "/metrics", "read", &ApiServer::Impl::Metrics},
    {"POST", "/api/v1/documents", "upload", &ApiServer::Impl::Upload},
    {"GET", "/api/v1/documents", "read", &ApiServer::Impl::ListDocs},
    {"GET", "/api/v1/documents/{id}", "read", &ApiServer::Impl::GetDoc},
    {"GET", "/api/v1/documents/{id}/file", "read", &ApiServer::Impl::GetFile},
    {"GET", "/api/v1/documents/{id}/text", "read", &ApiServer::Impl::GetText},
    {"PATCH", "/api/v1/documents/{id}/fields", "admin", &ApiServer::Impl::PatchFields},
    {"GET", "/api/v1/jobs/{id}", "read", &ApiServer::Impl::GetJob},
    {"POST", "/api/v1/flows/{name}/trigger", "admin", &ApiServer::Impl::TriggerFlow},
};

// The httplib pattern of an OpenAPI path: {id} matches a positive integer.
std::string Pattern(const std::string& path) {
  std::string p = std::regex_replace(path, std::regex(R"(\{id\})"), R"(([0-9]{1,18}))");
  return std::regex_replace(p, std::regex(R"(\{name\})"), R"(([a-z0-9][a-z0-9_.-]{0,99}))");  // a flow's name
}

// The route matching a request path (and method, unless any_method).
const RouteDef* Match(const std::string& method, const std::string& path, bool any_method) {
  static const std::vector<std::pair<std::regex, const RouteDef*>> matchers = [] {
    std::vector<std::pair<std::regex, const RouteDef*>> m;
    for (const auto& r : kRoutes) m.emplace_back(std::regex(Pattern(r.path)), &r);
    return m;
  }();
  for (const auto& [re, r] : matchers)
    if ((any_method || method == r->method) && std::regex_match(path, re)) return r;
  return nullptr;
}

}  // namespace

const std::vector<RouteInfo>& ApiServer::Routes() {
  static const std::vector<RouteInfo> routes = [] {
    std::vector<RouteInfo> v;
    for (const auto& r : kRoutes) v.push_back({r.method, r.path, r.scope});
    return v;
  }();
  return routes;
}

std::optional<DbPool::Lease> ApiServer::Impl::Connection(httplib::Response& res) {
  auto lease = pool.Acquire();
  if (!lease) {
    Unavailable(res, lease.error());
    return std::nullopt;
  }
  return std::move(*lease);
}

void ApiServer::Impl::Unavailable(httplib::Response& res, const Error& e) {
  spdlog::error("database: {}", e.message);
  res.set_header("Retry-After", "1");
  SendError(res, 503, "the database is not available right now; retry later");
}

Result<ApiToken> ApiServer::Impl::Authenticate(const std::string& bearer) {
  if (opt.auth_cache_ms <= 0) {
    auto db = pool.Acquire();
    if (!db) return db.error();
    return AuthenticateApiToken(**db, bearer);
  }
  const std::string key = Sha256Hex(bearer);
  std::promise<Result<ApiToken>> mine;
  std::shared_future<Result<ApiToken>> pending;
  {
    std::lock_guard<std::mutex> lock(auth_mu);
    auto it = auth_cache.find(key);
    if (it != auth_cache.end() && Clock::now() < it->second.second) return it->second.first;
    // One lookup per token at a time: a burst of new connections waits for it.
    auto f = auth_inflight.find(key);
    if (f != auth_inflight.end()) {
      pending = f->second;
    } else {
      auth_inflight[key] = mine.get_future().share();
    }
  }
  if (pending.valid()) return pending.get();
  Result<ApiToken> token = Transient("no database connection");
  if (auto db = pool.Acquire(); db) token = AuthenticateApiToken(**db, bearer);
  else token = db.error();
  {
    std::lock_guard<std::mutex> lock(auth_mu);
    if (token) {
      if (auth_cache.size() >= 10000) auth_cache.clear();
      auth_cache[key] = {*token, Clock::now() + std::chrono::milliseconds(opt.auth_cache_ms)};
    }
    auth_inflight.erase(key);
  }
  mine.set_value(token);
  return token;
}

void ApiServer::Impl::Handle(const RouteDef& route, const httplib::Request& req, httplib::Response& res) {
  Call c{req, res, {}};
  if (route.scope[0] != '\0') {
    std::string auth = req.get_header_value("Authorization");
    if (auth.size() <= 7 || ::strncasecmp(auth.c_str(), "Bearer ", 7) != 0) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"docflow\"");
      return SendError(res, 401, "missing bearer token: send Authorization: Bearer <token> (docflow token create)");
    }
    std::string bearer = auth.substr(7);
    bearer.erase(0, bearer.find_first_not_of(' '));
    bearer.erase(bearer.find_last_not_of(' ') + 1);
    auto token = Authenticate(bearer);
    if (!token) {
      if (token.error().retryable) return Unavailable(res, token.error());
      res.set_header("WWW-Authenticate", "Bearer realm=\"docflow\", error=\"invalid_token\"");
      return SendError(res, 401, "invalid or revoked token");
    }
    if (!HasScope(*token, route.scope))
      return SendError(res, 403, "token '" + token->name + "' lacks the '" + route.scope + "' scope");
    auto d = limiter.Take(token->id);
    if (!d.allowed) {
      res.set_header("Retry-After", std::to_string(static_cast<long long>(std::ceil(d.retry_after_seconds))));
      return SendError(res, 429, "too many requests for token '" + token->name + "' (http.rate_per_minute)");
    }
    c.token = std::move(*token);
  }
  (this->*route.handler)(c);
}

void ApiServer::Impl::Healthz(Call& c) { SendJson(c.res, 200, {{"status", "ok"}}); }

void ApiServer::Impl::Readyz(Call& c) {
  json out{{"status", "ready"}, {"database", "ok"}, {"broker", "ok"}};
  bool ready = true;
  auto db = pool.Acquire();
  Status ping = db ? (*db)->Ping() : Status(db.error());
  if (!ping) {
    out["database"] = "unreachable";
    out["broker"] = "unknown";
    ready = false;
  } else {
    auto l = ReadLiveness(**db, opt.liveness_window_seconds);
    if (!l) {
      out["broker"] = "unknown";
      ready = false;
    } else if (!l->broker_age_seconds) {
      out["broker"] = "never seen";
      ready = false;
    } else if (*l->broker_age_seconds > opt.liveness_window_seconds) {
      out["broker"] = "no heartbeat for " + std::to_string(static_cast<long long>(*l->broker_age_seconds)) + " s";
      ready = false;
    } else {
      int live = 0;
      for (const auto& [stage, n] : l->live) live += n;
      out["workers"] = live;
    }
  }
  if (!ready) out["status"] = "not ready";
  SendJson(c.res, ready ? 200 : 503, out);
}

void ApiServer::Impl::Metrics(Call& c) {
  auto db = Connection(c.res);
  if (!db) return;
  auto snapshot = ReadPipelineSnapshot(**db);
  if (!snapshot) return Unavailable(c.res, snapshot.error());
  auto liveness = ReadLiveness(**db, opt.liveness_window_seconds);
  if (!liveness) return Unavailable(c.res, liveness.error());
  c.res.status = 200;
  c.res.set_content(RenderMetrics(*snapshot, *liveness, opt.liveness_window_seconds, stats.Take()),
                    "text/plain; version=0.0.4; charset=utf-8");
}

void ApiServer::Impl::Upload(Call& c) {
  const auto started = Clock::now();
  const httplib::Request& req = c.req;
  struct Part {
    std::string filename;
    std::string_view bytes;
    std::string declared_type;
    SniffedType type;
    std::string sha256;
  };
  std::vector<Part> parts;
  std::string class_hint;
  std::vector<std::string> tags;
  if (req.is_multipart_form_data()) {
    auto range = req.files.equal_range("file");
    for (auto it = range.first; it != range.second; ++it)
      parts.push_back({it->second.filename, it->second.content, it->second.content_type, {}, {}});
    if (parts.empty()) return SendError(c.res, 400, "no 'file' part in the multipart form");
    if (req.has_file("class_hint")) class_hint = req.get_file_value("class_hint").content;
    auto t = req.files.equal_range("tags");
    for (auto it = t.first; it != t.second; ++it)
      for (auto& tag : SplitTags(it->second.content)) tags.push_back(tag);
  } else {
    if (req.body.empty()) return SendError(c.res, 400, "empty body: send the file's bytes, or a multipart form");
    std::string name = req.has_header("X-Filename") ? PercentDecode(req.get_header_value("X-Filename")) : "upload";
    parts.push_back({name, req.body, req.get_header_value("Content-Type"), {}, {}});
    class_hint = req.has_param("class_hint") ? req.get_param_value("class_hint") : req.get_header_value("X-Class-Hint");
    for (auto& tag : SplitTags(req.has_param("tags") ? req.get_param_value("tags") : req.get_header_value("X-Tags")))
      tags.push_back(tag);
  }
  if (!class_hint.empty() && class_hint != "invoice" && class_hint != "contract" && class_hint != "contact" &&
      class_hint != "other")
    return SendError(c.res, 400, "class_hint must be one of invoice, contract, contact, other");
  if (tags.size() > 20) return SendError(c.res, 400, "at most 20 tags");
  for (const auto& t : tags)
    if (t.size() > 64 || !IsPrintableAscii(t)) return SendError(c.res, 400, "a tag has 1 to 64 printable characters");

  // Everything is checked before anything is stored: one bad part refuses the request.
  std::string fingerprint_input = class_hint + "\n";
  for (const auto& t : tags) fingerprint_input += t + ",";
  for (size_t i = 0; i < parts.size(); ++i) {
    Part& p = parts[i];
    p.filename = SanitizeFilename(ValidUtf8(p.filename));
    if (p.bytes.empty()) return SendError(c.res, 400, "file " + std::to_string(i + 1) + " (" + p.filename + ") is empty");
    p.type = SniffUpload(p.bytes);
    if (!p.type.accepted)
      return SendError(c.res, 415,
                       "unsupported type " + p.type.mime + " (found in the content of " + p.filename +
                           "); accepted: " + kAccepted);
    p.sha256 = Sha256Hex(p.bytes);
    fingerprint_input += "\n" + p.sha256 + " " + p.filename;
  }

  std::string key = req.get_header_value("Idempotency-Key");
  if (req.has_header("Idempotency-Key") && (key.empty() || key.size() > 200 || !IsPrintableAscii(key)))
    return SendError(c.res, 400, "Idempotency-Key must have 1 to 200 printable ASCII characters");

  // No pooled connection is held while the bytes are synced or the batch commits.
  if (!key.empty()) {
    auto db = Connection(c.res);
    if (!db) return;
    auto claim = ClaimIdempotencyKey(**db, c.token.id, key, Sha256Hex(fingerprint_input));
    if (!claim) return Unavailable(c.res, claim.error());
    switch (claim->kind) {
      case IdempotencyClaim::Kind::kReplay:
        c.res.set_header("Idempotent-Replayed", "true");
        return SendJson(c.res, claim->status, claim->response);
      case IdempotencyClaim::Kind::kInProgress:
        c.res.set_header("Retry-After", "1");
        return SendError(c.res, 409, "a request with this Idempotency-Key is still being processed");
      case IdempotencyClaim::Kind::kMismatch:
        return SendError(c.res, 422, "this Idempotency-Key was used for a different request");
      case IdempotencyClaim::Kind::kNew:
        break;
    }
  }
  auto give_up_key = [&] {
    if (key.empty()) return;
    if (auto db = pool.Acquire(); db) (void)ReleaseIdempotencyKey(**db, c.token.id, key);
  };

  // The ingest path in its two halves (pipeline/ingest.h): every file's bytes
  // durable in the blob store, then all their rows in one group commit.
  const auto put_started = Clock::now();
  std::vector<NewDocument> pending;
  for (const Part& p : parts) {
    IngestRequest r;
    r.bytes = p.bytes;
    r.filename = p.filename;
    r.source = "http";
    r.detail = {{"token", c.token.name}, {"type", p.type.mime}};
    if (!p.declared_type.empty()) r.detail["declared_type"] = ValidUtf8(p.declared_type.substr(0, 200));
    if (!class_hint.empty()) r.detail["class_hint"] = class_hint;
    if (!tags.empty()) r.detail["tags"] = tags;
    if (!key.empty()) r.detail["idempotency_key"] = key;
    r.max_attempts = opt.max_attempts;
    r.max_bytes = opt.max_file_bytes;
    auto stored = StoreIngestBytes(blobs, r);
    if (!stored) {
      give_up_key();
      if (!stored.error().retryable) return SendError(c.res, 413, p.filename + ": " + stored.error().message);
      spdlog::error("blob store: {}", stored.error().message);
      c.res.set_header("Retry-After", "1");
      return SendError(c.res, 503, "the file could not be stored right now; retry later");
    }
    pending.push_back(std::move(*stored));
  }
  const auto stored_at = Clock::now();
  auto receipts = batcher.Record(pending);
  const auto recorded_at = Clock::now();
  if (!receipts) {
    give_up_key();
    return Unavailable(c.res, receipts.error());
  }

  json documents = json::array();
  for (size_t i = 0; i < parts.size(); ++i) {
    const IngestReceipt& rc = (*receipts)[i];
    documents.push_back({{"id", rc.document_id},
                         {"job_id", rc.job_id},
                         {"duplicate", rc.duplicate},
                         {"filename", pending[i].filename},
                         {"sha256", rc.sha256},
                         {"type", parts[i].type.mime}});
    spdlog::info("accepted {} as document {} (job {}{}) for token {}", pending[i].filename, rc.document_id, rc.job_id,
                 rc.duplicate ? ", duplicate" : "", c.token.name);
  }
  json body{{"documents", documents}};
  if (!key.empty()) {
    auto db = pool.Acquire();
    Status s = db ? FinishIdempotencyKey(**db, c.token.id, key, 202, body) : Status(db.error());
    if (!s) spdlog::error("cannot record the answer of an idempotent upload: {}", s.error().message);
  }
  SendJson(c.res, 202, body);
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  spdlog::debug("upload of {} file(s): checks {:.1f} ms, bytes stored {:.1f} ms, rows committed {:.1f} ms",
                parts.size(), ms(put_started - started), ms(stored_at - put_started), ms(recorded_at - stored_at));
  stats.UploadAcknowledged(std::chrono::duration<double>(Clock::now() - started).count());
}

void ApiServer::Impl::ListDocs(Call& c) {
  const httplib::Request& req = c.req;
  DocumentFilter f;
  f.cls = req.get_param_value("class");
  if (!f.cls.empty() && f.cls != "invoice" && f.cls != "contract" && f.cls != "contact" && f.cls != "other")
    return SendError(c.res, 400, "class must be one of invoice, contract, contact, other");
  f.state = req.get_param_value("state");
  static const std::vector<std::string> kStates = {"queued",     "preprocessing", "ocr",  "classifying",
                                                   "extracting", "storing",       "done", "failed"};
  if (!f.state.empty() && std::find(kStates.begin(), kStates.end(), f.state) == kStates.end())
    return SendError(c.res, 400, "state must be one of queued, preprocessing, ocr, classifying, extracting, "
                                 "storing, done, failed");
  f.query = req.get_param_value("q");
  if (f.query.size() > 500) return SendError(c.res, 400, "q is limited to 500 characters");
  static const std::regex kNumber("[0-9]{1,18}");
  if (req.has_param("limit")) {
    std::string l = req.get_param_value("limit");
    if (!std::regex_match(l, kNumber) || std::stoll(l) < 1 || std::stoll(l) > 200)
      return SendError(c.res, 400, "limit must be a number from 1 to 200");
    f.limit = static_cast<int>(std::stoll(l));
  }
  if (req.has_param("cursor")) {
    std::string cur = req.get_param_value("cursor");
    if (!std::regex_match(cur, kNumber)) return SendError(c.res, 400, "invalid cursor");
    f.before_id = std::stoll(cur);
  }
  auto db = Connection(c.res);
  if (!db) return;
  auto list = ListDocuments(**db, f);
  if (!list) return Unavailable(c.res, list.error());
  SendJson(c.res, 200,
           {{"documents", list->items},
            {"next_cursor", list->next_cursor ? json(std::to_string(list->next_cursor)) : json()}});
}

void ApiServer::Impl::GetDoc(Call& c) {
  auto db = Connection(c.res);
  if (!db) return;
  auto v = DocumentView(**db, c.Id());
  if (!v) return Unavailable(c.res, v.error());
  if (!*v) return SendError(c.res, 404, "no document " + std::to_string(c.Id()));
  SendJson(c.res, 200, **v);
}

void ApiServer::Impl::GetFile(Call& c) {
  DocumentInfo info;
  {
    auto db = Connection(c.res);
    if (!db) return;
    auto r = GetDocument(**db, c.Id());
    if (!r) {
      if (!r.error().retryable) return SendError(c.res, 404, "no document " + std::to_string(c.Id()));
      return Unavailable(c.res, r.error());
    }
    info = std::move(*r);
  }
  auto bytes = blobs.Get(info.sha256);
  if (!bytes) {
    spdlog::error("document {}: {}", info.document_id, bytes.error().message);
    return SendError(c.res, 500, "the stored file of document " + std::to_string(info.document_id) +
                                     " cannot be read");
  }
  std::string mime = info.mime.empty() ? SniffMime(*bytes) : info.mime;
  c.res.status = 200;
  c.res.set_header("Content-Disposition", ContentDisposition(info.filename));
  c.res.set_header("X-Content-Type-Options", "nosniff");
  c.res.set_content(std::move(*bytes), mime);
}

void ApiServer::Impl::GetText(Call& c) {
  auto db = Connection(c.res);
  if (!db) return;
  auto t = GetDocumentText(**db, c.Id());
  if (!t) return Unavailable(c.res, t.error());
  if (!*t) return SendError(c.res, 404, "no document " + std::to_string(c.Id()));
  if ((*t)->pages == 0)
    return SendError(c.res, 409, "document " + std::to_string(c.Id()) + " has no text yet (state: " +
                                     ((*t)->state.empty() ? "unknown" : (*t)->state) + ")");
  c.res.status = 200;
  c.res.set_content((*t)->text, "text/plain; charset=utf-8");
}

void ApiServer::Impl::PatchFields(Call& c) {
  json body = json::parse(c.req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("fields") || !body["fields"].is_object())
    return SendError(c.res, 400, "expected a JSON body {\"fields\": {\"name\": value, ...}}");
  auto db = Connection(c.res);
  if (!db) return;
  auto r = CorrectFields(**db, c.Id(), body["fields"], c.token.name);
  if (!r) return Unavailable(c.res, r.error());
  switch (r->refused) {
    case CorrectionRefusal::kNotFound:
      return SendError(c.res, 404, r->reason);
    case CorrectionRefusal::kBusy:
      return SendError(c.res, 409, r->reason);
    case CorrectionRefusal::kInvalid:
      return SendError(c.res, 422, r->reason);
    case CorrectionRefusal::kNone:
      break;
  }
  spdlog::info("document {}: {} field(s) corrected by {}", c.Id(), r->applied.size(), c.token.name);
  SendJson(c.res, 200, {{"document_id", c.Id()}, {"corrections", r->applied}});
}

// Starts a flow that declares `trigger: {type: webhook}` with the JSON body as
// $trigger.body; Idempotency-Key makes a repeat return the same run;
// X-Docflow-Depth carries the loop guard of a flow calling a webhook.
void ApiServer::Impl::TriggerFlow(Call& c) {
  json body = c.req.body.empty() ? json::object() : json::parse(c.req.body, nullptr, false);
  if (body.is_discarded()) return SendError(c.res, 400, "the body is not JSON");
  int depth = 0;
  std::string d = c.req.get_header_value("X-Docflow-Depth");
  if (!d.empty() && d.size() < 4 && std::all_of(d.begin(), d.end(), ::isdigit)) depth = std::stoi(d);
  auto db = Connection(c.res);
  if (!db) return;
  std::string name = c.req.matches[1].str();
  auto run = flows::TriggerWebhook(**db, name, body, c.req.get_header_value("Idempotency-Key"), depth);
  if (!run) {
    if (run.error().retryable) return Unavailable(c.res, run.error());
    bool unknown = run.error().message.rfind("no flow named", 0) == 0;
    return SendError(c.res, unknown ? 404 : 409, run.error().message);
  }
  SendJson(c.res, run->created ? 202 : 200,
           {{"run_id", run->id}, {"flow", name}, {"state", run->state}, {"created", run->created}});
}

void ApiServer::Impl::GetJob(Call& c) {
  auto db = Connection(c.res);
  if (!db) return;
  auto v = JobView(**db, c.Id());
  if (!v) return Unavailable(c.res, v.error());
  if (!*v) return SendError(c.res, 404, "no job " + std::to_string(c.Id()));
  SendJson(c.res, 200, **v);
}

ApiServer::ApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ApiServer::~ApiServer() {
  if (!impl_ || !impl_->server) return;
  Stop();
  // A server that never ran still holds its bound socket.
  if (!impl_->entered_run.load() && impl_->listen_fd >= 0) ::close(impl_->listen_fd);
}

int ApiServer::port() const { return impl_->port; }
bool ApiServer::tls() const { return impl_->tls; }
void ApiServer::Stop() {
  impl_->stop_requested.store(true);
  // Run may be between its check of stop_requested and httplib's loop.
  for (int i = 0; i < 1000 && impl_->entered_run.load() && !impl_->server->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->server->stop();
}

Status ApiServer::Run() {
  impl_->entered_run.store(true);
  if (impl_->stop_requested.load()) return Ok();
  if (!impl_->server->listen_after_bind() && !impl_->stop_requested.load())
    return Transient("the HTTP server stopped listening");
  return Ok();
}

Result<std::unique_ptr<ApiServer>> ApiServer::Create(const ApiServerOptions& o) {
  auto impl = std::make_unique<Impl>(o);
  Impl* p = impl.get();
  if (!o.tls_cert.empty() || !o.tls_key.empty()) {
    if (o.tls_cert.empty() || o.tls_key.empty())
      return Permanent("HTTPS needs both http.tls_cert and http.tls_key");
    auto s = std::make_unique<httplib::SSLServer>(o.tls_cert.c_str(), o.tls_key.c_str());
    if (!s->is_valid())
      return Permanent("cannot load the TLS certificate " + o.tls_cert + " with its key " + o.tls_key);
    p->server = std::move(s);
    p->tls = true;
  } else {
    p->server = std::make_unique<httplib::Server>();
  }
  httplib::Server& svr = *p->server;
  const int threads = o.threads;
  svr.new_task_queue = [threads] { return new WarmPool(threads); };
  svr.set_payload_max_length(static_cast<size_t>(o.max_body_bytes));
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(1000);
  svr.set_keep_alive_timeout(5);
  svr.set_read_timeout(30);
  svr.set_write_timeout(30);
  // SO_REUSEADDR only (httplib's default adds SO_REUSEPORT, which would let a
  // second server share the port silently); the socket is kept to deepen its
  // listen backlog below.
  svr.set_socket_options([p](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    p->listen_fd = sock;
  });

  for (const auto& r : kRoutes) {
    httplib::Server::Handler h = [p, &r](const httplib::Request& req, httplib::Response& res) {
      p->Handle(r, req, res);
    };
    std::string pattern = Pattern(r.path);
    if (std::string(r.method) == "GET") svr.Get(pattern, h);
    else if (std::string(r.method) == "POST") svr.Post(pattern, h);
    else if (std::string(r.method) == "PATCH") svr.Patch(pattern, h);
  }
  svr.set_error_handler(httplib::Server::HandlerWithResponse([p](const httplib::Request& req,
                                                                  httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    switch (res.status) {
      case 404:
        if (const RouteDef* r = Match(req.method, req.path, true)) {
          res.set_header("Allow", r->method);
          SendError(res, 405, req.method + " is not allowed on " + r->path);
        } else {
          SendError(res, 404, "no such route: " + req.path.substr(0, 200));
        }
        break;
      case 413:
        SendError(res, 413, "request body larger than " + std::to_string(p->opt.max_body_bytes >> 20) +
                                " MB (http.max_body_mb)");
        break;
      case 400:
        SendError(res, 400, "malformed request");
        break;
      default:
        SendError(res, res.status, "HTTP error " + std::to_string(res.status));
    }
    return httplib::Server::HandlerResponse::Handled;
  }));
  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("{} {}: {}", req.method, req.path.substr(0, 200), what);
    SendError(res, 500, "internal error");
  });
  svr.set_logger([p](const httplib::Request& req, const httplib::Response& res) {
    const RouteDef* r = Match(req.method, req.path, false);
    p->stats.Request(req.method, r ? r->path : "other", res.status);
    spdlog::debug("{} {} -> {}", req.method, r ? r->path : "(other)", res.status);
  });

  if (o.port == 0) {
    p->port = svr.bind_to_any_port(o.host);
    if (p->port <= 0) return Permanent("cannot listen on " + o.host + " (any port)");
  } else {
    if (!svr.bind_to_port(o.host, o.port))
      return Permanent("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                       " (address in use or not available; see http.listen)");
    p->port = o.port;
  }
  // The first requests should not each wait for PostgreSQL to start a backend,
  // nor for the blob store's 256 directories to be made.
  p->pool.Prewarm(o.db_connections);
  if (auto s = PrepareBlobDirectories(p->blobs, o.blob_root); !s) return s.error();
  // httplib listens with a backlog of 5: under a burst of new connections
  // the kernel would drop SYNs and the clients would wait a second to retry.
  if (p->listen_fd >= 0) ::listen(p->listen_fd, 1024);
  return std::unique_ptr<ApiServer>(new ApiServer(std::move(impl)));
}

}  // namespace docflow::http
