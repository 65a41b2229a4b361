// The supervisor behind `docflow serve`: starts the broker, the workers of
// each stage and the sources as child processes of this same binary, watches
// them, and restarts any that exits (with back-off: 0.5 s doubling to 30 s,
// reset after a minute of good health). SIGTERM/SIGINT stop everything.
//
// Thread safety: one Supervisor per process; Run blocks.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "common/result.h"

namespace docflow {

struct ChildSpec {
  std::string name;               // e.g. "worker-ocr-1", also its log file name
  std::vector<std::string> argv;  // full command line
  std::vector<std::string> env;   // extra NAME=VALUE entries
};

struct SupervisorOptions {
  std::vector<ChildSpec> children;
  std::string log_dir;  // each child's output goes to log_dir/<name>.log
};

// Runs until stop is true; then terminates the children (SIGTERM, SIGKILL
// after 5 s) and returns.
Status RunSupervisor(const SupervisorOptions& options, const std::atomic<bool>& stop);

}  // namespace docflow
