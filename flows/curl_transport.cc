#include "flows/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>

#include "common/log.h"

namespace docflow::flows {

namespace {

constexpr size_t kMaxBody = 1 << 20;

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One easy handle per thread, reset between calls: connections are reused.
CURL* ThreadHandle() {
  struct Holder {
    CURL* h = nullptr;
    ~Holder() {
      if (h) curl_easy_cleanup(h);
    }
  };
  thread_local Holder holder;
  GlobalInit();
  if (!holder.h) holder.h = curl_easy_init();
  else curl_easy_reset(holder.h);
  return holder.h;
}

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  size_t len = size * n;
  if (out->size() < kMaxBody) out->append(data, std::min(len, kMaxBody - out->size()));
  return len;
}

struct Upload {
  const std::string* data;
  size_t pos = 0;
};

size_t Feed(char* buf, size_t size, size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  size_t len = std::min(size * n, u->data->size() - u->pos);
  std::memcpy(buf, u->data->data() + u->pos, len);
  u->pos += len;
  return len;
}

// The part of a URL safe to show: scheme://host[:port] (no user, path, query).
std::string UrlOrigin(const std::string& url) {
  auto scheme = url.find("://");
  size_t host = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", host);
  std::string authority = url.substr(host, end == std::string::npos ? std::string::npos : end - host);
  auto at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  return (scheme == std::string::npos ? "" : url.substr(0, host)) + authority;
}

}  // namespace

Result<HttpReply> PerformHttp(const HttpCall& call) {
  CURL* h = ThreadHandle();
  if (!h) return Transient("libcurl: cannot create a handle");
  HttpReply reply;
  struct curl_slist* headers = nullptr;
  for (const auto& [k, v] : call.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
  // No "Expect: 100-continue" round trip for larger bodies.
  headers = curl_slist_append(headers, "Expect:");
  char err[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(call.timeout_ms, 5000)));
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "docflow-flows/0.1");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply.body);
  if (call.method == "GET" || call.method == "HEAD" || call.method == "DELETE") {
    if (call.method == "HEAD") curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (!call.body.empty()) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
    }
  } else {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, call.body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
  }
  auto t0 = std::chrono::steady_clock::now();
  CURLcode rc = curl_easy_perform(h);
  reply.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    std::string what = err[0] ? err : curl_easy_strerror(rc);
    // The error text may quote the URL: keep only its origin.
    return Transient(call.method + " " + UrlOrigin(call.url) + ": " + RedactUrl(what));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply.status);
  char* ct = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) reply.content_type = ct;
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  return reply;
}

Status SendSmtp(const SmtpCall& call) {
  CURL* h = ThreadHandle();
  if (!h) return Transient("libcurl: cannot create a handle");
  struct curl_slist* rcpt = nullptr;
  for (const auto& t : call.to) rcpt = curl_slist_append(rcpt, ("<" + t + ">").c_str());
  Upload up{&call.message};
  char err[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(call.timeout_ms, 5000)));
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, ("<" + call.from + ">").c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, Feed);
  curl_easy_setopt(h, CURLOPT_READDATA, &up);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE, static_cast<long>(call.message.size()));
  if (call.starttls) curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!call.user.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, call.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, call.password.c_str());
  }
  CURLcode rc = curl_easy_perform(h);
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(rcpt);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, nullptr);
  if (rc == CURLE_OK) return Ok();
  std::string what = "SMTP " + UrlOrigin(call.url) + ": " + RedactUrl(err[0] ? err : curl_easy_strerror(rc));
  if (reply >= 500 && reply < 600) return Permanent(what + " (reply " + std::to_string(reply) + ")");
  return Transient(what);
}

}  // namespace docflow::flows
