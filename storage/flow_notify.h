// Wake-ups of the flow worker: LISTEN docflow_flows on a connection of its
// own. The migration 0008 notifies that channel (at commit) when events or
// flow runs are inserted, so a new event reaches the worker in milliseconds
// instead of after a polling interval.
//
// Thread safety: one FlowWakeups per thread (it owns its connection).
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace docflow {

class FlowWakeups {
 public:
  // Connects to url and listens. Error when the database is unreachable.
  static Result<std::unique_ptr<FlowWakeups>> Listen(const std::string& url);
  ~FlowWakeups();

  // Waits up to timeout_ms; true when at least one notification came (all
  // pending ones are consumed). A lost connection is re-opened on the next
  // call and reported as true (something may have been missed).
  Result<bool> Wait(int timeout_ms);

  struct Impl;

 private:
  explicit FlowWakeups(std::string url);
  std::string url_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docflow
