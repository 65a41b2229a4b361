// request: an HTTP request through libcurl (flows/curl_transport.h).
//   url (skipped when empty: an unset setting), method (POST), headers,
//   body (an object or list is sent as JSON; a text as it is), timeout_ms
// Every request carries Idempotency-Key (the same on retries and after a
// crash: the receiver drops repeats), X-Docflow-Flow, X-Docflow-Run and
// X-Docflow-Depth (the loop guard across webhooks).
// 2xx: resolved. 408, 425, 429, 5xx, no answer: retried with back-off, then
// dead-lettered. Other statuses: failed (reject edge).
// Output: {"status", "body" (JSON when it parses), "duration_ms"}.
#include "flows/curl_transport.h"
#include "flows/expression.h"
#include "flows/ops/ops.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {

// Webhook URLs carry their secret in the path (Slack: /services/T/B/secret):
// only the origin and the first path segment are recorded.
std::string MaskUrl(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url.empty() ? url : "***";
  size_t path = url.find('/', scheme + 3);
  std::string origin = url.substr(0, path);
  auto at = origin.find('@');
  if (at != std::string::npos) origin = origin.substr(0, scheme + 3) + "***@" + origin.substr(at + 1);
  if (path == std::string::npos) return origin;
  std::string rest = url.substr(path + 1);
  size_t cut = rest.find_first_of("/?#");
  if (cut == std::string::npos) return origin + "/" + rest;
  return origin + "/" + rest.substr(0, cut) + "/***";
}

class RequestOp : public Operation {
 public:
  const char* type() const override { return "request"; }
  OpKind kind() const override { return OpKind::kExternal; }

  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"url", "method", "headers", "body", "timeout_ms"}); !s) return s;
    if (auto s = RequireOption(o, "url"); !s) return s;
    if (auto s = OptionalString(o, "method"); !s) return s;
    if (o.contains("headers") && !o["headers"].is_object()) return Permanent("headers: an object of name: value");
    return Ok();
  }

  json Recorded(const json& o) const override {
    json r = o;
    if (r.contains("url") && r["url"].is_string()) r["url"] = MaskUrl(r["url"]);
    if (r.contains("headers") && r["headers"].is_object())
      for (auto it = r["headers"].begin(); it != r["headers"].end(); ++it) {
        std::string k = it.key();
        for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (k == "authorization" || k.find("token") != std::string::npos || k.find("secret") != std::string::npos ||
            k.find("key") != std::string::npos)
          it.value() = "***";
      }
    return r;
  }

  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    OpOutcome out;
    std::string url = o["url"].is_null() ? "" : ToText(o["url"]);
    if (url.empty()) {
      out.state = OpOutcome::kSkipped;
      out.note = "no URL (its setting is not configured)";
      out.output = nullptr;
      return out;
    }
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
      return Permanent("url: only http:// and https:// are allowed");
    HttpCall call;
    call.url = url;
    call.method = o.value("method", std::string("POST"));
    for (char& c : call.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    call.timeout_ms = o.contains("timeout_ms") && o["timeout_ms"].is_number() ? o["timeout_ms"].get<int>()
                                                                              : env.settings->request_timeout_ms;
    bool has_type = false;
    if (o.contains("headers"))
      for (auto it = o["headers"].begin(); it != o["headers"].end(); ++it) {
        std::string k = it.key();
        for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        has_type = has_type || k == "content-type";
        std::string v = ToText(it.value());
        for (char& c : v)
          if (c == '\r' || c == '\n') c = ' ';
        call.headers.emplace_back(it.key(), v);
      }
    const json body = o.value("body", json(nullptr));
    if (body.is_string()) {
      call.body = body.get<std::string>();
    } else if (!body.is_null()) {
      call.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
      if (!has_type) call.headers.emplace_back("Content-Type", "application/json");
    }
    call.headers.emplace_back("Idempotency-Key", env.idempotency_key);
    call.headers.emplace_back("X-Docflow-Flow", env.flow);
    call.headers.emplace_back("X-Docflow-Run", std::to_string(env.run_id));
    call.headers.emplace_back("X-Docflow-Depth", std::to_string(env.depth + 1));
    auto reply = PerformHttp(call);
    if (!reply) return reply.error();
    json parsed = json::parse(reply->body, nullptr, false);
    json body_out = parsed.is_discarded() ? json(reply->body.substr(0, 65536)) : parsed;
    out.output = {{"status", reply->status}, {"body", body_out}, {"duration_ms", reply->elapsed_ms}};
    long st = reply->status;
    if (st >= 200 && st < 300) return out;
    std::string what = call.method + " " + MaskUrl(url) + " answered " + std::to_string(st);
    if (st == 408 || st == 425 || st == 429 || st >= 500) return Transient(what);
    return Permanent(what);
  }
};
}  // namespace

const Operation& Request() {
  static const RequestOp op;
  return op;
}

}  // namespace docflow::flows::ops
