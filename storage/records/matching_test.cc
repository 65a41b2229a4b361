// The store stage's matching rules on a real database: companies by VAT,
// then SIREN, then name; people by e-mail, then phone, then name + company;
// manual values never overwritten.
#include <gtest/gtest.h>

#include "storage/records/records_test_util.h"

namespace docflow::testing {
namespace {

using nlohmann::json;

TEST(CompanyMatching, VatThenSirenThenNameAndAContradictingVatMakesAnotherCompany) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  long long d1 = 0;
  h.Store("invoice", {{"supplier_name", "Atelier Lumière SARL"}, {"supplier_vat", "FR 13 812 345 674"},
                      {"invoice_number", "A-1"}, {"currency", "EUR"}, {"total_gross", "10.00"}},
          &d1);
  ASSERT_EQ(h.Scalar("SELECT count(*) FROM companies"), 1);
  long long a = h.Scalar("SELECT id FROM companies");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies WHERE vat_number = 'FR13812345674' AND siren = '812345674' "
                     "AND name_key = 'atelier lumiere' AND is_supplier AND source = 'docflow' "
                     "AND source_document_id = " + std::to_string(d1)),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices WHERE supplier_company_id = " + std::to_string(a) +
                     " AND supplier_vat = 'FR13812345674' AND direction = 'purchase'"),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'companies.create' AND record_id = " +
                     std::to_string(a)),
            1);

  // 1. VAT: another spelling of the name, the same VAT.
  h.Store("invoice", {{"supplier_name", "ATELIER LUMIERE (Lyon)"}, {"supplier_vat", "FR13812345674"},
                      {"invoice_number", "A-2"}});
  // 2. SIREN from a SIRET field, a name that matches nothing.
  h.Store("invoice", {{"supplier_name", "Lumière Lyon"}, {"supplier_siret", "812 345 674 00012"},
                      {"invoice_number", "A-3"}});
  // 3. The name: dotted legal form, no accent, and an address to fill in.
  h.Store("invoice", {{"supplier_name", "Atelier Lumiere S.A.R.L."}, {"invoice_number", "A-4"},
                      {"supplier_address", "27 rue des Tanneurs, 69001 Lyon"}});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies"), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices WHERE supplier_company_id = " + std::to_string(a)), 4);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies WHERE address = '27 rue des Tanneurs, 69001 Lyon'"), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM events WHERE topic = 'companies.update' AND record_id = " +
                     std::to_string(a) + " AND payload->'filled' ? 'address'"),
            1);
  // The SIRET (its SIREN is the company's) filled the empty siret column.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies WHERE siret = '81234567400012'"), 1);

  // The same name with a different VAT number is another company.
  h.Store("invoice", {{"supplier_name", "Atelier Lumière SARL"}, {"supplier_vat", "FR40303265045"},
                      {"invoice_number", "B-1"}});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies"), 2);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies WHERE vat_number = 'FR40303265045' AND siren = '303265045'"), 1);

  // A contract party and a contact's employer meet the same companies by name.
  h.Store("contract", {{"title", "CONTRAT"}, {"parties", json::array({"Atelier Lumière SARL", "Jean Dupont"})}});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies"), 2);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM contract_parties WHERE position = 0 AND kind = 'company' AND company_id = " +
                     std::to_string(a)),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM contract_parties cp JOIN people p ON p.id = cp.person_id "
                     "WHERE cp.position = 1 AND cp.kind = 'person' AND p.full_name = 'Jean Dupont'"),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM contracts WHERE client_company_id = " + std::to_string(a)), 1);
}

TEST(CompanyMatching, OurOwnCompanyMakesSalesAndIsNotMarkedSupplier) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  ASSERT_TRUE(h.db().Exec("INSERT INTO companies(name, vat_number, is_self) VALUES ('Nous SAS', 'FR13812345674', true)")
                  .ok());
  h.Store("invoice", {{"supplier_name", "Nous"}, {"supplier_vat", "FR13812345674"}, {"customer_name", "Client SA"},
                      {"invoice_number", "V-1"}});
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM invoices i JOIN companies c ON c.id = i.customer_company_id "
                     "WHERE i.direction = 'sale' AND c.name = 'Client SA'"),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies WHERE is_self AND NOT is_supplier"), 1);
}

