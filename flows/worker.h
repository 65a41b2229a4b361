// `docflow flows`: the flow engine as a supervised process. At start it loads
// flows/*.yaml into workflows; then settings.threads engine threads (one
// database connection each) take events, due timers and runs with FOR UPDATE
// SKIP LOCKED and leases, so several workers (or processes) share the work
// and a killed one loses nothing: its runs are resumed when their leases
// expire. A listener thread (LISTEN docflow_flows) wakes them as soon as an
// event or a run is committed; without wake-ups they look every
// settings.poll_ms, and sleep until the next due timer or retry. Definitions
// changed in the table are picked up within a few seconds.
//
// Thread safety: RunFlowWorker blocks until stop is true.
#pragma once

#include <atomic>
#include <string>

#include "common/result.h"
#include "flows/settings.h"

namespace docflow::flows {

struct FlowWorkerOptions {
  std::string database_url;
  FlowSettings settings;
  std::string owner;  // lease owner prefix, e.g. "flows@host:pid"
};

Status RunFlowWorker(const FlowWorkerOptions& options, const std::atomic<bool>& stop);

}  // namespace docflow::flows
