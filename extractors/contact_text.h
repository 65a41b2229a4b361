// Contact fields from printed text — business cards, letterheads, e-mail
// signatures — read from OCR words or a PDF text layer, layout-aware.
//
// The page is cut into pieces: the words of one printed line, split again at
// separators ("|", "•", "·", "–") and at wide horizontal gaps (two columns
// side by side on a card). Each piece keeps its box, its text height and its
// neighbours (the piece above / below it, from the boxes: vertically close
// and horizontally overlapping or aligned; from the text order when there
// are no words). Fields are then chosen by evidence, not position alone:
//  - email / website: patterns; the e-mail that spells the name wins;
//  - phone: libphonenumber matches (phone.h) in the document's region, a
//    "Tél / Phone / Mobile / T / M" label preferred, fax numbers last; E.164;
//  - full_name: name-shaped pieces scored by the e-mail local part that
//    spells them, a closing formula above ("Cordialement", "Best regards"),
//    a job title next to them, the largest text of a card, a "From:" header;
//    pieces in a recipient block ("Madame ...", "To:", "Dear ...") lose;
//  - job_title: job words, next to the name (same line after "|", or the
//    line below/above);
//  - company: legal forms (SARL, Ltd, Inc...), or the e-mail / web domain
//    spelled by the piece ("verdier-associes.fr" -> "Verdier & Associés");
//  - address: a postcode + city piece (contact_address.h) with the street
//    piece(s) above it and a country piece below, joined with ", "; the
//    recipient's address of a letter is not the contact's.
// Each field's provenance: page, box of its words, method ("layout",
// "label", "pattern", "header"), extractor version.
//
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "common/document_model.h"

namespace docflow::contact {

// Fields found; `region` is the default phone region (phone::GuessRegion).
Fields FromPrintedText(const std::vector<Page>& pages, const std::string& region, const std::string& version);

}  // namespace docflow::contact
