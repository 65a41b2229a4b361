// Document classification: invoice / contract / contact / other, with a
// confidence in 0-1 (and a subtype such as "receipt" or "credit_note").
//
// Never fails: a document with no text is "other" with low confidence.
// Thread safety: Classify is a pure function; call from any thread.
#pragma once

#include <vector>

#include "common/document_model.h"

namespace docflow {

Classification Classify(const std::vector<Page>& pages);

}  // namespace docflow
