// Invoice fields from text lines: labelled values first, fallbacks after.
// Totals: gross, net and tax candidates from their labels (on the label's
// line, or under it in a row of column headers), then net + tax = gross picks
// the consistent triple. Parties: parties.cc. VAT number / IBAN: only values
// passing validators.cc. A due date before the issue date lowers confidence.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <regex>

#include "extractors/amounts.h"
#include "extractors/amounts_ocr.h"
#include "extractors/dates.h"
#include "extractors/extract_util.h"
#include "extractors/field_extractors.h"
#include "extractors/line_items.h"
#include "extractors/parties.h"
#include "extractors/total_agreement.h"
#include "extractors/validators.h"
#include "extractors/year_repair.h"

namespace docflow {
namespace {

using extract::Line;
constexpr const char* kVersion = "invoice/2";

struct Candidate {
  std::string value, raw;
  int page = -1;
  double confidence = 0;
  std::string method;
};

bool Contains(std::string_view hay, std::string_view word) {
  return text::FindWord(hay, word) != std::string_view::npos;
}

bool ContainsAny(std::string_view hay, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (Contains(hay, w)) return true;
  return false;
}

// ---------------------------------------------------------------- number

struct Label {
  std::regex re;
  double confidence;
};

// "N°" read by OCR is often "N*": '*' may end a label as ':' or '#' do.
const std::vector<Label>& NumberLabels() {
  static const std::vector<Label> labels = [] {
    auto icase = std::regex::ECMAScript;
    std::vector<Label> l;
    // An invoice's own number before a receipt's: an online receipt prints
    // both ("Receipt #2204-7731" ... "Invoice number FH-2025-04-1187").
    l.push_back({std::regex(R"((?:invoice|inv|facture|rechnung|bill|credit note|)"
                            R"(gutschrift|avoir|factuur)\s*-?\s*(?:number|nummer|numero|num|nbr|no|nr|n|#|id)\b\.?)"
                            R"(\s*[:#.*]?\s*)",
                            icase),
                 0.92});
    l.push_back({std::regex(R"((?:receipt|recu|\bticket|\bbon|\bbeleg|\bkassenbon)\s*-?\s*)"
                            R"((?:number|nummer|numero|num|nbr|no|nr|n|#|id)\b\.?\s*[:#.*]?\s*)",
                            icase),
                 0.92});
    l.push_back({std::regex(R"(\b(?:n|no|nr|num|numero|number)\.?\s*(?:de\s+|of\s+|d'\s*)?(?:la\s+|the\s+)?)"
                            R"((?:facture|invoice|rechnung|recu|receipt|avoir)\s*[:#.*]?\s*)",
                            icase),
                 0.92});
    l.push_back({std::regex(R"((?:rechnungs-?(?:nummer|nr)|belegnummer|invoice-?id|facture-?id)\.?\s*[:#.*]?\s*)",
                            icase),
                 0.9});
    l.push_back({std::regex(R"(\b(?:invoice|facture|rechnung|receipt|bill|avoir|gutschrift|factuur|credit note|)"
                            R"(credit memo|note de credit|creditnota|ticket|kassenbon)\b\s*[:#]?\s*)",
                            icase),
                 0.75});
    // The word must end: the "N" of "NL859123456B01" is not a label.
    l.push_back({std::regex(R"((?:^|\s)(?:(?:no|nr|n|numero|number)(?![a-z0-9])|#)\.?\s*[:#*]?\s*)", icase), 0.6});
    return l;
  }();
  return labels;
}

// Words that, just before a bare "No"/"Nr", mean another kind of number.
bool OtherNumberContext(std::string_view before) {
  static const char* kDeny[] = {"customer", "client", "kunde", "kunden", "order", "commande",
                                "bestellung", "tva", "vat", "ust", "siret", "siren", "tel",
                                "phone", "fax", "page", "seite", "account", "compte", "konto",
                                "delivery", "livraison", "liefer", "lieferschein", "contrat",
                                "contract", "vertrag", "po", "ref", "reference", "steuer",
                                "tax", "registration", "serial", "item", "article", "artikel",
                                "projet", "project", "bon", "associee", "dossier", "member",
                                "table", "cashier", "receipt", "doc", "gst", "reg", "company",
                                "rcs", "tva intracom", "identification", "id", "mobile", "btw", "kvk",
                                "ustid", "uid", "abn", "siret", "eori"};
  std::string b = text::Trim(before);
  // Last word before the label.
  size_t sp = b.find_last_of(" \t:");
  std::string last = sp == std::string::npos ? b : b.substr(sp + 1);
  while (!last.empty() && !std::isalnum(static_cast<unsigned char>(last.back()))) last.pop_back();
  for (const char* d : kDeny)
    if (last == d) return true;
  return false;
}

// The code-like token at the start of `s` ("FA-2024-0042", "RE-2017/505").
std::string CodeToken(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == ':' || s[i] == '#' || s[i] == '*' || s[i] == '\t')) ++i;
  size_t b = i;
  std::string t;
  auto at = [&](size_t k) -> unsigned char { return k < s.size() ? s[k] : '\0'; };
  auto alnum = [&](size_t k) { return std::isalnum(at(k)) != 0; };
  auto slash_or_dash = [&](size_t k) { return at(k) == '/' || at(k) == '-'; };
  while (i < s.size()) {
    unsigned char c = s[i];
    if (std::isalnum(c) || c == '-' || c == '/' || c == '.' || c == '_') {
      ++i;
      continue;
    }
    // OCR puts a space on one side of a slash or dash inside a code ("OJ
    // /2024/017", "FA- 2024-12"): joined when the other side has none.
    // The part joined must hold a digit ("ORD #50 -REG" is two things).
    auto digit_follows = [&](size_t k) {
      for (; k < s.size() && s[k] != ' '; ++k)
        if (std::isdigit(static_cast<unsigned char>(s[k]))) return true;
      return false;
    };
    const bool joins = c == ' ' && i > b && digit_follows(i + 1) &&
                       ((slash_or_dash(i + 1) && alnum(i - 1) && alnum(i + 2)) ||
                        (slash_or_dash(i - 1) && i >= b + 2 && alnum(i - 2) && alnum(i + 1)));
    if (!joins) break;
    t.append(s.substr(b, i - b));
    b = ++i;
  }
  t.append(s.substr(b, i - b));
  while (!t.empty() && (t.back() == '.' || t.back() == '-' || t.back() == '/')) t.pop_back();
  return t;
}

bool PlausibleNumber(const std::string& t) {
  if (t.size() < 2 || t.size() > 32 || !text::HasDigit(t)) return false;
  if (dates::ParseDate(t)) return false;
  // A decimal amount ("12.50") is not an invoice number.
  static const std::regex money(R"(\d+[.,]\d\d)");
  if (std::regex_match(t, money)) return false;
  return true;
}

// The code-point columns a label spans on its line, from folded offsets
// (the spaces and colon the label's pattern swallowed are not part of it).
struct Columns {
  size_t begin = 0, end = 0;
};
Columns LabelColumns(const Line& line, size_t label_begin, size_t label_end) {
  size_t b = extract::OriginalOffset(line.text, label_begin);
  size_t e = extract::OriginalOffset(line.text, label_end);
  while (e > b && (line.text[e - 1] == ' ' || line.text[e - 1] == '\t' || line.text[e - 1] == ':')) --e;
  return {text::Utf8Length(std::string_view(line.text).substr(0, b)),
          text::Utf8Length(std::string_view(line.text).substr(0, e))};
}

// How far the span [b, e) lies from the label's columns: 0 when they
// overlap; SIZE_MAX when it is more than `tol` columns away.
size_t ColumnGap(const Columns& label, size_t b, size_t e, size_t tol = 8) {
  size_t gap = e <= label.begin ? label.begin - e : b >= label.end ? b - label.end : 0;
  return gap > tol ? SIZE_MAX : gap;
}

// The code printed under a label in its columns, on the next printed line
// (a row of headings over a row of values); empty when that column holds
// something else.
// (A line with nothing in the label's columns, such as a sidebar's
// "administratie@..." between a row of headings and its values, is passed
// over.)
std::string CodeUnder(const std::vector<Line>& lines, size_t i, const Columns& label) {
  for (size_t j = i + 1; j < lines.size() && j <= i + 2; ++j) {
    if (lines[j].page != lines[i].page) break;
    auto segs = parties::Segments(lines[j].text);
    for (const auto& s : segs) {
      size_t b = static_cast<size_t>(s.col);
      if (ColumnGap(label, b, b + text::Utf8Length(s.text), 0) != 0) continue;
      // One code, alone in its column.
      std::string t = text::Trim(s.text);
      if (t.find(' ') != std::string::npos) return "";
      return CodeToken(t) == t ? t : "";
    }
  }
  return "";
}

// A reference to another invoice ("Avoir sur facture N° FA-12", "credit
// note against invoice 12", "zu Rechnung Nr. 7", "original invoice"): the
// number after it is not this document's own.
bool ReferenceToAnotherInvoice(std::string_view before) {
  std::string b = text::Trim(before);
  size_t sp = b.find_last_of(" \t:(");
  std::string last = sp == std::string::npos ? b : b.substr(sp + 1);
  static const char* kRef[] = {"sur", "against", "zu", "zur", "storno", "annule", "remplace", "corrige", "bij"};
  for (const char* r : kRef)
    if (last == r) return true;
  static const std::regex origin(
      R"(\b(?:d'\s*origine|original|originale|initiale?|annule|annulant|remplace|corrige|rectifie|cancels?|)"
      R"(credits|refers to|relates to)\b)");
  std::string_view tail = before.substr(before.size() > 30 ? before.size() - 30 : 0);
  return std::regex_search(tail.begin(), tail.end(), origin);
}

std::optional<Candidate> FindInvoiceNumber(const std::vector<Line>& lines) {
  const auto& labels = NumberLabels();
  std::optional<Candidate> reference;  // a number only after "sur facture"...
  for (size_t li = 0; li < labels.size(); ++li) {
    const Label& label = labels[li];
    const bool weak = li >= 4;
    for (size_t i = 0; i < lines.size(); ++i) {
      const Line& line = lines[i];
      if (weak && i > 80) break;  // weak labels only near the top
      const std::string& f = line.folded;
      for (auto it = std::sregex_iterator(f.begin(), f.end(), label.re);
           it != std::sregex_iterator(); ++it) {
        size_t lb = it->position(0), le = lb + it->length(0);
        if (li == 5 && OtherNumberContext(std::string_view(f).substr(0, lb))) continue;
        if (li == 4) {
          // "Invoice date", "facture pro forma"... are not numbers.
          std::string_view rest = std::string_view(f).substr(le);
          if (rest.rfind("date", 0) == 0 || rest.rfind("to", 0) == 0) continue;
          // "Date de facture : 18 mars 2025", "Date of invoice: 5 May"...
          static const std::regex date_of(R"((?:\bdate|\bdatum)\s+(?:de\s+(?:la\s+)?|d'\s*|of\s+(?:the\s+)?|der\s+)?$)");
          const std::string before(std::string_view(f).substr(0, lb));
          if (std::regex_search(before, date_of)) continue;
        }
        size_t orig = extract::OriginalOffset(line.text, le);
        std::string_view rest = std::string_view(line.text).substr(orig);
        std::string tok = CodeToken(rest);
        {
          // A number printed in groups of digits ("N° de facture : 10 2400
          // 558 917"): eight digits or more, as printed, ending its cell.
          static const std::regex grouped(R"(^[\s:#.\-]*(\d{2,4}(?: \d{2,4}){2,5})(?=\s{2,}|\s*$))");
          std::match_results<std::string_view::const_iterator> gm;
          if (std::regex_search(rest.begin(), rest.end(), gm, grouped) && gm[1].str().rfind(tok, 0) == 0 &&
              std::count_if(gm[1].first, gm[1].second, [](char c) { return c >= '0' && c <= '9'; }) >= 8)
            tok = gm[1].str();
        }
        double conf = label.confidence;
        std::string method = "label";
        if (!PlausibleNumber(tok) && i + 1 < lines.size()) {
          // The value under the label: alone on the next line when the
          // label ends its line, else in the label's columns.
          std::string below;
          if (tok.empty() && text::Trim(rest).empty()) {
            for (size_t j = i + 1; j < lines.size() && j <= i + 2; ++j) {
              std::string next = text::Trim(lines[j].text);
              if (next.empty()) continue;
              if (next.find(' ') == std::string::npos) below = CodeToken(next);
              break;
            }
          }
          if (below.empty()) below = CodeUnder(lines, i, LabelColumns(line, lb, le));
          if (!below.empty()) {
            tok = below;
            conf -= 0.15;
            method = "label-below";
          }
        }
        if (!PlausibleNumber(tok)) continue;
        Candidate c{tok, tok, line.page, conf, method};
        // ... or after it: "Facture d'origine : F-24-0187" on a credit note.
        static const std::regex origin_after(R"(^\s*(?:d\W{0,2}origine|originale?|initiale?|of origin|rectifiee)\b)");
        if (ReferenceToAnotherInvoice(std::string_view(f).substr(0, lb)) ||
            std::regex_search(f.cbegin() + static_cast<long>(le), f.cend(), origin_after)) {
          if (!reference) reference = c;
          continue;
        }
        return c;
      }
    }
  }
  if (reference) reference->confidence = std::min(reference->confidence, 0.45);
  return reference;
}

// ---------------------------------------------------------------- dates

