// Child processes: spawn with an argument vector (never a shell string),
// signal, and reap. Used by the supervisor and by integration tests.
//
// Thread safety: functions are reentrant; a Child must be reaped by one owner.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "common/result.h"

namespace docflow {

struct SpawnOptions {
  std::vector<std::string> env;  // extra NAME=VALUE entries (override inherited ones)
  std::string output_file;       // stdout+stderr appended here; empty: inherited
  bool new_process_group = false;
};

// Starts argv[0] (searched in PATH when it has no '/'). Returns the pid.
Result<pid_t> Spawn(const std::vector<std::string>& argv, const SpawnOptions& options = {});

// Non-blocking reap: returns true (and the exit status description) when pid ended.
bool Reaped(pid_t pid, std::string* how = nullptr);

// Sends sig, then waits up to timeout_ms for the child to end; sends SIGKILL
// if it does not. Returns true when the child was reaped.
bool Terminate(pid_t pid, int sig, int timeout_ms);

// Path of the running executable (/proc/self/exe).
std::string SelfExe();

}  // namespace docflow
