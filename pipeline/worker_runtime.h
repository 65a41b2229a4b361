// The worker side of DFW/1: connects a DEALER to the broker, announces its
// stage, runs one job at a time on a job thread while the socket thread keeps
// heartbeating, and reconnects (with back-off) when the broker goes silent.
// A worker needs nothing but the broker's address: inputs arrive in the JOB
// message, outputs leave in DONE (see docs/protocol.md).
//
// Thread safety: RunWorker owns its sockets; the handler is called from one
// job thread at a time.
#pragma once

#include <atomic>
#include <string>

#include "common/result.h"
#include "pipeline/messages.h"

namespace docflow {

// What a stage does with one job. Implementations live in workers/.
class StageHandler {
 public:
  virtual ~StageHandler() = default;
  virtual std::string stage() const = 0;
  // Returns the DONE payload, or an Error (permanent: the job fails at once;
  // retryable: the broker retries up to the attempt limit).
  virtual Result<Payload> Handle(long long job_id, long long lease_token, const Payload& in) = 0;
};

struct WorkerOptions {
  std::string endpoint;  // e.g. tcp://127.0.0.1:5555
  int heartbeat_ms = protocol::kHeartbeatIntervalMs;
  int liveness = protocol::kHeartbeatLiveness;
  std::string identity;  // empty: <stage>-<host>-<pid>-<random>
  // A job whose handler runs longer than this is reported FAILED (retryable)
  // and RunWorker returns (see below). 0: no limit.
  int job_timeout_ms = 0;
};

// Runs until stop becomes true (then sends DISCONNECT). Returns an Error for
// unrecoverable set-up problems (bad endpoint), and one whose message starts
// with "stuck: " when a job outran options.job_timeout_ms: its thread is then
// still running the handler, so the caller must end the process at once
// (std::_Exit); a supervisor restarts the worker and the broker dispatches
// the job again, up to jobs.max_attempts.
Status RunWorker(const WorkerOptions& options, StageHandler& handler, const std::atomic<bool>& stop);

}  // namespace docflow
