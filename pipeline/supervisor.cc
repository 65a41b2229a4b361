#include "pipeline/supervisor.h"

#include <signal.h>

#include <thread>

#include "common/log.h"
#include "common/paths.h"
#include "common/process.h"

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;

struct Child {
  ChildSpec spec;
  pid_t pid = 0;
  Clock::time_point started, restart_at;
  int backoff_ms = 500;
};

}  // namespace

Status RunSupervisor(const SupervisorOptions& options, const std::atomic<bool>& stop) {
  if (auto s = MakeDirs(options.log_dir); !s) return s;
  std::vector<Child> children;
  for (const auto& spec : options.children) {
    Child c;
    c.spec = spec;
    children.push_back(std::move(c));
  }

  auto start = [&](Child& c) {
    SpawnOptions so;
    so.output_file = options.log_dir + "/" + c.spec.name + ".log";
    so.env = c.spec.env;
    auto pid = Spawn(c.spec.argv, so);
    if (!pid) {
      spdlog::error("cannot start {}: {}", c.spec.name, pid.error().message);
      c.pid = 0;
      c.restart_at = Clock::now() + std::chrono::milliseconds(c.backoff_ms);
      return;
    }
    c.pid = *pid;
    c.started = Clock::now();
    spdlog::info("started {} (pid {})", c.spec.name, c.pid);
  };
  for (auto& c : children) start(c);

  while (!stop.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto now = Clock::now();
    for (auto& c : children) {
      std::string how;
      if (c.pid && Reaped(c.pid, &how)) {
        if (now - c.started > std::chrono::minutes(1)) c.backoff_ms = 500;
        spdlog::warn("{} (pid {}) ended ({}); restarting in {} ms", c.spec.name, c.pid, how, c.backoff_ms);
        c.pid = 0;
        c.restart_at = now + std::chrono::milliseconds(c.backoff_ms);
        c.backoff_ms = std::min(c.backoff_ms * 2, 30000);
      }
      if (!c.pid && now >= c.restart_at && !stop.load()) start(c);
    }
  }
  spdlog::info("stopping {} children", children.size());
  for (auto& c : children)
    if (c.pid) ::kill(c.pid, SIGTERM);
  for (auto& c : children)
    if (c.pid) Terminate(c.pid, SIGTERM, 5000);
  return Ok();
}

}  // namespace docflow
