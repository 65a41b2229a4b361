// The broker's live workers, published for other processes (the HTTP API's
// /metrics and /readyz): table live_workers (migration 0005), replaced as a
// whole every few seconds by the broker, with one row for the broker itself
// (stage "broker"). Rows older than a few publishing periods are stale: the
// broker is gone.
//
// Errors: database errors are transient.
// Thread safety: same as Db (one per thread).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct LiveWorker {
  std::string id;     // the worker's ZeroMQ identity (printable form)
  std::string stage;  // preprocess | ocr | classify | extract | store
  bool busy = false;
  long long job_id = 0;
};

// Replaces the table's rows with the broker's row and one per worker. The
// commit does not wait for the disk (the data is only a heartbeat).
Status PublishLiveWorkers(Db& db, const std::string& broker_id, const std::vector<LiveWorker>& workers);

struct Liveness {
  std::optional<double> broker_age_seconds;  // since the broker last published; nullopt: never
  std::map<std::string, int> live, busy;     // per stage, rows fresher than max_age_seconds
};

// What was published, counting rows no older than max_age_seconds.
Result<Liveness> ReadLiveness(Db& db, double max_age_seconds);

}  // namespace docflow
