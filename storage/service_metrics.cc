#include "storage/service_metrics.h"

#include <sstream>

#include "pipeline/stages.h"
#include "storage/db_internal.h"

namespace docflow {
using storage_internal::Transact;

const std::vector<double>& StageLatencyBuckets() {
  static const std::vector<double> b = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
  return b;
}

namespace {

// {-b_n, ..., -b_1}: with width_bucket(-x, this), n minus the result is the
// number of bounds strictly below x, i.e. the first bucket with x <= bound.
std::string NegatedBoundsArray() {
  const auto& b = StageLatencyBuckets();
  std::ostringstream s;
  s.precision(17);
  s << "{";
  for (size_t i = b.size(); i-- > 0;) s << -b[i] << (i ? "," : "");
  s << "}";
  return s.str();
}

// Adds rows of (stage, bucket index, count, sum_ms) to out.
void AddLatency(const pqxx::result& r, std::map<std::string, StageLatency>& out) {
  const size_t n = StageLatencyBuckets().size();
  for (const auto& row : r) {
    StageLatency& l = out[row[0].as<std::string>()];
    if (l.cumulative.empty()) l.cumulative.assign(n, 0);
    long long first = row[1].as<long long>();  // the first bucket whose bound is >= x (n: none, +Inf)
    long long count = row[2].as<long long>();
    for (size_t i = static_cast<size_t>(first); i < n; ++i) l.cumulative[i] += count;
    l.count += count;
    l.sum_seconds += row[3].as<double>() / 1000.0;
  }
}

}  // namespace

Result<PipelineSnapshot> ReadPipelineSnapshot(Db& db, int recent_seconds) {
  const std::string bounds = NegatedBoundsArray();
  const int n = static_cast<int>(StageLatencyBuckets().size());
  return Transact(db, [&](pqxx::work& w) {
    PipelineSnapshot s;
    s.recent_seconds = recent_seconds;
    for (const auto& row : w.exec(
             "SELECT state, count(*) FROM (SELECT DISTINCT ON (document_id) state FROM jobs"
             " ORDER BY document_id, id DESC) latest GROUP BY state"))
      s.documents_by_state[row[0].as<std::string>()] = row[1].as<long long>();

    AddLatency(w.exec_params("SELECT stage, $2 - width_bucket(-elapsed_ms / 1000.0, $1::float8[]), count(*),"
                             " sum(elapsed_ms) FROM stage_results WHERE elapsed_ms IS NOT NULL GROUP BY 1, 2",
                             bounds, n),
               s.latency);
    AddLatency(w.exec_params("SELECT 'ocr_page', $2 - width_bucket(-elapsed_ms / 1000.0, $1::float8[]), count(*),"
                             " sum(elapsed_ms) FROM ocr_tasks WHERE state = 'done' AND elapsed_ms IS NOT NULL"
                             " GROUP BY 1, 2",
                             bounds, n),
               s.latency);

    for (const auto& row : w.exec(
             "SELECT state, count(*) FILTER (WHERE lease_expires_at IS NULL OR lease_expires_at < now()),"
             " count(*) FILTER (WHERE lease_expires_at >= now()) FROM jobs"
             " WHERE state NOT IN ('done', 'failed', 'ocr') GROUP BY state")) {
      std::string stage = StageForState(row[0].as<std::string>());
      if (stage.empty()) continue;
      s.waiting[stage] += row[1].as<long long>();
      s.running[stage] += row[2].as<long long>();
    }
    auto ocr = w.exec(
        "SELECT count(*) FILTER (WHERE lease_expires_at IS NULL OR lease_expires_at < now()),"
        " count(*) FILTER (WHERE lease_expires_at >= now()) FROM ocr_tasks WHERE state = 'pending'");
    s.waiting["ocr"] += ocr[0][0].as<long long>();
    s.running["ocr"] += ocr[0][1].as<long long>();

    auto pages = w.exec_params(
        "SELECT coalesce(sum(d.page_count), 0), coalesce(sum(d.page_count) FILTER"
        " (WHERE j.finished_at >= now() - make_interval(secs => $1)), 0)"
        " FROM jobs j JOIN documents d ON d.id = j.document_id WHERE j.state = 'done'",
        recent_seconds);
    s.pages_done_total = pages[0][0].as<long long>();
    s.pages_done_recent = pages[0][1].as<long long>();
    return s;
  });
}

}  // namespace docflow
