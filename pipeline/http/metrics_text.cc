#include "pipeline/http/metrics_text.h"

#include <cstdio>
#include <algorithm>
#include <sstream>
#include <vector>

#include "pipeline/protocol.h"

namespace docflow::http {

void HttpStats::Request(const std::string& method, const std::string& route, int status) {
  std::lock_guard<std::mutex> lock(mu_);
  ++s_.requests[{method, route, status}];
}

void HttpStats::UploadAcknowledged(double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < kAckBuckets.size(); ++i)
    if (seconds <= kAckBuckets[i]) ++s_.ack_cumulative[i];
  ++s_.ack_count;
  s_.ack_sum += seconds;
}

HttpStats::Snapshot HttpStats::Take() const {
  std::lock_guard<std::mutex> lock(mu_);
  return s_;
}

namespace {

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// A label value with \, " and newline escaped.
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Head(std::ostringstream& o, const char* name, const char* type, const char* help) {
  o << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
}

}  // namespace

std::string RenderMetrics(const PipelineSnapshot& p, const Liveness& l, double window, const HttpStats::Snapshot& h) {
  std::ostringstream o;
  Head(o, "docflow_documents", "gauge", "Documents by the state of their latest job.");
  for (const char* s : {"queued", "preprocessing", "ocr", "classifying", "extracting", "storing", "done", "failed"}) {
    auto it = p.documents_by_state.find(s);
    o << "docflow_documents{state=\"" << s << "\"} " << (it == p.documents_by_state.end() ? 0 : it->second) << "\n";
  }

  Head(o, "docflow_stage_duration_seconds", "histogram",
       "Time a stage took per job (stage=\"ocr_page\": per OCR page), from the stored stage results.");
  const auto& bounds = StageLatencyBuckets();
  std::vector<std::string> stages(protocol::kStages.begin(), protocol::kStages.end());
  stages.push_back("ocr_page");
  for (const auto& stage : stages) {
    auto it = p.latency.find(stage);
    StageLatency empty;
    empty.cumulative.assign(bounds.size(), 0);
    const StageLatency& lat = it == p.latency.end() ? empty : it->second;
    for (size_t i = 0; i < bounds.size(); ++i)
      o << "docflow_stage_duration_seconds_bucket{stage=\"" << stage << "\",le=\"" << Num(bounds[i]) << "\"} "
        << lat.cumulative[i] << "\n";
    o << "docflow_stage_duration_seconds_bucket{stage=\"" << stage << "\",le=\"+Inf\"} " << lat.count << "\n";
    o << "docflow_stage_duration_seconds_sum{stage=\"" << stage << "\"} " << Num(lat.sum_seconds) << "\n";
    o << "docflow_stage_duration_seconds_count{stage=\"" << stage << "\"} " << lat.count << "\n";
  }

  Head(o, "docflow_queue_depth", "gauge", "Work waiting for a worker, per stage (jobs; pages for ocr).");
  for (auto stage : protocol::kStages) {
    auto it = p.waiting.find(std::string(stage));
    o << "docflow_queue_depth{stage=\"" << stage << "\"} " << (it == p.waiting.end() ? 0 : it->second) << "\n";
  }
  Head(o, "docflow_stage_running", "gauge", "Work leased to a worker right now, per stage (jobs; pages for ocr).");
  for (auto stage : protocol::kStages) {
    auto it = p.running.find(std::string(stage));
    o << "docflow_stage_running{stage=\"" << stage << "\"} " << (it == p.running.end() ? 0 : it->second) << "\n";
  }

  Head(o, "docflow_pages_per_second", "gauge", "Pages of the documents finished in the last minute, per second.");
  o << "docflow_pages_per_second " << Num(static_cast<double>(p.pages_done_recent) / std::max(1, p.recent_seconds))
    << "\n";
  Head(o, "docflow_pages_processed_total", "counter", "Pages of every document whose job is done.");
  o << "docflow_pages_processed_total " << p.pages_done_total << "\n";

  Head(o, "docflow_workers_live", "gauge", "Workers the broker sees alive, per stage.");
  for (auto stage : protocol::kStages) {
    auto it = l.live.find(std::string(stage));
    o << "docflow_workers_live{stage=\"" << stage << "\"} " << (it == l.live.end() ? 0 : it->second) << "\n";
  }
  Head(o, "docflow_workers_busy", "gauge", "Workers holding a job, per stage.");
  for (auto stage : protocol::kStages) {
    auto it = l.busy.find(std::string(stage));
    o << "docflow_workers_busy{stage=\"" << stage << "\"} " << (it == l.busy.end() ? 0 : it->second) << "\n";
  }
  bool up = l.broker_age_seconds && *l.broker_age_seconds <= window;
  Head(o, "docflow_broker_up", "gauge", "1 when the broker published its workers recently.");
  o << "docflow_broker_up " << (up ? 1 : 0) << "\n";
  if (l.broker_age_seconds) {
    Head(o, "docflow_broker_heartbeat_age_seconds", "gauge", "Seconds since the broker last published its workers.");
    o << "docflow_broker_heartbeat_age_seconds " << Num(*l.broker_age_seconds) << "\n";
  }

  Head(o, "docflow_http_requests_total", "counter", "HTTP requests answered, by method, route and status.");
  for (const auto& [k, n] : h.requests)
    o << "docflow_http_requests_total{method=\"" << Label(std::get<0>(k)) << "\",route=\"" << Label(std::get<1>(k))
      << "\",code=\"" << std::get<2>(k) << "\"} " << n << "\n";
  Head(o, "docflow_http_upload_ack_seconds", "histogram",
       "Time from an upload's request to its acknowledgement (bytes and rows durable).");
  for (size_t i = 0; i < HttpStats::kAckBuckets.size(); ++i)
    o << "docflow_http_upload_ack_seconds_bucket{le=\"" << Num(HttpStats::kAckBuckets[i]) << "\"} "
      << h.ack_cumulative[i] << "\n";
  o << "docflow_http_upload_ack_seconds_bucket{le=\"+Inf\"} " << h.ack_count << "\n";
  o << "docflow_http_upload_ack_seconds_sum " << Num(h.ack_sum) << "\n";
  o << "docflow_http_upload_ack_seconds_count " << h.ack_count << "\n";
  return o.str();
}

}  // namespace docflow::http