// Only spaces, punctuation and short words ("le", "du", "of") between a
// label and its value.
bool ShortGap(std::string_view gap) {
  std::string g = text::CollapseSpaces(gap);
  if (g.size() > 16) return false;
  size_t run = 0;
  for (char c : g) {
    run = std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 ? run + 1 : 0;
    if (run >= 4) return false;
  }
  return true;
}

// Date immediately following the label [label_begin, label_end) (folded
// offsets) on the line; else the date printed under the label in its
// columns, on one of the next two printed lines (a row of headings over a
// row of values: the one nearest the label's columns); else, when the
// label ends its line, the date opening the next line.
std::optional<Candidate> DateAfter(const std::vector<Line>& lines, size_t i, size_t label_begin,
                                   size_t label_end, dates::DateOrder order, double conf,
                                   bool allow_compact) {
  const Line& line = lines[i];
  size_t orig = extract::OriginalOffset(line.text, label_end);
  std::string_view rest = std::string_view(line.text).substr(orig);
  auto found = dates::FindDates(rest, order);
  for (const auto& d : found) {
    if (d.compact && !allow_compact) continue;
    // The date must come soon after the label (not at the far end of a
    // two-column line).
    if (!ShortGap(rest.substr(0, d.begin))) break;
    return Candidate{d.iso, d.raw, line.page, conf - (d.ambiguous ? 0.1 : 0.0), "label"};
  }
  // Under the label only when it heads its cell: not a label's words
  // inside a sentence ("paiement à 30 jours date de facture par virement",
  // with another invoice's date two lines down).
  {
    const std::string_view f = line.folded;
    const size_t cell = f.substr(0, label_begin).rfind("  ");
    const std::string_view before = f.substr(cell == std::string_view::npos ? 0 : cell, label_begin - (cell == std::string_view::npos ? 0 : cell));
    if (extract::CountWords(before) > 2) return std::nullopt;
  }
  const Columns cols = LabelColumns(line, label_begin, label_end);
  const bool alone = text::Trim(rest).empty();
  for (size_t j = i + 1, seen = 0; j < lines.size() && seen < 2; ++j) {
    if (text::Trim(lines[j].text).empty()) continue;
    ++seen;
    std::optional<Candidate> best;
    size_t best_gap = SIZE_MAX;
    for (const auto& d : dates::FindDates(lines[j].text, order)) {
      if (d.compact && !allow_compact) continue;
      // A date after its own label in its cell belongs to that label ("Due
      // date / Échéance 2025-03-19" under an issue-date label whose value
      // OCR lost).
      {
        const std::string cell_before = text::FoldText(std::string_view(lines[j].text).substr(0, d.begin));
        const size_t gap = cell_before.rfind("   ");
        if (ContainsAny(gap == std::string::npos ? std::string_view(cell_before) : std::string_view(cell_before).substr(gap),
                        {"date", "due", "echeance", "datum", "faellig", "fallig", "vervaldatum", "scadenza", "vencimiento"}))
          continue;
      }
      size_t db = text::Utf8Length(std::string_view(lines[j].text).substr(0, d.begin));
      size_t gap = ColumnGap(cols, db, db + text::Utf8Length(d.raw));
      bool first_on_line =
          alone && text::CollapseSpaces(std::string_view(lines[j].text).substr(0, d.begin)).size() < 4;
      if (gap == SIZE_MAX && first_on_line) gap = SIZE_MAX - 1;
      if (gap < best_gap) {
        best_gap = gap;
        best = Candidate{d.iso, d.raw, lines[j].page, conf - 0.15, "label-below"};
      }
    }
    if (best) return best;
  }
  return std::nullopt;
}

bool IsNonIssueDateContext(std::string_view before) {
  std::string_view tail = before.substr(before.size() > 25 ? before.size() - 25 : 0);
  return ContainsAny(tail, {"due", "echeance", "livraison", "delivery", "liefer", "leistungs",
                            "payment", "paiement", "fin", "debut", "commande", "order",
                            "associee", "expiry", "expiration", "naissance", "birth", "start",
                            "end", "service", "prestation", "valid", "validite", "zahlungs",
                            "faellig", "fallig", "shipping", "ship", "print", "edition",
                            // Another document's date ("Suivant devis n° D-2024-019 du 15/01/2024").
                            "devis", "quote", "quotation", "angebot", "offerte", "contrat", "contract",
                            // A payment's ("facture précédente ... réglée le 22/01/2024").
                            "regle", "reglee", "paid", "paye", "payee", "bezahlt", "betaald",
                            // The next bill's ("Prochaine facture : vers le 14/05/2024").
                            "prochain", "prochaine", "next", "naechste", "volgende", "releve",
                            // A billing period's start ("période de consommation du 10/01/2024 au ...").
                            "periode", "period", "zeitraum", "consommation", "consumption"});
}

std::optional<Candidate> FindIssueDate(const std::vector<Line>& lines, dates::DateOrder order) {
  static const std::regex strong(
      R"((?:invoice date|date of issue|issue date|date of invoice|date de (?:la )?facture|)"
      R"(date de facturation|date d'emission|date facture|facture du|invoice dated|)"
      // A credit note's ("Date de l'avoir", "Credit note date", "Gutschriftsdatum").
      R"(date de l'avoir|date d'avoir|avoir du|credit note date|date of credit note|credit memo date|)"
      R"(gutschriftsdatum|creditnotadatum|datum creditnota|)"
      R"(rechnungsdatum|belegdatum|ausstellungsdatum|receipt date|billing date|date issued|)"
      R"(factuurdatum|datum factuur|)"
      R"(issued (?:at|on)|issued)\s*[:.]?\s*)");
  static const std::regex medium(R"(\b(?:date|datum|dated|dat|le)\s*[:.]?\s*)");
  static const std::regex nearby(R"(\b(?:vom|von|du|of|issued)\s+)");
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    for (auto it = std::sregex_iterator(f.begin(), f.end(), strong); it != std::sregex_iterator();
         ++it)
      if (auto c = DateAfter(lines, i, it->position(0), it->position(0) + it->length(0), order, 0.92, true))
        return c;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    for (auto it = std::sregex_iterator(f.begin(), f.end(), medium); it != std::sregex_iterator();
         ++it) {
      size_t lb = it->position(0);
      if (IsNonIssueDateContext(std::string_view(f).substr(0, lb))) continue;
      // "le" dates an invoice ("Facture ... le") or a letter-style heading
      // ("Talence, le 21 février 2024": a place and a comma before it).
      // (in the place's own column when the line has several: "PLOMBERIE ·
      // CHAUFFAGE        Rennes, le 02/05/2025")
      static const std::regex place_comma(R"(^\s*(?:\S+\s+){0,6}?[a-z][a-z' -]{1,30},\s*$)");
      std::string before_le = f.substr(0, lb);
      if (const size_t gap = before_le.rfind("   "); gap != std::string::npos) before_le = before_le.substr(gap + 3);
      if (it->str().rfind("le", 0) == 0 && !Contains(f, "facture") && !std::regex_match(before_le, place_comma))
        continue;
      if (auto c = DateAfter(lines, i, lb, lb + it->length(0), order, 0.8, true)) return c;
    }
  }
  // "Rechnung Nr. 123 vom 05.03.2018", "Facture n° 12 du 03/02/2024".
  for (size_t i = 0; i < lines.size() && i < 60; ++i) {
    const std::string& f = lines[i].folded;
    if (!ContainsAny(f, {"invoice", "facture", "rechnung", "receipt", "nr", "no"}) &&
        f.find("rechnung") == std::string::npos)
      continue;
    for (auto it = std::sregex_iterator(f.begin(), f.end(), nearby); it != std::sregex_iterator();
         ++it) {
      if (IsNonIssueDateContext(std::string_view(f).substr(0, static_cast<size_t>(it->position(0))))) continue;
      if (auto c = DateAfter(lines, i, it->position(0), it->position(0) + it->length(0), order, 0.75, false))
        return c;
    }
  }
  // Fallback: the first plausible date of the document.
  for (size_t i = 0; i < lines.size(); ++i) {
    auto found = dates::FindDates(lines[i].text, order);
    for (const auto& d : found) {
      if (d.compact || d.short_year) continue;
      size_t fpos = text::Fold(std::string_view(lines[i].text).substr(0, d.begin)).text.size();
      if (IsNonIssueDateContext(std::string_view(lines[i].folded).substr(0, fpos))) continue;
      return Candidate{d.iso, d.raw, lines[i].page, d.ambiguous ? 0.4 : 0.5, "fallback"};
    }
  }
  // Receipts: a timestamp "14-03-18 21:49" (two-digit year next to a time),
  // or a date whose context was doubtful ("Order No. 12 11/03/2018 18:25").
  // OCR may space "21: 49"; a word may join them ("14/03/24 A 07:58").
  static const std::regex time(R"(^\s*(?:(?:a|at|um|om|-|,)\s+)?\d{1,2} ?[:.h] ?\d{2})", std::regex::icase);
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < lines.size(); ++i) {
      for (const auto& d : dates::FindDates(lines[i].text, order)) {
        if (d.compact) continue;
        // "14-03-18 21:49", "10:43AM 568582 24-01-18": a time on the same line.
        static const std::regex any_time(R"((?:^|[^\d])\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]m)?(?![\d]))", std::regex::icase);
        bool timestamp = std::regex_search(lines[i].text.substr(d.end), time) ||
                         std::regex_search(lines[i].text.substr(0, d.begin), any_time);
        if (pass == 0 && !timestamp) continue;
        if (pass == 1 && d.short_year && !timestamp) continue;
        int year = std::stoi(d.iso.substr(0, 4));
        if (year < 1990 || year > 2099) continue;
        return Candidate{d.iso, d.raw, lines[i].page, 0.35, "fallback-timestamp"};
      }
    }
  return std::nullopt;
}

std::optional<Candidate> FindDueDate(const std::vector<Line>& lines, dates::DateOrder order) {
  static const std::regex due(
      R"((?:due date|date due|payment due(?: date)?|due by|due on|pay by|payable by|)"
      R"(date d'echeance|date limite de (?:paiement|reglement)|echeance|a payer avant le|)"
      R"(remit until|pay until|payable until|payment until|payer avant le|bis zum|)"
      R"(a regler avant le|zahlbar bis|zahlungsziel|faellig am|fallig am|faelligkeitsdatum|)"
      R"(falligkeitsdatum|faellig|fallig|vervaldatum|vervaldag|uiterste betaaldatum|te betalen voor|)"
      // "Due: ..." and "Due   26/03/2024" in a column of labels.
      R"(\bdue(?=\s*:|\s+\d))\s*(?:le)?\s*[:.]?\s*)");
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    for (auto it = std::sregex_iterator(f.begin(), f.end(), due); it != std::sregex_iterator(); ++it)
      if (auto c = DateAfter(lines, i, it->position(0), it->position(0) + it->length(0), order, 0.88, true))
        return c;
  }
  // A deadline in a payment sentence: "Règlement à 30 jours, soit au plus
  // tard le 27/04/2024, par virement", "payment ... no later than".
  // ("Wij verzoeken u het bedrag vóór 19 februari 2025 over te maken",
  // "please pay the amount before 3 March", "à régler avant le ...")
  static const std::regex deadline(
      R"(\b(?:au plus tard le|no later than|not later than|spatestens am|spaetestens am|uiterlijk op|)"
      // (OCR reads the accented "vóór" as "vôér")
      R"((?:het\s+bedrag|the\s+amount|the\s+balance|le\s+montant)\s+(?:vo[oe]r|before|avant\s+le)|)"
      R"((?:te\s+betalen|over\s+te\s+maken|te\s+voldoen)\s+(?:voor|uiterlijk))\s*)");
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    if (!ContainsAny(f, {"reglement", "regler", "paiement", "payer", "payable", "payment", "pay ", "virement", "zahl",
                         "betalen", "overmaken", "over te maken", "voldoen", "transfer"}))
      continue;
    for (auto it = std::sregex_iterator(f.begin(), f.end(), deadline); it != std::sregex_iterator(); ++it)
      if (auto c = DateAfter(lines, i, it->position(0), it->position(0) + it->length(0), order, 0.7, true))
        return c;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- totals

struct TotalLabel {
  const char* phrase;  // folded
  int tier;            // 0 gross, 1 due, 2 generic total
};

constexpr TotalLabel kTotalLabels[] = {
    {"total ttc", 0}, {"montant ttc", 0}, {"total t.t.c", 0}, {"ttc", 0}, {"grand total", 0},
    {"total amount", 0}, {"invoice total", 0}, {"total invoice", 0}, {"total incl", 0},
    {"total including", 0}, {"total inclusive", 0}, {"incl. vat", 0}, {"incl vat", 0},
    {"bruttosumme", 0}, {"gesamtbetrag", 0}, {"rechnungsbetrag", 0}, {"bruttobetrag", 0},
    {"gesamtsumme", 0}, {"endbetrag", 0}, {"summe brutto", 0}, {"total gross", 0},
    {"gross total", 0}, {"gross amount", 0}, {"total (incl", 0}, {"total with tax", 0},
    {"total tax included", 0}, {"rounded total", 0}, {"total sales (inclusive", 0},
    // Belgian French ("TVA comprise"), Dutch.
    {"total tvac", 0}, {"montant tvac", 0}, {"tvac", 0}, {"totaal incl", 0}, {"incl. btw", 0}, {"incl btw", 0},
    // Australia, New Zealand: "Total inc GST", "Total incl. GST".
    {"total inc gst", 0}, {"total inc. gst", 0}, {"inc gst", 0}, {"incl gst", 0}, {"incl. gst", 0},
    {"including gst", 0},
    // British: "Total inc. VAT".
    {"total inc. vat", 0}, {"total inc vat", 0}, {"inc. vat", 0}, {"inc vat", 0},
    {"te betalen", 1}, {"totaal", 2},
    {"total sales", 1},
    {"amount due", 1}, {"total due", 1}, {"balance due", 1}, {"net a payer", 1},
    {"total a payer", 1}, {"montant a payer", 1}, {"reste a payer", 1}, {"zahlbetrag", 1},
    {"amount payable", 1}, {"total payable", 1}, {"to pay", 1}, {"a payer", 1},
    {"montant du", 1}, {"please pay", 1}, {"due payable", 1}, {"total payable", 1},
    {"total", 2}, {"montant", 2}, {"summe", 2}, {"betrag", 2}, {"amount", 2},
};

