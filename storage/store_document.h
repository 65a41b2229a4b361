// The store stage's transaction: everything the pipeline learnt about one
// document, written in ONE PostgreSQL transaction:
//   documents (mime, pages, class), pages (text, words), document_fields,
//   the business record (invoices | contracts | people, linked to the
//   document), an outbox row in events (invoices.create, ...), and the job
//   moved to done.
// Idempotent: a re-run for the same document replaces rows (upserts keyed by
// document), never adds a second record or event.
// Errors: a stale lease (the job was given to another worker since) is a
// permanent Error and nothing is written; database errors are transient.
//
// Thread safety: same as Db.
#pragma once

#include <string>
#include <vector>

#include "common/document_model.h"
#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct StoreInput {
  long long job_id = 0, document_id = 0, lease_token = 0;
  std::string mime;
  std::vector<Page> pages;
  Classification classification;
  Fields fields;
};

struct StoreOutcome {
  std::string record_table;  // "" when the class makes no record (other)
  long long record_id = 0;
  std::string event_topic;
};

Result<StoreOutcome> StoreDocument(Db& db, const StoreInput& in);

// "YYYY-MM-DD" when s is a valid calendar date in that form, else "".
std::string ValidIsoDate(const std::string& s);
// A plain decimal ("-1234.56") when s is one, else "".
std::string ValidDecimal(const std::string& s);

}  // namespace docflow
