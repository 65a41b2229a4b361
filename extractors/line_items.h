// Invoice line items from a printed table: a header row naming at least two
// of description / quantity / unit price / amount columns (EN, FR, DE:
// "Description Qty Unit price Amount", "Désignation Qté P.U. HT Montant HT",
// "Bezeichnung Menge Einzelpreis Betrag"), then the rows under it until a
// totals line ("Total", "Sous-total", "Subtotal", "TVA"...), a new header or
// three blank lines. A row is text followed by numbers: the last number is
// the amount, the one before it the unit price and a number before that the
// quantity (quantity x unit price = amount when all three are read); rows
// without an amount continue the previous row's description.
// Each item: {description, quantity, unit_price, amount} (decimal strings
// with a dot; missing parts are left out). Confidence: 0.8 when every row
// with three numbers checks quantity x unit price = amount, 0.6 otherwise.
// Pure functions, thread safe.
#pragma once

#include <optional>
#include <vector>

#include "common/document_model.h"
#include "extractors/extract_util.h"

namespace docflow::line_items {

std::optional<Field> FindLineItems(const std::vector<extract::Line>& lines, const std::vector<Page>& pages,
                                   const char* version);

}  // namespace docflow::line_items
