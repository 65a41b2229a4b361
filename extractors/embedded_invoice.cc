#include "extractors/embedded_invoice.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "classifiers/text_norm.h"
#include "extractors/amounts.h"
#include "extractors/dates.h"
#include "extractors/validators.h"

namespace docflow::embedded {
namespace {

using nlohmann::json;
using pugi::xml_node;

// ------------------------------------------------------------ XML helpers

std::string_view Local(const char* name) {
  std::string_view n(name);
  size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// First child element with local name `name`.
xml_node Child(xml_node n, std::string_view name) {
  if (!n) return {};
  for (xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && Local(c.name()) == name) return c;
  return {};
}

std::vector<xml_node> Children(xml_node n, std::string_view name) {
  std::vector<xml_node> out;
  if (!n) return out;
  for (xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && Local(c.name()) == name) out.push_back(c);
  return out;
}

xml_node Path(xml_node n, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) n = Child(n, name);
  return n;
}

// First descendant element (depth first) with local name `name`.
xml_node Descendant(xml_node n, std::string_view name) {
  if (!n) return {};
  for (xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (Local(c.name()) == name) return c;
    if (xml_node d = Descendant(c, name)) return d;
  }
  return {};
}

std::string Text(xml_node n) { return n ? text::CollapseSpaces(n.text().get()) : std::string(); }

std::string Attr(xml_node n, std::string_view name) {
  if (!n) return {};
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute())
    if (Local(a.name()) == name) return a.value();
  return {};
}

// ------------------------------------------------------------ value forms

std::string Decimal2(const std::string& s) {
  if (s.empty()) return {};
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) return {};
  return amounts::FormatAmount(v);
}

// A plain decimal ("2.5000" -> "2.5", "10" -> "10"); empty when not a number.
std::string Decimal(const std::string& s) {
  if (s.empty()) return {};
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || !std::isfinite(v)) return {};
  std::string t = s;
  if (t.find('.') != std::string::npos) {
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
  }
  return t;
}

// CII dates: udt:DateTimeString format="102" (YYYYMMDD); UBL: YYYY-MM-DD.
std::string DateOf(xml_node n) {
  if (!n) return {};
  xml_node s = Child(n, "DateTimeString");
  if (!s) s = Child(n, "DateString");
  std::string v = text::Trim(s ? s.text().get() : n.text().get());
  if (v.size() == 8 && std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    auto iso = dates::MakeIso(std::stoi(v.substr(0, 4)), std::stoi(v.substr(4, 2)), std::stoi(v.substr(6, 2)));
    return iso ? *iso : std::string();
  }
  if (v.size() >= 10 && v[4] == '-' && v[7] == '-') {
    auto iso = dates::ParseDate(v.substr(0, 10));
    return iso ? *iso : std::string();
  }
  return {};
}

// The amount among `nodes` in `currency` (the first when none says so).
std::string AmountIn(const std::vector<xml_node>& nodes, const std::string& currency) {
  for (xml_node n : nodes)
    if (!currency.empty() && Attr(n, "currencyID") == currency) return Decimal2(Text(n));
  return nodes.empty() ? std::string() : Decimal2(Text(nodes.front()));
}

std::string JoinAddress(const std::vector<std::string>& lines, const std::string& postcode,
                        const std::string& city) {
  std::string out;
  for (const auto& l : lines)
    if (!l.empty()) out += (out.empty() ? "" : ", ") + l;
  std::string place = postcode.empty() ? city : city.empty() ? postcode : postcode + " " + city;
  if (!place.empty()) out += (out.empty() ? "" : ", ") + place;
  return out;
}

void Set(EmbeddedInvoice& inv, const char* name, std::string value) {
  value = text::Trim(value);
  if (!value.empty()) inv.fields[name] = std::move(value);
}

void SetVat(EmbeddedInvoice& inv, const std::string& raw) {
  if (validate::VatValid(raw)) Set(inv, "supplier_vat", validate::Compact(raw));
}

void SetIban(EmbeddedInvoice& inv, const std::string& raw) {
  if (!inv.fields.count("iban") && validate::IbanValid(raw)) Set(inv, "iban", validate::Compact(raw));
}

json LineItem(const std::string& description, const std::string& quantity, const std::string& unit_price,
              const std::string& amount) {
  json item = json::object();
  if (!description.empty()) item["description"] = description;
  if (!quantity.empty()) item["quantity"] = quantity;
  if (!unit_price.empty()) item["unit_price"] = unit_price;
  if (!amount.empty()) item["amount"] = amount;
  return item;
}

// ------------------------------------------------------------ CII

