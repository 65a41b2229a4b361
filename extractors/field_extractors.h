// Per-class extractors, dispatched by Extract() (extractor.cc).
#pragma once

#include <vector>

#include "common/document_model.h"

namespace docflow {

Fields ExtractInvoice(const Classification& c, const std::vector<Page>& pages);
Fields ExtractContract(const Classification& c, const std::vector<Page>& pages);
Fields ExtractContact(const Classification& c, const std::vector<Page>& pages);

}  // namespace docflow
