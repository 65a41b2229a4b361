// End to end through the whole service: `docflow serve` (broker, workers,
// and its `docflow http` child) on loopback ports, a real PostgreSQL; an
// upload over HTTP reaches done and is read back, searched and measured.
#include <httplib.h>

#include <thread>

#include <gtest/gtest.h>

#include "common/paths.h"
#include "storage/api_tokens.h"
#include "tests/service_harness.h"

namespace docflow::testing {
namespace {

using nlohmann::json;

template <typename F>
bool WaitFor(F cond, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return cond();
}

json Body(const httplib::Result& r) { return r ? json::parse(r->body, nullptr, false) : json(); }

TEST(HttpEndToEnd, AnUploadReachesDoneThroughTheService) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  const int port = FreePort();
  auto db = h.db().Connect();
  auto token = CreateApiToken(*db, "e2e", {"read", "upload"});
  ASSERT_TRUE(token.ok());
  const httplib::Headers auth = {{"Authorization", "Bearer " + token->secret}};

  h.Start("serve", {"serve", "--http", "127.0.0.1:" + std::to_string(port)}, {"DOCFLOW_INBOX_ENABLED=false"});
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(30);
  ASSERT_TRUE(WaitFor([&] { auto r = c.Get("/healthz"); return r && r->status == 200; }, 30000))
      << "the HTTP API did not come up";

  // Ready once the broker publishes (every 2 s); then its five workers (one per stage) appear.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = c.Get("/readyz");
        return r && r->status == 200 && Body(r).value("workers", 0) == 5;
      },
      30000));

  const std::string pdf = ServiceHarness::ReadSample("invoice-fr.pdf");
  httplib::MultipartFormDataItems items = {{"file", pdf, "invoice-fr.pdf", "application/pdf"},
                                           {"class_hint", "invoice", "", ""}};
  auto r = c.Post("/api/v1/documents", auth, items);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  json receipt = Body(r)["documents"][0];
  const std::string job = "/api/v1/jobs/" + receipt["job_id"].dump();

  json state;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto j = c.Get(job, auth);
        if (!j || j->status != 200) return false;
        state = Body(j);
        return state["state"] == "done" || state["state"] == "failed";
      },
      180000))
      << state.dump();
  ASSERT_EQ(state["state"], "done") << state.dump();

  auto d = Body(c.Get("/api/v1/documents/" + receipt["id"].dump(), auth));
  EXPECT_EQ(d["class"], "invoice");
  EXPECT_EQ(d["fields"]["invoice_number"]["value"], "FA-2025-0142");
  EXPECT_GT(d["fields"]["invoice_number"]["confidence"].get<double>(), 0);
  EXPECT_EQ(d["record"]["table"], "invoices");
  EXPECT_EQ(d["provenance"]["class_hint"], "invoice");

  auto text = c.Get("/api/v1/documents/" + receipt["id"].dump() + "/text", auth);
  ASSERT_EQ(text->status, 200);
  EXPECT_NE(text->body.find("FA-2025-0142"), std::string::npos);
  // The store stage's write made it searchable: French stemming.
  auto found = Body(c.Get("/api/v1/documents?q=factures", auth));
  ASSERT_EQ(found["documents"].size(), 1u) << found.dump();
  EXPECT_EQ(found["documents"][0]["id"], receipt["id"]);

  auto m = c.Get("/metrics", auth);
  ASSERT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("docflow_documents{state=\"done\"} 1\n"), std::string::npos) << m->body;
  EXPECT_NE(m->body.find("docflow_broker_up 1\n"), std::string::npos) << m->body;
  EXPECT_NE(m->body.find("docflow_workers_live{stage=\"store\"} 1\n"), std::string::npos) << m->body;
  EXPECT_NE(m->body.find("docflow_stage_duration_seconds_count{stage=\"preprocess\"} 1\n"), std::string::npos);

  if (::testing::Test::HasFailure()) {  // the children of serve log in HOME/logs
    for (const char* name : {"broker", "http", "worker-store-1"}) {
      auto log = ReadFile(h.home() + "/logs/" + std::string(name) + ".log");
      if (log) std::cerr << "----- " << name << ".log -----\n" << log->substr(log->size() > 4000 ? log->size() - 4000 : 0);
    }
  }
}

}  // namespace
}  // namespace docflow::testing
