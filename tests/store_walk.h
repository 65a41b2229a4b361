// For tests of the store stage: a document recorded and its job walked to the
// storing state the way the broker does (preprocess -> classify -> extract
// completed, store claimed), returned as a StoreInput whose job, document,
// lease token and mime are set; the caller adds pages, class and fields.
// Failures are reported as GoogleTest failures. Not thread safe (one Db).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "storage/db.h"
#include "storage/documents.h"
#include "storage/jobs.h"
#include "storage/store_document.h"

namespace docflow::testing {

// `receipt` (when set) gets the document's ingest receipt; `stage_ms` is the
// time recorded for each completed stage.
StoreInput WalkToStoring(Db& db, JobStore& jobs, const std::string& sha256, const std::string& filename,
                         const std::string& source, const nlohmann::json& source_detail, double stage_ms = 1,
                         IngestReceipt* receipt = nullptr);

}  // namespace docflow::testing
