// XML files embedded in a PDF (the EmbeddedFiles name tree), for structured
// invoices: Factur-X (factur-x.xml), ZUGFeRD 1/2 (ZUGFeRD-invoice.xml,
// zugferd-invoice.xml), XRechnung (xrechnung.xml) and any other attachment
// whose name ends in .xml or whose declared type is XML.
//
// Result: the XML attachments in document order, the known invoice names
// first; at most kMaxEmbeddedFiles of them, each at most kMaxEmbeddedBytes
// (larger ones are skipped, also when their declared size says so before
// decoding). A file must look like XML (after an optional BOM and blanks it
// starts with '<') and is kept as bytes; names are reduced to a safe base name
// and never used as paths. Broken attachments are skipped: nothing throws and
// no error is returned, a PDF without attachments gives an empty list.
//
// Ownership: reads `doc` (owned by the caller). Thread safety: as poppler's
// document (one thread per document).
#pragma once

#include <cstddef>
#include <vector>

#include "common/document_model.h"

namespace poppler {
class document;
}

namespace docflow {

constexpr size_t kMaxEmbeddedFiles = 8;
constexpr size_t kMaxEmbeddedBytes = 4u << 20;  // 4 MiB per XML file

std::vector<EmbeddedFile> EmbeddedXmlFiles(const poppler::document& doc);

// Whether an attachment named `name` (declared type `mime`, may be empty) is
// kept; exposed for tests.
bool IsXmlAttachment(const std::string& name, const std::string& mime);

}  // namespace docflow
