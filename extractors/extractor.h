// Field extraction for a classified document.
//  invoice:  invoice_number, issue_date (YYYY-MM-DD), total_gross (decimal
//            string with a dot), and currency when seen;
//  contract: title, parties (a JSON list) and agreement_date when seen;
//  contact:  full_name, and email / phone / company when seen.
// Fields not found are absent from the map. Each Field has a confidence in
// 0-1 and its provenance (page, box when words are known, method, version).
//
// Thread safety: Extract is a pure function; call from any thread.
#pragma once

#include <vector>

#include "common/document_model.h"

namespace docflow {

Fields Extract(const Classification& classification, const std::vector<Page>& pages);

}  // namespace docflow