std::string_view SegmentAround(std::string_view f, size_t pos);

bool ExcludedTotalLine(std::string_view f, size_t label_pos, int tier) {
  // Sub-totals, taxes and net amounts are not the gross total. Only the
  // label's own column counts ("Subtotal    VAT    Total" header rows).
  std::string_view seg = SegmentAround(f, label_pos);
  size_t seg_pos = static_cast<size_t>(seg.data() - f.data());
  size_t from = std::max(seg_pos, label_pos > 20 ? label_pos - 20 : 0);
  size_t to = std::min(seg_pos + seg.size(), label_pos + 40);
  std::string_view around = f.substr(from, to > from ? to - from : 0);
  if (ContainsAny(around, {"sub", "subtotal", "sub-total", "sous-total", "sous total",
                           "zwischensumme", "discount", "remise", "rabatt", "saving",
                           "savings", "deposit", "acompte", "prepaid", "paid", "qty",
                           "quantity", "items", "item", "rounding", "arrondi", "change",
                           "tendered", "cash", "page", "positionssumme", "abschlage",
                           "zuschlage", "abschl", "zuschl", "subtotaal"}))
    return true;
  if (tier >= 2 && ContainsAny(around, {"ht", "h.t", "hors", "net", "netto", "excl",
                                        "excluding", "ohne", "tax", "tva", "vat", "gst",
                                        "ust", "mwst", "taxe", "taxes", "steuer",
                                        "steuerbetrag", "before", "btw", "htva", "exclusief"}))
    return true;
  if (tier == 0 && ContainsAny(around, {"ht", "htva", "hors taxe", "excl", "excluding", "ohne"}) &&
      !ContainsAny(around, {"ttc", "tvac", "incl", "including", "inclusive"}))
    return true;
  return false;
}

struct TotalCandidate {
  amounts::AmountMatch amount;
  int tier = 9;
  int page = -1;
  size_t line = 0;
  bool below = false;
};

// The amount printed under a label (same column, within 5 lines); defined below.
std::optional<std::pair<amounts::AmountMatch, size_t>> AmountBelow(const std::vector<Line>& lines,
                                                                 size_t i, size_t orig_pos,
                                                                 size_t label_cp);

// The amounts of `text` that are money: with decimals or a currency mark
// (not "Total 3 items").
std::vector<amounts::AmountMatch> PricedAmounts(std::string_view text) {
  auto found = amounts::FindAmounts(text);
  std::erase_if(found, [](const amounts::AmountMatch& a) { return !a.has_decimals && a.currency.empty(); });
  return found;
}

std::vector<TotalCandidate> TotalCandidates(const std::vector<Line>& lines) {
  std::vector<TotalCandidate> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    // The most specific label on the line wins.
    for (const TotalLabel& label : kTotalLabels) {
      size_t pos = text::FindWord(f, label.phrase);
      if (pos == std::string::npos) continue;
      if (ExcludedTotalLine(f, pos, label.tier)) continue;
      size_t label_end = pos + std::string_view(label.phrase).size();
      size_t orig_end = extract::OriginalOffset(lines[i].text, label_end);
      auto found = PricedAmounts(std::string_view(lines[i].text).substr(orig_end));
      if (!found.empty()) {
        // The nearest amount after the label.
        TotalCandidate c{found.front(), label.tier, lines[i].page, i, false};
        c.amount.begin += orig_end;
        c.amount.end += orig_end;
        out.push_back(c);
      } else if ((label.tier <= 1 || extract::CountWords(lines[i].folded) <= 3 ||
                  extract::CountWords(SegmentAround(f, pos)) <= 3) &&
                 amounts::FindAmounts(std::string_view(lines[i].text)).empty()) {
        // Column layout: the value is printed under the label.
        size_t orig_pos = extract::OriginalOffset(lines[i].text, pos);
        if (auto b = AmountBelow(lines, i, orig_pos, text::Utf8Length(label.phrase)))
          out.push_back({b->first, label.tier, lines[b->second].page, b->second, true});
      }
      break;
    }
  }
  return out;
}

// A deposit invoice ("FACTURE D'ACOMPTE", "Deposit invoice",
// "Anzahlungsrechnung") bills the deposit itself: its total is on the
// deposit's line ("Montant de l'acompte TTC 4 122,00 €"), which on other
// invoices is a payment made (ExcludedTotalLine), while the order's own
// total may be printed above it. Those lines, as the costliest candidates
// (tier 3): the sum check takes one only when net + tax give it.
std::vector<TotalCandidate> DepositTotals(const std::vector<Line>& lines) {
  std::vector<TotalCandidate> out;
  bool deposit_invoice = false;
  for (const auto& l : lines)
    deposit_invoice = deposit_invoice ||
                      ContainsAny(l.folded, {"facture d'acompte", "deposit invoice", "advance invoice",
                                             "anzahlungsrechnung", "abschlagsrechnung", "voorschotfactuur"});
  if (!deposit_invoice) return out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    if (!ContainsAny(f, {"acompte", "deposit", "anzahlung", "abschlag", "voorschot"}) ||
        !ContainsAny(f, {"ttc", "incl", "including", "brutto", "total", "montant", "betrag", "totaal"}))
      continue;
    auto found = PricedAmounts(lines[i].text);
    if (!found.empty()) out.push_back({found.back(), 3, lines[i].page, i, false});
  }
  return out;
}

// Amounts already paid, printed between an invoice's total and the amount
// still due ("Amount Paid -$500.00", "Acompte versé 300,00", "Bereits
// bezahlt 50,00"), as positive numbers.
std::vector<double> PaidAmounts(const std::vector<Line>& lines) {
  std::vector<double> out;
  for (const auto& l : lines) {
    if (!ContainsAny(l.folded, {"paid", "payment", "payments", "deposit", "prepaid", "prepayment",
                                "acompte", "acomptes", "deja paye", "deja regle", "deja verse",
                                "anzahlung", "bezahlt", "vorauszahlung", "abschlagszahlung",
                                "betaald", "aanbetaling"}))
      continue;
    for (const auto& a : amounts::FindAmounts(l.text))
      if (a.has_decimals && a.number != 0) out.push_back(std::abs(a.number));
  }
  return out;
}

// A total and the amount due after a payment made ("Total 2,417.69 /
// Amount Paid -500.00 / Balance Due 1,917.69"): the invoice's total is the
// amount before the payment, labelled more generically than the amount due.
// The candidate of `cands` whose amount less a paid amount is `due`, else
// nullptr.
const TotalCandidate* TotalBeforePayment(const std::vector<TotalCandidate>& cands, double due,
                                         const std::vector<Line>& lines) {
  const TotalCandidate* found = nullptr;
  std::vector<double> paid;
  bool paid_read = false;
  for (const auto& c : cands) {
    if (c.amount.number <= due + 0.005) continue;
    if (!paid_read) paid = PaidAmounts(lines), paid_read = true;
    for (double p : paid)
      if (std::abs(c.amount.number - p - due) < 0.005 && (!found || c.amount.number > found->amount.number))
        found = &c;
  }
  return found;
}

std::optional<Candidate> FindTotal(const std::vector<Line>& lines, std::string* currency_out, bool ocr = false) {
  auto cands = TotalCandidates(lines);
  if (ocr) {
    // Receipts print the total several times (before and after tax and
    // rounding, "TOTAL" and "Total Amount"): the largest labelled total on
    // the same line as its label is the amount paid.
    int top = 9;
    for (const auto& c : cands) top = std::min(top, c.tier);
    for (auto& c : cands)
      if (!c.below && c.tier <= 2) c.tier = top;
  }
  for (int tier = 0; tier <= 2; ++tier) {
    const TotalCandidate* best = nullptr;
    for (const auto& c : cands) {
      if (c.tier != tier || c.amount.number <= 0) continue;
      if (!best || c.amount.number > best->amount.number) best = &c;
    }
    if (!best) {
      // Credit notes: negative totals only when nothing positive exists.
      for (const auto& c : cands)
        if (c.tier == tier && c.amount.number < 0 &&
            (!best || c.amount.number < best->amount.number))
          best = &c;
    }
    if (!best) continue;
    static const double kConf[] = {0.9, 0.82, 0.72};
    double conf = kConf[tier] - (best->below ? 0.1 : 0.0) - (best->amount.has_decimals ? 0 : 0.15);
    std::string method = best->below ? "label-below" : "label";
    if (tier == 1 && best->amount.number > 0)
      if (const TotalCandidate* before = TotalBeforePayment(cands, best->amount.number, lines)) {
        best = before;
        conf = 0.85;
        method = "label+paid-check";
      }
    if (currency_out) *currency_out = best->amount.currency;
    return Candidate{best->amount.value, best->amount.raw, best->page, conf, method};
  }
  // Fallback: the largest amount carrying a currency mark.
  const amounts::AmountMatch* best = nullptr;
  int page = -1;
  std::vector<std::pair<amounts::AmountMatch, int>> all;
  for (const auto& l : lines)
    for (auto& a : amounts::FindAmounts(l.text))
      if (!a.currency.empty() && a.has_decimals) all.push_back({a, l.page});
  size_t ib = 0;
  for (size_t k = 0; k < all.size(); ++k)
    if (!best || all[k].first.number > best->number) { best = &all[k].first; page = all[k].second; ib = k; }
  if (!best) return std::nullopt;
  if (ocr) {
    // Receipts whose labels were read apart from their amounts: the largest
    // amount is often the cash handed over, printed between the total and
    // the change (total, cash, change in reading order, cash - change = total).
    for (size_t z = ib; z-- > 0;)
      for (size_t y = ib + 1; y < all.size(); ++y) {
        const double total = all[z].first.number, change = all[y].first.number;
        if (total > 0 && change > 0 && std::abs(best->number - change - total) < 0.005) {
          if (currency_out) *currency_out = all[z].first.currency;
          return Candidate{all[z].first.value, all[z].first.raw, all[z].second, 0.4, "fallback+cash-check"};
        }
      }
  }
  if (currency_out) *currency_out = best->currency;
  return Candidate{best->value, best->raw, page, 0.3, "fallback"};
}

// ---------------------------------------------------------------- net / tax

struct Phrase {
  const char* phrase;  // folded
  int tier;            // 0 specific, 1 generic
};

constexpr Phrase kNetLabels[] = {
    {"total ht", 0}, {"montant ht", 0}, {"total h.t", 0}, {"total hors taxes", 0},
    {"total hors taxe", 0}, {"total hors tva", 0}, {"net total", 0}, {"total net", 0},
    {"subtotal", 0}, {"sub-total", 0}, {"sub total", 0}, {"sous-total", 0}, {"sous total", 0},
    {"total excl", 0}, {"total excluding", 0}, {"total before tax", 0}, {"amount before tax", 0},
    {"rechnungssumme ohne", 0}, {"summe netto", 0}, {"nettosumme", 0}, {"gesamt netto", 0},
    {"gesamtsumme netto", 0}, {"nettobetrag gesamt", 0}, {"net amount", 0}, {"total net amount", 0},
    {"zwischensumme", 1}, {"totaal excl", 0}, {"subtotaal", 0}, {"base ht", 1},
    {"taxable amount", 1}, {"montant net", 0}, {"total (excl", 0}, {"amount excl", 0},
    {"positionssumme", 1}, {"nettobetrag", 1}, {"netto", 1}, {"net", 1}, {"ht", 1},
    {"total hors", 0}, {"total sales (excluding", 0}, {"total sales (excl", 0},
    // Belgian French ("hors TVA"), Dutch.
    {"total htva", 0}, {"montant htva", 0}, {"htva", 1}, {"excl. btw", 0}, {"excl btw", 0},
    {"totaal excl. btw", 0},
    // Australia, New Zealand: "Total ex GST".
    {"total ex gst", 0}, {"total ex. gst", 0}, {"ex gst", 0}, {"excl gst", 0}, {"excl. gst", 0},
    {"excluding gst", 0},
    // Swiss German: "Total exkl. MWST", "Total ohne MWST".
    {"total exkl", 0}, {"total exkl.", 0}, {"total ohne mwst", 0}, {"betrag exkl", 0},
    // A tax base: "Taxable base", "Base imponible", "Base imposable", "Maatstaf van heffing".
    {"taxable base", 1}, {"tax base", 1}, {"base imponible", 1}, {"base imposable", 1},
    {"maatstaf van heffing", 1}, {"bemessungsgrundlage", 1},
};