TEST(PeopleMatching, EmailThenPhoneThenNameAndCompany) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  auto first = h.Store("contact", {{"full_name", "Claire Dubois"}, {"email", "claire.dubois@verdier.fr"},
                                   {"phone", "+33 6 12 34 56 78"}, {"company", "Verdier & Associés"}});
  EXPECT_EQ(first.event_topic, "people.create");
  long long p = first.record_id;
  ASSERT_GT(p, 0);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM people p JOIN companies c ON c.id = p.company_id WHERE p.id = " +
                     std::to_string(p) + " AND c.name = 'Verdier & Associés' AND p.phone = '+33612345678'"),
            1);

  // 1. E-mail (another case): the job title fills in, the name is kept.
  auto by_email = h.Store("contact", {{"full_name", "C. Dubois"}, {"email", "CLAIRE.DUBOIS@verdier.fr"},
                                      {"job_title", "Directrice commerciale"}});
  EXPECT_EQ(by_email.record_id, p);
  EXPECT_EQ(by_email.event_topic, "people.update");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM people WHERE full_name = 'Claire Dubois' AND "
                     "job_title = 'Directrice commerciale'"),
            1);
  // 2. Phone in E.164 (written with 00), no e-mail.
  auto by_phone = h.Store("contact", {{"full_name", "Claire D."}, {"phone", "0033 6 12 34 56 78"}});
  EXPECT_EQ(by_phone.record_id, p);
  EXPECT_EQ(by_phone.event_topic, "people.match");
  // 3. Name and company (the company's name written another way).
  auto by_name = h.Store("contact", {{"full_name", "CLAIRE DUBOIS"}, {"company", "VERDIER & ASSOCIES SAS"},
                                     {"website", "www.verdier.fr"}});
  EXPECT_EQ(by_name.record_id, p);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies"), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies WHERE website = 'www.verdier.fr'"), 1);
  // The same name and company with another e-mail is another person.
  auto other = h.Store("contact", {{"full_name", "Claire Dubois"}, {"email", "c.dubois@ailleurs.fr"},
                                   {"company", "Verdier & Associés"}});
  EXPECT_NE(other.record_id, p);
  EXPECT_EQ(other.event_topic, "people.create");
  // A national phone number is not compared: another person.
  auto national = h.Store("contact", {{"full_name", "Paul Martin"}, {"phone", "06 12 34 56 78"}});
  EXPECT_NE(national.record_id, p);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM people"), 3);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM person_documents WHERE person_id = " + std::to_string(p)), 4);
}

TEST(PeopleMatching, ValuesAPersonEnteredOrClearedAreNeverOverwritten) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  StoreHarness h(t);
  auto first = h.Store("contact", {{"full_name", "Claire Dubois"}, {"email", "claire@verdier.fr"}});
  std::string p = std::to_string(first.record_id);
  // A person edits the contact (through a connection of their own).
  auto user = h.db().Exec(
      "SELECT set_config('docflow.actor', 'user:7', false);"
      "UPDATE people SET full_name = 'Claire Dubois-Martin', phone = '+33 4 78 00 00 00' WHERE id = " + p + ";"
      "UPDATE people SET phone = NULL WHERE id = " + p + ";"
      "SELECT set_config('docflow.actor', '', false)");
  ASSERT_TRUE(user.ok()) << user.error().message;
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM people WHERE manual_fields = '{full_name,phone}' AND id = " + p), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM logs WHERE actor = 'user:7' AND table_name = 'people' AND action = 'update'"),
            2);

  auto again = h.Store("contact", {{"full_name", "Claire Dubois"}, {"email", "claire@verdier.fr"},
                                   {"phone", "+33 6 12 34 56 78"}, {"job_title", "Directrice"}});
  EXPECT_EQ(again.record_id, first.record_id);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM people WHERE full_name = 'Claire Dubois-Martin' AND phone IS NULL "
                     "AND job_title = 'Directrice' AND id = " + p),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM logs WHERE actor = 'docflow' AND table_name = 'people' AND "
                     "action = 'update' AND new = '{\"job_title\": \"Directrice\"}'"),
            1);
}

}  // namespace
}  // namespace docflow::testing
