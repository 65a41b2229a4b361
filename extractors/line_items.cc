#include "extractors/line_items.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <initializer_list>

#include "classifiers/text_norm.h"
#include "extractors/amounts.h"

namespace docflow::line_items {
namespace {

using extract::Line;
using nlohmann::json;

bool AnyWord(std::string_view hay, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (text::FindWord(hay, w) != std::string_view::npos) return true;
  return false;
}

// Number of column kinds a header row names.
int HeaderKinds(const std::string& f, bool* has_qty_or_amount) {
  bool desc = AnyWord(f, {"description", "designation", "article", "item", "items", "libelle", "bezeichnung",
                          "artikel", "produit", "product", "prestation", "details", "code/desc", "desc"});
  bool qty = AnyWord(f, {"qty", "qte", "quantity", "quantite", "menge", "qt", "anzahl", "oty", "qtv"});
  bool unit = AnyWord(f, {"unit price", "prix unitaire", "p.u", "pu", "u.price", "einzelpreis", "unit", "price",
                          "prix", "rate", "tarif", "u/price"});
  bool amount = AnyWord(f, {"amount", "montant", "total", "betrag", "gesamt", "line total", "gesamtpreis", "amt"});
  *has_qty_or_amount = qty || amount;
  return desc + qty + unit + amount;
}

bool TotalsLine(const std::string& folded_head) {
  return AnyWord(folded_head, {"total", "subtotal", "sub-total", "sous-total", "sous total", "zwischensumme",
                               "summe", "tva", "vat", "gst", "mwst", "net a payer", "amount due", "balance",
                               "rounding", "cash", "change"});
}

std::string Fmt(double v, bool decimals) {
  char buf[64];
  if (decimals) return amounts::FormatAmount(v);
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// Code-point column of the centre of the first word of `words` in the
// header line, or -1.
int LabelCentre(const Line& header, std::initializer_list<const char*> words, bool last = false) {
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
  c.qty = LabelCentre(header, {"qty", "qte", "quantity", "quantite", "menge", "anzahl"});
  c.unit = LabelCentre(header, {"unit price", "prix unitaire", "p.u", "pu", "u.price", "einzelpreis", "price",
                                "prix", "rate", "tarif"});
  c.amount = LabelCentre(header, {"amount", "montant", "total", "betrag", "gesamt", "gesamtpreis", "amt"}, true);
  return c;
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
    for (size_t j = h + 1; j < lines.size() && items.size() < 200; ++j) {
      if (lines[j].page != lines[h].page && items.empty()) break;
      const std::string& t = lines[j].text;
      if (text::Trim(t).empty()) {
        if (++blank >= 3) break;
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
        if (!items.empty() && blank == 0 && nums.empty() && text::HasDigit(description) == false &&
            description.size() > 1 && items.back().contains("description"))
          items.back()["description"] = items.back()["description"].get<std::string>() + " " + description;
        else if (!items.empty() && nums.empty())
          break;
        blank = 0;
        continue;
      }
      blank = 0;
      bool has_letters = false;
      for (unsigned char c : description) has_letters = has_letters || std::isalpha(c) || c >= 0x80;
      if (!has_letters) continue;
      json item = json::object();
      item["description"] = description;
      if (cols.aligned && cols.amount >= 0) {
        // Layout: each number belongs to the header column above it.
        const amounts::AmountMatch *q = nullptr, *u = nullptr, *a = nullptr;
        int dq = 21, du = 21, da = 21;  // distance of each column's number to its header
        // As many numbers as number columns: they are read left to right in
        // the columns' order, wherever each sits under its header (a short
        // right-aligned "75,50 €" ends under "Prix unit. HT" but starts
        // nearer the centre of "Montant HT").
        const int col_pos[3] = {cols.qty, cols.unit, cols.amount};
        std::vector<int> in_order;
        for (int k = 0; k < 3; ++k)
          if (col_pos[k] >= 0) in_order.push_back(k);
        std::sort(in_order.begin(), in_order.end(), [&](int x, int y) { return col_pos[x] < col_pos[y]; });
        if (in_order.size() >= 2 && nums.size() == in_order.size()) {
          const amounts::AmountMatch** slot[3] = {&q, &u, &a};
          for (size_t k = 0; k < nums.size(); ++k) *slot[in_order[k]] = &nums[k];
        }
        if (!q && !u && !a) {  // otherwise: each number to the nearest header
          for (const auto& n : nums) {
            int centre = static_cast<int>(text::Utf8Length(std::string_view(t).substr(0, n.begin)) +
                                          text::Utf8Length(n.raw) / 2);
            // The nearest header column takes the number if no closer one has it.
            int best = 21;
            int which = -1;
            for (int k = 0; k < 3; ++k)
              if (col_pos[k] >= 0 && std::abs(centre - col_pos[k]) < best) {
                best = std::abs(centre - col_pos[k]);
                which = k;
              }
            if (which == 0 && best < dq) q = &n, dq = best;
            if (which == 1 && best < du) u = &n, du = best;
            if (which == 2 && best < da) a = &n, da = best;
          }
        }
        size_t first_assigned = t.size();
        for (const amounts::AmountMatch* m : {q, u, a})
          if (m) first_assigned = std::min(first_assigned, m->begin);
        if (a) {
          item["description"] = text::CollapseSpaces(std::string_view(t).substr(0, first_assigned));
          item["amount"] = a->value;
          if (u) item["unit_price"] = u->value;
          if (q) item["quantity"] = Fmt(q->number, false);
          if (q && u) {
            bool ok = std::abs(q->number * u->number - a->number) < 0.011;
            all_checked = all_checked && ok;
            checked += ok;
          }
          items.push_back(std::move(item));
          continue;
        }
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
