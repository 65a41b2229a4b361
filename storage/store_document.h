// The store stage's transaction: everything the pipeline learnt about one
// document, written in ONE PostgreSQL transaction:
//   documents (mime, pages, class), pages (text, words), document_fields,
//   the business record with its companies and people matched or created
//   (storage/records/document_records.h; an invoice repeating another
//   document's supplier and number marks the document duplicate_of instead),
//   outbox rows in events (invoices.create, invoices.duplicate,
//   companies.create, people.update, ...), the archive PDF in
//   document_archives when one is given, and the job moved to done.
// Every write is audited in logs with actor 'docflow' (0006_business.sql).
// Idempotent: a re-run for the same document replaces rows (upserts keyed by
// document), never adds a second record, event or log row for an unchanged
// result.
// Errors: a stale lease (the job was given to another worker since) is a
// permanent Error and nothing is written; database errors are transient.
//
// Thread safety: same as Db.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/document_model.h"
#include "common/result.h"
#include "storage/db.h"

namespace docflow {

// A document's archive version: a searchable PDF (workers/ocr/searchable_pdf.h).
struct ArchivePdf {
  std::string pdf;     // the file's bytes
  std::string sha256;  // of pdf, lower-case hex
  int page_count = 0;
};

struct StoreInput {
  long long job_id = 0, document_id = 0, lease_token = 0;
  std::string mime;
  std::vector<Page> pages;
  Classification classification;
  Fields fields;
  // Upserted into document_archives (one row per document) when set; when
  // not set, an archive stored by an earlier run is left as it is.
  std::optional<ArchivePdf> archive;
};

struct StoreOutcome {
  std::string record_table;  // "" when the class makes no record (other)
  long long record_id = 0;   // a duplicate invoice: the FIRST document's invoice
  std::string event_topic;   // invoices.create | invoices.duplicate | contracts.create |
                             // people.create | people.update | people.match
  long long duplicate_of_document_id = 0;  // set for invoices.duplicate
};

Result<StoreOutcome> StoreDocument(Db& db, const StoreInput& in);

// The stored archive of a document, or nullopt when it has none.
// Errors: database errors (transient).
struct StoredArchive {
  ArchivePdf archive;
  long long byte_size = 0;
  std::string created_at;  // ISO 8601, UTC
};
Result<std::optional<StoredArchive>> GetDocumentArchive(Db& db, long long document_id);

// "YYYY-MM-DD" when s is a valid calendar date in that form, else "".
std::string ValidIsoDate(const std::string& s);
// A plain decimal ("-1234.56") when s is one, else "".
std::string ValidDecimal(const std::string& s);

}  // namespace docflow
