// Exactly once across a crash: the real `docflow flows` process is killed
// with SIGKILL while the finance webhook is holding its answer (the request
// left, its result was not recorded). After a restart every (flow, event)
// has exactly one run and one payment; the webhook request in flight is sent
// again with the same Idempotency-Key, so a receiver that keeps one delivery
// per key gets exactly one per invoice.
#include <signal.h>

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "flows/testing/flow_test_support.h"
#include "storage/flow_sql_text.h"
#include "storage/test_sql.h"
#include "tests/service_harness.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;

long long Q(Db& db, const std::string& sql) {
  auto v = QueryScalar(db, sql);
  EXPECT_TRUE(v.ok()) << sql << ": " << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : -1;
}

bool Until(double seconds, const std::function<bool()>& done) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

TEST(ExactlyOnce, KilledMidRequestTheWorkerResumesAndDeliversOncePerFlowAndEvent) {
  ::docflow::testing::ServiceHarness svc;
  ASSERT_TRUE(svc.ok());
  HttpReceiver http;
  auto db = svc.db().Connect();
  ASSERT_NE(db, nullptr);
  std::vector<std::string> env = {"DOCFLOW_FLOWS_DIR=" + SourceFlowsDir(),
                                  "DOCFLOW_FINANCE_WEBHOOK_URL=" + http.url("/finance"),
                                  "DOCFLOW_FLOWS_LEASE_SECONDS=5",
                                  "DOCFLOW_FLOWS_THREADS=2",
                                  "DOCFLOW_FLOWS_BACKOFF_MS=100",
                                  "DOCFLOW_FLOWS_POLL_MS=200"};
  http.set_delay_ms(4000);  // the receiver holds its answer: the worker is mid-request
  pid_t worker = svc.Start("flows-1", {"flows"}, env);
  ASSERT_GT(worker, 0);
  ASSERT_TRUE(Until(30, [&] {
    return Q(*db, "SELECT count(*) FROM workflows WHERE name = 'invoice-received' AND enabled") == 1;
  }));

  const int kInvoices = 4;
  for (int i = 0; i < kInvoices; ++i) {
    std::string n = std::to_string(i);
    Q(*db, "WITH d AS (INSERT INTO documents (sha256, size, filename, source) VALUES (encode(sha256('inv" + n +
               "'::bytea), 'hex'), 1, 'inv" + n + ".pdf', 'cli') RETURNING id),"
               " a AS (SELECT set_config('docflow.actor', 'docflow', true)),"
               " inv AS (INSERT INTO invoices (document_id, invoice_number, issue_date, currency, total_net, total_tax,"
               "  total_gross, supplier_name) SELECT d.id, 'F-" + n + "', DATE '2025-05-01', 'EUR', 100, 20, 120,"
               "  'Supplier " + n + "' FROM d, a RETURNING id, document_id)"
               " INSERT INTO events (topic, document_id, record_table, record_id, payload)"
               " SELECT 'invoices.create', document_id, 'invoices', id, '{}' FROM inv RETURNING record_id");
  }
  // The first webhook request arrives; the worker waits for its answer... and dies.
  ASSERT_TRUE(http.WaitFor(1, 30));
  svc.Kill(worker, SIGKILL);
  EXPECT_FALSE(svc.Alive(worker));
  EXPECT_GE(Q(*db, "SELECT count(*) FROM flow_steps WHERE op_key = 'notify_finance' AND state = 'sent'"), 1);
  EXPECT_GE(Q(*db, "SELECT count(*) FROM flow_runs WHERE state = 'running'"), 1);

  // A new worker (the supervisor would restart it) resumes once the leases expire.
  http.set_delay_ms(0);
  pid_t again = svc.Start("flows-2", {"flows"}, env);
  ASSERT_GT(again, 0);
  bool done = Until(90, [&] {
    return Q(*db, "SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                  " WHERE w.name = 'invoice-received' AND r.state = 'succeeded'") == kInvoices;
  });
  ASSERT_TRUE(done) << *QueryText(*db, "SELECT json_agg(r)::text FROM flow_runs r");
  svc.Kill(again, SIGTERM);

  // Exactly one run per (flow, event), one payment and one balanced entry per invoice.
  EXPECT_EQ(Q(*db, "SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                   " WHERE w.name = 'invoice-received'"),
            kInvoices);
  EXPECT_EQ(Q(*db, "SELECT count(DISTINCT event_id) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                   " WHERE w.name = 'invoice-received'"),
            kInvoices);
  EXPECT_GE(Q(*db, "SELECT max(crashes) FROM flow_runs"), 1);
  EXPECT_EQ(Q(*db, "SELECT count(*) FROM payments"), kInvoices);
  EXPECT_EQ(Q(*db, "SELECT count(*) FROM accounting"), 3 * kInvoices);
  EXPECT_EQ(Q(*db, "SELECT count(DISTINCT invoice_id) FROM payments"), kInvoices);

  // On the wire: at least once (the request in flight at the kill went out
  // twice, with the same key); per key: once.
  auto keys = http.arrivals_by_key();
  EXPECT_EQ(keys.size(), static_cast<size_t>(kInvoices));
  int repeated = 0;
  for (const auto& [key, n] : keys) {
    EXPECT_EQ(key.rfind("docflow-", 0), 0u);
    repeated += n > 1;
  }
  EXPECT_GE(repeated, 1);
  std::set<std::string> numbers;
  for (const auto& r : http.requests("/finance")) numbers.insert(r.json.value("text", std::string()));
  EXPECT_EQ(numbers.size(), static_cast<size_t>(kInvoices));  // one distinct message per invoice
}

}  // namespace
}  // namespace docflow::flows::testing