// ZUGFeRD 2.x / Factur-X / XRechnung CII, and ZUGFeRD 1.0 (other element names
// for the same tree).
void ParseCii(xml_node root, bool v1, EmbeddedInvoice& inv) {
  xml_node doc = Child(root, v1 ? "HeaderExchangedDocument" : "ExchangedDocument");
  Set(inv, "invoice_number", Text(Child(doc, "ID")));
  Set(inv, "issue_date", DateOf(Child(doc, "IssueDateTime")));

  xml_node tx = Child(root, v1 ? "SpecifiedSupplyChainTradeTransaction" : "SupplyChainTradeTransaction");
  xml_node agreement = Child(tx, v1 ? "ApplicableSupplyChainTradeAgreement" : "ApplicableHeaderTradeAgreement");
  xml_node settlement = Child(tx, v1 ? "ApplicableSupplyChainTradeSettlement" : "ApplicableHeaderTradeSettlement");

  xml_node seller = Child(agreement, "SellerTradeParty");
  Set(inv, "supplier_name", Text(Child(seller, "Name")));
  for (xml_node reg : Children(seller, "SpecifiedTaxRegistration")) {
    xml_node id = Child(reg, "ID");
    if (Attr(id, "schemeID") == "VA") SetVat(inv, Text(id));
  }
  if (xml_node a = Child(seller, "PostalTradeAddress")) {
    Set(inv, "supplier_address",
        JoinAddress({Text(Child(a, "LineOne")), Text(Child(a, "LineTwo")), Text(Child(a, "LineThree"))},
                    Text(Child(a, "PostcodeCode")), Text(Child(a, "CityName"))));
  }
  Set(inv, "customer_name", Text(Child(Child(agreement, "BuyerTradeParty"), "Name")));

  const std::string currency = Text(Child(settlement, "InvoiceCurrencyCode"));
  Set(inv, "currency", currency);
  for (xml_node means : Children(settlement, "SpecifiedTradeSettlementPaymentMeans"))
    SetIban(inv, Text(Child(Child(means, "PayeePartyCreditorFinancialAccount"), "IBANID")));
  for (xml_node terms : Children(settlement, "SpecifiedTradePaymentTerms")) {
    std::string due = DateOf(Child(terms, "DueDateDateTime"));
    if (!due.empty()) {
      Set(inv, "due_date", due);
      break;
    }
  }
  xml_node sum = Child(settlement, v1 ? "SpecifiedTradeSettlementMonetarySummation"
                                      : "SpecifiedTradeSettlementHeaderMonetarySummation");
  Set(inv, "total_net", AmountIn(Children(sum, "TaxBasisTotalAmount"), currency));
  Set(inv, "total_tax", AmountIn(Children(sum, "TaxTotalAmount"), currency));
  Set(inv, "total_gross", AmountIn(Children(sum, "GrandTotalAmount"), currency));

  for (xml_node line : Children(tx, "IncludedSupplyChainTradeLineItem")) {
    xml_node product = Child(line, "SpecifiedTradeProduct");
    std::string description = Text(Child(product, "Name"));
    if (description.empty()) description = Text(Child(product, "Description"));
    xml_node delivery = Child(line, v1 ? "SpecifiedSupplyChainTradeDelivery" : "SpecifiedLineTradeDelivery");
    xml_node agree = Child(line, v1 ? "SpecifiedSupplyChainTradeAgreement" : "SpecifiedLineTradeAgreement");
    xml_node settle = Child(line, v1 ? "SpecifiedSupplyChainTradeSettlement" : "SpecifiedLineTradeSettlement");
    std::string price = Decimal(Text(Child(Child(agree, "NetPriceProductTradePrice"), "ChargeAmount")));
    std::string amount = Decimal2(Text(Descendant(settle, "LineTotalAmount")));
    inv.line_items.push_back(
        LineItem(description, Decimal(Text(Child(delivery, "BilledQuantity"))), price, amount));
  }
}

// ------------------------------------------------------------ UBL

std::string PartyName(xml_node party) {
  std::string name = Text(Path(party, {"PartyLegalEntity", "RegistrationName"}));
  if (name.empty()) name = Text(Path(party, {"PartyName", "Name"}));
  return name;
}

void ParseUbl(xml_node root, EmbeddedInvoice& inv) {
  const bool credit = Local(root.name()) == "CreditNote";
  Set(inv, "invoice_number", Text(Child(root, "ID")));
  Set(inv, "issue_date", DateOf(Child(root, "IssueDate")));
  Set(inv, "due_date", DateOf(Child(root, "DueDate")));
  const std::string currency = Text(Child(root, "DocumentCurrencyCode"));
  Set(inv, "currency", currency);

  xml_node supplier = Path(root, {"AccountingSupplierParty", "Party"});
  Set(inv, "supplier_name", PartyName(supplier));
  for (xml_node scheme : Children(supplier, "PartyTaxScheme"))
    if (Text(Path(scheme, {"TaxScheme", "ID"})) == "VAT") SetVat(inv, Text(Child(scheme, "CompanyID")));
  if (xml_node a = Child(supplier, "PostalAddress")) {
    Set(inv, "supplier_address",
        JoinAddress({Text(Child(a, "StreetName")), Text(Child(a, "AdditionalStreetName")),
                     Text(Path(a, {"AddressLine", "Line"}))},
                    Text(Child(a, "PostalZone")), Text(Child(a, "CityName"))));
  }
  Set(inv, "customer_name", PartyName(Path(root, {"AccountingCustomerParty", "Party"})));

  for (xml_node means : Children(root, "PaymentMeans")) {
    SetIban(inv, Text(Path(means, {"PayeeFinancialAccount", "ID"})));
    if (!inv.fields.count("due_date")) Set(inv, "due_date", DateOf(Child(means, "PaymentDueDate")));
  }
  std::vector<xml_node> taxes;
  for (xml_node t : Children(root, "TaxTotal")) taxes.push_back(Child(t, "TaxAmount"));
  Set(inv, "total_tax", AmountIn(taxes, currency));
  xml_node total = Child(root, "LegalMonetaryTotal");
  Set(inv, "total_net", AmountIn(Children(total, "TaxExclusiveAmount"), currency));
  Set(inv, "total_gross", AmountIn(Children(total, "TaxInclusiveAmount"), currency));

  for (xml_node line : Children(root, credit ? "CreditNoteLine" : "InvoiceLine")) {
    xml_node item = Child(line, "Item");
    std::string description = Text(Child(item, "Name"));
    if (description.empty()) description = Text(Child(item, "Description"));
    inv.line_items.push_back(LineItem(description,
                                      Decimal(Text(Child(line, credit ? "CreditedQuantity" : "InvoicedQuantity"))),
                                      Decimal(Text(Path(line, {"Price", "PriceAmount"}))),
                                      Decimal2(Text(Child(line, "LineExtensionAmount")))));
  }
}

