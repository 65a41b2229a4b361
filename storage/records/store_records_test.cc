// The store stage's business records: the duplicate invoice rule, re-runs
// that add nothing, class changes, audit rows.
#include <gtest/gtest.h>

#include "storage/records/records_test_util.h"

namespace docflow::testing {
namespace {

using nlohmann::json;

const std::map<std::string, json> kInvoice = {
    {"invoice_number", "FA-2025-0142"}, {"issue_date", "2025-03-14"},  {"due_date", "2025-04-13"},
    {"currency", "EUR"},                {"total_net", "1028.80"},      {"total_tax", "205.76"},
    {"total_gross", "1234.56"},         {"supplier_name", "Atelier Lumière SARL"},
    {"supplier_vat", "FR13812345674"},  {"customer_name", "Hôtel Bellecour SAS"},
    {"iban", "FR7630004008250001234567886"}};

TEST(StoreRecords, InvoiceWithSupplierAndCustomerAsNumericAndCurrency) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  long long doc = 0;
  auto out = h.Store("invoice", kInvoice, &doc);
  EXPECT_EQ(out.event_topic, "invoices.create");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices i JOIN companies s ON s.id = i.supplier_company_id"
                     " JOIN companies c ON c.id = i.customer_company_id WHERE s.name = 'Atelier Lumière SARL'"
                     " AND c.name = 'Hôtel Bellecour SAS' AND i.total_net = 1028.80 AND i.total_tax = 205.76"
                     " AND i.total_gross = 1234.56 AND i.currency = 'EUR' AND i.kind = 'invoice'"
                     " AND i.due_date = '2025-04-13' AND i.document_id = " + std::to_string(doc)),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'companies.create'"), 2);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.create' AND "
                     "(payload->>'supplier_company_id')::bigint IS NOT NULL AND payload->'fields' ? 'iban'"),
            1);
  // Audited: actor docflow, this document, one insert per record.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM logs WHERE actor = 'docflow' AND action = 'insert' AND "
                     "table_name IN ('invoices', 'companies') AND document_id = " + std::to_string(doc)),
            3);
}

TEST(StoreRecords, SameSupplierAndNumberFromAnotherDocumentIsADuplicate) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  long long first_doc = 0, second_doc = 0;
  auto first = h.Store("invoice", kInvoice, &first_doc);
  auto fields = kInvoice;
  fields["invoice_number"] = "fa-2025-0142 ";  // read another way
  fields["supplier_name"] = "ATELIER LUMIERE";
  StoreInput dup_in = h.Prepare("invoice", fields);
  second_doc = dup_in.document_id;
  auto dup = StoreDocument(h.db(), dup_in);
  ASSERT_TRUE(dup.ok()) << dup.error().message;
  EXPECT_EQ(dup->event_topic, "invoices.duplicate");
  EXPECT_EQ(dup->record_id, first.record_id);
  EXPECT_EQ(dup->duplicate_of_document_id, first_doc);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices"), 1);
  EXPECT_EQ(h.Scalar("SELECT duplicate_of FROM documents WHERE id = " + std::to_string(second_doc)), first_doc);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.duplicate' AND record_id = " +
                     std::to_string(first.record_id) + " AND document_id = " + std::to_string(second_doc)),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM job_events WHERE message LIKE 'stored as a duplicate of invoices %'"), 1);

  // Re-running the duplicate changes nothing.
  long long events = h.Scalar("SELECT count(*) FROM events"), logs = h.Scalar("SELECT count(*) FROM logs");
  ASSERT_TRUE(StoreDocument(h.db(), dup_in).ok());
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices"), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events"), events);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM logs"), logs);

  // Re-read with another number, it becomes an invoice of its own.
  dup_in.fields["invoice_number"].value = "FA-2025-0143";
  auto own = StoreDocument(h.db(), dup_in);
  ASSERT_TRUE(own.ok()) << own.error().message;
  EXPECT_EQ(own->event_topic, "invoices.create");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices"), 2);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"), 0);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.duplicate'"), 0);

  // Another supplier with the same number is not a duplicate.
  fields = kInvoice;
  fields["supplier_name"] = "Kestrel Digital Ltd";
  fields["supplier_vat"] = "GB284719326";
  EXPECT_EQ(h.Store("invoice", fields).event_topic, "invoices.create");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices"), 3);
}

