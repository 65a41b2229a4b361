#include "pipeline/worker_runtime.h"

#include <unistd.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "common/log.h"

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;

std::string DefaultIdentity(const std::string& stage) {
  char host[256] = {0};
  ::gethostname(host, sizeof(host) - 1);
  std::random_device rd;
  return stage + "-" + host + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 100000);
}

// The job thread: runs one handler call and signals completion over inproc.
class JobRunner {
 public:
  JobRunner(zmq::context_t& ctx, const std::string& addr) : addr_(addr), ctx_(ctx) {}
  ~JobRunner() { Join(); }

  void Start(StageHandler& handler, Message job) {
    Join();
    busy_ = true;
    job_ = job.job_id;
    token_ = job.lease_token;
    thread_ = std::thread([this, &handler, job = std::move(job)]() mutable {
      auto started = Clock::now();
      Result<Payload> r = Permanent("handler did not run");
      try {
        r = handler.Handle(job.job_id, job.lease_token, job.payload);
      } catch (const std::exception& e) {
        r = Transient(std::string("stage crashed: ") + e.what());
      }
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (r.ok()) {
          r->header["elapsed_ms"] = ms;
          result_ = MakeDone(job.job_id, job.lease_token, std::move(*r));
        } else {
          result_ = MakeFailed(job.job_id, job.lease_token, r.error());
        }
      }
      zmq::socket_t signal(ctx_, zmq::socket_type::pair);
      signal.connect(addr_);
      signal.send(zmq::str_buffer("done"), zmq::send_flags::none);
    });
  }

  std::optional<Message> TakeResult() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!result_) return std::nullopt;
    std::optional<Message> out = std::move(result_);
    result_.reset();
    busy_ = false;
    return out;
  }

  bool busy() const { return busy_; }
  long long job() const { return job_; }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::string addr_;
  zmq::context_t& ctx_;
  std::thread thread_;
  std::mutex mu_;
  std::optional<Message> result_;
  bool busy_ = false;
  long long job_ = 0, token_ = 0;
};

}  // namespace

Status RunWorker(const WorkerOptions& options, StageHandler& handler, const std::atomic<bool>& stop) {
  zmq::context_t ctx;
  const std::string identity = options.identity.empty() ? DefaultIdentity(handler.stage()) : options.identity;
  const std::string signal_addr = "inproc://job-done";
  zmq::socket_t signal(ctx, zmq::socket_type::pair);
  signal.bind(signal_addr);
  JobRunner runner(ctx, signal_addr);

  std::unique_ptr<zmq::socket_t> socket;
  Clock::time_point last_seen;  // last message from the broker
  const auto silence_limit = std::chrono::milliseconds(options.heartbeat_ms * options.liveness);
  int backoff_ms = protocol::kReconnectInitialMs;
  Clock::time_point next_heartbeat;
  // READY is sent on connecting while idle, and after a result only when the
  // worker (re)connected while busy: then the broker may not know it. A READY
  // after every result would race with the next JOB the broker sends on
  // seeing the result, making the broker take a busy worker for an idle one.
  bool announce_after_job = false;

  auto connect = [&]() -> Status {
    socket = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::dealer);
    socket->set(zmq::sockopt::routing_id, identity);
    socket->set(zmq::sockopt::linger, 0);
    try {
      socket->connect(options.endpoint);
    } catch (const zmq::error_t& e) {
      return Permanent("cannot connect to " + options.endpoint + ": " + e.what());
    }
    last_seen = Clock::now();
    next_heartbeat = Clock::now() + std::chrono::milliseconds(options.heartbeat_ms);
    if (runner.busy()) announce_after_job = true;
    else SendMessage(*socket, MakeReady(handler.stage()));
    return Ok();
  };
  if (auto s = connect(); !s) return s;
  spdlog::info("worker {} for stage {} connected to {}", identity, handler.stage(), options.endpoint);

  std::vector<zmq::message_t> frames;
  while (!stop.load()) {
    zmq::pollitem_t items[] = {{static_cast<void*>(*socket), 0, ZMQ_POLLIN, 0},
                               {static_cast<void*>(signal), 0, ZMQ_POLLIN, 0}};
    try {
      zmq::poll(items, 2, std::chrono::milliseconds(std::min(options.heartbeat_ms, 200)));
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) continue;
      return Transient(std::string("poll failed: ") + e.what());
    }

    if (items[1].revents & ZMQ_POLLIN) {
      zmq::message_t ignored;
      (void)signal.recv(ignored, zmq::recv_flags::dontwait);
      if (auto result = runner.TakeResult()) {
        runner.Join();
        SendMessage(*socket, *result);
        if (announce_after_job) SendMessage(*socket, MakeReady(handler.stage()));
        announce_after_job = false;
        if (result->command == protocol::Command::kFailed)
          spdlog::warn("job {} failed: {}", result->job_id, result->reason);
        else
          spdlog::debug("job {} done", result->job_id);
      }
    }

    if (items[0].revents & ZMQ_POLLIN) {
      while (ReceiveFrames(*socket, frames, true)) {
        auto m = Decode(frames);
        if (!m) {
          spdlog::warn("dropping malformed message from broker: {}", m.error().message);
          continue;
        }
        last_seen = Clock::now();
        backoff_ms = protocol::kReconnectInitialMs;
        switch (m->command) {
          case protocol::Command::kJob:
            if (runner.busy()) {
              SendMessage(*socket, MakeFailed(m->job_id, m->lease_token, Transient("worker busy")));
            } else {
              spdlog::debug("job {} received", m->job_id);
              runner.Start(handler, std::move(*m));
            }
            break;
          case protocol::Command::kHeartbeat:
            break;
          case protocol::Command::kDisconnect:
            spdlog::info("broker asked to reconnect");
            last_seen = Clock::time_point{};
            break;
          default:
            spdlog::warn("unexpected command from broker");
        }
      }
    }
    if (Clock::now() - last_seen > silence_limit) {
      spdlog::warn("broker silent; reconnecting in {} ms", backoff_ms);
      socket.reset();
      auto until = Clock::now() + std::chrono::milliseconds(backoff_ms);
      while (!stop.load() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      backoff_ms = std::min(backoff_ms * 2, protocol::kReconnectMaxMs);
      if (auto s = connect(); !s) return s;
      continue;
    }
    if (Clock::now() >= next_heartbeat) {
      SendMessage(*socket, MakeHeartbeat());
      next_heartbeat = Clock::now() + std::chrono::milliseconds(options.heartbeat_ms);
    }
  }
  SendMessage(*socket, MakeDisconnect());
  runner.Join();
  return Ok();
}

}  // namespace docflow
