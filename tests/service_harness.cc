#include "tests/service_harness.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "common/paths.h"
#include "common/process.h"
#include "pipeline/ingest.h"
#include "storage/flow_sql_text.h"
#include "storage/jobs.h"

namespace docflow::testing {

static std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v ? v : fallback;
}

ServiceHarness::ServiceHarness() : port_(FreePort()) {
  if (db_.ok()) conn_ = db_.Connect();
  if (auto s = MakeDirs(home() + "/logs"); !s) ADD_FAILURE() << s.error().message;
}

ServiceHarness::~ServiceHarness() {
  for (auto& [pid, name] : children_) ::kill(pid, SIGTERM);
  for (auto& [pid, name] : children_) Terminate(pid, SIGTERM, 3000);
  if (::testing::Test::HasFailure()) {
    // Every log in the home (serve writes one per child it supervises), then
    // where each job stands, so that a stall in CI says which stage held it.
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(home() + "/logs", ec)) {
      auto log = ReadFile(e.path().string());
      if (!log) continue;
      std::string tail = log->size() > 4000 ? log->substr(log->size() - 4000) : *log;
      std::cerr << "----- log " << e.path().filename().string() << " -----\n" << tail << "\n";
    }
    if (conn_) {
      auto jobs = QueryText(*conn_,
                            "SELECT coalesce(string_agg(concat_ws(' | ', j.id, j.state, j.attempts, j.lease_owner, "
                            "j.last_error, d.filename), E'\\n' ORDER BY j.id), '') "
                            "FROM jobs j LEFT JOIN documents d ON d.id = j.document_id");
      std::cerr << "----- jobs (id | state | attempts | lease owner | last error | file) -----\n"
                << (jobs.ok() ? *jobs : jobs.error().message) << "\n";
    }
  }
}

pid_t ServiceHarness::Start(const std::string& name, const std::vector<std::string>& args,
                            const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {Env("DOCFLOW_BIN", "docflow")};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnOptions so;
  std::string endpoint = "tcp://127.0.0.1:" + std::to_string(port_);
  so.env = {"DOCFLOW_HOME=" + home(),
            "DOCFLOW_DATABASE_URL=" + db_.url(),
            "DOCFLOW_BROKER_BIND=" + endpoint,
            "DOCFLOW_BROKER_CONNECT=" + endpoint,
            "DOCFLOW_HTTP_LISTEN=auto",  // the home's own port, never the shared default
            "DOCFLOW_BROKER_LEASE_SECONDS=6",
            "DOCFLOW_BROKER_POLL_MS=50",
            "DOCFLOW_INBOX_STABLE_MS=700",
            "DOCFLOW_INBOX_POLL_MS=200",
            "DOCFLOW_WORKERS_OCR=1",
            "DOCFLOW_LOG_LEVEL=debug"};
  so.env.insert(so.env.end(), extra_env.begin(), extra_env.end());
  so.output_file = home() + "/logs/" + name + ".log";
  auto pid = Spawn(argv, so);
  EXPECT_TRUE(pid.ok()) << (pid.ok() ? "" : pid.error().message);
  if (!pid) return 0;
  children_[*pid] = name;
  return *pid;
}

pid_t ServiceHarness::StartWorker(const std::string& stage) {
  static int n = 0;
  return Start("worker-" + stage + "-" + std::to_string(++n), {"worker", "--stage", stage},
               {"DOCFLOW_HOME=" + worker_home_.path()});
}

void ServiceHarness::StartAllWorkers() {
  for (const char* s : {"preprocess", "ocr", "classify", "extract", "store"}) StartWorker(s);
}

void ServiceHarness::Kill(pid_t pid, int sig) {
  ::kill(pid, sig);
  if (sig == SIGKILL) {
    for (int i = 0; i < 200 && !Reaped(pid); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool ServiceHarness::Alive(pid_t pid) { return !Reaped(pid); }

IngestReceipt ServiceHarness::Ingest(const std::string& bytes, const std::string& name) {
  BlobStore blobs(home() + "/blobs");
  IngestRequest req;
  req.bytes = bytes;
  req.filename = name;
  req.source = "cli";
  auto r = docflow::Ingest(*conn_, blobs, req);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : IngestReceipt{};
}

bool ServiceHarness::WaitAllFinished(int timeout_s) {
  JobStore jobs(*conn_);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    auto n = jobs.PendingCount();
    if (n.ok() && *n == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

nlohmann::json ServiceHarness::Summary(long long job_id) {
  auto s = JobSummary(*conn_, job_id);
  EXPECT_TRUE(s.ok());
  return s.ok() ? *s : nlohmann::json();
}

std::string ServiceHarness::SamplesDir() { return Env("DOCFLOW_SOURCE_DIR", ".") + "/samples"; }

std::string ServiceHarness::ReadSample(const std::string& name) {
  auto bytes = ReadFile(SamplesDir() + "/" + name);
  EXPECT_TRUE(bytes.ok()) << name;
  return bytes.ok() ? *bytes : "";
}

}  // namespace docflow::testing
