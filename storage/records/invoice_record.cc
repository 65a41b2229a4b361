// invoice -> invoices (document_records.h).
#include <optional>

#include "storage/records/companies.h"
#include "storage/records/document_records.h"
#include "storage/records/identifiers.h"
#include "storage/store_document.h"

namespace docflow::records {

using nlohmann::json;

RecordOutcome StoreInvoiceRecord(RecordTx& tx, const Fields& f, const Classification& c) {
  pqxx::work& w = tx.w();
  const long long doc = tx.document_id();

  CompanyFacts sf;
  sf.name = FieldText(f, "supplier_name");
  sf.vat = FieldText(f, "supplier_vat");
  sf.siren = FirstFieldText(f, {"supplier_siret", "supplier_siren", "siret", "siren"});
  sf.address = FieldText(f, "supplier_address");
  sf.iban = FieldText(f, "iban");
  sf.supplier = true;
  std::optional<CompanyMatch> supplier = MatchOrCreateCompany(tx, sf, "supplier");

  CompanyFacts cf;
  cf.name = FieldText(f, "customer_name");
  cf.vat = FieldText(f, "customer_vat");
  cf.siren = FirstFieldText(f, {"customer_siret", "customer_siren"});
  cf.address = FieldText(f, "customer_address");
  std::optional<CompanyMatch> customer = MatchOrCreateCompany(tx, cf, "customer");
  if (customer && supplier && customer->id == supplier->id) customer.reset();  // one party read twice

  const std::string number = FieldText(f, "invoice_number");
  json facts{{"supplier_company_id", supplier ? json(supplier->id) : json()},
             {"customer_company_id", customer ? json(customer->id) : json()},
             {"invoice_number", number.empty() ? json() : json(number)}};

  // The duplicate rule: the same supplier and number from another document.
  if (supplier && !number.empty()) {
    auto dup = w.exec_params(
        "SELECT id, document_id FROM invoices WHERE supplier_company_id = $1"
        " AND upper(regexp_replace(invoice_number, '\\s+', '', 'g')) = upper(regexp_replace($2, '\\s+', '', 'g'))"
        " AND document_id <> $3 ORDER BY id LIMIT 1",
        supplier->id, number, doc);
    if (!dup.empty()) {
      long long invoice_id = dup[0][0].as<long long>(), first_doc = dup[0][1].as<long long>();
      w.exec_params("UPDATE documents SET duplicate_of = $2 WHERE id = $1", doc, first_doc);
      facts["duplicate_of_document_id"] = first_doc;
      facts["invoice_id"] = invoice_id;
      return {"invoices", invoice_id, "invoices.duplicate", facts};
    }
  }

  std::string currency = NormaliseCurrency(FieldText(f, "currency"));
  std::string gross = ValidDecimal(FieldText(f, "total_gross"));
  std::string net = ValidDecimal(FieldText(f, "total_net"));
  std::string tax = ValidDecimal(FieldText(f, "total_tax"));
  std::string kind = c.subtype == "receipt" ? "receipt" : "invoice";
  if (!gross.empty() && gross[0] == '-') kind = "credit_note";
  if (kind != "credit_note") {  // a negative part of a positive invoice was misread
    if (!net.empty() && net[0] == '-') net.clear();
    if (!tax.empty() && tax[0] == '-') tax.clear();
  }
  if (currency.empty()) net.clear(), tax.clear();  // amounts need their currency (gross kept: 0001 rows had none)
  std::string issue = ValidIsoDate(FieldText(f, "issue_date"));
  std::string due = ValidIsoDate(FieldText(f, "due_date"));
  if (!issue.empty() && !due.empty() && due < issue) due.clear();  // one of them is misread; fields keep both
  std::string direction = supplier && supplier->is_self ? "sale" : "purchase";

  auto r = w.exec_params(
      "INSERT INTO invoices(document_id, invoice_number, issue_date, due_date, currency, total_gross, total_net,"
      " total_tax, supplier_name, supplier_company_id, customer_company_id, customer_name, supplier_vat, iban, kind,"
      " direction) VALUES ($1, NULLIF($2, ''), NULLIF($3, '')::date, NULLIF($4, '')::date, NULLIF($5, ''),"
      " NULLIF($6, '')::numeric, NULLIF($7, '')::numeric, NULLIF($8, '')::numeric, NULLIF($9, ''), NULLIF($10, 0),"
      " NULLIF($11, 0), NULLIF($12, ''), NULLIF($13, ''), NULLIF($14, ''), $15, $16)"
      " ON CONFLICT (document_id) DO UPDATE SET invoice_number = EXCLUDED.invoice_number,"
      " issue_date = EXCLUDED.issue_date, due_date = EXCLUDED.due_date, currency = EXCLUDED.currency,"
      " total_gross = EXCLUDED.total_gross, total_net = EXCLUDED.total_net, total_tax = EXCLUDED.total_tax,"
      " supplier_name = EXCLUDED.supplier_name, supplier_company_id = EXCLUDED.supplier_company_id,"
      " customer_company_id = EXCLUDED.customer_company_id, customer_name = EXCLUDED.customer_name,"
      " supplier_vat = EXCLUDED.supplier_vat, iban = EXCLUDED.iban, kind = EXCLUDED.kind,"
      " direction = EXCLUDED.direction, updated_at = now() RETURNING id",
      doc, number, issue, due, currency, gross, net, tax, FieldText(f, "supplier_name"),
      supplier ? supplier->id : 0LL, customer ? customer->id : 0LL, FieldText(f, "customer_name"),
      NormaliseVat(sf.vat), FieldText(f, "iban"), kind, direction);
  facts["direction"] = direction;
  facts["kind"] = kind;
  return {"invoices", r[0][0].as<long long>(), "invoices.create", facts};
}

}  // namespace docflow::records
