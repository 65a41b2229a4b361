// Runs real docflow processes (broker, workers, serve) against a fresh test
// database and a temporary home, on a free loopback port, for integration
// tests. Every child is killed when the harness goes away; when the test
// failed, the tail of each child's log is printed.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/blob_store.h"
#include "storage/documents.h"
#include "tests/test_database.h"

namespace docflow::testing {

class ServiceHarness {
 public:
  ServiceHarness();
  ~ServiceHarness();
  bool ok() const { return db_.ok(); }

  const TestDatabase& db() const { return db_; }
  const std::string& home() const { return home_.path(); }
  std::string inbox() const { return home() + "/inbox"; }
  // The broker's endpoint (tcp://127.0.0.1:PORT) for the children started here.
  std::string endpoint() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  // Starts `docflow ARGS...` as a child; name is used for its log file.
  pid_t Start(const std::string& name, const std::vector<std::string>& args,
              const std::vector<std::string>& extra_env = {});
  pid_t StartBroker() { return Start("broker", {"broker"}); }
  // Workers run with an empty home of their own: they get everything from
  // the broker (and the database URL for the store stage).
  pid_t StartWorker(const std::string& stage);
  void StartAllWorkers();
  void Kill(pid_t pid, int sig);
  bool Alive(pid_t pid);

  // Ingests bytes as `name` (blob store + rows), like `docflow ingest`.
  IngestReceipt Ingest(const std::string& bytes, const std::string& name);
  // Waits until no job is unfinished (or timeout); returns true when so.
  bool WaitAllFinished(int timeout_s);
  nlohmann::json Summary(long long job_id);

  // The project's samples/ folder.
  static std::string SamplesDir();
  static std::string ReadSample(const std::string& name);

 private:
  TestDatabase db_;
  TempDir home_, worker_home_;
  int port_ = 0;
  std::unique_ptr<Db> conn_;
  std::map<pid_t, std::string> children_;
};

}  // namespace docflow::testing
