// The class reviewed against the fields; see class_review.h.
#include "extractors/class_review.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

#include "classifiers/text_norm.h"

namespace docflow {

int CountPlaceholders(const std::string& text) {
  static const std::regex bracketed(R"(\[([A-Za-z][^\]\n]{0,40})\])");
  static const std::regex note(
      R"(^(?:illegible|intentionally|signature|signatures|logo|graphic|reserved|omitted|redacted|confidential)\b)");
  std::set<std::string> distinct;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), bracketed); it != std::sregex_iterator(); ++it) {
    const std::string inner = text::FoldText((*it)[1].str());
    if (!std::regex_search(inner, note)) distinct.insert(inner);
  }
  return static_cast<int>(distinct.size());
}

int CountBlanks(const std::string& text, size_t head) {
  static const std::regex blank(R"(_{4,}|\.{8,}|\xE2\x80\xA6{4,})");
  const std::string part = text.substr(0, std::min(head, text.size()));
  return static_cast<int>(std::distance(std::sregex_iterator(part.begin(), part.end(), blank), std::sregex_iterator()));
}

// Folded bytes [at, at + n) of line are capitals while the rest of the line
// has lower case: set apart as a title ("Hôtel Les Remparts BON DE
// COMMANDE"), unlike a line all in capitals ("VIR RECU CLIENT MARTIN").
bool InCapitalsAmongLowerCase(const std::string& line, size_t at, size_t n) {
  const std::string cased = text::Fold(line, false).text;
  if (at + n > cased.size()) return false;
  const std::string inside = cased.substr(at, n), outside = cased.substr(0, at) + cased.substr(at + n);
  const char* lower = "abcdefghijklmnopqrstuvwxyz";
  return inside.find_first_of(lower) == std::string::npos && outside.find_first_of(lower) != std::string::npos;
}

namespace {

// Titles of documents that are none of the three kinds, whatever the model
// says: news, directories, meetings, calls for tenders.
constexpr const char* kAnyOther =
    "press release|communique de presse|for immediate release|newsletter|lettre d'information|"
    "staff directory|internal staff directory|annuaire|ordre du jour|meeting agenda|"
    "minutes of the meeting|board minutes|request for proposals?|request for quotation|appel d'offres|"
    "demande de prix|demande de devis|"
    // a website's notices to its users
    "privacy policy|privacy notice|cookie policy|politique de confidentialite|politique de cookies|"
    "politique de protection des donnees|datenschutzerklaerung|datenschutzerklarung";
// ... and, for what the model took for an invoice, the other commercial
// papers that print amounts.
constexpr const char* kNotInvoice =
    "purchase order|bon de commande|order confirmation|confirmation de commande|delivery note|"
    "bon de livraison|packing list|lieferschein|bestellung|quotation|devis|estimate|offre de prix|"
    "bank statement|account statement|releve de compte|releve bancaire|extrait de compte|kontoauszug|"
    "bulletin de paie|bulletin de salaire|fiche de paie|payslip|pay slip|earnings statement|"
    "product datasheet|datasheet|data sheet|fiche technique|price list|liste de prix|conditions et tarifs|"
    // a lawyer's demand for payment quotes the invoices it claims
    "mise en demeure|formal notice|letter before action|letter before claim";

// The letters of a title set in spaced capitals ("P U RC H AS E O RD E R",
// "I N V O I C E"), joined and folded ("purchaseorder"); "" when the line
// has no run of six or more such one-to-three-letter groups.
std::string SpacedCapitalsJoined(const std::string& line) {
  static const std::regex run(R"((?:^|\s)((?:[A-Z]{1,3} ){5,}[A-Z]{1,3})(?=\s|$))");
  std::smatch m;
  if (!std::regex_search(line, m, run)) return "";
  std::string joined;
  for (char c : m[1].str())
    if (c != ' ') joined += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return joined;
}

// A regex alternation with its spaces taken out ("purchase order" ->
// "purchaseorder"), to match SpacedCapitalsJoined's words.
std::string WithoutSpaces(std::string names) {
  names.erase(std::remove(names.begin(), names.end(), ' '), names.end());
  return names;
}

}  // namespace

