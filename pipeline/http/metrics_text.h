// /metrics in the Prometheus text exposition format (version 0.0.4):
// the pipeline as PostgreSQL records it (documents by state, per-stage
// latency histograms, queue depth and running work per stage, pages per
// second over the last minute, pages processed), worker liveness as the
// broker publishes it, and the HTTP server's own counters (requests by route
// and status, upload acknowledgement latency).
//
// Thread safety: HttpStats may be updated from any thread; RenderMetrics is
// reentrant.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>

#include "storage/live_workers.h"
#include "storage/service_metrics.h"

namespace docflow::http {

class HttpStats {
 public:
  static constexpr std::array<double, 12> kAckBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,   0.25,   0.5,   1,    2.5,   10};
  // One answered request: its route pattern (e.g. /api/v1/documents/{id}), method and status.
  void Request(const std::string& method, const std::string& route, int status);
  // One accepted upload, acknowledged `seconds` after its request was read.
  void UploadAcknowledged(double seconds);

  struct Snapshot {
    std::map<std::tuple<std::string, std::string, int>, long long> requests;
    std::array<long long, kAckBuckets.size()> ack_cumulative{};
    long long ack_count = 0;
    double ack_sum = 0;
  };
  Snapshot Take() const;

 private:
  mutable std::mutex mu_;
  Snapshot s_;
};

// liveness_window_seconds: a broker that published less recently is down.
std::string RenderMetrics(const PipelineSnapshot& pipeline, const Liveness& liveness, double liveness_window_seconds,
                          const HttpStats::Snapshot& http);

}  // namespace docflow::http