constexpr Phrase kTaxLabels[] = {
    {"total tva", 0}, {"montant tva", 0}, {"montant de la tva", 0}, {"total taxes", 0},
    {"total tax", 0}, {"tax total", 0}, {"vat total", 0}, {"total vat", 0}, {"vat amount", 0},
    {"tax amount", 0}, {"steuerbetrag", 0}, {"mwst-betrag", 0}, {"mwst betrag", 0},
    {"umsatzsteuer gesamt", 0}, {"summe ust", 0}, {"summe mwst", 0}, {"btw bedrag", 0},
    {"totaal btw", 0}, {"total gst", 0}, {"gst amount", 0}, {"sales tax", 0}, {"total tps", 0},
    {"tva", 1}, {"vat", 1}, {"tax", 1}, {"gst", 1}, {"mwst", 1}, {"ust", 1}, {"umsatzsteuer", 1},
    {"btw", 1}, {"taxe", 1}, {"taxes", 1}, {"iva", 1}, {"sst", 1},
    // Canada's provincial taxes beside the GST ("QST / TVQ 9.975%", "PST 7%", "HST 13%").
    {"total hst", 0}, {"qst", 1}, {"tvq", 1}, {"pst", 1}, {"hst", 1},
};

// A restaurant's service charge: a part of the amount paid, beside the tax.
constexpr Phrase kServiceLabels[] = {
    {"service charge", 0}, {"service charges", 0}, {"service chg", 0}, {"svc charge", 0},
    {"svc chg", 0},        {"serv charge", 0},     {"serv chg", 0},    {"frais de service", 0},
};

struct AmountCandidate {
  amounts::AmountMatch amount;
  int page = -1;
  size_t line = 0;
  double cost = 0;  // lower is better
  bool below = false;
};

// Where the label at code-point column `col` stands among the short column
// headings that end its line ("... sur la base   TOTAL HT   TOTAL TVA
// TOTAL TTC": 0 of 3 for TOTAL HT): {index, count}, or {-1, count} when it
// is not one of them.
std::pair<int, int> TrailingHeading(const std::string& t, size_t col) {
  const std::vector<parties::Segment> segs = parties::Segments(t);
  size_t first = segs.size();
  while (first > 0 && extract::CountWords(segs[first - 1].text) <= 3) --first;
  const int count = static_cast<int>(segs.size() - first);
  for (size_t k = first; k < segs.size(); ++k)
    if (col >= static_cast<size_t>(segs[k].col) && col < segs[k].col + text::Utf8Length(segs[k].text))
      return {static_cast<int>(k - first), count};
  return {-1, count};
}

// The amount printed under a label in the same columns (column layout of a
// text layer: labels in one row, values in a later row). A row of two or
// more short headings over a row ending in as many amounts pairs them in
// order: OCR's layout can shift the value row against the heading row by
// several columns when text of another width stands to their left.
std::optional<std::pair<amounts::AmountMatch, size_t>> AmountBelow(const std::vector<Line>& lines,
                                                                 size_t i, size_t orig_pos,
                                                                 size_t label_cp) {
  size_t col_b = text::Utf8Length(std::string_view(lines[i].text).substr(0, orig_pos));
  size_t col_e = col_b + label_cp;
  const auto [heading, headings] = TrailingHeading(lines[i].text, col_b);
  // The amount of line j nearest the label's columns (12 at most apart).
  auto in_column = [&](size_t j) -> std::optional<amounts::AmountMatch> {
    std::optional<amounts::AmountMatch> best;
    long best_dist = 13;
    for (const auto& a : amounts::FindAmounts(lines[j].text)) {
      if (!a.has_decimals) continue;
      long ab = static_cast<long>(text::Utf8Length(std::string_view(lines[j].text).substr(0, a.begin)));
      long ae = ab + static_cast<long>(text::Utf8Length(a.raw));
      long dist = ae < static_cast<long>(col_b) ? static_cast<long>(col_b) - ae
                  : ab > static_cast<long>(col_e) ? ab - static_cast<long>(col_e) : 0;
      if (dist < best_dist) best_dist = dist, best = a;
    }
    return best;
  };
  // A column heading of a table ("Description  Net  VAT  Gross" over the
  // items): the column's total is on the table's "Total(s)" row, not on
  // its first item.
  if (heading >= 0 && headings >= 2) {
    for (size_t j = i + 1; j < lines.size() && j <= i + 40 && lines[j].page == lines[i].page; ++j) {
      const std::string f = text::Trim(lines[j].folded);
      static const char* kTotalRow[] = {"total", "totals", "totaux", "summe", "gesamt", "gesamtsumme", "totaal"};
      bool total_row = false;
      for (const char* w : kTotalRow)
        if (text::FindWord(f, w) == 0) total_row = true;
      if (!total_row) continue;
      if (auto a = in_column(j)) return std::make_pair(*a, j);
      break;
    }
  }
  for (size_t j = i + 1, seen = 0; j < lines.size() && seen < 5; ++j) {
    if (lines[j].page != lines[i].page) break;
    if (text::Trim(lines[j].text).empty()) continue;
    ++seen;
    auto below = amounts::FindAmounts(lines[j].text);
    if (heading >= 0 && headings >= 2) {
      // The amounts that end the row, with nothing but a currency or a rule between.
      std::vector<const amounts::AmountMatch*> tail;
      for (auto it = below.rbegin(); it != below.rend() && it->has_decimals; ++it) {
        if (!tail.empty() &&
            text::Trim(std::string_view(lines[j].text).substr(it->end, tail.front()->begin - it->end)).size() > 4)
          break;
        tail.insert(tail.begin(), &*it);
      }
      if (static_cast<int>(tail.size()) == headings) {
        const std::string_view rest = std::string_view(lines[j].text).substr(tail.back()->end);
        if (text::Trim(rest).size() <= 4) return std::make_pair(*tail[static_cast<size_t>(heading)], j);
      }
    }
    if (auto a = in_column(j)) return std::make_pair(*a, j);
  }
  return std::nullopt;
}

// Amounts labelled by one of `labels`: on the label's line after it (the
// first and, on lines like "USt. 19% auf 804,35  152,83", the last), or
// under it. `excluded` rejects a line (folded text, label position).
template <size_t N, typename Excl>
std::vector<AmountCandidate> LabelledAmounts(const std::vector<Line>& lines, const Phrase (&labels)[N],
                                             Excl excluded) {
  std::vector<AmountCandidate> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    for (const Phrase& label : labels) {
      size_t pos = text::FindWord(f, label.phrase);
      if (pos == std::string::npos) continue;
      if (excluded(std::string_view(f), pos)) break;
      size_t label_end = pos + std::string_view(label.phrase).size();
      size_t orig_end = extract::OriginalOffset(lines[i].text, label_end);
      auto found = amounts::FindAmounts(std::string_view(lines[i].text).substr(orig_end));
      std::erase_if(found, [](const amounts::AmountMatch& a) { return !a.has_decimals && a.currency.empty(); });
      const double base = label.tier * 1.0;
      if (!found.empty()) {
        bool percent = std::string_view(lines[i].text).substr(orig_end).find('%') != std::string_view::npos;
        for (size_t k = 0; k < found.size(); ++k) {
          double rank = k == 0 ? 0 : (k + 1 == found.size() ? 0.5 : 1.5);
          if (percent && found.size() > 1) rank = k + 1 == found.size() ? 0 : 0.8;
          auto a = found[k];
          a.begin += orig_end;
          a.end += orig_end;
          out.push_back({a, lines[i].page, i, base + rank, false});
        }
      } else if (label.tier == 0 ||
                 (amounts::FindAmounts(std::string_view(lines[i].text)).empty() &&
                  text::CollapseSpaces(f).size() + 4 < f.size() &&
                  SegmentAround(f, pos).size() + 3 < f.size())) {
        // Generic labels ("VAT", "Net") look below only in a row of column
        // headers, never from a title line like "TAX INVOICE". Each heading
        // of the row that the label opens ("TVA 5,5 %   TVA 20 %").
        for (size_t at = pos; at != std::string::npos; at = text::FindWord(f, label.phrase, at + 1)) {
          if (at != pos && excluded(std::string_view(f), at)) continue;
          size_t orig_pos = extract::OriginalOffset(lines[i].text, at);
          if (auto b = AmountBelow(lines, i, orig_pos, text::Utf8Length(label.phrase)))
            out.push_back({b->first, lines[b->second].page, b->second, base + 0.3, true});
        }
      }
      break;  // the first (most specific) label of the line
    }
  }
  return out;
}

// The column segment (text between runs of 3+ spaces) around a label.
std::string_view SegmentAround(std::string_view f, size_t pos) {
  size_t b = f.rfind("   ", pos);
  b = b == std::string_view::npos ? 0 : b + 3;
  size_t e = f.find("   ", pos);
  if (e == std::string_view::npos) e = f.size();
  // Keep the value that follows the label in the next segment too.
  size_t e2 = e;
  while (e2 < f.size() && f[e2] == ' ') ++e2;
  size_t e3 = f.find("   ", e2);
  if (e3 == std::string_view::npos) e3 = f.size();
  std::string_view next = f.substr(e2, e3 - e2);
  bool value_only = !next.empty() && std::all_of(next.begin(), next.end(), [](char c) {
    return !std::isalpha(static_cast<unsigned char>(c)) || c == 'e' || c == 'u' || c == 'r';
  });
  return f.substr(b, (value_only ? e3 : e) - b);
}

bool NetExcluded(std::string_view f, size_t pos) {
  std::string_view around = SegmentAround(f, pos);
  if (ContainsAny(around, {"ttc", "incl", "including", "inclusive", "inc", "brutto", "gross", "a payer",
                           "payable", "due", "pay", "tax rate", "taux", "%", "prix", "price",
                           "unit", "unitaire", "einzelpreis", "nettopreis", "qty", "quantite",
                           "menge", "remise", "discount", "rabatt"}))
    return true;
  return false;
}

bool TaxExcluded(std::string_view f, size_t pos) {
  std::string_view around = SegmentAround(f, pos);
  if (ContainsAny(around, {"ttc", "incl", "including", "inclusive", "incluse", "inclus", "brutto",
                           "gross", "ht", "hors", "excl", "excluding", "before", "ohne", "netto", "inc", "ex",
                           "n", "no", "nr", "number", "numero", "id", "intracom", "intracommunautaire",
                           "reg", "registration", "identification", "ust-idnr", "idnr", "code",
                           "a payer", "payable", "due", "exempt", "exoneration", "taux", "rate",
                           "satz", "steuersatz", "subtotal", "sous-total", "total ht", "summary",
                           "kategorie", "category"}))
    return true;
  return false;
}

// The one tax rate printed on a line ("TVA 5,5 %", "GST 6%"), as a
// fraction in (0, 0.3], with the byte offset just after it; nullopt when
// the line prints none, several, or an implausible one.
struct LineRate {
  double rate = 0;
  size_t after = 0;
};
std::optional<LineRate> OneRate(const std::string& t) {
  static const std::regex kRate(R"((?:^|[^\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s?%)");  // (Quebec: 9.975 %)
  auto it = std::sregex_iterator(t.begin(), t.end(), kRate);
  if (it == std::sregex_iterator() || std::next(it) != std::sregex_iterator()) return std::nullopt;
  std::string r = (*it)[1].str();
  std::replace(r.begin(), r.end(), ',', '.');
  const double rate = std::stod(r) / 100;
  if (rate <= 0 || rate > 0.3) return std::nullopt;
  return LineRate{rate, static_cast<size_t>(it->position(0) + it->length(0))};
}

// A sum of amounts, reported where `first` stands (its page, line and
// position) with no printed text of its own, at `cost`.
AmountCandidate SumAt(const AmountCandidate& first, double value, double cost) {
  AmountCandidate c = first;
  c.amount.number = value;
  c.amount.value = amounts::FormatAmount(value);
  c.amount.raw.clear();
  c.cost = cost;
  return c;
}

// Rows of a VAT breakdown: one rate and, after it, a base and the tax on it
// at that rate (within a cent, or 0.5 % of the tax), in either order -
// "5,5%  8,63  0,47  9,10", "MwSt 7% Netto 7,66 MwSt 0,54", "BTW 9% over
// 7,31 0,66". The arithmetic, not a label, says which is which, so it holds
// on receipts whose table headings are elsewhere or unreadable. Per row
// {base, tax}; with several rows, their sums last.
std::vector<std::pair<AmountCandidate, AmountCandidate>> RateRows(const std::vector<Line>& lines) {
  std::vector<std::pair<AmountCandidate, AmountCandidate>> rows;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    const auto one = OneRate(t);
    if (!one) continue;
    const double rate = one->rate;
    const size_t after = one->after;
    auto found = amounts::FindAmounts(std::string_view(t).substr(after));
    std::erase_if(found, [](const amounts::AmountMatch& a) { return !a.has_decimals || a.number <= 0; });
    bool done = false;
    for (size_t a = 0; a < found.size() && !done; ++a)
      for (size_t b = 0; b < found.size() && !done; ++b) {
        if (a == b || found[b].number >= found[a].number) continue;
        if (std::abs(found[a].number * rate - found[b].number) > std::max(0.011, found[b].number * 0.005)) continue;
        AmountCandidate base{found[a], lines[i].page, i, 1.2, false}, tax{found[b], lines[i].page, i, 1.2, false};
        for (AmountCandidate* c : {&base, &tax}) c->amount.begin += after, c->amount.end += after;
        rows.push_back({base, tax});
        done = true;
      }
  }
  if (rows.size() >= 2) {
    double net = 0, tax = 0;
    for (const auto& [n, x] : rows) net += n.amount.number, tax += x.amount.number;
    // Placed where the first row's amount of the same kind is.
    rows.push_back({SumAt(rows.front().first, net, 1.4), SumAt(rows.front().second, tax, 1.4)});
  }
  return rows;
}

