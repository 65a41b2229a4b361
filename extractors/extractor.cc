#include "extractors/extractor.h"

#include "extractors/field_extractors.h"

namespace docflow {

Fields Extract(const Classification& classification, const std::vector<Page>& pages) {
  if (classification.label == "invoice") return ExtractInvoice(classification, pages);
  if (classification.label == "contract") return ExtractContract(classification, pages);
  if (classification.label == "contact") return ExtractContact(classification, pages);
  return {};
}

}  // namespace docflow