std::string TitledAs(const std::vector<Page>& pages, const std::string& label) {
  if (pages.empty()) return "";
  const bool invoice = label == "invoice";
  // Another document's name as a title: a cell of its own (a text layer's
  // columns are 2+ spaces apart), maybe with its number or after a dash, or
  // in capitals.
  // ("TRADE PRICE LIST 2025": a market's word before it, a year after it)
  auto as_cell = [](const std::string& names) {
    return std::regex(R"(^\s*(?:(?:trade|retail|wholesale|dealer|public|annual)\s+)?()" + names +
                      R"()(?:\s*(?:n[o°]|no\.|#|number|nr\.?)\s*[:.]?\s*\S+|\s+[-|].*|\s+(?:19|20)\d\d)?\s*$)");
  };
  static const std::string any = kAnyOther, both = std::string(kAnyOther) + "|" + kNotInvoice;
  static const std::regex type_any("(" + any + ")"), type_invoice("(" + both + ")");
  static const std::regex cell_any = as_cell(any), cell_invoice = as_cell(both);
  const std::regex& other_type = invoice ? type_invoice : type_any;
  const std::regex& cell = invoice ? cell_invoice : cell_any;
  // An invoice's or a receipt's own title, as a cell's first words or in
  // capitals ("Facture N° FA-2025-0142", "TAX INVOICE", "TICKET"); a bank
  // statement's "Virement reçu" or a PO's "adresse de facturation" is none.
  static const std::regex invoice_word(
      R"(\b(?:factures?|invoices?|rechnung\w*|rechnungs-\w+|gutschrift|factuur|creditnota|receipts?|tickets?|recu|)"
      R"(avoir|credit note|note de credit|quittance|quittung|kassenbon|note d'honoraires|bill|tax invoice)\b)");
  auto titled_invoice = [&](const std::string& line, const std::string& fold) {
    for (auto it = std::sregex_iterator(fold.begin(), fold.end(), invoice_word); it != std::sregex_iterator(); ++it) {
      const size_t at = static_cast<size_t>(it->position(0));
      const size_t cell_start = fold.rfind("  ", at);
      const size_t from = cell_start == std::string::npos ? 0 : cell_start;
      if (fold.substr(from, at - from).find_first_not_of(" ") == std::string::npos) return true;
      if (InCapitalsAmongLowerCase(line, at, static_cast<size_t>(it->length(0)))) return true;
    }
    return false;
  };
  // The same names set in spaced capitals.
  static const std::regex spaced_invoice(R"(invoice|facture|rechnung|factuur|receipt|creditnote|avoir|gutschrift)");
  static const std::regex spaced_any("(" + WithoutSpaces(any) + ")"), spaced_both("(" + WithoutSpaces(both) + ")");
  // An issue of a periodical ("Issue 23 · Spring 2025", "N° 112 – mars 2025").
  static const std::regex issue(
      R"((?:^|\s)(?:issue|numero|vol|volume|ausgabe)\.?\s*\d{1,4}\s*\W{0,3}\s*)"
      R"((?:spring|summer|autumn|fall|winter|printemps|ete|automne|hiver|fruhling|fruehling|sommer|herbst|)"
      R"(january|february|march|april|may|june|july|august|september|october|november|december|)"
      R"(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s+(?:19|20)\d\d\b)");
  int lines = 0;
  std::string found;
  for (const std::string& line : text::SplitLines(pages[0].text)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (++lines > 15) break;
    const std::string fold = text::FoldText(line);
    if (invoice && titled_invoice(line, fold)) return "";
    const std::string spaced = SpacedCapitalsJoined(line);
    if (invoice && !spaced.empty() && std::regex_search(spaced, spaced_invoice)) return "";
    if (!found.empty()) continue;
    std::smatch sm;
    if (!spaced.empty() && std::regex_match(spaced, sm, invoice ? spaced_both : spaced_any)) found = sm[1];
    if (found.empty() && std::regex_search(fold, issue)) found = "periodical";
    std::smatch m;
    for (size_t b = 0; b < fold.size();) {  // cells
      size_t e = fold.find("  ", b);
      if (e == std::string::npos) e = fold.size();
      const std::string part = fold.substr(b, e - b);
      b = fold.find_first_not_of(' ', e);
      // (not a label: "Bestellung      : B123456789")
      if (std::regex_match(part, m, cell) && (b == std::string::npos || fold[b] != ':')) found = m[1];
      // A periodical's name ("Commercial Contracts Bulletin", "Tax Digest").
      static const std::regex periodical(R"(^(?:[a-z&'-]+\s+){1,4}(bulletin|newsletter|digest|briefing)$)");
      if (found.empty() && std::regex_match(part, m, periodical)) found = m[1];
      if (b == std::string::npos) break;
    }
    // In capitals within an OCR'd line ("Hôtel Les Remparts BON DE COMMANDE").
    if (found.empty() && std::regex_search(fold, m, other_type) &&
        InCapitalsAmongLowerCase(line, static_cast<size_t>(m.position(0)), static_cast<size_t>(m.length(0))))
      found = m[1];
  }
  return found;
}

std::optional<Classification> ReviewClass(const Classification& c, const Fields& fields,
                                          const std::vector<Page>& pages) {
  if (c.label == "invoice" || c.label == "contract" || c.label == "contact") {
    if (!TitledAs(pages, c.label).empty()) {
      Classification out = c;
      out.label = "other";
      out.subtype = "needs_review";
      out.confidence = kTitledOtherConfidence;
      return out;
    }
  }
  if (c.label == "invoice" && !fields.count("invoice_number") && !fields.count("total_gross")) {
    std::string text;
    for (const Page& p : pages) text += text::FoldText(p.text) + "\n";
    static const std::regex law(
        R"(\b(?:governing law|governed by the laws? of|droit applicable|soumis au droit|regi par le droit|)"
        R"(unterliegt dem \w+ recht|anwendbares recht)\b)");
    static const std::regex roles(
        R"(\b(?:client|customer|provider|supplier|contractor|prestataire|fournisseur|auftraggeber|auftragnehmer)\b)");
    const auto role_count = std::distance(std::sregex_iterator(text.begin(), text.end(), roles), std::sregex_iterator());
    if (std::regex_search(text, law) && role_count >= 4) {
      Classification out = c;
      out.label = "contract";
      out.subtype = "needs_review";
      out.confidence = kContractFormConfidence;
      return out;
    }
  }
  if (c.label != "contract" || fields.count("parties")) return std::nullopt;
  Classification out = c;
  out.label = "other";
  auto other = c.scores.find("other");
  out.confidence = other != c.scores.end() ? other->second : 1.0 - c.confidence;
  std::string text;
  for (const Page& p : pages) text += p.text + "\n";
  if (CountPlaceholders(text) >= kTemplatePlaceholders || CountBlanks(text, kTemplateHead) >= kTemplateBlanks) {
    out.subtype = "template";
    out.confidence = kTemplateConfidence;
    return out;
  }
  if (c.confidence >= kContractWithoutPartiesMin) return std::nullopt;
  out.subtype = "needs_review";
  return out;
}

}  // namespace docflow