// The totals row of a VAT breakdown: "Total" and nothing but its amounts,
// the base and the tax and, when printed, their sum ("Total 112,99 13,71
// 126,70", "Total 90,22 8,08"). {base, tax} when the base is the larger and,
// with three, the third is their sum; the sum check against the gross
// decides whether it is the invoice's.
std::vector<std::pair<AmountCandidate, AmountCandidate>> SumRows(const std::vector<Line>& lines) {
  static const std::regex total_row(R"(^\s*(?:total|totaux|totaal|summe|gesamt)\s*:?\s+(?=\d))");
  std::vector<std::pair<AmountCandidate, AmountCandidate>> rows;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    if (!std::regex_search(lines[i].folded, m, total_row)) continue;
    const std::string& t = lines[i].text;
    const size_t after = extract::OriginalOffset(t, m.length(0));
    auto found = amounts::FindAmounts(std::string_view(t).substr(after));
    if (found.size() < 2 || found.size() > 3) continue;
    if (!std::all_of(found.begin(), found.end(), [](const amounts::AmountMatch& a) { return a.has_decimals && a.number > 0; }))
      continue;
    // Nothing else on the line but the amounts (and currency marks).
    std::string rest(std::string_view(t).substr(after));
    for (auto it = found.rbegin(); it != found.rend(); ++it) rest.erase(it->begin, it->end - it->begin);
    if (std::any_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isalnum(c); })) continue;
    const double base = found[0].number, tax = found[1].number;
    if (tax >= base || (found.size() == 3 && std::abs(base + tax - found[2].number) > 0.011)) continue;
    AmountCandidate b{found[0], lines[i].page, i, 1.3, false}, x{found[1], lines[i].page, i, 1.3, false};
    for (AmountCandidate* c : {&b, &x}) c->amount.begin += after, c->amount.end += after;
    rows.push_back({b, x});
  }
  return rows;
}

struct RateRun {
  AmountCandidate sum;       // the taxes' sum, placed at the first one
  double implied_gross = 0;  // sum of tax x (1 + r) / r: the total they are included in
  double tolerance = 0;      // what the taxes' rounding to the cent allows of it
};

// One tax line per rate, without the base on it ("TVA 5,5 %   11,00 €" /
// "TVA 20 %   35,00 €"): the tax is their sum. Runs of labelled taxes on
// nearby lines (at most two apart), each line with one rate, the rates all
// different; one RateRun per run of two or more.
std::vector<RateRun> TaxPerRateSums(const std::vector<Line>& lines, const std::vector<AmountCandidate>& taxes) {
  struct Rated {
    const AmountCandidate* c;
    double rate;
  };
  std::vector<Rated> rated;
  for (const auto& x : taxes) {
    if (x.below || x.amount.number <= 0) continue;
    // One amount on the line: "19 % auf 804,35   152,83" is RateRows' case.
    if (std::count_if(taxes.begin(), taxes.end(), [&](const AmountCandidate& y) { return y.line == x.line; }) != 1)
      continue;
    if (const auto one = OneRate(lines[x.line].text)) rated.push_back({&x, one->rate});
  }
  std::sort(rated.begin(), rated.end(), [](const Rated& a, const Rated& b) { return a.c->line < b.c->line; });
  std::vector<RateRun> runs;
  for (size_t b = 0; b < rated.size();) {
    size_t e = b + 1;
    std::vector<double> rates{rated[b].rate};
    double sum = rated[b].c->amount.number;
    double cost = rated[b].c->cost;
    while (e < rated.size() && rated[e].c->line <= rated[e - 1].c->line + 2 &&
           std::find(rates.begin(), rates.end(), rated[e].rate) == rates.end()) {
      rates.push_back(rated[e].rate);
      sum += rated[e].c->amount.number;
      cost = std::max(cost, rated[e].c->cost);
      ++e;
    }
    if (e - b >= 2) {
      RateRun run{SumAt(*rated[b].c, sum, cost + 0.3)};
      run.tolerance = 0.01;
      for (size_t k = b; k < e; ++k) {
        const double r = rated[k].rate;
        run.implied_gross += rated[k].c->amount.number * (1 + r) / r;
        run.tolerance += 0.005 * (1 + r) / r;
      }
      runs.push_back(run);
    }
    b = e;
  }
  return runs;
}

// The amount on a line with one tax rate r (0 < r <= 30 %) that is the tax
// included in `gross`: gross x r / (1 + r) within a cent. nullopt when no
// line has one.
std::optional<AmountCandidate> IncludedTax(const std::vector<Line>& lines, double gross) {
  if (gross <= 0) return std::nullopt;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    const auto one = OneRate(t);
    if (!one) continue;
    const double rate = one->rate;
    // Other percentages: a discount, a service charge, a deposit.
    if (ContainsAny(lines[i].folded, {"remise", "discount", "rabatt", "korting", "service", "tip", "pourboire",
                                      "trinkgeld", "escompte", "acompte", "deposit", "anzahlung", "skonto"}))
      continue;
    const size_t after = one->after;
    for (auto a : amounts::FindAmounts(std::string_view(t).substr(after))) {
      if (!a.has_decimals || a.number <= 0 || a.number >= gross) continue;
      if (std::abs(gross * rate / (1 + rate) - a.number) > 0.011) continue;
      a.begin += after, a.end += after;
      return AmountCandidate{a, lines[i].page, i, 0, false};
    }
  }
  return std::nullopt;
}

struct Totals {
  std::optional<Candidate> net, tax, gross;
};

// net + tax = gross (within 0.01): the consistent triple with the best
// labels wins; without one, the best labelled values are kept with a lower
// confidence, and a missing member is derived from the two others.
Totals ReconcileTotals(const std::vector<Line>& lines, const std::optional<Candidate>& gross_in,
                       const std::vector<TotalCandidate>& gross_cands, bool ocr) {
  Totals t;
  t.gross = gross_in;
  auto nets = LabelledAmounts(lines, kNetLabels, NetExcluded);
  auto taxes = LabelledAmounts(lines, kTaxLabels, TaxExcluded);
  // VAT breakdown rows take part in the sum check only.
  std::vector<AmountCandidate> checked_nets = nets, checked_taxes = taxes;
  for (const auto& [n, x] : RateRows(lines)) checked_nets.push_back(n), checked_taxes.push_back(x);
  for (const auto& [n, x] : SumRows(lines)) checked_nets.push_back(n), checked_taxes.push_back(x);
  const auto rate_runs = TaxPerRateSums(lines, taxes);
  for (const auto& run : rate_runs) checked_taxes.push_back(run.sum);
  // Two taxes side by side under their headings ("TOTAL HT   TVA 5,5 %
  // TVA 20 %   TOTAL TTC" over their amounts): their sum, in the sum check
  // only.
  for (size_t a = 0; a < taxes.size(); ++a)
    for (size_t b = a + 1; b < taxes.size(); ++b) {
      const AmountCandidate &x = taxes[a], &y = taxes[b];
      if (!x.below || !y.below || x.line != y.line || x.amount.number <= 0 || y.amount.number <= 0 ||
          x.amount.begin == y.amount.begin)
        continue;
      checked_taxes.push_back(SumAt(x.amount.begin < y.amount.begin ? x : y, x.amount.number + y.amount.number,
                                    std::max(x.cost, y.cost) + 0.3));
    }
  // Gross candidates with a cost by tier; the extractor's choice is cheapest.
  std::vector<std::pair<AmountCandidate, int>> grosses;
  for (const auto& g : gross_cands) {
    double cost = g.tier * 0.7 + (g.below ? 0.3 : 0);
    if (gross_in && g.amount.value == gross_in->value) cost -= 0.5;
    grosses.push_back({{g.amount, g.page, g.line, cost, g.below}, g.tier});
  }
  if (gross_in && grosses.empty()) {
    amounts::AmountMatch m;
    m.value = gross_in->value;
    m.raw = gross_in->raw;
    m.number = std::stod(gross_in->value);
    m.has_decimals = true;
    grosses.push_back({{m, gross_in->page, 0, 0, false}, 0});
  }
  auto make = [](const AmountCandidate& c, double conf, const char* method) {
    return Candidate{c.amount.value, c.amount.raw, c.page, conf, c.below ? std::string(method) + "-below" : method};
  };
  const AmountCandidate *bn = nullptr, *bt = nullptr, *bg = nullptr;
  double best = 1e9;
  for (const auto& n : checked_nets)
    for (const auto& x : checked_taxes) {
      if (n.line == x.line && n.amount.begin == x.amount.begin) continue;
      for (const auto& [g, tier] : grosses) {
        if (std::abs(n.amount.number + x.amount.number - g.amount.number) > 0.011) continue;
        if (g.line == n.line && g.amount.begin == n.amount.begin && std::abs(x.amount.number) > 0.001) continue;
        double cost = n.cost + x.cost + g.cost;
        if (cost < best) {
          best = cost;
          bn = &n;
          bt = &x;
          bg = &g;
        }
      }
    }
  if (bn) {
    t.net = make(*bn, 0.93 - 0.05 * bn->cost, "label+sum-check");
    t.tax = make(*bt, 0.93 - 0.05 * bt->cost, "label+sum-check");
    if (!gross_in || gross_in->value != bg->amount.value || gross_in->confidence < 0.9)
      t.gross = make(*bg, 0.93, "label+sum-check");
    else
      t.gross->confidence = std::min(0.98, t.gross->confidence + 0.05);
    return t;
  }
  auto cheapest = [](const std::vector<AmountCandidate>& v) -> const AmountCandidate* {
    const AmountCandidate* b = nullptr;
    for (const auto& c : v)
      if (!b || c.cost < b->cost || (c.cost == b->cost && c.line > b->line)) b = &c;
    return b;
  };
  const AmountCandidate* n = cheapest(nets);
  const AmountCandidate* x = cheapest(taxes);
  // The tax included in the total at the one rate printed beside it ("VAT
  // 20% incl. 2.48", "dont TVA 5,5 % 0,66"): gross x r / (1 + r).
  auto included = t.gross ? IncludedTax(lines, std::stod(t.gross->value)) : std::nullopt;
  // One tax line per rate, each included in the total ("TVA 10 % 3,55" /
  // "TVA 20 % 3,25" under "TOTAL TTC 58,50"): their sum, when the parts of
  // the total they imply add up to it.
  for (const auto& run : rate_runs)
    if (t.gross && run.implied_gross > 0 &&
        std::abs(run.implied_gross - std::stod(t.gross->value)) <= run.tolerance)
      included = run.sum;
  if (included && (!x || std::abs(x->amount.number - included->amount.number) > 0.005)) {
    t.tax = make(*included, 0.8, "rate-check");
    x = nullptr;
  }
  // A net equal to the gross with a nonzero tax is the gross line itself.
  const double tax_number = included ? included->amount.number : x ? x->amount.number : 0;
  if (n && t.gross && n->amount.value == t.gross->value && std::abs(tax_number) > 0.001) {
    // ... and a receipt's "Subtotal 101.00" above "VAT 20% incl. 16.83":
    // the net is the labelled amount that adds up ("Net 84.17"), if any.
    n = nullptr;
    for (const auto& c : nets)
      if (std::abs(c.amount.number + tax_number - std::stod(t.gross->value)) <= 0.011 && (!n || c.cost < n->cost))
        n = &c;
  }
  if (n) t.net = make(*n, 0.6 - 0.05 * n->cost, "label");
  if (x) t.tax = make(*x, included ? 0.8 : 0.6 - 0.05 * x->cost, included ? "label+rate-check" : "label");
  const auto fmt = amounts::FormatAmount;
  // OCR misreads make derived amounts unreliable: derive on text layers only.
  if (ocr) return t;
  if (t.net && t.tax && !t.gross) {
    double g = std::stod(t.net->value) + std::stod(t.tax->value);
    t.gross = Candidate{fmt(g), "", t.net->page, 0.45, "sum"};
  } else if (t.net && !t.tax && t.gross) {
    double d = std::stod(t.gross->value) - std::stod(t.net->value);
    if (d >= -0.001 && d < std::stod(t.gross->value) * 0.3 + 0.01)
      t.tax = Candidate{fmt(std::abs(d) < 0.001 ? 0.0 : d), "", t.net->page, 0.4, "difference"};
  } else if (!t.net && t.tax && t.gross) {
    double d = std::stod(t.gross->value) - std::stod(t.tax->value);
    if (d > 0 || std::stod(t.gross->value) < 0)
      t.net = Candidate{fmt(d), "", t.tax->page, 0.4, "difference"};
  }
  return t;
}

// ---------------------------------------------------------------- identifiers

// Whether column `col` of `line` lies under a customer header (same column
// give or take a few characters, or to the right of a header at the margin).
bool InSpans(const std::vector<parties::Span>& spans, size_t line, int col) {
  for (const auto& s : spans)
    if (static_cast<int>(line) >= s.begin && static_cast<int>(line) < s.end &&
        (std::abs(col - s.col) <= 15 || (s.col < 10 && col < 70)))
      return true;
  return false;
}

int ColumnOf(const std::string& line, size_t byte) {
  return static_cast<int>(text::Utf8Length(std::string_view(line).substr(0, byte)));
}

bool CustomerContext(std::string_view folded_before) {
  return ContainsAny(folded_before, {"client", "customer", "kunde", "kunden", "buyer", "acheteur",
                                     "destinataire", "your", "votre", "vos", "ihre", "klant",
                                     "afnemer", "bill to", "recipient", "preneur"});
}

