// Migration 0006 on a real database: applied on top of 0001-0005 holding
// data, its constraints, the audit trail, invoices_archive retention.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "storage/migrator.h"
#include "storage/test_sql.h"
#include "tests/test_database.h"

namespace docflow::testing {
namespace {

namespace fs = std::filesystem;

long long Q(Db& db, const std::string& sql) {
  auto r = QueryScalar(db, sql);
  EXPECT_TRUE(r.ok()) << sql << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : -1;
}

TEST(BusinessSchema, AppliesOnTopOfEarlierMigrationsHoldingData) {
  TestDatabase t;  // migrated to the latest version: the empty-database case
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM schema_migrations WHERE version = 6 AND name = '0006_business.sql'"), 1);

  // A second database migrated only to 0005, given rows the way docflow
  // stored them before, then migrated to the latest.
  TempDir old_dir;
  for (const auto& e : fs::directory_iterator(DefaultMigrationsDir()))
    if (e.path().filename().string() < "0006") fs::copy_file(e.path(), fs::path(old_dir.path()) / e.path().filename());
  auto admin = t.Connect();
  const std::string name = "docflow_mig6_" + std::to_string(::getpid());
  ASSERT_TRUE(admin->Exec("DROP DATABASE IF EXISTS " + name + "; ").ok());
  ASSERT_TRUE(admin->Exec("CREATE DATABASE " + name).ok());
  std::string url = t.url().substr(0, t.url().rfind('/')) + "/" + name;
  {
    auto db = Db::Connect(url);
    ASSERT_TRUE(db.ok()) << db.error().message;
    auto n = Migrate(**db, old_dir.path());
    ASSERT_TRUE(n.ok()) << n.error().message;
    EXPECT_EQ(*n, 5);
    ASSERT_TRUE((*db)->Exec(
        "INSERT INTO documents(sha256, size, filename, source) SELECT repeat(i::text, 64), 1, 'f' || i, 'cli'"
        "  FROM generate_series(1, 4) i;"
        "INSERT INTO invoices(document_id, invoice_number, currency, total_gross, supplier_name)"
        "  VALUES (1, 'X-1', 'eur', 12.50, 'Old Supplier');"  // lower-case currency: refused from 0006 on
        "INSERT INTO people(source_document_id, full_name, email) VALUES (2, 'A', 'a@x.fr'), (3, 'B', 'A@X.FR');"
        "INSERT INTO contracts(document_id, effective_date, expiration_date) VALUES (4, '2025-02-01', '2024-01-01');"
        "INSERT INTO events(topic, document_id, record_table, record_id, payload)"
        "  VALUES ('invoices.create', 1, 'invoices', 1, '{}')").ok());
    auto all = Migrate(**db);
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_GE(*all, 1);
    EXPECT_EQ(Q(**db, "SELECT count(*) FROM invoices WHERE currency = 'eur' AND supplier_company_id IS NULL"), 1);
    EXPECT_EQ(Q(**db, "SELECT count(*) FROM people WHERE merged_into IS NOT NULL AND full_name = 'B'"), 1);
    EXPECT_EQ(Q(**db, "SELECT count(*) FROM people WHERE source = 'docflow'"), 2);
    EXPECT_EQ(Q(**db, "SELECT count(*) FROM contracts"), 1);
    EXPECT_EQ(Q(**db, "SELECT count(*) FROM events"), 1);
    // New writes are checked, old rows stay.
    EXPECT_FALSE((*db)->Exec("UPDATE invoices SET total_gross = 13 WHERE id = 1").ok());
    EXPECT_FALSE((*db)->Exec("INSERT INTO people(full_name, email) VALUES ('C', 'a@X.fr')").ok());
  }
  ASSERT_TRUE(admin->Exec("DROP DATABASE " + name).ok());
}

TEST(BusinessSchema, ConstraintsRefuseImpossibleRows) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  ASSERT_TRUE(db->Exec("INSERT INTO companies(name) VALUES ('Acme SAS');"
                       "INSERT INTO users(email, full_name, role) VALUES ('f@x.fr', 'F', 'finance')")
                  .ok());
  // Currencies and money.
  EXPECT_FALSE(db->Exec("INSERT INTO payments(company_id, direction, amount, currency) VALUES (1, 'incoming', 10, 'eur')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO payments(company_id, direction, amount, currency) VALUES (1, 'incoming', 10, 'EU')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO payments(company_id, direction, amount, currency) VALUES (1, 'incoming', -1, 'EUR')").ok());
  EXPECT_TRUE(db->Exec("INSERT INTO payments(company_id, direction, amount, currency, due_date) VALUES (1, 'incoming', 10, 'EUR', '2025-01-01')").ok());
  EXPECT_FALSE(db->Exec("UPDATE payments SET status = 'paid'").ok());  // paid needs paid_at
  EXPECT_FALSE(db->Exec("UPDATE payments SET status = 'lost'").ok());  // not a status
  // Double entry: non-negative, not both sides, balanced at commit.
  EXPECT_FALSE(db->Exec("INSERT INTO accounting(entry_id, journal, entry_date, account, debit, currency)"
                        " VALUES (1, 'purchases', '2025-01-01', '607', -5, 'EUR')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO accounting(entry_id, journal, entry_date, account, debit, credit, currency)"
                        " VALUES (1, 'purchases', '2025-01-01', '607', 5, 5, 'EUR')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO accounting(entry_id, journal, entry_date, account, debit, currency)"
                        " VALUES (1, 'purchases', '2025-01-01', '607', 100, 'EUR')").ok());
  EXPECT_TRUE(db->Exec("BEGIN;"
                       "INSERT INTO accounting(entry_id, journal, entry_date, account, debit, credit, currency) VALUES"
                       " (2, 'purchases', '2025-01-01', '607', 100, 0, 'EUR'),"
                       " (2, 'purchases', '2025-01-01', '44566', 20, 0, 'EUR'),"
                       " (2, 'purchases', '2025-01-01', '401', 0, 120, 'EUR');"
                       "COMMIT").ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM accounting"), 3);
  // Dates in order, scores in range, sub-tasks not their own parent.
  EXPECT_FALSE(db->Exec("INSERT INTO subscriptions(company_id, plan, amount, currency, period, started_on, ends_on)"
                        " VALUES (1, 'pro', 10, 'EUR', 'monthly', '2025-02-01', '2025-01-01')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO leads(company_id, score) VALUES (1, 101)").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO leads(score) VALUES (50)").ok());  // about nobody
  EXPECT_TRUE(db->Exec("INSERT INTO tasks(title) VALUES ('t')").ok());
  EXPECT_FALSE(db->Exec("UPDATE tasks SET parent_id = id").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO validation(related_table, related_id, status) VALUES ('invoices', 1, 'pending')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO companies(name, vat_number) VALUES ('X', 'fr 123')").ok());
  // Unique keys of matching.
  EXPECT_TRUE(db->Exec("UPDATE companies SET vat_number = 'FR13812345674', siren = '812345674'").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO companies(name, vat_number) VALUES ('Y', 'FR13812345674')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO companies(name, siren) VALUES ('Y', '812345674')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO users(email, full_name, role) VALUES ('F@X.FR', 'G', 'sales')").ok());
  EXPECT_FALSE(db->Exec("INSERT INTO workflows(name, definition) VALUES ('x', '[]')").ok());
}

TEST(BusinessSchema, ArchivedInvoicesAreImmutableForTenYears) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  ASSERT_TRUE(db->Exec("INSERT INTO documents(sha256, size, filename, source) VALUES (repeat('a', 64), 1, 'f', 'cli');"
                       "INSERT INTO companies(name) VALUES ('Acme SAS');"
                       "INSERT INTO invoices(document_id, invoice_number, currency, total_gross, supplier_company_id)"
                       " VALUES (1, 'F-1', 'EUR', 120, 1)").ok());
  EXPECT_EQ(t.Scalar("SELECT archive_invoice(1)"), 1);
  EXPECT_EQ(t.Scalar("SELECT archive_invoice(1)"), 1);  // once
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM invoices_archive WHERE retain_until >= archived_at + interval '10 years'"
                     " AND snapshot->'supplier'->>'name' = 'Acme SAS' AND total_gross = 120"),
            1);
  auto update = db->Exec("UPDATE invoices_archive SET total_gross = 1");
  ASSERT_FALSE(update.ok());
  EXPECT_NE(update.error().message.find("immutable"), std::string::npos) << update.error().message;
  EXPECT_FALSE(db->Exec("DELETE FROM invoices_archive").ok());
  EXPECT_FALSE(db->Exec("TRUNCATE invoices_archive").ok());
  // An archive row cannot be backdated past its retention either.
  EXPECT_FALSE(db->Exec("UPDATE invoices_archive SET retain_until = now() - interval '1 day'").ok());
  // The archived invoice itself is frozen and cannot go.
  EXPECT_FALSE(db->Exec("UPDATE invoices SET total_gross = 1").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM invoices").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM documents").ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM invoices_archive"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM invoices WHERE status = 'archived' AND total_gross = 120"), 1);
}

