// Structured invoices embedded in PDFs: the XML of Factur-X / ZUGFeRD 2.x
// and XRechnung CII (rsm:CrossIndustryInvoice), ZUGFeRD 1.0
// (rsm:CrossIndustryDocument) and XRechnung UBL (ubl:Invoice, ubl:CreditNote),
// read with pugixml by local element names (namespace prefixes ignored).
//
// ParseInvoiceXml maps the XML onto the canonical invoice fields
// (invoice_number, issue_date, due_date, currency, total_net, total_tax,
// total_gross, supplier_name, supplier_vat, supplier_address, customer_name,
// iban: the same value forms as the visible-text extractor) and its line items
// ({description, quantity, unit_price, amount}). A VAT number or IBAN failing
// its check (validators.h) is dropped.
//
// MergeEmbedded puts those values into the visible-text fields with method
// "embedded-xml": confidence 0.99 when the printed page shows the same value
// (its page and box are kept as provenance), 0.9 when the page does not show
// the field, 0.8 when it shows another value; every such disagreement is
// returned ({field, embedded, visible, visible_method}).
//
// Errors: malformed XML or an XML that is not an invoice gives nullopt;
// nothing throws (the XML reader does not expand external entities).
// Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/document_model.h"

namespace docflow::embedded {

constexpr const char* kVersion = "embedded-invoice/1";

struct EmbeddedInvoice {
  std::string syntax;  // "CII", "CII-ZUGFeRD1" or "UBL"
  std::string source;  // the attachment's name
  std::map<std::string, std::string> fields;
  nlohmann::json line_items = nlohmann::json::array();
};

std::optional<EmbeddedInvoice> ParseInvoiceXml(std::string_view xml);

// The first attachment that parses as an invoice (the known names come first,
// see workers/preprocess/embedded_files.h).
std::optional<EmbeddedInvoice> FirstInvoice(const std::vector<EmbeddedFile>& files);

struct Disagreement {
  std::string field;
  nlohmann::json embedded, visible;
  std::string visible_method;
};
void to_json(nlohmann::json& j, const Disagreement& d);

std::vector<Disagreement> MergeEmbedded(const EmbeddedInvoice& invoice, Fields& fields);

// The extract stage's step: for a document classified as an invoice whose
// attachments hold an invoice XML, merges it into `fields` and returns
// {"source", "syntax", "disagreements": [...]}; otherwise leaves `fields` alone
// and returns null.
nlohmann::json ApplyEmbedded(const Classification& classification, const std::vector<EmbeddedFile>& files,
                             Fields& fields);

// Whether two values of `field` mean the same (dates equal, amounts within
// 0.005, codes equal ignoring punctuation, names equal after folding or one
// containing the other). Exposed for tests.
bool SameValue(const std::string& field, const nlohmann::json& a, const nlohmann::json& b);

}  // namespace docflow::embedded
