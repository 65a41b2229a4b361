#include "extractors/year_repair.h"

#include <set>

#include "extractors/amounts_ocr.h"
#include "extractors/dates.h"

namespace docflow::dates {
namespace {

// One digit differs, and the two digits are an OCR confusion.
bool OneConfusionApart(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  int diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (++diff > 1 || !amounts::ConfusableDigits(a[i], b[i])) return false;
  }
  return diff == 1;
}

std::optional<std::string> WithYear(const std::string& iso, const std::string& year) {
  return MakeIso(std::stoi(year), std::stoi(iso.substr(5, 2)), std::stoi(iso.substr(8, 2)));
}

}  // namespace

std::optional<std::string> RepairYear(const std::string& iso, const std::vector<std::string>& others,
                                      int latest_year) {
  if (iso.size() != 10) return std::nullopt;
  const std::string year = iso.substr(0, 4);
  std::set<std::string> years;
  for (const auto& o : others)
    if (o.size() == 10) years.insert(o.substr(0, 4));
  if (years.count(year)) return std::nullopt;  // another date agrees
  if (years.size() == 1 && OneConfusionApart(year, *years.begin()) &&
      std::stoi(*years.begin()) <= latest_year)
    return WithYear(iso, *years.begin());
  if (std::stoi(year) <= latest_year) return std::nullopt;
  // A future year: the latest confusable one that is not.
  std::optional<std::string> best;
  for (size_t i = 0; i < 4; ++i)
    for (char d = '0'; d <= '9'; ++d) {
      if (d == year[i] || !amounts::ConfusableDigits(d, year[i])) continue;
      std::string y = year;
      y[i] = d;
      const int v = std::stoi(y);
      if (v < 1990 || v > latest_year) continue;
      if (!best || y > *best) best = y;
    }
  if (!best) return std::nullopt;
  return WithYear(iso, *best);
}

}  // namespace docflow::dates
