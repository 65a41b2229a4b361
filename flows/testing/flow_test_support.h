// What the flow engine's integration tests share: a real HTTP receiver
// (cpp-httplib on 127.0.0.1, recording every request), a real SMTP server
// (Debian's python3-aiosmtpd writing a Maildir), and a harness with a fresh
// database, the flows loaded and an in-process engine.
//
// Thread safety: the receiver records from its server threads under a
// mutex; everything else is for the test's thread.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "flows/catalog.h"
#include "flows/engine.h"
#include "flows/settings.h"
#include "storage/db.h"
#include "storage/flow_schema.h"
#include "tests/test_database.h"

namespace httplib {
class Server;
}

namespace docflow::flows::testing {

// Records every request; answers `status` after `delay_ms`. A receiver that
// honours Idempotency-Key: deliveries() counts each key once.
class HttpReceiver {
 public:
  HttpReceiver();
  ~HttpReceiver();
  int port() const { return port_; }
  std::string url(const std::string& path) const;

  struct Request {
    double at = 0;  // arrival, seconds since the epoch
    std::string method, path, body, idempotency_key;
    std::map<std::string, std::string> headers;
    nlohmann::json json;  // the body parsed (null when not JSON)
  };
  std::vector<Request> requests() const;
  std::vector<Request> requests(const std::string& path) const;
  // Distinct idempotency keys seen (the deliveries a deduplicating receiver keeps).
  std::map<std::string, int> arrivals_by_key() const;
  void set_status(int status);
  void set_delay_ms(int ms);
  // Fails the next n requests with `status`, then answers 200.
  void fail_next(int n, int status);
  bool WaitFor(size_t n, double seconds) const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex m_;
  std::vector<Request> requests_;
  int status_ = 200, delay_ms_ = 0, fail_n_ = 0, fail_status_ = 503;
};

// python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c aiosmtpd.handlers.Mailbox DIR
class SmtpServer {
 public:
  SmtpServer();
  ~SmtpServer();
  bool ok() const { return pid_ > 0; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

  struct Message {
    std::string from, to, subject, message_id, body;  // subject and body decoded
    std::map<std::string, std::string> headers;
  };
  std::vector<Message> Messages() const;
  bool WaitFor(size_t n, double seconds) const;

 private:
  ::docflow::testing::TempDir dir_;
  int port_ = 0;
  pid_t pid_ = 0;
};

// A fresh database, the receiver, the SMTP server, settings pointing at
// them, and the flows of `flows_dir` (default: the project's flows/) loaded
// into an in-process engine.
class FlowHarness {
 public:
  explicit FlowHarness(const std::string& flows_dir = "");
  bool ok() const { return ok_; }

  ::docflow::testing::TestDatabase db;
  HttpReceiver http;
  SmtpServer smtp;
  FlowSettings settings;
  std::unique_ptr<Db> conn;
  std::shared_ptr<const FlowSchema> schema;
  std::shared_ptr<const FlowCatalog> catalog;

  // (Re)loads the flows with the current settings and makes a new engine.
  void Load();
  // Events, timers and runs until nothing is left to do now.
  int RunUntilIdle();
  FlowEngine& engine() { return *engine_; }

  void Exec(const std::string& sql);
  long long Scalar(const std::string& sql);
  std::string Text(const std::string& sql);
  // The rows of a query as a JSON array of objects.
  nlohmann::json Rows(const std::string& sql);

  // Users of each role (sales x2, finance, account_manager x2, admin), ids by name.
  std::map<std::string, long long> SeedUsers();
  // A documents row (for records the store stage would link to one).
  long long Document(const std::string& tag);

 private:
  std::string flows_dir_;
  std::unique_ptr<FlowEngine> engine_;
  bool ok_ = false;
};

// The project's flows/ folder.
std::string SourceFlowsDir();
// A folder holding the given YAML texts (name -> text), removed with the TempDir.
std::string WriteFlows(const ::docflow::testing::TempDir& dir, const std::map<std::string, std::string>& files);

}  // namespace docflow::flows::testing