// ------------------------------------------------------------ comparison

std::string Alnum(const std::string& s) {
  std::string out;
  for (char c : text::FoldText(s))
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

std::string AsString(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();
}

}  // namespace

std::optional<EmbeddedInvoice> ParseInvoiceXml(std::string_view xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!r) return std::nullopt;
  xml_node root = doc.document_element();
  if (!root) return std::nullopt;
  EmbeddedInvoice inv;
  const std::string_view name = Local(root.name());
  if (name == "CrossIndustryInvoice") {
    inv.syntax = "CII";
    ParseCii(root, false, inv);
  } else if (name == "CrossIndustryDocument") {
    inv.syntax = "CII-ZUGFeRD1";
    ParseCii(root, true, inv);
  } else if (name == "Invoice" || name == "CreditNote") {
    inv.syntax = "UBL";
    ParseUbl(root, inv);
  } else {
    return std::nullopt;  // Order-X, other attachments
  }
  // An invoice has at least a number or a total.
  if (!inv.fields.count("invoice_number") && !inv.fields.count("total_gross")) return std::nullopt;
  return inv;
}

std::optional<EmbeddedInvoice> FirstInvoice(const std::vector<EmbeddedFile>& files) {
  for (const auto& f : files) {
    auto inv = ParseInvoiceXml(f.xml);
    if (!inv) continue;
    inv->source = f.name;
    return inv;
  }
  return std::nullopt;
}

bool SameValue(const std::string& field, const json& a, const json& b) {
  const std::string x = AsString(a), y = AsString(b);
  if (field == "total_net" || field == "total_tax" || field == "total_gross") {
    auto pa = amounts::ParseAmount(x), pb = amounts::ParseAmount(y);
    return pa && pb && std::abs(std::stod(*pa) - std::stod(*pb)) < 0.005;
  }
  if (field == "issue_date" || field == "due_date") return x == y;
  const std::string ka = Alnum(x), kb = Alnum(y);
  if (ka.empty() || kb.empty()) return false;
  if (field == "invoice_number" || field == "supplier_vat" || field == "iban" || field == "currency")
    return ka == kb;
  // Names and addresses: one contains the other.
  return ka == kb || ka.find(kb) != std::string::npos || kb.find(ka) != std::string::npos;
}

void to_json(json& j, const Disagreement& d) {
  j = json{{"field", d.field}, {"embedded", d.embedded}, {"visible", d.visible}, {"visible_method", d.visible_method}};
}

std::vector<Disagreement> MergeEmbedded(const EmbeddedInvoice& invoice, Fields& fields) {
  std::vector<Disagreement> out;
  for (const auto& [name, value] : invoice.fields) {
    Field f;
    f.value = value;
    f.method = "embedded-xml";
    f.extractor_version = kVersion;
    auto it = fields.find(name);
    if (it == fields.end()) {
      f.confidence = 0.9;
    } else if (SameValue(name, value, it->second.value)) {
      f.confidence = 0.99;
      f.page = it->second.page;  // where the same value is printed
      f.box = it->second.box;
    } else {
      f.confidence = 0.8;
      out.push_back({name, value, it->second.value, it->second.method});
    }
    fields[name] = std::move(f);
  }
  if (!invoice.line_items.empty()) {
    Field f;
    f.value = invoice.line_items;
    f.confidence = 0.95;
    f.method = "embedded-xml";
    f.extractor_version = kVersion;
    fields["line_items"] = std::move(f);
  }
  return out;
}

json ApplyEmbedded(const Classification& classification, const std::vector<EmbeddedFile>& files, Fields& fields) {
  if (classification.label != "invoice" || files.empty()) return nullptr;
  auto invoice = FirstInvoice(files);
  if (!invoice) return nullptr;
  return json{{"source", invoice->source},
              {"syntax", invoice->syntax},
              {"disagreements", MergeEmbedded(*invoice, fields)}};
}

}  // namespace docflow::embedded
