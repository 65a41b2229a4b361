// Who issued an invoice and to whom: supplier_name, supplier_address and
// customer_name, found from the layout of the lines rather than from one
// template:
//  1. section headers ("Émetteur", "Verkäufer", "Seller", "From" / "Bill to",
//     "Client", "Destinataire", "Käufer", "Customer"...) and the block of
//     lines under them, read in the header's column (text layers keep their
//     columns as runs of spaces) or after "Name:" labels;
//  2. the sender's one-line return address printed above the window address
//     ("ACME GmbH · Street 1 · 12345 City") and the recipient block under it;
//  3. the issuer's header block at the top of the first page: the best
//     name-like line (legal form, capitals, an address with a postcode under
//     it; receipts: the first lines) and the lines under it down to the
//     postcode + city line;
//  4. the name next to the VAT / SIRET identifiers, as corroboration.
// Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/extract_util.h"

namespace docflow::parties {

struct Found {
  std::string value;
  int page = 0;
  double confidence = 0;
  std::string method;
  std::string raw;  // printed form, for the box lookup
};

// Lines [begin, end) under a customer or delivery header printed in column
// `col` (code points; a text layer keeps its columns).
struct Span {
  int begin = 0, end = 0, col = 0;
};

struct Parties {
  std::optional<Found> supplier_name, supplier_address, customer_name;
  int supplier_line = -1;  // index (in `lines`) of the supplier's name line
  int customer_line = -1;
  std::vector<Span> customer_spans;
};

Parties FindParties(const std::vector<extract::Line>& lines, bool ocr);

// A line naming who in the organisation should read the document ("t.a.v.
// Crediteurenadministratie", "Attn: Accounts Payable", "z. Hd. Frau Weber",
// "A l'attention de M. Roux", "FAO Finance"): neither the organisation's
// name nor a line of its address. `folded`: text::FoldText form.
bool AttentionLine(std::string_view folded);

// Helpers, exposed for tests.
// A segment of a printed line: text runs separated by 3+ spaces (columns).
struct Segment {
  int col = 0;  // code-point column of the first character
  std::string text;
};
std::vector<Segment> Segments(const std::string& line);
// "75001 Paris", "D-80333 München", "1012 AB Amsterdam", "SW1A 1AA",
// "NY 10001", "81100 JOHOR BAHRU": true when the line carries a postcode
// followed (or, US/UK, preceded) by a place name.
bool IsPostcodeLine(const std::string& text);
// A line that may carry on a store's name set in capitals over two lines
// ("FENWICK & DALE" / "HARDWARE"): in capitals, three words at most, no
// digits, no document word, street, postcode, contact or registration.
bool NameContinuation(const std::string& text);
// True when the text carries a company legal form (SAS, SARL, GmbH, Ltd,
// Inc, LLC, BV, AG, Sdn Bhd...).
bool HasLegalForm(const std::string& text);

}  // namespace docflow::parties
