#include "extractors/line_items.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <regex>
#include <span>

#include "classifiers/text_norm.h"
#include "extractors/amounts.h"

namespace docflow::line_items {
namespace {

using extract::Line;
using nlohmann::json;

bool AnyWord(std::string_view hay, std::span<const char* const> words) {
  for (const char* w : words)
    if (text::FindWord(hay, w) != std::string_view::npos) return true;
  return false;
}
bool AnyWord(std::string_view hay, std::initializer_list<const char*> words) {
  return AnyWord(hay, std::span<const char* const>(words.begin(), words.size()));
}

// The header words that place a number column (HeaderColumns); a header
// row is also recognised by a few more (HeaderKinds).
constexpr const char* kQtyWords[] = {"qty", "qte", "quantity", "quantite", "menge", "anzahl"};
constexpr const char* kUnitWords[] = {"unit price", "prix unitaire", "p.u", "pu", "u.price", "einzelpreis",
                                      "price", "prix", "rate", "tarif", "preis", "nettopreis", "stuckpreis",
                                      "e-preis"};
constexpr const char* kAmountWords[] = {"amount", "montant", "total", "betrag", "gesamt", "gesamtpreis", "amt",
                                        "nettobetrag", "gesamtbetrag"};

// Number of column kinds a header row names.
int HeaderKinds(const std::string& f, bool* has_qty_or_amount) {
  bool desc = AnyWord(f, {"description", "designation", "article", "item", "items", "libelle", "bezeichnung",
                          "artikel", "produit", "product", "prestation", "details", "code/desc", "desc",
                          "beschreibung", "leistung"});
  bool qty = AnyWord(f, kQtyWords) || AnyWord(f, {"qt", "oty", "qtv"});  // and OCR's readings of "qty"
  bool unit = AnyWord(f, kUnitWords) || AnyWord(f, {"unit", "u/price"});
  bool amount = AnyWord(f, kAmountWords) || AnyWord(f, {"line total"});
  *has_qty_or_amount = qty || amount;
  return desc + qty + unit + amount;
}

// Whether a description has a letter (not only digits and signs).
bool HasLetter(std::string_view v) {
  for (unsigned char c : v)
    if (std::isalpha(c) || c >= 0x80) return true;
  return false;
}

bool TotalsLine(const std::string& folded_head) {
  return AnyWord(folded_head, {"total", "subtotal", "sub-total", "sous-total", "sous total", "zwischensumme",
                               "summe", "tva", "vat", "gst", "mwst", "net a payer", "amount due", "balance",
                               "rounding", "cash", "change", "umsatzsteuer", "mehrwertsteuer"});
}

std::string Fmt(double v, bool decimals) {
  char buf[64];
  if (decimals) return amounts::FormatAmount(v);
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Code-point column of the centre of the first word of `words` in the
// header line, or -1.
int LabelCentre(const Line& header, std::span<const char* const> words, bool last = false) {
  int best = -1;
  for (const char* w : words) {
    size_t pos = std::string::npos;
    for (size_t from = 0;;) {
      size_t p = text::FindWord(header.folded, w, from);
      if (p == std::string::npos) break;
      pos = p;
      if (!last) break;
      from = p + 1;
    }
    if (pos == std::string::npos) continue;
    size_t b = extract::OriginalOffset(header.text, pos);
    size_t e = extract::OriginalOffset(header.text, pos + std::string_view(w).size());
    int centre = static_cast<int>(text::Utf8Length(std::string_view(header.text).substr(0, b)) +
                                  text::Utf8Length(std::string_view(header.text).substr(b, e - b)) / 2);
    if (best < 0 || (last ? centre > best : centre < best)) best = centre;
  }
  return best;
}

struct Columns {
  int qty = -1, unit = -1, amount = -1;
  bool aligned = false;  // the text keeps its columns (text layer)
};

Columns HeaderColumns(const Line& header) {
  Columns c;
  c.aligned = header.text.find("   ") != std::string::npos;
  if (!c.aligned) return c;
  c.qty = LabelCentre(header, kQtyWords);
  c.unit = LabelCentre(header, kUnitWords);
  c.amount = LabelCentre(header, kAmountWords, true);
  return c;
}

// The position number a table row starts with ("  1   TB100A4   Trennblätter
// A4 ..."): 0 to 999 followed by a space, else -1; *after: where the rest of
// the row starts.
int LeadingPosition(const std::string& t, size_t* after = nullptr) {
  size_t i = t.find_first_not_of(' ');
  if (i == std::string::npos) return -1;
  size_t d = i;
  while (d < t.size() && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
  if (d == i || d - i > 3 || d >= t.size() || t[d] != ' ') return -1;
  if (after != nullptr) *after = t.find_first_not_of(' ', d);
  return std::atoi(t.substr(i, d - i).c_str());
}

// Whether the header's first column is a position number ("Pos",
// "Pos.", "Nr", "No", "#", "Ligne", "Lfd. Nr.").
bool NumberedRows(const Line& header) {
  const std::string& f = header.folded;
  const size_t b = f.find_first_not_of(' ');
  if (b == std::string::npos) return false;
  const size_t e = f.find(' ', b);
  const std::string first = f.substr(b, e == std::string::npos ? std::string::npos : e - b);
  for (const char* w : {"pos", "pos.", "position", "nr", "nr.", "no", "no.", "n°", "#", "ligne", "lfd", "lfd."})
    if (first == w) return true;
  return false;
}

// Whether the next line after lines[j] (within a dozen) that starts with a
// position number starts with `pos`: the rows go on after the blank lines
// and the detail text under a row ("Behandlungen aufgrund der Verordnung
// ...", dates of the visits).
bool NextPositionIs(const std::vector<Line>& lines, size_t j, int pos) {
  for (size_t k = j + 1; k < lines.size() && k <= j + 12; ++k) {
    const int p = LeadingPosition(lines[k].text);
    if (p >= 0) return p == pos;
  }
  return false;
}

// A description without the VAT rate printed after it in its own column
// ("Design (hours): Of a sample 7%").
std::string WithoutRate(const std::string& d) {
  static const std::regex rate(R"(\s+\d{1,2}(?:[.,]\d{1,2})?\s?%$)");
  return std::regex_replace(d, rate, "");
}

// Whether the first non-blank line after lines[j] (within a few) reads like
// an item row: two or more numbers, with words before the first one with
// decimals ("Beamer-Deckenhalterung   122,50   1 Stk   19 %").
bool NextLineIsARow(const std::vector<Line>& lines, size_t j) {
  for (size_t k = j + 1; k < lines.size() && k <= j + 6; ++k) {
    const std::string& t = lines[k].text;
    if (text::Trim(t).empty()) continue;
    const auto nums = amounts::FindAmounts(t);
    const auto dec = std::find_if(nums.begin(), nums.end(), [](const auto& n) { return n.has_decimals; });
    if (nums.size() < 2 || dec == nums.end()) return false;
    return HasLetter(std::string_view(t).substr(0, dec->begin));
  }
  return false;
}

// Code-point column of the centre of n in the line t.
int CentreOf(const std::string& t, const amounts::AmountMatch& n) {
  return static_cast<int>(text::Utf8Length(std::string_view(t).substr(0, n.begin)) + text::Utf8Length(n.raw) / 2);
}

// The header column nearest to n (0 quantity, 1 unit price, 2 amount) when
// it is within 20 columns of that header's centre, else -1.
int NearestColumn(const std::string& t, const amounts::AmountMatch& n, const Columns& cols) {
  const int centre = CentreOf(t, n);
  const int pos[3] = {cols.qty, cols.unit, cols.amount};
  int best = 21, which = -1;
  for (int k = 0; k < 3; ++k)
    if (pos[k] >= 0 && std::abs(centre - pos[k]) < best) best = std::abs(centre - pos[k]), which = k;
  return which;
}

struct Assigned {
  const amounts::AmountMatch *q = nullptr, *u = nullptr, *a = nullptr;  // into the row's numbers
};

// A row's numbers in the header's columns. As many numbers as number
// columns (an amount column counted when the header names none: it is the
// last one, "USt. ohne USt." over two lines): read left to right in the
// columns' order, wherever each sits under its header (a short
// right-aligned "75,50 €" ends under "Prix unit. HT" but starts nearer the
// centre of "Montant HT"). Otherwise each number goes to the nearest header
// column that no closer number has taken.
Assigned ByColumns(const std::string& t, const std::vector<amounts::AmountMatch>& nums, const Columns& cols) {
  Assigned r;
  const amounts::AmountMatch** slot[3] = {&r.q, &r.u, &r.a};
  const int pos[3] = {cols.qty, cols.unit, cols.amount >= 0 ? cols.amount : INT_MAX};
  std::vector<int> order;
  for (int k = 0; k < 3; ++k)
    if (pos[k] >= 0) order.push_back(k);
  std::sort(order.begin(), order.end(), [&](int x, int y) { return pos[x] < pos[y]; });
  if (order.size() >= 2 && nums.size() == order.size()) {
    for (size_t k = 0; k < nums.size(); ++k) *slot[order[k]] = &nums[k];
    return r;
  }
  int dist[3] = {21, 21, 21};
  for (const auto& n : nums) {
    const int k = NearestColumn(t, n, cols);
    if (k < 0) continue;
    const int d = std::abs(CentreOf(t, n) - pos[k]);
    if (d < dist[k]) *slot[k] = &n, dist[k] = d;
  }
  return r;
}

}  // namespace

std::optional<Field> FindLineItems(const std::vector<Line>& lines, const std::vector<Page>& pages,
                                   const char* version) {
  for (size_t h = 0; h < lines.size(); ++h) {
    bool qty_or_amount = false;
    if (HeaderKinds(lines[h].folded, &qty_or_amount) < 2 || !qty_or_amount) continue;
    // A header row carries no amounts of its own.
    bool has_amount = false;
    for (const auto& a : amounts::FindAmounts(lines[h].text)) has_amount = has_amount || a.has_decimals;
    if (has_amount) continue;
    const Columns cols = HeaderColumns(lines[h]);
    json items = json::array();
    bool all_checked = true;
    int checked = 0, blank = 0;
    // "Pos", "Nr", "Ligne"... heading the first column: rows start with a
    // position number, which is not part of the description.
    const bool numbered = NumberedRows(lines[h]);
    int next_pos = 0;  // the position number the next row should carry (0: none known)
    // After blank lines or detail text, the table goes on when the next row
    // is the next numbered position or reads like an item row.
    auto goes_on = [&](size_t j) {
      return (next_pos > 0 && NextPositionIs(lines, j, next_pos)) || (!items.empty() && NextLineIsARow(lines, j));
    };
    for (size_t j = h + 1; j < lines.size() && items.size() < 200; ++j) {
      if (lines[j].page != lines[h].page && items.empty()) break;
      const std::string& t = lines[j].text;
      if (text::Trim(t).empty()) {
        // Three blank lines end the table, unless the next row is the next
        // numbered position or reads like a row (rows spaced out with their
        // detail lines).
        if (++blank >= 3 && !goes_on(j)) break;
        continue;
      }
      auto found = amounts::FindAmounts(t);
      // Leading product codes ("95569 Kiddy fish 1 9.00 9.00") belong to
      // the description.
      size_t first = 0;
      while (first + 2 < found.size() && !found[first].has_decimals &&
             text::Trim(std::string_view(t).substr(0, found[first].begin)).size() < 2)
        ++first;
      const size_t desc_end = first < found.size() ? found[first].begin : t.size();
      std::string description = text::CollapseSpaces(std::string_view(t).substr(0, desc_end));
      const std::string head = text::FoldText(description);
      if (TotalsLine(head)) break;
      bool dummy = false;
      if (HeaderKinds(lines[j].folded, &dummy) >= 3) break;  // another table
      std::vector<amounts::AmountMatch> nums(found.begin() + static_cast<long>(first), found.end());
      bool any_decimal = false;
      for (const auto& n : nums) any_decimal = any_decimal || n.has_decimals;
      if (nums.empty() || !any_decimal) {
        // A description wrapped onto the next line.
        // Digits only in a short wrap ("~2000ml"), not in a line of its own
        // ("Seite 1 von 2").
        if (!items.empty() && blank == 0 && nums.empty() &&
            (!text::HasDigit(description) || text::SplitWords(description).size() <= 3) &&
            description.size() > 1 && items.back().contains("description"))
          items.back()["description"] = items.back()["description"].get<std::string>() + " " + description;
        else if (!items.empty() && nums.empty() && !goes_on(j))
          break;
        blank = 0;
        continue;
      }
      blank = 0;
      // In a table of numbered rows, a line without a position number is a
      // detail of the row above ("Bruttopreis : 0,0520"), not an item.
      if (next_pos > 0 && LeadingPosition(t) < 0) continue;
      // The quantity first, then the description ("1.00   Design (hours)
      // 7%   160.00 €   160.00 €" under "Amount  Product  VAT  Price  Total").
      std::optional<amounts::AmountMatch> lead_qty;
      size_t desc_from = 0;
      if (!HasLetter(description) && nums.size() >= 2 && nums[0].number > 0 &&
          HasLetter(std::string_view(t).substr(nums[0].end, nums[1].begin - nums[0].end))) {
        lead_qty = nums.front();
        desc_from = nums[0].end;
        description = text::CollapseSpaces(std::string_view(t).substr(desc_from, nums[1].begin - desc_from));
        nums.erase(nums.begin());
      }
      if (!HasLetter(description)) continue;
      json item = json::object();
      item["description"] = WithoutRate(description);
      if (cols.aligned && (cols.amount >= 0 || (cols.qty >= 0 && cols.unit >= 0))) {
        // Layout: each number belongs to the header column above it.
        Assigned s = ByColumns(t, nums, cols);
        // The amount printed on the line under its row, in the amount column
        // ("Trennblätter A4   9,9000   20 Stk   19 %" over "198,00").
        std::vector<amounts::AmountMatch> below;
        bool took_below = false;
        if (!s.a && (s.q || s.u) && cols.amount >= 0 && j + 1 < lines.size()) {
          // Only one number with decimals under the amount column ("12 x
          // 1,0l PET ... 109,80": the 1,0 is part of a detail).
          for (auto& n : amounts::FindAmounts(lines[j + 1].text))
            if (n.has_decimals && NearestColumn(lines[j + 1].text, n, cols) == 2) below.push_back(std::move(n));
          if (below.size() == 1) {
            s.a = &below[0];
            took_below = true;
          }
        }
        if (s.a) {
          size_t first_assigned = t.size();
          for (const amounts::AmountMatch* m : {s.q, s.u, s.a})
            if (m && (m != s.a || !took_below)) first_assigned = std::min(first_assigned, m->begin);
          size_t desc_begin = 0;
          if (const int pos = numbered ? LeadingPosition(t, &desc_begin) : -1; pos >= 0) next_pos = pos + 1;
          if (desc_begin >= first_assigned) desc_begin = 0;
          if (lead_qty && !s.q) s.q = &*lead_qty;
          desc_begin = std::max(desc_begin, desc_from);
          item["description"] =
              WithoutRate(text::CollapseSpaces(std::string_view(t).substr(desc_begin, first_assigned - desc_begin)));
          item["amount"] = s.a->value;
          if (s.u) item["unit_price"] = s.u->value;
          if (s.q) item["quantity"] = Fmt(s.q->number, false);
          if (s.q && s.u) {
            bool ok = std::abs(s.q->number * s.u->number - s.a->number) < 0.011;
            all_checked = all_checked && ok;
            checked += ok;
          }
          items.push_back(std::move(item));
          if (took_below) ++j;
          continue;
        }
        // One number and no amount under the amount column: a detail line
        // under a row ("Bruttopreis : 9,9000"), not an item.
        if (cols.amount >= 0 && nums.size() < 2) continue;
      }
      const auto& amount = nums.back();
      item["amount"] = amount.value;
      if (nums.size() >= 2) {
        const auto& unit = nums[nums.size() - 2];
        std::optional<double> qty;
        // The quantity: a number before the unit price with qty x unit = amount.
        for (size_t k = 0; k + 2 < nums.size(); ++k)
          if (std::abs(nums[k].number * unit.number - amount.number) < 0.011)
            qty = nums[k].number;
        if (!qty && nums.size() >= 3) qty = nums[nums.size() - 3].number;
        if (!qty && lead_qty) qty = lead_qty->number;
        if (nums.size() == 2 && !unit.has_decimals && unit.number > 0 && unit.number < 10000) {
          qty = unit.number;  // "Widget  3  30.00": quantity and amount
        } else {
          item["unit_price"] = unit.value;
        }
        if (qty) {
          item["quantity"] = Fmt(*qty, false);
          if (item.contains("unit_price")) {
            bool ok = std::abs(*qty * unit.number - amount.number) < 0.011;
            all_checked = all_checked && ok;
            checked += ok;
          }
        }
      }
      items.push_back(std::move(item));
    }
    if (items.empty()) continue;
    Field f;
    f.value = items;
    f.confidence = all_checked && checked > 0 ? 0.8 : 0.6;
    f.page = lines[h].page;
    f.method = "table";
    f.extractor_version = version;
    for (const Page& p : pages)
      if (p.index == f.page) f.box = extract::FindBox(p, lines[h].text);
    return f;
  }
  return std::nullopt;
}

}  // namespace docflow::line_items
