// The read side of the HTTP API: one document as JSON (state, class, fields
// with confidence and provenance, the business record), one job with its
// history, a document's text, and the paginated list of documents with
// full-text search over their pages (French and English stemming at once,
// migration 0005: documents.search).
//
// Errors: "no document N" / "no job N" are permanent errors (not found);
// database errors are transient.
// Thread safety: same as Db (one per thread).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

// {"id", "filename", "sha256", "size", "mime", "page_count", "source",
//  "provenance" (source_detail), "created_at", "job_id", "state", "error",
//  "class", "class_subtype", "confidence",
//  "fields": {name: {"value", "confidence", "page", "bbox" [x,y,w,h] | null,
//                    "method", "extractor_version"}},
//  "record": {"table", "id", "values": {column: value}} | null,
//  "corrections": [{"field", "old_value", "new_value", "who", "at"}]}.
// nullopt when there is no such document.
Result<std::optional<nlohmann::json>> DocumentView(Db& db, long long document_id);

// {"id", "document_id", "state", "attempts", "max_attempts", "error",
//  "created_at", "updated_at", "finished_at", "events": [{"at", "state",
//  "attempt", "message"}]}; nullopt when there is no such job.
Result<std::optional<nlohmann::json>> JobView(Db& db, long long job_id);

struct DocumentText {
  std::string state;  // the document's latest job state
  int pages = 0;      // 0: no text yet (not stored yet, or failed)
  std::string text;   // the pages' text, separated by form feeds (\f)
};
// nullopt when there is no such document.
Result<std::optional<DocumentText>> GetDocumentText(Db& db, long long document_id);

struct DocumentFilter {
  std::string cls;      // "" or invoice | contract | contact | other
  std::string state;    // "" or a job state (the document's latest job)
  std::string query;    // "" or a web-search style query (words, "phrases", -not, or)
  int limit = 50;       // 1..200
  long long before_id = 0;  // cursor: only documents with a smaller id (0: from the newest)
};

struct DocumentList {
  nlohmann::json items = nlohmann::json::array();  // newest first: {"id", "filename", "created_at",
                                                   //  "state", "job_id", "class", "confidence", "page_count"}
  long long next_cursor = 0;                       // 0: no more
};
Result<DocumentList> ListDocuments(Db& db, const DocumentFilter& filter);

}  // namespace docflow