// Outside the EU VAT formats, the supplier's tax number after its label:
// a Canadian business number with its GST/HST account ("HST # 812345676
// RT0001": nine digits that pass Luhn, "RT" and four digits, as OCR may
// space or misread them), an Australian ABN ("ABN 51 824 753 556":
// eleven digits, mod 89), or a British VAT number printed without its
// prefix ("VAT Reg. No. 793 6748 68": nine digits that pass the British
// check, given their "GB").
std::optional<Candidate> FindNonEuTaxNumber(const std::vector<Line>& lines,
                                            const std::vector<parties::Span>& customer_spans) {
  static const std::regex bn(R"(\b(?:gst|hst|gst/hst|tps|tvh|tps/tvh|bn|business number)\b[^0-9\n]{0,12}?)"
                             R"((\d(?:\s?\d){8})\s?(rt)\s?([0-9o]{4})\b)");
  static const std::regex abn(R"(\babn\b\s*[:#.]?\s*(\d{2}\s?\d{3}\s?\d{3}\s?\d{3})\b)");
  static const std::regex gb(
      R"(\bvat\b\s*(?:reg(?:istration)?\b\.?\s*|registered\s*)?(?:no\b\.?|number|n°|#)?\s*[:.]?\s*(\d{3}\s?\d{4}\s?\d{2})\b)");
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    std::smatch m;
    std::optional<std::string> value;
    size_t at = 0;
    if (std::regex_search(f, m, bn) && validate::LuhnValid(validate::Compact(m[1].str()))) {
      std::string account = m[3].str();  // OCR reads "RT0001" as "RTO001"
      std::replace(account.begin(), account.end(), 'o', '0');
      value = validate::Compact(m[1].str()) + "RT" + account;
      at = static_cast<size_t>(m.position(1));
    } else if (std::regex_search(f, m, abn) && validate::AbnValid(m[1].str())) {
      value = validate::Compact(m[1].str());
      at = static_cast<size_t>(m.position(1));
    } else if (std::regex_search(f, m, gb) && validate::GbVatDigitsValid(m[1].str())) {
      value = "GB" + validate::Compact(m[1].str());
      at = static_cast<size_t>(m.position(1));
    }
    if (!value) continue;
    const int col = ColumnOf(lines[i].text, extract::OriginalOffset(lines[i].text, at));
    if (CustomerContext(f.substr(0, at)) || InSpans(customer_spans, i, col)) continue;
    return Candidate{*value, *value, lines[i].page, 0.8, "checked"};
  }
  return std::nullopt;
}

std::optional<Candidate> FindSupplierVat(const std::vector<Line>& lines,
                                         const std::vector<parties::Span>& customer_spans) {
  std::optional<Candidate> best;
  double best_score = -1e9;
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const auto& m : validate::FindVats(lines[i].text)) {
      std::string before = text::FoldText(std::string_view(lines[i].text).substr(0, m.begin));
      // Only the same column: the text after the last wide gap.
      size_t gap = before.rfind("   ");
      std::string_view seg = gap == std::string::npos ? std::string_view(before) : std::string_view(before).substr(gap);
      double score = 0;
      if (ContainsAny(seg, {"tva", "vat", "ust", "ust-idnr", "ust-id", "idnr", "mwst", "btw", "iva",
                            "tax", "vat-id", "vat id", "intracom", "intracommunautaire", "uid",
                            "steuer", "umsatzsteuer", "nif", "cif", "partita"}))
        score += 1;
      if (CustomerContext(seg)) score -= 5;
      if (InSpans(customer_spans, i, ColumnOf(lines[i].text, m.begin))) score -= 3;
      score -= 0.001 * i;
      if (score > best_score) {
        best_score = score;
        double conf = score >= 0.5 ? 0.9 : score >= -0.5 ? 0.75 : 0.35;
        best = Candidate{m.value, m.raw, lines[i].page, conf, "checked"};
      }
    }
  }
  if (best && best_score < -2) return std::nullopt;
  if (!best) best = FindNonEuTaxNumber(lines, customer_spans);
  return best;
}

std::optional<Candidate> FindIban(const std::vector<Line>& lines,
                                  const std::vector<parties::Span>& customer_spans) {
  std::optional<Candidate> best;
  double best_score = -1e9;
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const auto& m : validate::FindIbans(lines[i].text)) {
      std::string before = text::FoldText(std::string_view(lines[i].text).substr(0, m.begin));
      double score = 0;
      if (ContainsAny(before, {"iban", "compte", "account", "konto", "bank", "banque", "rib"})) score += 1;
      if (i > 0 && ContainsAny(lines[i - 1].folded, {"iban", "bank", "banque"})) score += 0.5;
      if (CustomerContext(before) || ContainsAny(before, {"debit", "mandat", "mandate", "lastschrift"}))
        score -= 2;
      if (InSpans(customer_spans, i, ColumnOf(lines[i].text, m.begin))) score -= 2;
      score -= 0.0001 * i;
      if (score > best_score) {
        best_score = score;
        best = Candidate{m.value, m.raw, lines[i].page, score >= 0.5 ? 0.95 : 0.8, "checked"};
      }
    }
  }
  if (best) return best;
  // None valid: an IBAN broken over two lines of a narrow column, under or
  // after its label ("IBAN" / "FR76 5570 8822 0427" / "9322 2832 622").
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const bool labelled = text::FindWord(lines[i].folded, "iban") != std::string::npos ||
                          (i > 0 && text::FindWord(lines[i - 1].folded, "iban") != std::string::npos);
    if (!labelled) continue;
    for (const parties::Segment& head : parties::Segments(lines[i].text)) {
      static const std::regex start(R"((?:^|\s)([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,})\s*$)");
      std::smatch m;
      if (!std::regex_search(head.text, m, start)) continue;
      size_t j = i + 1;
      while (j < lines.size() && text::Trim(lines[j].text).empty()) ++j;
      if (j >= lines.size()) break;
      for (const parties::Segment& tail : parties::Segments(lines[j].text)) {
        if (std::abs(tail.col - (head.col + static_cast<int>(m.position(1)))) > 2) continue;
        static const std::regex rest(R"(^([A-Z0-9]{1,4}(?:\s?[A-Z0-9]{1,4}){0,5})\b)");
        std::smatch r;
        if (!std::regex_search(tail.text, r, rest)) continue;
        const std::string joined = validate::Compact(m[1].str() + r[1].str());
        if (validate::IbanValid(joined))
          return Candidate{joined, m[1].str() + " " + r[1].str(), lines[i].page, 0.85, "checked"};
      }
    }
  }
  // None valid: a labelled IBAN whose country letters OCR garbled
  // ("IBAN : 0€91 1000 ..."), repaired when exactly one usual country fits,
  // or whose digits it read as letters.
  static const std::vector<std::string> kCountries = {"DE", "FR", "BE", "NL", "LU", "CH", "AT", "IT", "ES", "GB", "IE", "PT"};
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t pos = text::FindWord(lines[i].folded, "iban");
    if (pos == std::string::npos) continue;
    const size_t orig = extract::OriginalOffset(lines[i].text, pos + 4);
    const std::string_view after = std::string_view(lines[i].text).substr(orig);
    if (auto iban = validate::IbanWithCountryRepaired(after, kCountries))
      return Candidate{*iban, lines[i].text.substr(orig), lines[i].page, 0.6, "checked-repaired"};
    // (or its digits read as look-alike letters: "GBO7 LOYD ...")
    if (auto iban = validate::IbanWithDigitsRepaired(after))
      return Candidate{*iban, lines[i].text.substr(orig), lines[i].page, 0.6, "checked-repaired"};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- payment

// The amount after the first label of `labels` on a line (decimals required).
std::optional<amounts::AmountMatch> AmountAfterLabel(const Line& line, std::initializer_list<const char*> labels) {
  for (const char* label : labels) {
    size_t pos = text::FindWord(line.folded, label);
    if (pos == std::string::npos) continue;
    size_t orig = extract::OriginalOffset(line.text, pos + std::string_view(label).size());
    for (const auto& a : amounts::FindAmounts(std::string_view(line.text).substr(orig)))
      if (a.has_decimals && a.number >= 0) return a;
    return std::nullopt;
  }
  return std::nullopt;
}

// Receipts print what was handed over and the change: cash - change is the
// total paid (with the page of the cash line), nullopt when not printed.
std::optional<std::pair<double, int>> CashMinusChange(const std::vector<Line>& lines) {
  std::optional<double> paid;
  int page = -1;
  for (size_t i = 0; i < lines.size() && !paid; ++i) {
    if (ContainsAny(lines[i].folded, {"exchange", "no change", "changes"})) continue;
    auto change = AmountAfterLabel(lines[i], {"change due", "change", "kembali", "rendu", "monnaie"});
    if (!change) continue;
    for (size_t j = i; j-- > 0 && j + 4 >= i;) {
      auto cash = AmountAfterLabel(lines[j], {"cash tendered", "tendered", "cash received", "amount received",
                                              "cash", "tunai", "especes", "paid", "received"});
      if (!cash) continue;
      // "Cash Received 7 101.00": receipts do not group thousands with a
      // space; OCR split a mark or a stray digit off the amount.
      if (const size_t sp = cash->raw.rfind(' '); sp != std::string::npos) {
        auto tail = amounts::FindAmounts(std::string_view(cash->raw).substr(sp + 1));
        if (tail.size() == 1 && tail[0].has_decimals && tail[0].number + 0.001 >= change->number) cash = tail[0];
      }
      if (cash->number + 0.001 >= change->number) {
        paid = cash->number - change->number;
        page = lines[j].page;
      }
      break;
    }
  }
  if (!paid) return std::nullopt;
  return std::make_pair(*paid, page);
}

// A labelled total equal to cash - change (CashMinusChange) is confirmed;
// without a total, or when no total survived, the difference stands in with
// a low confidence.
void CheckWithPayment(const std::optional<std::pair<double, int>>& cash, const std::vector<TotalCandidate>& grosses,
                      Totals& t) {
  if (!cash) return;
  const auto [paid, page] = *cash;
  const std::string value = amounts::FormatAmount(paid);
  if (t.gross && std::abs(std::stod(t.gross->value) - paid) < 0.005) {
    t.gross->confidence = std::min(0.97, t.gross->confidence + 0.1);
    t.gross->method += "+cash-check";
    return;
  }
  for (const auto& g : grosses)
    if (std::abs(g.amount.number - paid) < 0.005 && g.tier <= 1) {
      t.gross = Candidate{g.amount.value, g.amount.raw, g.page, 0.8, "label+cash-check"};
      return;
    }
  if (!t.gross) t.gross = Candidate{value, "", page, 0.45, "cash-minus-change"};
}

// The first small amount (|a| < 1) after a rounding label, signed as printed.
std::optional<double> RoundingAdjustment(const std::vector<Line>& lines) {
  for (const auto& l : lines) {
    if (!ContainsAny(l.folded, {"rounding", "rounding adj", "rounding adjustment", "arrondi", "round"}))
      continue;
    for (const auto& a : amounts::FindAmounts(l.text))
      if (a.has_decimals && std::abs(a.number) < 1) return a.number;
  }
  return std::nullopt;
}

// A "total" line that is not the amount paid: an amount before tax ("Total
// Sales (Excluding GST)") or a row of the tax summary table printed under
// "GST SUMMARY" / "Tax code" / "Récapitulatif TVA" (its totals are net and tax).
bool NetOrSummaryLine(const std::vector<Line>& lines, size_t i) {
  const std::string& f = lines[i].folded;
  if (ContainsAny(f, {"excl", "excluding", "exclusive", "excluded", "before", "hors", "ht", "net",
                      "netto", "ohne"}) &&
      !ContainsAny(f, {"incl", "including", "inclusive", "included", "ttc"}))
    return true;
  for (size_t j = i, seen = 0; j-- > 0 && seen < 6;) {
    if (text::Trim(lines[j].text).empty()) continue;
    ++seen;
    if (ContainsAny(lines[j].folded, {"summary", "recapitulatif", "tax code", "code tva", "vat code",
                                      "taux tva", "vat rate", "tax rate"}))
      return true;
  }
  return false;
}

// The lines with `repair` applied to their text (and refolded); changed[i]
// says whether line i was changed.
std::vector<Line> RepairedLines(const std::vector<Line>& lines, std::string (*repair)(std::string_view),
                                std::vector<bool>* changed = nullptr) {
  std::vector<Line> out = lines;
  if (changed) changed->assign(lines.size(), false);
  for (size_t i = 0; i < out.size(); ++i) {
    std::string r = repair(out[i].text);
    if (r == out[i].text) continue;
    if (changed) (*changed)[i] = true;
    out[i].text = std::move(r);
    out[i].folded = text::FoldText(out[i].text);
  }
  return out;
}

// A '$' glued to the digits of an amount ("$29.87"), on a page recognised
// in a document whose currency is not a dollar: OCR's reading of a 5
// ("529.87").
std::string DollarReadForFive(std::string_view t) {
  std::string out(t);
  for (size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i] == '$' && std::isdigit(static_cast<unsigned char>(out[i + 1])) &&
        (i == 0 || out[i - 1] == ' ' || out[i - 1] == '\t'))
      out[i] = '5';
  return out;
}

