// The broker: binds one ROUTER, keeps a list of live workers per stage, and
// dispatches jobs from PostgreSQL (the system of record) to idle workers
// under a lease. It assembles each stage's input from the stored results of
// the previous stages and the blob store, so workers on other machines need
// only the broker address. See ARCHITECTURE.md and docs/protocol.md.
//
// Failure handling:
//  - a worker that stops heartbeating: its job's lease ends at once and the
//    job is dispatched again (up to jobs.max_attempts, then failed);
//  - the broker itself dies: leases expire (lease_seconds) and the next
//    broker resumes every unfinished job from its last completed stage;
//  - a result for a lease that is no longer current is ignored.
//
// Thread safety: RunBroker owns everything it uses; run one per database.
#pragma once

#include <atomic>
#include <string>

#include "common/result.h"

namespace docflow {

struct BrokerOptions {
  std::string bind;          // e.g. tcp://127.0.0.1:5555
  std::string database_url;
  std::string blob_root;     // HOME/blobs
  int heartbeat_ms = 1000;
  int liveness = 3;
  int lease_seconds = 15;
  int poll_ms = 100;         // how often the jobs table is polled for new work
  // ocr.archive_pdf: the store stage's JOB carries the OCR'd page images and
  // the original PDF, so that it can build the document's searchable PDF.
  bool archive_pdf = false;
};

// Runs until stop is true. Error when the socket cannot bind or the database
// is unreachable at start.
Status RunBroker(const BrokerOptions& options, const std::atomic<bool>& stop);

}  // namespace docflow