TEST(StoreRecords, ReRunningEveryKindOfDocumentAddsNoRowEventOrLog) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  std::vector<StoreInput> inputs = {
      h.Prepare("invoice", kInvoice),
      h.Prepare("contract", {{"title", "CONTRAT DE PRESTATION"},
                             {"parties", json::array({"Atelier Lumière SARL", "Verdier & Associés SAS", "Jean Dupont"})},
                             {"effective_date", "2025-05-01"},
                             {"expiration_date", "2026-04-30"},
                             {"renewal_term", "P1Y"},
                             {"notice_period", "P3M"},
                             {"governing_law", "France"}}),
      h.Prepare("contact", {{"full_name", "Claire Dubois"}, {"company", "Verdier & Associés"},
                            {"email", "claire.dubois@verdier-associes.fr"}, {"phone", "+33 6 12 34 56 78"}}),
      h.Prepare("contact", {{"full_name", "Claire Dubois"}, {"email", "claire.dubois@verdier-associes.fr"},
                            {"job_title", "Directrice commerciale"}}),
      h.Prepare("invoice", kInvoice)};  // a duplicate
  for (const auto& in : inputs) ASSERT_TRUE(StoreDocument(h.db(), in).ok());
  const char* kTables[] = {"companies", "people", "invoices", "contracts", "contract_parties", "person_documents",
                           "events", "logs"};
  std::map<std::string, long long> counts;
  for (const char* table : kTables) counts[table] = h.Scalar(std::string("SELECT count(*) FROM ") + table);
  EXPECT_EQ(counts["companies"], 3);  // supplier (also a party), customer, Verdier (party and employer)
  EXPECT_EQ(counts["people"], 2);     // Jean Dupont, Claire Dubois
  EXPECT_EQ(counts["invoices"], 1);
  EXPECT_EQ(counts["contract_parties"], 3);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM contracts WHERE renewal_term = interval '1 year' AND "
                     "notice_period = interval '3 months' AND governing_law = 'France' AND client_company_id IS NOT NULL"),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'people.update'"), 1);

  for (const auto& in : inputs) ASSERT_TRUE(StoreDocument(h.db(), in).ok());
  for (const char* table : kTables)
    EXPECT_EQ(h.Scalar(std::string("SELECT count(*) FROM ") + table), counts[table]) << table;
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events GROUP BY document_id, topic, record_table, record_id "
                     "ORDER BY count(*) DESC LIMIT 1"),
            1);
}

TEST(StoreRecords, ReclassifiedContactRemovesThePersonItCreatedButNotOneAPersonEdited) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  StoreInput a = h.Prepare("contact", {{"full_name", "Paul Martin"}, {"email", "paul@x.fr"}});
  StoreInput b = h.Prepare("contact", {{"full_name", "Anne Roy"}, {"email", "anne@x.fr"}});
  ASSERT_TRUE(StoreDocument(h.db(), a).ok());
  ASSERT_TRUE(StoreDocument(h.db(), b).ok());
  ASSERT_TRUE(h.db().Exec("SELECT set_config('docflow.actor', 'user:3', false);"
                          "UPDATE people SET job_title = 'CEO' WHERE email = 'anne@x.fr';"
                          "SELECT set_config('docflow.actor', '', false)").ok());
  for (StoreInput* in : {&a, &b}) {
    in->classification = {"other", 0.6, "", {}};
    in->fields.clear();
    ASSERT_TRUE(StoreDocument(h.db(), *in).ok());
  }
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM people WHERE email = 'paul@x.fr'"), 0);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM people WHERE email = 'anne@x.fr' AND job_title = 'CEO'"), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM person_documents"), 0);
  // Paul's creation is withdrawn; Anne still exists, so hers stands.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'people.create'"), 1);
}

}  // namespace
}  // namespace docflow::testing
