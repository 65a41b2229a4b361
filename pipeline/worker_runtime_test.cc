// The worker side of DFW/1 (pipeline/worker_runtime.h) against a hand-driven
// broker: a real ROUTER socket on loopback TCP, no database.
#include "pipeline/worker_runtime.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>
#include <zmq.hpp>

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;

// Echoes the job id; or sleeps far longer than any limit when told to.
class EchoHandler : public StageHandler {
 public:
  std::string stage() const override { return "classify"; }
  Result<Payload> Handle(long long job_id, long long, const Payload& in) override {
    if (in.header.value("hang", false)) std::this_thread::sleep_for(std::chrono::seconds(30));
    Payload out;
    out.header["echo"] = job_id;
    return out;
  }
};

// The hand-driven broker: binds a ROUTER on a kernel-chosen loopback port.
struct FakeBroker {
  zmq::context_t ctx;
  zmq::socket_t router{ctx, zmq::socket_type::router};
  std::string endpoint;
  FakeBroker() {
    router.set(zmq::sockopt::linger, 0);
    router.bind("tcp://127.0.0.1:*");
    endpoint = router.get(zmq::sockopt::last_endpoint);
  }
  // The next message other than a heartbeat within ms, with its sender.
  std::optional<std::pair<std::string, Message>> Next(int ms) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    std::vector<zmq::message_t> frames;
    while (Clock::now() < until) {
      zmq::pollitem_t item{static_cast<void*>(router), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, std::chrono::milliseconds(20));
      while (ReceiveFrames(router, frames, true)) {
        auto m = Decode(frames, 1);
        if (m && m->command != protocol::Command::kHeartbeat) return std::pair{frames[0].to_string(), *m};
      }
    }
    return std::nullopt;
  }
};

struct WorkerThread {
  std::atomic<bool> stop{false};
  Status status = Ok();
  EchoHandler handler;
  std::thread thread;
  explicit WorkerThread(WorkerOptions o) {
    thread = std::thread([this, o] { status = RunWorker(o, handler, stop); });
  }
  ~WorkerThread() {
    stop = true;
    if (thread.joinable()) thread.join();
  }
};

// The broker sends the next JOB the moment a result arrives, so the job
// thread of one job ends while the next one starts: every result must come
// back (a completion signal lost between the two left the worker busy for
// ever, its heartbeats renewing the lease of a job it had finished).
TEST(WorkerRuntime, BackToBackJobsAllComeBackWithoutAReadyInBetween) {
  FakeBroker broker;
  WorkerOptions o;
  o.endpoint = broker.endpoint;
  WorkerThread worker(o);

  auto ready = broker.Next(5000);
  ASSERT_TRUE(ready);
  ASSERT_EQ(ready->second.command, protocol::Command::kReady);
  const std::string id = ready->first;
  constexpr int kJobs = 2000;
  for (int i = 1; i <= kJobs; ++i) {
    ASSERT_TRUE(SendMessage(broker.router, MakeJob(i, 100 + i, "classify", Payload{}), id));
    auto result = broker.Next(5000);
    ASSERT_TRUE(result) << "job " << i << " never came back";
    ASSERT_EQ(result->second.command, protocol::Command::kDone)
        << "job " << i << ": " << result->second.reason;  // e.g. "worker busy"
    ASSERT_EQ(result->second.job_id, i);
    ASSERT_EQ(result->second.lease_token, 100 + i);
    ASSERT_EQ(result->second.payload.header.value("echo", 0LL), i);
  }
}

// A handler that never returns must not hold the job and the worker for ever:
// the attempt is reported as a retryable failure and RunWorker returns
// "stuck: ..." so that the process can be ended and restarted.
TEST(WorkerRuntime, AJobThatOutrunsTheLimitIsReportedFailedAndTheWorkerStops) {
  FakeBroker broker;
  WorkerOptions o;
  o.endpoint = broker.endpoint;
  o.job_timeout_ms = 600;
  auto worker = std::make_unique<WorkerThread>(o);

  auto ready = broker.Next(5000);
  ASSERT_TRUE(ready);
  Payload hang;
  hang.header["hang"] = true;
  auto sent = Clock::now();
  ASSERT_TRUE(SendMessage(broker.router, MakeJob(7, 70, "classify", hang), ready->first));
  auto result = broker.Next(10000);
  ASSERT_TRUE(result) << "no answer for a job that outran its limit";
  EXPECT_EQ(result->second.command, protocol::Command::kFailed);
  EXPECT_EQ(result->second.job_id, 7);
  EXPECT_EQ(result->second.lease_token, 70);
  EXPECT_TRUE(result->second.retryable);
  EXPECT_NE(result->second.reason.find("longer than its limit"), std::string::npos) << result->second.reason;
  EXPECT_GE(Clock::now() - sent, std::chrono::milliseconds(600));
  worker->thread.join();  // RunWorker returned by itself
  ASSERT_FALSE(worker->status.ok());
  EXPECT_EQ(worker->status.error().message.rfind("stuck: ", 0), 0u) << worker->status.error().message;
  // The handler's thread was abandoned (the real worker process exits here):
  // the handler it is running must outlive it.
  (void)worker.release();
}

}  // namespace
}  // namespace docflow
