// Flow 1, invoice-received, on a real PostgreSQL with a real HTTP receiver:
// the finance message, the expected payment, the accounting entry, the
// validation step over the amount; a skipped step when the webhook is unset.
#include <gtest/gtest.h>

#include "flows/testing/flow_test_support.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;

// Writes an invoice the way the store stage does: actor 'docflow', the
// record and its outbox event in one transaction.
long long StoreInvoice(FlowHarness& h, const std::string& tag, const std::string& values_sql) {
  long long doc = h.Document(tag);
  return h.Scalar(
      "WITH actor AS (SELECT set_config('docflow.actor', 'docflow', true)),"
      " inv AS (INSERT INTO invoices (document_id, invoice_number, issue_date, due_date, currency, total_net,"
      "   total_tax, total_gross, supplier_name, customer_name, supplier_company_id, customer_company_id, direction)"
      "   SELECT " + std::to_string(doc) + ", " + values_sql + " FROM actor RETURNING id, document_id)"
      " INSERT INTO events (topic, document_id, record_table, record_id, payload)"
      " SELECT 'invoices.create', document_id, 'invoices', id, jsonb_build_object('record_table', 'invoices',"
      "  'record_id', id) FROM inv RETURNING record_id");
}

TEST(InvoiceFlow, MessagePaymentAccountingAndValidation) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  h.SeedUsers();
  long long self = h.Scalar("INSERT INTO companies (name, is_self) VALUES ('Docflow SAS', true) RETURNING id");
  long long supplier = h.Scalar("INSERT INTO companies (name, is_supplier) VALUES ('Papeterie Martin', true) RETURNING id");
  long long customer = h.Scalar("INSERT INTO companies (name, is_client) VALUES ('Client Durand', true) RETURNING id");
  h.Load();
  h.RunUntilIdle();  // the companies above were written by hand: their events, no invoice runs
  // A purchase over the validation amount (5000) and a sale under it.
  long long big = StoreInvoice(h, "big",
                               "'F-2025-001', DATE '2025-03-01', DATE '2025-03-31', 'EUR', 5000, 1000, 6000,"
                               " 'Papeterie Martin', 'Docflow SAS', " + std::to_string(supplier) + ", " +
                                   std::to_string(self) + ", 'purchase'");
  long long sale = StoreInvoice(h, "sale",
                                "'V-77', DATE '2025-03-05', NULL, 'EUR', 1000, 200, 1200, 'Docflow SAS',"
                                " 'Client Durand', " + std::to_string(self) + ", " + std::to_string(customer) +
                                    ", 'sale'");
  h.RunUntilIdle();

  // One succeeded run per invoice.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                     " WHERE w.name = 'invoice-received' AND r.state = 'succeeded'"),
            2);
  // The finance channel got a Slack-compatible message per invoice.
  auto msgs = h.http.requests("/finance");
  ASSERT_EQ(msgs.size(), 2u);
  std::string all;
  for (auto& m : msgs) {
    EXPECT_EQ(m.method, "POST");
    ASSERT_TRUE(m.json.is_object()) << m.body;
    ASSERT_TRUE(m.json["blocks"].is_array());
    EXPECT_EQ(m.json["blocks"][0]["type"], "section");
    EXPECT_EQ(m.headers["Content-Type"], "application/json");
    EXPECT_EQ(m.headers["X-Docflow-Flow"], "invoice-received");
    EXPECT_FALSE(m.idempotency_key.empty());
    all += m.json["text"].get<std::string>() + "\n";
  }
  EXPECT_NE(all.find("purchase invoice F-2025-001 from Papeterie Martin: 6000.00 EUR, due 2025-03-31"),
            std::string::npos) << all;
  EXPECT_NE(all.find("sales invoice V-77 from Client Durand: 1200.00 EUR, due 2025-04-04"), std::string::npos) << all;

  // The expected payments.
  auto pay = h.Rows("SELECT invoice_id, company_id, direction, amount::float8 AS amount, currency,"
                    " due_date::text AS due, status FROM payments ORDER BY invoice_id");
  ASSERT_EQ(pay.size(), 2u) << pay.dump();
  EXPECT_EQ(pay[0]["invoice_id"], big);
  EXPECT_EQ(pay[0]["company_id"], supplier);
  EXPECT_EQ(pay[0]["direction"], "outgoing");
  EXPECT_EQ(pay[0]["amount"], 6000.0);
  EXPECT_EQ(pay[0]["due"], "2025-03-31");
  EXPECT_EQ(pay[0]["status"], "expected");
  EXPECT_EQ(pay[1]["invoice_id"], sale);
  EXPECT_EQ(pay[1]["direction"], "incoming");
  EXPECT_EQ(pay[1]["due"], "2025-04-04");  // no due date: issue + 30 days

  // The accounting entries: one balanced entry per invoice.
  auto lines = h.Rows("SELECT invoice_id, entry_id, journal, account, debit::float8 AS d, credit::float8 AS c"
                      " FROM accounting ORDER BY invoice_id, debit DESC, account");
  ASSERT_EQ(lines.size(), 6u) << lines.dump();
  json expect = json::array({
      {big, "purchases", "607", 5000.0, 0.0},  {big, "purchases", "44566", 1000.0, 0.0},
      {big, "purchases", "401", 0.0, 6000.0},  {sale, "sales", "411", 1200.0, 0.0},
      {sale, "sales", "44571", 0.0, 200.0},    {sale, "sales", "706", 0.0, 1000.0}});
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(lines[i]["invoice_id"], expect[i][0]) << i;
    EXPECT_EQ(lines[i]["journal"], expect[i][1]) << i;
    EXPECT_EQ(lines[i]["account"], expect[i][2]) << i;
    EXPECT_EQ(lines[i]["d"], expect[i][3]) << i;
    EXPECT_EQ(lines[i]["c"], expect[i][4]) << i;
  }
  EXPECT_EQ(lines[0]["entry_id"], lines[2]["entry_id"]);
  EXPECT_NE(lines[0]["entry_id"], lines[3]["entry_id"]);

  // Validation only for the invoice over the amount, which waits for approval.
  auto val = h.Rows("SELECT related_id, approver_role, status, reason FROM validation");
  ASSERT_EQ(val.size(), 1u);
  EXPECT_EQ(val[0]["related_id"], big);
  EXPECT_EQ(val[0]["approver_role"], "finance");
  EXPECT_EQ(val[0]["status"], "pending");
  EXPECT_EQ(h.Text("SELECT status FROM invoices WHERE id = " + std::to_string(big)), "pending_approval");
  EXPECT_EQ(h.Text("SELECT status FROM invoices WHERE id = " + std::to_string(sale)), "received");
  // Audited as the flow.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM logs WHERE actor = 'flow:invoice-received' AND table_name = 'payments'"
                     " AND action = 'insert'"),
            2);

  // Nothing more happens on another pass: exactly once.
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM payments"), 2);
  EXPECT_EQ(h.http.requests("/finance").size(), 2u);
}

