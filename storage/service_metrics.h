// What /metrics reports about the pipeline, read from PostgreSQL in one
// snapshot: documents per state, per-stage latency histograms (from
// stage_results.elapsed_ms and, per OCR page, ocr_tasks.elapsed_ms), queue
// depth and running work per stage, pages stored recently.
//
// Errors: database errors are transient.
// Thread safety: same as Db (one per thread).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

// Upper bounds (seconds) of the latency histogram buckets (+Inf implied).
const std::vector<double>& StageLatencyBuckets();

struct StageLatency {
  std::vector<long long> cumulative;  // per bucket of StageLatencyBuckets(): results <= bound
  long long count = 0;
  double sum_seconds = 0;
};

struct PipelineSnapshot {
  std::map<std::string, long long> documents_by_state;  // the latest job of each document
  std::map<std::string, StageLatency> latency;          // per stage; "ocr_page" per OCR page
  std::map<std::string, long long> waiting, running;    // per stage; ocr counts pages
  long long pages_done_total = 0;                       // pages of documents whose job is done
  long long pages_done_recent = 0;                      // ... finished in the last `recent_seconds`
  int recent_seconds = 60;
};

Result<PipelineSnapshot> ReadPipelineSnapshot(Db& db, int recent_seconds = 60);

}  // namespace docflow
