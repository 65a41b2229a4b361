// PDF/A output intents, taken out of the way of Poppler.
//
// Why: a PDF/A file (every Factur-X / ZUGFeRD invoice is one) names an ICC
// profile as its output intent. Poppler makes that profile its display
// profile and builds four colour transforms from it each time it lays out or
// renders a page, text extraction included: inverting the profile's tone
// curves took about 35 ms per call, so 100+ ms of a 120 ms extraction of a
// one-page Factur-X invoice (the text itself took 14 ms). docflow reads text
// and renders gray images for OCR; it has no use for the printing condition.
//
// WithoutOutputIntents returns the PDF's bytes followed by an incremental
// update (the PDF's own mechanism for amending a file: a new revision of
// the catalog object, an xref section for it, and a trailer whose /Prev is
// the old cross-reference) in which the catalog has no /OutputIntents. Every
// other object, the /Info and /ID of the trailer, and the original bytes are
// unchanged, so offsets, text, images and attachments read the same.
//
// Result: the amended bytes, or nullopt when there is nothing to do or it is
// not safe to do: no /OutputIntents in the catalog, an encrypted file (its
// strings would need encrypting), a file qpdf reads only with repairs or not
// at all, or no `startxref` at the end. nullopt means: use the bytes as they
// are. Never throws (qpdf's exceptions are caught here).
//
// Cost: a qpdf parse of the trailer and catalog (lazy, about a millisecond),
// only when the bytes may hold an output intent (the key in plain text, or
// object streams that could hide it).
//
// Thread safety: reentrant (no shared state).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace docflow {

std::optional<std::string> WithoutOutputIntents(std::string_view pdf_bytes);

}  // namespace docflow
