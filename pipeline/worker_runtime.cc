#include "pipeline/worker_runtime.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

// The job thread: runs one handler call and signals completion on an
// eventfd that the socket thread polls. (Not an inproc PAIR socket per job:
// a PAIR takes one peer at a time, and the next job's socket could connect
// before the previous one's close reached the bound side; it was then
// refused, its "done" lost and the worker stuck busy for ever.)
class JobRunner {
 public:
  JobRunner() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~JobRunner() {
    Join();
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  // Readable when a result is waiting (poll it, then call TakeResult).
  int fd() const { return fd_; }

  void Start(StageHandler& handler, Message job) {
    Join();
    busy_ = true;
    started_ = Clock::now();
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
      uint64_t one = 1;
      while (::write(fd_, &one, sizeof one) < 0 && errno == EINTR) {
      }
    });
  }

  std::optional<Message> TakeResult() {
    uint64_t count;
    while (::read(fd_, &count, sizeof count) < 0 && errno == EINTR) {
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (!result_) return std::nullopt;
    std::optional<Message> out = std::move(result_);
    result_.reset();
    busy_ = false;
    return out;
  }

  bool busy() const { return busy_; }
  long long job() const { return job_; }
  long long token() const { return token_; }
  Clock::duration running_for() const { return Clock::now() - started_; }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  // Leaves a stuck job thread behind (the process is about to exit).
  void Abandon() {
    if (thread_.joinable()) thread_.detach();
  }

 private:
  int fd_;
  std::thread thread_;
  std::mutex mu_;
  std::optional<Message> result_;
  bool busy_ = false;
  Clock::time_point started_;
  long long job_ = 0, token_ = 0;
};

}  // namespace

Status RunWorker(const WorkerOptions& options, StageHandler& handler, const std::atomic<bool>& stop) {
  zmq::context_t ctx;
  const std::string identity = options.identity.empty() ? DefaultIdentity(handler.stage()) : options.identity;
  auto runner_owner = std::make_unique<JobRunner>();
  JobRunner& runner = *runner_owner;
  if (!runner.ok()) return Permanent(std::string("eventfd: ") + std::strerror(errno));

  std::unique_ptr<zmq::socket_t> socket;
  Clock::time_point last_seen;  // last message from the broker
  const auto silence_limit = std::chrono::milliseconds(options.heartbeat_ms * options.liveness);
  int backoff_ms = protocol::kReconnectInitialMs;
  Clock::time_point next_heartbeat;
  // READY is sent only on connecting: idle, or naming the job held when the
  // worker (re)connects while running one. A READY after every result would
  // race with the next JOB the broker sends on seeing the result, making the
  // broker take a busy worker for an idle one.

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
    if (runner.busy()) SendMessage(*socket, MakeReady(handler.stage(), runner.job(), runner.token()));
    else SendMessage(*socket, MakeReady(handler.stage()));
    return Ok();
  };
  if (auto s = connect(); !s) return s;
  spdlog::info("worker {} for stage {} connected to {}", identity, handler.stage(), options.endpoint);

  std::vector<zmq::message_t> frames;
  while (!stop.load()) {
    zmq::pollitem_t items[] = {{static_cast<void*>(*socket), 0, ZMQ_POLLIN, 0},
                               {nullptr, runner.fd(), ZMQ_POLLIN, 0}};
    try {
      zmq::poll(items, 2, std::chrono::milliseconds(std::min(options.heartbeat_ms, 200)));
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) continue;
      return Transient(std::string("poll failed: ") + e.what());
    }

    if (items[1].revents & ZMQ_POLLIN) {
      if (auto result = runner.TakeResult()) {
        runner.Join();
        SendMessage(*socket, *result);
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
    if (options.job_timeout_ms > 0 && runner.busy() &&
        runner.running_for() > std::chrono::milliseconds(options.job_timeout_ms)) {
      // A handler that never returns would hold the job (its lease renewed by
      // our heartbeats) and this worker for ever. Report the attempt as a
      // retryable failure, flush it, and leave: the caller ends the process.
      std::string why = fmt::format("stage {} ran longer than its limit of {:g} s", handler.stage(),
                                    options.job_timeout_ms / 1000.0);
      spdlog::error("job {}: {}; this worker exits so that it is restarted", runner.job(), why);
      SendMessage(*socket, MakeFailed(runner.job(), runner.token(), Transient(why)));
      socket->set(zmq::sockopt::linger, 2000);
      socket.reset();
      ctx.close();  // returns once the FAILED is sent (or after the linger)
      runner.Abandon();
      (void)runner_owner.release();  // the abandoned thread still writes into it
      return Error{"stuck: " + why, true};
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