TEST(InvoiceFlow, UnsetWebhookIsASkippedStepAndOneRunPerCreatedRecord) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  h.settings.exposed["finance_webhook_url"] = "";
  h.Load();
  long long doc = h.Document("plain");
  // Written by hand (no store-stage actor): the change capture announces the
  // INSERT, and an explicit outbox row announces it too: one run.
  long long inv = h.Scalar("INSERT INTO invoices (document_id, invoice_number, currency, total_gross, issue_date)"
                           " VALUES (" + std::to_string(doc) + ", 'A-1', 'EUR', 100, DATE '2025-01-10') RETURNING id");
  h.Exec("INSERT INTO events (topic, document_id, record_table, record_id, payload) VALUES ('invoices.create', " +
         std::to_string(doc) + ", 'invoices', " + std::to_string(inv) + ", '{}')");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.create'"), 2);
  h.RunUntilIdle();
  auto runs = h.Rows("SELECT r.state, r.trigger_key FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                     " WHERE w.name = 'invoice-received'");
  ASSERT_EQ(runs.size(), 1u) << runs.dump();
  EXPECT_EQ(runs[0]["state"], "succeeded");
  EXPECT_EQ(runs[0]["trigger_key"], "record:invoices:" + std::to_string(inv) + ":create");
  auto step = h.Rows("SELECT s.state, s.error FROM flow_steps s WHERE s.op_key = 'notify_finance'");
  ASSERT_EQ(step.size(), 1u);
  EXPECT_EQ(step[0]["state"], "skipped");
  EXPECT_NE(step[0]["error"].get<std::string>().find("no URL"), std::string::npos);
  EXPECT_TRUE(h.http.requests().empty());
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM payments WHERE invoice_id = " + std::to_string(inv)), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM accounting WHERE invoice_id = " + std::to_string(inv)), 2);  // no VAT line
}

}  // namespace
}  // namespace docflow::flows::testing
