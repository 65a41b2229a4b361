#include "flows/testing/flow_test_support.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "common/config.h"
#include "common/paths.h"
#include "common/process.h"
#include "flows/time_text.h"
#include "storage/flow_sql_text.h"
#include "storage/test_sql.h"

namespace docflow::flows::testing {
using nlohmann::json;

namespace {

double Now() { return NowSeconds(); }

bool Until(double seconds, const std::function<bool()>& done) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

std::string Base64Decode(const std::string& in) {
  static const std::string k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    auto p = k.find(c);
    if (p == std::string::npos) continue;
    val = (val << 6) + static_cast<int>(p);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((val >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

// =?UTF-8?B?...?= words joined; other text kept.
std::string DecodeWords(const std::string& s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t a = s.find("=?", pos);
    if (a == std::string::npos) {
      out += s.substr(pos);
      break;
    }
    size_t q1 = s.find('?', a + 2), q2 = q1 == std::string::npos ? q1 : s.find('?', q1 + 1);
    size_t end = q2 == std::string::npos ? q2 : s.find("?=", q2 + 1);
    if (end == std::string::npos) {
      out += s.substr(pos);
      break;
    }
    std::string between = s.substr(pos, a - pos);
    if (between.find_first_not_of(" \t\r\n") != std::string::npos) out += between;
    std::string enc = s.substr(q1 + 1, q2 - q1 - 1);
    std::string text = s.substr(q2 + 1, end - q2 - 1);
    out += (enc == "B" || enc == "b") ? Base64Decode(text) : text;
    pos = end + 2;
  }
  return out;
}

std::string Python() { return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

bool PortOpen(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

// ------------------------------------------------------------------ HTTP

HttpReceiver::HttpReceiver() : server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    Request r;
    r.at = Now();
    r.method = req.method;
    r.path = req.path;
    r.body = req.body;
    r.idempotency_key = req.get_header_value("Idempotency-Key");
    for (const auto& [k, v] : req.headers) r.headers[k] = v;
    r.json = json::parse(req.body, nullptr, false);
    if (r.json.is_discarded()) r.json = nullptr;
    int status, delay;
    {
      std::lock_guard<std::mutex> l(m_);
      requests_.push_back(r);
      delay = delay_ms_;
      status = status_;
      if (fail_n_ > 0) {
        --fail_n_;
        status = fail_status_;
      }
    }
    if (delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    res.status = status;
    res.set_content(status < 300 ? "ok" : "no", "text/plain");
  };
  server_->Post(R"(.*)", handler);
  server_->Put(R"(.*)", handler);
  server_->Patch(R"(.*)", handler);
  server_->Get(R"(.*)", handler);
  server_->Delete(R"(.*)", handler);
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  Until(5, [this] { return server_->is_running(); });
}

HttpReceiver::~HttpReceiver() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string HttpReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<HttpReceiver::Request> HttpReceiver::requests() const {
  std::lock_guard<std::mutex> l(m_);
  return requests_;
}

std::vector<HttpReceiver::Request> HttpReceiver::requests(const std::string& path) const {
  std::vector<Request> out;
  for (const auto& r : requests())
    if (r.path == path) out.push_back(r);
  return out;
}

std::map<std::string, int> HttpReceiver::arrivals_by_key() const {
  std::map<std::string, int> out;
  for (const auto& r : requests()) ++out[r.idempotency_key];
  return out;
}

void HttpReceiver::set_status(int status) {
  std::lock_guard<std::mutex> l(m_);
  status_ = status;
}

void HttpReceiver::set_delay_ms(int ms) {
  std::lock_guard<std::mutex> l(m_);
  delay_ms_ = ms;
}

void HttpReceiver::fail_next(int n, int status) {
  std::lock_guard<std::mutex> l(m_);
  fail_n_ = n;
  fail_status_ = status;
}

bool HttpReceiver::WaitFor(size_t n, double seconds) const {
  return Until(seconds, [&] { return requests().size() >= n; });
}

// ------------------------------------------------------------------ SMTP

SmtpServer::SmtpServer() : port_(::docflow::testing::FreePort()) {
  SpawnOptions so;
  so.output_file = dir_.path() + "/aiosmtpd.log";
  auto pid = Spawn({Python(), "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_), "-c",
                    "aiosmtpd.handlers.Mailbox", dir_.path() + "/maildir"},
                   so);
  if (!pid) {
    ADD_FAILURE() << "cannot start aiosmtpd (Debian package python3-aiosmtpd): " << pid.error().message;
    return;
  }
  pid_ = *pid;
  if (!Until(15, [&] { return PortOpen(port_); })) {
    auto log = ReadFile(so.output_file);
    ADD_FAILURE() << "aiosmtpd did not listen on " << port_ << " (is python3-aiosmtpd installed?) "
                  << (log ? *log : "");
    Terminate(pid_, SIGKILL, 2000);
    pid_ = 0;
  }
}

SmtpServer::~SmtpServer() {
  if (pid_ > 0) Terminate(pid_, SIGTERM, 3000);
}

std::vector<SmtpServer::Message> SmtpServer::Messages() const {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir_.path() + "/maildir/" + sub, ec))
      if (e.is_regular_file()) files.emplace_back(e.last_write_time(), e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Message> out;
  for (const auto& [t, path] : files) {
    auto text = ReadFile(path.string());
    if (!text) continue;
    Message m;
    std::istringstream in(*text);
    std::string line, last;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) break;
      if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
        m.headers[last] += line;
        continue;
      }
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      last = line.substr(0, colon);
      std::string v = line.substr(colon + 1);
      m.headers[last] = v.empty() ? v : v.substr(v.find_first_not_of(' ') == std::string::npos ? v.size() : v.find_first_not_of(' '));
    }
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (m.headers["Content-Transfer-Encoding"] == "base64") body = Base64Decode(body);
    std::string clean;
    for (char c : body)
      if (c != '\r') clean += c;
    m.body = clean;
    m.from = m.headers["From"];
    m.to = m.headers["To"];
    m.subject = DecodeWords(m.headers["Subject"]);
    m.message_id = m.headers["Message-ID"];
    out.push_back(m);
  }
  return out;
}

bool SmtpServer::WaitFor(size_t n, double seconds) const {
  return Until(seconds, [&] { return Messages().size() >= n; });
}

// ------------------------------------------------------------------ harness

std::string SourceFlowsDir() {
  const char* src = std::getenv("DOCFLOW_SOURCE_DIR");
  return src ? std::string(src) + "/flows" : DefaultFlowsDir();
}

std::string WriteFlows(const ::docflow::testing::TempDir& dir, const std::map<std::string, std::string>& files) {
  for (const auto& [name, text] : files) std::ofstream(dir.path() + "/" + name) << text;
  return dir.path();
}

FlowHarness::FlowHarness(const std::string& flows_dir) : flows_dir_(flows_dir.empty() ? SourceFlowsDir() : flows_dir) {
  if (!db.ok() || !smtp.ok()) return;
  auto cfg = Config::Load("");
  if (!cfg) {
    ADD_FAILURE() << cfg.error().message;
    return;
  }
  settings = SettingsFromConfig(*cfg);
  settings.dir = flows_dir_;
  settings.threads = 1;
  settings.batch = 32;
  settings.lease_seconds = 30;
  settings.max_attempts = 4;
  settings.backoff_ms = 20;
  settings.backoff_max_ms = 200;
  settings.request_timeout_ms = 5000;
  settings.smtp_url = smtp.url();
  settings.mail_from = "docflow@example.com";
  settings.exposed["finance_webhook_url"] = http.url("/finance");
  settings.exposed["team_webhook_url"] = http.url("/team");
  settings.exposed["smtp_configured"] = true;
  conn = db.Connect();
  if (!conn) return;
  auto s = FlowSchema::Load(*conn);
  if (!s) {
    ADD_FAILURE() << s.error().message;
    return;
  }
  schema = *s;
  ok_ = true;
}

void FlowHarness::Load() {
  std::vector<std::string> errors;
  auto c = FlowEngine::LoadAndSync(*conn, settings, *schema, &errors);
  for (const auto& e : errors) ADD_FAILURE() << e;
  ASSERT_TRUE(c.ok()) << c.error().message;
  catalog = *c;
  engine_ = std::make_unique<FlowEngine>(*conn, settings, schema, "test-engine");
}

int FlowHarness::RunUntilIdle() {
  if (!engine_) Load();
  auto n = engine_->RunUntilIdle(*catalog, 120);
  EXPECT_TRUE(n.ok()) << (n.ok() ? "" : n.error().message);
  return n.ok() ? *n : -1;
}

void FlowHarness::Exec(const std::string& sql) {
  auto s = conn->Exec(sql);
  ASSERT_TRUE(s.ok()) << sql << ": " << s.error().message;
}

long long FlowHarness::Scalar(const std::string& sql) {
  auto v = QueryScalar(*conn, sql);
  EXPECT_TRUE(v.ok()) << sql << ": " << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : -1;
}

std::string FlowHarness::Text(const std::string& sql) {
  auto v = QueryText(*conn, sql);
  EXPECT_TRUE(v.ok()) << sql << ": " << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : "";
}

json FlowHarness::Rows(const std::string& sql) {
  std::string t = Text("SELECT coalesce(json_agg(to_jsonb(x)), '[]'::json)::text FROM (" + sql + ") x");
  json j = json::parse(t, nullptr, false);
  return j.is_discarded() ? json::array() : j;
}

std::map<std::string, long long> FlowHarness::SeedUsers() {
  std::map<std::string, long long> ids;
  for (auto [name, role] : {std::pair{"sales1", "sales"}, {"sales2", "sales"}, {"finance", "finance"},
                            {"am1", "account_manager"}, {"am2", "account_manager"}, {"admin", "admin"}}) {
    ids[name] = Scalar(std::string("INSERT INTO users (email, full_name, role) VALUES ('") + name +
                       "@example.com', 'User " + name + "', '" + role + "') RETURNING id");
  }
  return ids;
}

long long FlowHarness::Document(const std::string& tag) {
  return Scalar("INSERT INTO documents (sha256, size, filename, source) VALUES (encode(sha256('" + tag +
                "'::bytea), 'hex'), 1, '" + tag + ".pdf', 'cli') RETURNING id");
}

}  // namespace docflow::flows::testing
