// Invoice line items from a printed table: a header row naming at least two
// of description / quantity / unit price / amount columns (EN, FR, DE:
// "Description Qty Unit price Amount", "Désignation Qté P.U. HT Montant HT",
// "Bezeichnung Menge Einzelpreis Betrag"), then the rows under it until a
// totals line ("Total", "Sous-total", "Subtotal", "TVA"...), a new header or
// three blank lines. A row is text followed by numbers. When the text keeps
// its columns (a text layer, or OCR words laid out), the numbers go to the
// header's quantity / unit price / amount columns: left to right in the
// columns' order when there are as many as columns, else each to the nearest
// header; an amount printed alone on the line under its row, in the amount
// column, is the row's. Otherwise the last number is the amount, the one
// before it the unit price and a number before that the quantity (quantity x
// unit price = amount when all three are read). Rows without an amount
// continue the previous row's description. Numbered rows (a "Pos", "Nr",
// "Ligne" first column): the position number is not part of the
// description, lines without one are details of the row above, and blank
// lines or detail text do not end the table while the next position follows.
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
