#include "pipeline/http/metrics_text.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace docflow::http {
namespace {

// Every line is a comment (# HELP / # TYPE) or "name{labels} value".
void ExpectExpositionFormat(const std::string& text) {
  static const std::regex kSample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInf]+$)");
  static const std::regex kComment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$)");
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    EXPECT_TRUE(std::regex_match(line, kSample) || std::regex_match(line, kComment)) << "line " << n << ": " << line;
  }
  EXPECT_GT(n, 50);
}

TEST(MetricsText, RendersEveryFamilyInTheTextFormat) {
  PipelineSnapshot p;
  p.documents_by_state = {{"done", 7}, {"queued", 2}};
  StageLatency lat;
  lat.cumulative.assign(StageLatencyBuckets().size(), 1);
  lat.cumulative.back() = 3;
  lat.count = 4;
  lat.sum_seconds = 130.5;
  p.latency["ocr"] = lat;
  p.waiting["ocr"] = 5;
  p.running["store"] = 1;
  p.pages_done_total = 30;
  p.pages_done_recent = 12;
  Liveness l;
  l.broker_age_seconds = 1.5;
  l.live["ocr"] = 2;
  l.busy["ocr"] = 1;
  HttpStats stats;
  stats.Request("POST", "/api/v1/documents", 202);
  stats.Request("POST", "/api/v1/documents", 202);
  stats.Request("GET", "/api/v1/documents/{id}", 404);
  stats.UploadAcknowledged(0.004);
  stats.UploadAcknowledged(0.3);

  std::string text = RenderMetrics(p, l, 10, stats.Take());
  ExpectExpositionFormat(text);
  for (const char* want : {
           "docflow_documents{state=\"done\"} 7\n",
           "docflow_documents{state=\"failed\"} 0\n",
           "docflow_stage_duration_seconds_bucket{stage=\"ocr\",le=\"0.005\"} 1\n",
           "docflow_stage_duration_seconds_bucket{stage=\"ocr\",le=\"+Inf\"} 4\n",
           "docflow_stage_duration_seconds_sum{stage=\"ocr\"} 130.5\n",
           "docflow_stage_duration_seconds_count{stage=\"preprocess\"} 0\n",
           "docflow_queue_depth{stage=\"ocr\"} 5\n",
           "docflow_stage_running{stage=\"store\"} 1\n",
           "docflow_pages_per_second 0.2\n",
           "docflow_pages_processed_total 30\n",
           "docflow_workers_live{stage=\"ocr\"} 2\n",
           "docflow_workers_live{stage=\"store\"} 0\n",
           "docflow_workers_busy{stage=\"ocr\"} 1\n",
           "docflow_broker_up 1\n",
           "docflow_http_requests_total{method=\"POST\",route=\"/api/v1/documents\",code=\"202\"} 2\n",
           "docflow_http_upload_ack_seconds_bucket{le=\"0.005\"} 1\n",
           "docflow_http_upload_ack_seconds_bucket{le=\"0.5\"} 2\n",
           "docflow_http_upload_ack_seconds_count 2\n",
       })
    EXPECT_NE(text.find(want), std::string::npos) << want;

  // A broker silent for longer than the window is down.
  l.broker_age_seconds = 42;
  EXPECT_NE(RenderMetrics(p, l, 10, stats.Take()).find("docflow_broker_up 0\n"), std::string::npos);
}

}  // namespace
}  // namespace docflow::http