TEST(BusinessSchema, AuditTrailAndUpdatedAtFollowRealChangesOnly) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  ASSERT_TRUE(db->Exec("SELECT set_config('docflow.actor', 'flow:onboarding', false);"
                       "INSERT INTO companies(name) VALUES ('Acme SAS')").ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM logs WHERE actor = 'flow:onboarding' AND action = 'insert' AND "
                     "table_name = 'companies' AND record_id = 1 AND new->>'name' = 'Acme SAS'"),
            1);
  const std::string kUpdatedAt = "SELECT (extract(epoch FROM updated_at) * 1000000)::bigint FROM companies";
  long long created = Q(*db, kUpdatedAt);
  // An update that changes nothing keeps updated_at and is not logged.
  ASSERT_TRUE(db->Exec("UPDATE companies SET name = name, updated_at = now()").ok());
  EXPECT_EQ(Q(*db, kUpdatedAt), created);
  ASSERT_TRUE(db->Exec("UPDATE companies SET industry = 'Tech'").ok());
  EXPECT_GT(Q(*db, kUpdatedAt), created);
  ASSERT_TRUE(db->Exec("UPDATE companies SET industry = 'Tech'").ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM logs WHERE action = 'update'"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM logs WHERE action = 'update' AND old = '{\"industry\": null}' AND "
                     "new = '{\"industry\": \"Tech\"}' AND actor = 'flow:onboarding'"),
            1);
  // A flow is a program: its edits are not a person's.
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM companies WHERE manual_fields = '{}'"), 1);
  // logs is append-only.
  EXPECT_FALSE(db->Exec("UPDATE logs SET actor = 'x'").ok());
  EXPECT_FALSE(db->Exec("DELETE FROM logs").ok());
  ASSERT_TRUE(db->Exec("DELETE FROM companies").ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM logs WHERE action = 'delete' AND old->>'name' = 'Acme SAS'"), 1);
}

}  // namespace
}  // namespace docflow::testing
