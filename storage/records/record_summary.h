// What a document became, for people reading `docflow documents`: the
// business record and the companies and people it was matched to, as one
// line of text and as JSON.
//   invoice:   "invoice #3: Atelier Lumière SARL (#1) -> Hôtel Bellecour SAS (#2), 1234.56 EUR"
//   duplicate: "duplicate of document 7 (invoice #3)"
//   contract:  "contract #2: Northwind Analytics LLC (#4), Blue Harbor Logistics Inc. (#5)"
//   contact:   "person #6 Claire Dubois at Verdier & Associés (#7)"
// "" (and null) when the document has no record.
//
// Errors: database errors (transient). Thread safety: same as Db.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct RecordSummary {
  std::string text;
  nlohmann::json json;  // {"kind", "id", "companies": [{"role", "id", "name"}], "person", "duplicate_of"} or null
};

Result<RecordSummary> SummariseRecord(Db& db, long long document_id);

}  // namespace docflow