// Receipts that print "NET TOTAL" / "Nett Total" under their tax line: the
// amount paid (an amount before tax is printed above the tax, as on
// invoices, where "Total net" stays the net). A tax line has a tax word and a
// rate or an amount ("GST 6%", "VAT 20% 3.00"), not only a number ("GST ID").
std::vector<TotalCandidate> NetTotalsAfterTax(const std::vector<Line>& lines) {
  std::vector<TotalCandidate> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    size_t pos = std::string::npos, len = 0;
    for (const char* label : {"net total", "nett total", "total net", "total nett"})
      if ((pos = text::FindWord(f, label)) != std::string::npos) {
        len = std::string_view(label).size();
        break;
      }
    if (pos == std::string::npos || ContainsAny(f, {"rounded", "round", "excl", "before", "hors", "ht"})) continue;
    bool tax_above = false;
    for (size_t j = i, seen = 0; j-- > 0 && seen < 8 && !tax_above; ++seen) {
      const std::string& g = lines[j].folded;
      if (!ContainsAny(g, {"gst", "vat", "tax", "tva", "sst", "mwst"})) continue;
      bool rate_or_amount = lines[j].text.find('%') != std::string::npos;
      for (const auto& a : amounts::FindAmounts(lines[j].text)) rate_or_amount |= a.has_decimals;
      tax_above = rate_or_amount;
    }
    if (!tax_above) continue;
    const size_t from = extract::OriginalOffset(lines[i].text, pos + len);
    for (auto a : amounts::FindAmounts(std::string_view(lines[i].text).substr(from))) {
      if (a.number <= 0) continue;
      // "174.9": OCR lost the last decimal of a receipt total.
      if (!a.has_decimals && a.raw.size() >= 3 && a.raw[a.raw.size() - 2] == '.') a.has_decimals = true;
      if (!a.has_decimals) continue;
      a.begin += from;
      a.end += from;
      out.push_back({a, 1, lines[i].page, i, false});
      break;
    }
  }
  return out;
}

// A till receipt's items: the run of lines just above its first total line
// (only blank lines or rules between), each ending in an amount with
// decimals. The sum of two or more is the total recomputed; nullopt when a
// labelled line (subtotal, tax) stands between, the items then summing to
// something else.
std::optional<double> ReceiptItemsSum(const std::vector<Line>& lines, const std::vector<TotalCandidate>& grosses) {
  size_t first = lines.size();
  for (const auto& g : grosses)
    if (g.tier <= 2 && !g.below) first = std::min(first, g.line);
  if (first == lines.size()) return std::nullopt;
  static const std::regex rule(R"(^[\s\-=_*.~]*$)");
  double sum = 0;
  int count = 0;
  for (size_t j = first; j-- > 0;) {
    if (lines[j].page != lines[first].page) break;
    const std::string& t = lines[j].text;
    if (std::regex_match(t, rule)) {
      if (count > 0) break;  // the rule above the items ends them
      continue;
    }
    if (ContainsAny(lines[j].folded, {"subtotal", "sub total", "sous-total", "sous total", "zwischensumme",
                                      "total", "summe", "tax", "tva", "vat", "gst", "mwst", "ust", "btw",
                                      "remise", "discount", "rabatt", "korting", "ht", "net", "netto"})) {
      if (count == 0) return std::nullopt;
      break;
    }
    auto found = amounts::FindAmounts(t);
    if (found.empty() || !found.back().has_decimals || found.back().number <= 0 ||
        !text::Trim(std::string_view(t).substr(found.back().end)).empty() || !dates::FindDates(t).empty())
      break;
    sum += found.back().number;
    ++count;
  }
  if (count < 2) return std::nullopt;
  return sum;
}

// Receipts by agreement (total_agreement.h): the labelled totals, cash -
// change, subtotal + tax (+ rounding) and an unrounded total + the rounding
// adjustment are independent readings of the
// amount paid; the value most of them agree on repairs a misread digit of
// the chosen total, and a total nothing agrees with loses confidence.
// The amount before tax printed as a plain "Total" right above a tax line
// ("Total (MYR) : 20.00" / "GST @ 6% : 1.20" / "Net Total : ..."), when the
// tax is that amount at the tax line's own printed rate (to a cent, or 0.5 %
// of the tax): the arithmetic, not the label, makes it a net. Returns the
// sums net + tax of such pairs; only for readings checked against others.
std::vector<double> RateCheckedPreTaxSums(const std::vector<Line>& lines, const std::vector<AmountCandidate>& taxes) {
  std::vector<double> out;
  for (const auto& x : taxes) {
    const auto rate = OneRate(lines[x.line].text);
    if (!rate || x.amount.number <= 0 || x.amount.begin < rate->after) continue;
    for (size_t j = x.line, seen = 0; j-- > 0 && seen < 2;) {
      if (text::Trim(lines[j].text).empty()) continue;
      ++seen;
      if (text::FindWord(lines[j].folded, "total") == std::string::npos) continue;
      auto found = amounts::FindAmounts(lines[j].text);
      if (found.empty() || !found.back().has_decimals) break;
      const double net = found.back().number;
      if (net > 0 && std::abs(net * rate->rate - x.amount.number) <= 0.01 + 0.005 * x.amount.number)
        out.push_back(net + x.amount.number);
      break;
    }
  }
  return out;
}

void CheckByAgreement(const std::vector<Line>& lines, const std::vector<TotalCandidate>& grosses,
                      const std::optional<std::pair<double, int>>& cash, std::optional<double> items_sum,
                      Totals& t) {
  using amounts::TotalReading;
  std::vector<TotalReading> readings;
  for (const auto& g : grosses)
    if (g.tier <= 2 && g.amount.has_decimals && g.amount.number > 0 && !NetOrSummaryLine(lines, g.line))
      readings.push_back({g.amount.number, TotalReading::Kind::kLabel, static_cast<int>(g.line)});
  if (cash && cash->first > 0)
    readings.push_back({cash->first, TotalReading::Kind::kCashChange, -1});
  // The amount charged to a card ("CB 12,60", "VISA ****4821 43.17"), on a
  // line of its own: the amount paid, printed once more.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (std::any_of(grosses.begin(), grosses.end(), [&](const TotalCandidate& g) { return g.line == i; })) continue;
    auto card = AmountAfterLabel(lines[i], {"cb", "carte bancaire", "carte", "card", "visa", "mastercard",
                                            "amex", "ec-karte", "girocard", "debit card", "credit card"});
    if (card && card->number > 0) readings.push_back({card->number, TotalReading::Kind::kLabel, static_cast<int>(i)});
  }
  // The sum of the line items' amounts: the total recomputed.
  if (items_sum && *items_sum > 0) readings.push_back({*items_sum, TotalReading::Kind::kSum, -1});
  const auto rounding = RoundingAdjustment(lines);
  // The total before rounding plus the adjustment: a rounded total.
  if (rounding && std::abs(*rounding) > 0.001) {
    const size_t labelled = readings.size();
    for (size_t k = 0; k < labelled; ++k)
      if (readings[k].kind == TotalReading::Kind::kLabel &&
          amounts::RoundedToFiveCents(readings[k].value + *rounding) &&
          !amounts::RoundedToFiveCents(readings[k].value))
        readings.push_back({readings[k].value + *rounding, TotalReading::Kind::kRounded, -1});
  }
  std::vector<double> parts_sums;  // sums of parts all printed with their decimal point
  {
    // Subtotals and taxes printed without their decimal point count too.
    const std::vector<Line> restored = RepairedLines(lines, amounts::RestoreDecimalPoint);
    auto nets = LabelledAmounts(restored, kNetLabels, NetExcluded);
    auto taxes = LabelledAmounts(restored, kTaxLabels, TaxExcluded);
    auto services = LabelledAmounts(restored, kServiceLabels, [](std::string_view, size_t) { return false; });
    for (const auto& n : nets)
      for (const auto& x : taxes) {
        if (n.line == x.line && n.amount.begin == x.amount.begin) continue;
        if (n.amount.number <= 0 || x.amount.number < 0 || x.amount.number > n.amount.number * 0.5) continue;
        // Were all parts printed with their decimal point (none restored)?
        const bool as_printed = restored[n.line].text == lines[n.line].text && restored[x.line].text == lines[x.line].text;
        // Subtotal + tax, and + a service charge printed on its own line.
        std::vector<std::pair<double, bool>> sums = {{n.amount.number + x.amount.number, as_printed}};
        for (const auto& sc : services)
          if (sc.line != n.line && sc.line != x.line && sc.amount.number > 0 &&
              sc.amount.number <= n.amount.number * 0.25)
            sums.push_back({sums.front().first + sc.amount.number,
                            as_printed && restored[sc.line].text == lines[sc.line].text});
        for (auto [sum, printed] : sums) {
          readings.push_back({sum, TotalReading::Kind::kSum, -1});
          if (printed) parts_sums.push_back(sum);
          if (rounding && std::abs(*rounding) > 0.001) {
            readings.push_back({sum + *rounding, TotalReading::Kind::kSum, -1});
            if (printed) parts_sums.push_back(sum + *rounding);
          }
        }
      }
    // A plain "Total" above a tax at its printed rate: a net, checked by the rate.
    for (double sum : RateCheckedPreTaxSums(lines, LabelledAmounts(lines, kTaxLabels, TaxExcluded))) {
      readings.push_back({sum, TotalReading::Kind::kSum, -1});
      parts_sums.push_back(rounding ? sum + *rounding : sum);
    }
  }
  // Totals whose decimal point OCR read as a space or a colon ("Total RM
  // 86 00"): further labelled readings, of lines that had no amount. So are
  // net totals printed under the tax (NetTotalsAfterTax).
  struct Extra {
    TotalCandidate c;
    const char* method;
  };
  std::vector<Extra> extra;
  {
    std::vector<bool> changed;
    const std::vector<Line> restored = RepairedLines(lines, amounts::RestoreSplitDecimal, &changed);
    for (const auto& g : TotalCandidates(restored))
      if (changed[g.line] && g.tier <= 2 && g.amount.has_decimals && g.amount.number > 0 &&
          !NetOrSummaryLine(restored, g.line)) {
        extra.push_back({g, "label+split-decimal"});
        readings.push_back({g.amount.number, TotalReading::Kind::kLabel, static_cast<int>(g.line)});
      }
  }
  for (const auto& g : NetTotalsAfterTax(lines)) {
    extra.push_back({g, "net-total-after-tax"});
    readings.push_back({g.amount.number, TotalReading::Kind::kLabel, static_cast<int>(g.line)});
  }
  std::optional<double> chosen;
  if (t.gross) chosen = std::stod(t.gross->value);
  auto verdict = amounts::AgreeOnTotal(chosen, readings, rounding.has_value());
  if (!verdict && !t.gross && !extra.empty()) {
    // Nothing else to go by: the best-labelled of these readings, with low confidence.
    const auto best = std::min_element(extra.begin(), extra.end(), [](const Extra& a, const Extra& b) {
      return a.c.tier < b.c.tier;
    });
    t.gross = Candidate{amounts::FormatAmount(best->c.amount.number), best->c.amount.raw, best->c.page, 0.35, best->method};
    return;
  }
  if (!verdict && !t.gross) {
    // No total could be read at all: the sum of the parts (subtotal + tax
    // [+ service charge] [+ rounding]), each printed with its decimal point,
    // is the best guess, with low confidence; the most complete one, rounded
    // when the document rounds.
    std::optional<double> best;
    std::optional<AmountCandidate> printed;
    for (double v : parts_sums) {
      if (rounding && std::abs(*rounding) > 0.001 && !amounts::RoundedToFiveCents(v)) continue;
      if (!best || v > *best) best = v;
    }
    // A sum printed as an amount of its own (the total whose label OCR
    // garbled: "Zshibetrag 529.87") is the total, more surely.
    for (const Line& l : lines)
      for (const auto& a : amounts::FindAmounts(l.text)) {
        if (!a.has_decimals) continue;
        for (double v : parts_sums)
          if (std::abs(a.number - v) < 0.005 && (!printed || v > printed->amount.number))
            printed = AmountCandidate{a, l.page, 0, 0, false};
      }
    if (printed) {
      t.gross = Candidate{printed->amount.value, printed->amount.raw, printed->page, 0.5, "sum-of-parts+printed"};
      return;
    }
    if (best) {
      const int page = lines.empty() ? -1 : lines.front().page;
      t.gross = Candidate{amounts::FormatAmount(*best), "", page, 0.3, "sum-of-parts"};
    }
    return;
  }
  if (!verdict) return;
  if (verdict->repaired) {
    std::string raw;
    int page = t.gross ? t.gross->page : (lines.empty() ? -1 : lines.front().page);
    for (const auto& g : grosses)
      if (std::abs(g.amount.number - verdict->value) < 0.005) {
        raw = g.amount.raw;
        page = g.page;
        break;
      }
    const double conf = std::min(0.9, 0.55 + 0.1 * verdict->support);
    t.gross = Candidate{amounts::FormatAmount(verdict->value), raw, page, conf, "agreement"};
    return;
  }
  if (verdict->support >= 2) {
    t.gross->confidence = std::min(0.97, t.gross->confidence + 0.05);
    return;
  }
  // Read once, and the other readings disagree.
  bool other = false;
  for (const auto& r : readings)
    if (r.kind != TotalReading::Kind::kLabel) other = true;
  if (other) t.gross->confidence *= 0.8;
}

// Recognised pages: the issue date's year against the document's other
// dates and the clock (year_repair.h); a repaired date loses confidence.
void CheckIssueYear(const std::vector<Line>& lines, dates::DateOrder order, Candidate& issue) {
  std::vector<std::string> others;
  bool own_seen = false;
  for (const auto& l : lines)
    for (const auto& d : dates::FindDates(l.text, order)) {
      if (d.compact) continue;
      if (!own_seen && d.iso == issue.value) {
        own_seen = true;  // the issue date's own occurrence
        continue;
      }
      others.push_back(d.iso);
    }
  const auto now = std::chrono::system_clock::now();
  const int this_year = static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now)).year());
  if (auto repaired = dates::RepairYear(issue.value, others, this_year + 1)) {
    issue.value = *repaired;
    issue.confidence *= 0.7;
    issue.method += "+year-repair";
  }
}

