// Companies the store stage meets on documents (an invoice's supplier and
// customer, a contract's organisations, a contact's employer): matched to a
// row of `companies`, or created.
//
// Matching, first rule that finds a row wins:
//   1. VAT number (normalised: upper case, no separators);
//   2. SIREN (from a French VAT number's 9 digits, or a SIREN/SIRET field);
//   3. name key (company_name_key(): lower case, accents folded, punctuation
//      and legal forms dropped), oldest row first, skipping a row whose VAT or
//      SIREN contradicts the document's.
// A matched row only gets its EMPTY columns filled, never one listed in its
// manual_fields (a person's value). A VAT number or SIREN another company
// already holds is not copied.
// Events: companies.create for a company this document created (again on a
// re-run: same row, no new event), companies.update listing the filled
// columns.
//
// Must run inside the store transaction holding the records lock (the
// store stage serialises matching so that two documents of one new supplier
// create one company). Throws libpqxx exceptions. Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/records/record_tx.h"

namespace docflow::records {

struct CompanyFacts {
  std::string name;
  std::string vat;    // as printed; normalised here
  std::string siren;  // SIREN or SIRET as printed; checked here
  std::string address, website, email, phone, iban;
  bool supplier = false;  // mark is_supplier (the supplier of a purchase)
};

struct CompanyMatch {
  long long id = 0;
  std::string name;
  std::string matched_by;  // vat | siren | name | created
  bool created = false;    // created by this document (now or on an earlier run)
  bool is_self = false;
  std::vector<std::string> filled;  // columns this call filled
};

// nullopt when the facts name no company (no name, no valid VAT or SIREN).
std::optional<CompanyMatch> MatchOrCreateCompany(RecordTx& tx, const CompanyFacts& facts, const std::string& role);

}  // namespace docflow::records
