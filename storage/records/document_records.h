// The business record a classified document becomes, written inside the
// store stage's transaction (storage/store_document.cc):
//   invoice  -> invoices row (supplier and customer companies matched or
//               created, totals as numeric + currency, direction), or, when
//               another document already gave an invoice with the same
//               supplier and number, no row: documents.duplicate_of is set and
//               the outcome is invoices.duplicate about the first invoice;
//   contract -> contracts row (value, renewal term, notice period, governing
//               law) and contract_parties (organisations as companies,
//               persons as people, matched or created);
//   contact  -> people (matched or created, empty fields filled) and the
//               company they work for.
// Field names are the extractors' (extractors/extractor.h); absent or invalid
// fields are left out (the document's fields keep them). Companies and
// people announce their own events through the RecordTx; the outcome's
// event is the record's (store_document.cc writes it).
//
// Throw libpqxx exceptions. Not thread-safe.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/document_model.h"
#include "storage/records/record_tx.h"

namespace docflow::records {

struct RecordOutcome {
  std::string table;  // invoices | contracts | people
  long long id = 0;
  std::string topic;          // invoices.create | invoices.duplicate | contracts.create | people.create | ...
  nlohmann::json payload = nlohmann::json::object();  // record-specific facts for the event
  bool emit = true;           // false: the event written by an earlier run stands (see contact)
};

RecordOutcome StoreInvoiceRecord(RecordTx& tx, const Fields& fields, const Classification& c);
RecordOutcome StoreContractRecord(RecordTx& tx, const Fields& fields);
RecordOutcome StoreContactRecord(RecordTx& tx, const Fields& fields);

// Removes what this document made as another class on an earlier run: its
// invoice (unless kept_table is invoices), its duplicate mark (unless
// still_duplicate), its contract, and the person it created as a contact
// when nothing else holds on to that person (another document, a person's
// edits); a person it only matched is unlinked.
void RemoveOtherRecords(RecordTx& tx, const std::string& kept_table, bool still_duplicate);

// Text of a field ("" when absent or null; numbers as JSON text).
std::string FieldText(const Fields& f, const std::string& name);
// The first of names present as text.
std::string FirstFieldText(const Fields& f, std::initializer_list<const char*> names);

}  // namespace docflow::records