// A store's name set in large type over two lines ("FENWICK & DALE" /
// "HARDWARE", "HARBORLIGHT" / "OYSTER BAR"): the line right above or
// under the chosen name, printed in the same large type (word heights within 20 %,
// at least 1.3 times the page's median word), belongs to it when it can
// carry on a name (parties::NameContinuation). A trade printed under the
// name in the body's type ("THREE STOOGES" / "BISTRO & CAFE") does not.
// A line above the chosen name in larger type (1.5 times the median, a
// quarter larger than the chosen line) is the name instead.
// Recognised pages only: the heights are the OCR words' boxes.
void StoreNameInLargeType(const std::vector<Line>& lines, const std::vector<Page>& pages, parties::Parties& who) {
  if (!who.supplier_name || who.supplier_line < 0 || static_cast<size_t>(who.supplier_line) >= lines.size()) return;
  const size_t at = static_cast<size_t>(who.supplier_line);
  const Page* page = nullptr;
  for (const Page& p : pages)
    if (p.index == lines[at].page) page = &p;
  if (page == nullptr || page->words.size() < 5) return;
  std::vector<int> heights;
  for (const Word& w : page->words)
    if (text::Utf8Length(w.text) >= 2) heights.push_back(w.box.h);
  if (heights.empty()) return;
  std::nth_element(heights.begin(), heights.begin() + static_cast<long>(heights.size() / 2), heights.end());
  const double median = heights[heights.size() / 2];
  std::string name_fold = text::FoldText(who.supplier_name->value);
  std::optional<Box> name_box;
  for (const auto& seg : parties::Segments(lines[at].text))
    if (name_fold.find(text::FoldText(text::Trim(seg.text))) != std::string::npos)
      name_box = extract::FindBox(*page, seg.text);
  // OCR's stray bar at a line's end ("MARCHE DES |") or speck before it
  // ("_ L'ARDOISE BLEUE").
  auto clean = [](std::string t) {
    t = text::Trim(t);
    while (!t.empty() && (t.back() == '|' || t.back() == ' ')) t.pop_back();
    while (t.size() > 2 && (t[0] == '_' || t[0] == '|' || t[0] == '~') && t[1] == ' ') t = t.substr(2);
    return t;
  };
  {
    // A line above the chosen name in larger type (1.5 times the median
    // and a quarter larger than the chosen line) that can be a name
    // ("BAUMARKT" over "Baustoffe : Werkzeug + Garten") is the store's name.
    const double floor = std::max(1.5 * median, name_box ? 1.25 * name_box->h : 0.0);
    // Not over a name with a legal form ("WARAKUYA PERMAS CITY SDN BHD"
    // under a logo read as "ALERT"): that is the registered name.
    const bool registered = parties::HasLegalForm(who.supplier_name->value);
    bool moved = false;
    for (size_t j = at - std::min<size_t>(at, 6); j < at && !moved && !registered; ++j) {
      if (lines[j].page != lines[at].page) continue;
      const auto segs = parties::Segments(lines[j].text);
      if (segs.size() != 1) continue;
      const std::string t = clean(segs[0].text);
      if (t.size() < 3 || !parties::NameContinuation(t)) continue;
      const auto box = extract::FindBox(*page, t);
      if (!box || box->h < floor) continue;
      who.supplier_name->value = t;
      who.supplier_name->raw = t;
      who.supplier_name->method += "+large-type";
      who.supplier_line = static_cast<int>(j);
      name_box = box;
      moved = true;
    }
    if (!moved && (!name_box || name_box->h < 1.3 * median)) return;
  }
  const size_t name_at = static_cast<size_t>(who.supplier_line);
  name_fold = text::FoldText(who.supplier_name->value);
  // The next printed line up (step -1) or down (+1), a blank line apart at
  // most (large type is spaced wider than the body's lines).
  auto neighbour = [&](int step) -> std::string {
    long j = static_cast<long>(name_at) + step;
    if (j >= 0 && static_cast<size_t>(j) < lines.size() && text::Trim(lines[static_cast<size_t>(j)].text).empty())
      j += step;
    if (j < 0 || static_cast<size_t>(j) >= lines.size() || lines[static_cast<size_t>(j)].page != lines[name_at].page)
      return "";
    const auto segs = parties::Segments(lines[static_cast<size_t>(j)].text);
    if (segs.size() != 1) return "";
    std::string t = clean(segs[0].text);
    if (t.empty() || !parties::NameContinuation(t)) return "";
    if (name_fold.find(text::FoldText(t)) != std::string::npos) return "";
    const auto box = extract::FindBox(*page, t);
    if (!box || box->h < 0.8 * name_box->h || box->h > 1.25 * name_box->h) return "";
    const int gap = step > 0 ? box->y - (name_box->y + name_box->h) : name_box->y - (box->y + box->h);
    if (gap < -name_box->h / 2 || gap > 1.2 * name_box->h) return "";
    return t;
  };
  const std::string above = neighbour(-1), below = neighbour(+1);
  if (above.empty() && below.empty()) return;
  std::string& v = who.supplier_name->value;
  if (!above.empty()) v = above + " " + v;
  if (!below.empty()) v += " " + below;
  if (who.supplier_name->method.find("+large-type") == std::string::npos) who.supplier_name->method += "+large-type";
}

// A shop's name on a till receipt printed over two lines, read as one of
// them: a trade's word alone ("Librairie") over the name in capitals ("LA
// BOUSSOLE") is joined to it; a logo ("L'ARDOISE BLEUE") over the full
// name that repeats it ("Brasserie L'Ardoise Bleue") gives way to it.
void StoreNameOverTwoLines(const std::vector<Line>& lines, parties::Parties& who) {
  if (!who.supplier_name || who.supplier_line < 0 || static_cast<size_t>(who.supplier_line) >= lines.size()) return;
  const size_t at = static_cast<size_t>(who.supplier_line);
  std::string next;
  for (size_t j = at + 1; j < lines.size() && j <= at + 2 && lines[j].page == lines[at].page; ++j) {
    const auto segs = parties::Segments(lines[j].text);
    if (segs.empty()) continue;
    if (segs.size() == 1) next = text::Trim(segs[0].text);
    break;
  }
  if (next.empty() || text::HasDigit(next)) return;
  std::string& v = who.supplier_name->value;
  static const std::regex trade(
      R"(^(?:librairie|boulangerie|patisserie|brasserie|restaurant|cafe|pharmacie|boucherie|charcuterie|fromagerie|)"
      R"(epicerie|garage|hotel|bistro|bistrot|tabac|fleuriste|bijouterie|quincaillerie|cave|opticien|pressing|)"
      R"(bakery|pharmacy|pub|bookshop|bookstore|butcher|baeckerei|backerei|apotheke|metzgerei|buchhandlung|)"
      R"(bakkerij|apotheek|boekhandel|slagerij)$)");
  const std::string vf = text::FoldText(v);
  if (std::regex_match(vf, trade) && parties::NameContinuation(next)) {
    v += " " + next;
    who.supplier_name->method += "+two-lines";
    return;
  }
  // The next line holds the chosen name's words and one or two more.
  const auto mine = text::SplitWords(vf), theirs = text::SplitWords(text::FoldText(next));
  if (mine.empty() || theirs.size() <= mine.size() || theirs.size() > mine.size() + 2) return;
  for (size_t b = 0; b + mine.size() <= theirs.size(); ++b) {
    if (!std::equal(mine.begin(), mine.end(), theirs.begin() + static_cast<long>(b))) continue;
    v = next;
    who.supplier_name->raw = next;
    who.supplier_name->method += "+two-lines";
    return;
  }
}

// The currency of the country a VAT number's prefix names: the euro area,
// the United Kingdom, Switzerland; "" for any other.
std::string CurrencyOfVatCountry(const std::string& prefix) {
  static const char* kEuro[] = {"AT", "BE", "CY", "DE", "EE", "EL", "ES", "FI", "FR", "HR", "IE",
                                "IT", "LT", "LU", "LV", "MT", "NL", "PT", "SI", "SK"};
  for (const char* c : kEuro)
    if (prefix == c) return "EUR";
  if (prefix == "GB" || prefix == "XI") return "GBP";
  if (prefix == "CH") return "CHF";
  return "";
}

void Put(Fields& out, const char* name, const std::optional<Candidate>& c,
         const std::vector<Page>& pages) {
  if (!c) return;
  out[name] = extract::MakeField(c->value, c->confidence, c->page, c->method, kVersion, pages, c->raw);
}

}  // namespace

Fields ExtractInvoice(const Classification& /*c*/, const std::vector<Page>& pages) {
  Fields out;
  const std::vector<Line> lines = extract::LayoutLines(pages);
  std::string all;
  for (const auto& l : lines) all += l.text + "\n";
  const dates::DateOrder order = dates::InferDateOrder(all);

  // Recognised pages (OCR) get the repairs of OCR's usual misreadings.
  const bool ocr = std::any_of(pages.begin(), pages.end(), [](const Page& p) {
    return p.source == "ocr" || p.source == "image";
  });

  Put(out, "invoice_number", FindInvoiceNumber(lines), pages);
  auto issue = FindIssueDate(lines, order);
  if (issue && ocr) CheckIssueYear(lines, order, *issue);
  auto due = FindDueDate(lines, order);
  // The document's only date read as its issue date for want of a label
  // is no issue date when it is the labelled due date (OCR lost the issue
  // date's value).
  if (issue && due && issue->method.rfind("fallback", 0) == 0 && due->method == "label" &&
      issue->value == due->value && issue->raw == due->raw)
    issue.reset();
  Put(out, "issue_date", issue, pages);
  if (due && (!out.count("issue_date") || out["issue_date"].value != due->value ||
              due->confidence > 0.8))
    Put(out, "due_date", due, pages);
  // Recognised pages: amounts and total labels with OCR confusions repaired.
  std::vector<Line> amount_lines = ocr ? RepairedLines(lines, amounts::RepairOcrLine) : lines;
  if (ocr) {
    static const std::vector<std::string> kDollars = {"USD", "CAD", "AUD", "SGD", "HKD", "NZD"};
    const std::string declared = amounts::DetectCurrency(all);
    if (!declared.empty() && std::find(kDollars.begin(), kDollars.end(), declared) == kDollars.end())
      amount_lines = RepairedLines(amount_lines, DollarReadForFive);
  }
  std::string total_currency;
  auto total = FindTotal(amount_lines, &total_currency, ocr);
  Put(out, "total_gross", total, pages);

  // Totals: net + tax = gross picks among the labelled candidates.
  auto gross_candidates = TotalCandidates(amount_lines);
  for (const auto& c : DepositTotals(amount_lines)) gross_candidates.push_back(c);
  Totals totals = ReconcileTotals(amount_lines, total, gross_candidates, ocr);
  auto items = line_items::FindLineItems(amount_lines, pages, kVersion);
  if (ocr) {
    const auto cash = CashMinusChange(amount_lines);
    CheckWithPayment(cash, gross_candidates, totals);
    CheckByAgreement(amount_lines, gross_candidates, cash, ReceiptItemsSum(amount_lines, gross_candidates), totals);
  }
  out.erase("total_gross");
  Put(out, "total_gross", totals.gross, pages);
  Put(out, "total_net", totals.net, pages);
  Put(out, "total_tax", totals.tax, pages);
  if (items) out["line_items"] = *items;

  // Parties and identifiers.
  parties::Parties who = parties::FindParties(lines, ocr);
  if (ocr) StoreNameInLargeType(lines, pages, who);
  if (ocr) StoreNameOverTwoLines(lines, who);
  auto put_found = [&](const char* name, const std::optional<parties::Found>& f) {
    if (!f || f->value.empty()) return;
    out[name] = extract::MakeField(f->value, f->confidence, f->page, f->method, kVersion, pages, f->raw);
  };
  put_found("supplier_name", who.supplier_name);
  put_found("supplier_address", who.supplier_address);
  put_found("customer_name", who.customer_name);
  Put(out, "supplier_vat", FindSupplierVat(lines, who.customer_spans), pages);
  Put(out, "iban", FindIban(lines, who.customer_spans), pages);

  // A due date before the issue date means one of them is wrong.
  if (out.count("due_date") && out.count("issue_date")) {
    const std::string d = out["due_date"].value.get<std::string>();
    const std::string i = out["issue_date"].value.get<std::string>();
    if (d < i) {
      Field& weaker = out["due_date"].confidence <= out["issue_date"].confidence ? out["due_date"] : out["issue_date"];
      weaker.confidence *= 0.5;
      weaker.method += "+date-check-failed";
    }
  }

  std::string currency = total_currency;
  if (currency == "USD") currency = amounts::DollarCode(all);
  double cconf = 0.85;
  if (currency.empty()) {
    currency = amounts::DetectCurrency(all);
    cconf = 0.65;
  }
  std::string method = total_currency.empty() ? "document" : "total-mark";
  if (currency.empty() && out.count("supplier_vat") && out.count("total_gross")) {
    // No currency printed (a café's bill: "TOTAL TTC 12,40"): the
    // supplier's VAT number says which country, hence which currency.
    currency = CurrencyOfVatCountry(out["supplier_vat"].value.get<std::string>().substr(0, 2));
    cconf = 0.5;
    method = "vat-country";
  }
  if (!currency.empty()) {
    Field f;
    f.value = currency;
    f.confidence = cconf;
    f.page = total && !total_currency.empty() ? total->page : (pages.empty() ? -1 : pages[0].index);
    f.method = method;
    f.extractor_version = kVersion;
    out["currency"] = f;
  }
  return out;
}

}  // namespace docflow
