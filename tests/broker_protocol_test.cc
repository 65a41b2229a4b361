// The broker's side of DFW/1 (docs/protocol.md rules 1-2) against a real
// `docflow broker` process and PostgreSQL, with a hand-driven worker on a
// real ZeroMQ DEALER socket: a worker that announces itself idle while the
// broker thinks it holds a job gets that job again at once (its lease is
// ended, not left to expire), and a result takes the worker back as idle.
#include <signal.h>

#include <chrono>
#include <optional>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include "pipeline/messages.h"
#include "tests/service_harness.h"

namespace docflow::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The next JOB the broker sends within `ms` (heartbeats skipped).
std::optional<Message> NextJob(zmq::socket_t& s, int ms) {
  const auto until = Clock::now() + std::chrono::milliseconds(ms);
  std::vector<zmq::message_t> frames;
  while (Clock::now() < until) {
    zmq::pollitem_t item{static_cast<void*>(s), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(50));
    while (ReceiveFrames(s, frames, true)) {
      auto m = Decode(frames);
      if (m && m->command == protocol::Command::kJob) return *m;
    }
  }
  return std::nullopt;
}

// A worker's DEALER socket, named `id`, connected to the harness's broker.
zmq::socket_t HandDrivenWorker(zmq::context_t& ctx, const ServiceHarness& h, const char* id) {
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::routing_id, id);
  s.set(zmq::sockopt::linger, 0);
  s.connect(h.endpoint());
  return s;
}

TEST(BrokerProtocol, ReadyWhileHoldingAJobEndsItsLeaseAndTheJobComesBackAtOnce) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  IngestReceipt r = h.Ingest(ServiceHarness::ReadSample("invoice-fr.pdf"), "invoice-fr.pdf");
  ASSERT_GT(r.job_id, 0);
  h.StartBroker();

  zmq::context_t ctx;
  zmq::socket_t w = HandDrivenWorker(ctx, h, "hand-driven-preprocess");
  ASSERT_TRUE(SendMessage(w, MakeReady("preprocess")));
  auto first = NextJob(w, 15000);
  ASSERT_TRUE(first) << "no job dispatched";
  EXPECT_EQ(first->job_id, r.job_id);

  // The worker lost the job (say, with a socket it replaced) and announces
  // itself idle: the broker must not wait for the lease (6 s here) to expire.
  ASSERT_TRUE(SendMessage(w, MakeReady("preprocess")));
  auto again = NextJob(w, 3000);
  ASSERT_TRUE(again) << "the job held by a worker that announced itself idle was not dispatched again";
  EXPECT_EQ(again->job_id, r.job_id);
  EXPECT_NE(again->lease_token, first->lease_token);

  // A result for the job it holds makes the worker idle with no READY: a
  // second document is dispatched to it without one.
  IngestReceipt r2 = h.Ingest(ServiceHarness::ReadSample("invoice-en.pdf"), "invoice-en.pdf");
  ASSERT_TRUE(SendMessage(w, MakeFailed(again->job_id, again->lease_token, Transient("hand-driven failure"))));
  auto next = NextJob(w, 5000);
  ASSERT_TRUE(next) << "no job for a worker whose result made it idle";
  EXPECT_TRUE(next->job_id == r.job_id || next->job_id == r2.job_id) << next->job_id;

  // While it holds that job, nothing else is sent to it.
  EXPECT_FALSE(NextJob(w, 1500)) << "a job was sent to a busy worker";
}

// Waits up to ms for a JOB on either hand-driven worker, both heartbeating
// meanwhile (so that the broker keeps them); the JOB and its receiver.
std::optional<std::pair<Message, zmq::socket_t*>> NextJobOfEither(zmq::socket_t& a, zmq::socket_t& b, int ms) {
  const auto until = Clock::now() + std::chrono::milliseconds(ms);
  while (Clock::now() < until) {
    for (zmq::socket_t* s : {&a, &b}) {
      SendMessage(*s, MakeHeartbeat());
      if (auto m = NextJob(*s, 200)) return std::pair{*m, s};
    }
  }
  return std::nullopt;
}

// A restarted broker knows no worker. One that reconnects while running a job
// announces it (READY with the job and its lease token): the broker takes it
// as busy, renews that lease while it heartbeats (the job is not handed to an
// idle worker when the 6 s lease would have run out), and its result makes
// the job go on.
TEST(BrokerProtocol, AReadyNamingTheJobHeldKeepsItsLeaseAcrossABrokerRestart) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  IngestReceipt r = h.Ingest(ServiceHarness::ReadSample("invoice-fr.pdf"), "invoice-fr.pdf");
  ASSERT_GT(r.job_id, 0);
  pid_t broker = h.StartBroker();

  zmq::context_t ctx;
  zmq::socket_t a = HandDrivenWorker(ctx, h, "hand-driven-a"), b = HandDrivenWorker(ctx, h, "hand-driven-b");
  ASSERT_TRUE(SendMessage(a, MakeReady("preprocess")));
  auto held = NextJob(a, 15000);
  ASSERT_TRUE(held) << "no job dispatched";

  h.Kill(broker, SIGKILL);
  h.StartBroker();
  ASSERT_TRUE(SendMessage(a, MakeReady("preprocess", held->job_id, held->lease_token)));
  ASSERT_TRUE(SendMessage(b, MakeReady("preprocess")));
  EXPECT_FALSE(NextJobOfEither(a, b, 9000)) << "the job held by a live worker was handed out again";
  EXPECT_EQ(h.db().Scalar("SELECT lease_token FROM jobs WHERE id = " + std::to_string(r.job_id)), held->lease_token);

  ASSERT_TRUE(SendMessage(a, MakeFailed(held->job_id, held->lease_token, Transient("hand-driven failure"))));
  auto again = NextJobOfEither(a, b, 5000);
  ASSERT_TRUE(again) << "the job did not go on after its holder's result";
  EXPECT_EQ(again->first.job_id, r.job_id);
  EXPECT_NE(again->first.lease_token, held->lease_token);
}

}  // namespace
}  // namespace docflow::testing
