// The load client of bench/http_upload.sh: uploads N distinct small PDFs
// (one text page each, a few KB) to POST /api/v1/documents from C concurrent
// clients (one kept-alive connection each) and prints the acknowledgement
// latency of every 202 (p50, p99, max), the counts, and the receipts' ids in
// a file for the script to check against PostgreSQL.
//
//   docflow_http_bench --port P --token T [--host H] [--count N] [--clients C]
//                      [--run RUN_ID] [--ids FILE] [--latencies FILE]
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cmath>
#include <ctime>
#include <fstream>
#include <map>
#include <iostream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "workers/preprocess/test_pdf.h"

namespace {

std::string Arg(int argc, char** argv, const std::string& name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return fallback;
}

// A distinct one-page invoice-like PDF for document i of this run.
std::string MakePdf(const std::string& run, int i) {
  char line[160];
  std::snprintf(line, sizeof line, "BT /F1 12 Tf 72 760 Td (Invoice %s-%05d) Tj ET\n", run.c_str(), i);
  std::string content = line;
  content += "BT /F1 11 Tf 72 730 Td (Supplier: Bench Supplies Ltd, 1 Test Street, London) Tj ET\n";
  std::snprintf(line, sizeof line, "BT /F1 11 Tf 72 700 Td (Total due: %d.%02d GBP) Tj ET\n", 100 + i, i % 100);
  content += line;
  return docflow::test_pdf::MakePdf({content});
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string host = Arg(argc, argv, "--host", "127.0.0.1");
  const int port = std::atoi(Arg(argc, argv, "--port", "0").c_str());
  const std::string token = Arg(argc, argv, "--token", "");
  const int count = std::atoi(Arg(argc, argv, "--count", "1000").c_str());
  const int clients = std::atoi(Arg(argc, argv, "--clients", "50").c_str());
  const std::string run = Arg(argc, argv, "--run", std::to_string(std::time(nullptr)));
  const std::string ids_file = Arg(argc, argv, "--ids", "");
  const std::string latency_file = Arg(argc, argv, "--latencies", "");  // "start_ms latency_ms status" per upload
  if (port <= 0 || token.empty()) {
    std::cerr << "usage: docflow_http_bench --port P --token T [--count N] [--clients C] [--run ID] [--ids FILE]\n";
    return 2;
  }
  // The bodies are made before the clock starts.
  std::vector<std::string> pdfs;
  for (int i = 0; i < count; ++i) pdfs.push_back(MakePdf(run, i));

  std::atomic<int> next{0};
  std::mutex mu;
  std::vector<double> latencies_ms, later_ms;  // later: without each client's first upload (connection set-up)
  std::vector<std::tuple<double, double, int>> timeline;
  std::vector<long long> ids;
  std::map<int, int> statuses;
  int duplicates = 0, transport_errors = 0;
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&] {
      httplib::Client c(host, port);
      c.set_keep_alive(true);
      // As curl does: without it, Nagle holds the body back until the headers are acknowledged (delayed ACK: ~40 ms).
      c.set_tcp_nodelay(true);
      c.set_read_timeout(60);
      httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      bool first = true;
      while (true) {
        int i = next.fetch_add(1);
        if (i >= count) break;
        httplib::Headers h = headers;
        h.emplace("X-Filename", "bench-" + run + "-" + std::to_string(i) + ".pdf");
        auto t0 = std::chrono::steady_clock::now();
        auto r = c.Post("/api/v1/documents", h, pdfs[i], "application/pdf");
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        std::lock_guard<std::mutex> lock(mu);
        timeline.emplace_back(std::chrono::duration<double, std::milli>(t0 - started).count(), ms, r ? r->status : 0);
        if (!r) {
          ++transport_errors;
          continue;
        }
        ++statuses[r->status];
        if (r->status != 202) continue;
        latencies_ms.push_back(ms);
        if (!first) later_ms.push_back(ms);
        first = false;
        auto body = nlohmann::json::parse(r->body, nullptr, false);
        if (body.is_discarded()) continue;
        for (const auto& d : body["documents"]) {
          ids.push_back(d["id"].get<long long>());
          if (d["duplicate"].get<bool>()) ++duplicates;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::sort(later_ms.begin(), later_ms.end());
  std::set<long long> distinct(ids.begin(), ids.end());
  std::printf("uploads=%d clients=%d seconds=%.2f uploads_per_second=%.0f\n", count, clients, elapsed,
              static_cast<double>(latencies_ms.size()) / elapsed);
  std::printf("ack_ms_p50=%.1f ack_ms_p99=%.1f ack_ms_max=%.1f\n", Percentile(latencies_ms, 0.50),
              Percentile(latencies_ms, 0.99), latencies_ms.empty() ? 0.0 : latencies_ms.back());
  std::printf("without_first_per_client: ack_ms_p50=%.1f ack_ms_p99=%.1f ack_ms_max=%.1f (n=%zu)\n",
              Percentile(later_ms, 0.50), Percentile(later_ms, 0.99), later_ms.empty() ? 0.0 : later_ms.back(),
              later_ms.size());
  std::printf("accepted_202=%zu distinct_ids=%zu duplicate_receipts=%d transport_errors=%d", latencies_ms.size(),
              distinct.size(), duplicates, transport_errors);
  for (const auto& [status, n] : statuses)
    if (status != 202) std::printf(" status_%d=%d", status, n);
  std::printf("\n");
  if (!latency_file.empty()) {
    std::ofstream out(latency_file);
    for (const auto& [at, ms, status] : timeline) out << at << " " << ms << " " << status << "\n";
  }
  if (!ids_file.empty()) {
    std::ofstream out(ids_file);
    for (long long id : ids) out << id << "\n";
  }
  return latencies_ms.size() == static_cast<size_t>(count) ? 0 : 1;
}
