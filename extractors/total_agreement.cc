#include "extractors/total_agreement.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "extractors/amounts_ocr.h"

namespace docflow::amounts {
namespace {

bool Same(double a, double b) { return std::abs(a - b) < 0.005; }

std::string Cents(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", std::abs(v));
  return buf;
}

// Independent readings of `v`: labelled lines count once each, every derived
// kind once.
int Support(double v, const std::vector<TotalReading>& readings) {
  std::set<int> lines;
  bool cash = false, sum = false, rounded = false;
  for (const auto& r : readings) {
    if (!Same(r.value, v)) continue;
    switch (r.kind) {
      case TotalReading::Kind::kLabel: lines.insert(r.line); break;
      case TotalReading::Kind::kCashChange: cash = true; break;
      case TotalReading::Kind::kSum: sum = true; break;
      case TotalReading::Kind::kRounded: rounded = true; break;
    }
  }
  return static_cast<int>(lines.size()) + (cash ? 1 : 0) + (sum ? 1 : 0) + (rounded ? 1 : 0);
}

bool HasLabel(double v, const std::vector<TotalReading>& readings) {
  for (const auto& r : readings)
    if (r.kind == TotalReading::Kind::kLabel && Same(r.value, v)) return true;
  return false;
}

bool HasDerived(double v, const std::vector<TotalReading>& readings) {
  for (const auto& r : readings)
    if (r.kind != TotalReading::Kind::kLabel && Same(r.value, v)) return true;
  return false;
}

}  // namespace

bool OcrNear(double a, double b) {
  if (Same(a, b) || (a < 0) != (b < 0)) return false;
  const std::string x = Cents(a), y = Cents(b);
  if (x.size() != y.size()) return false;
  int diff = 0, confusable = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] == y[i]) continue;
    ++diff;
    if (ConfusableDigits(x[i], y[i])) ++confusable;
  }
  return diff == 1 || (diff == 2 && confusable == 2);
}

bool RoundedToFiveCents(double v) {
  const long cents = std::lround(std::abs(v) * 100);
  return cents % 5 == 0;
}

std::optional<TotalVerdict> AgreeOnTotal(std::optional<double> chosen,
                                         const std::vector<TotalReading>& readings, bool rounded) {
  int chosen_support = 0;
  if (chosen) chosen_support = std::max(1, Support(*chosen, readings));
  // Candidates ranked by support, then nearness to the chosen total, then
  // (on rounded documents) being a multiple of 0.05, then a labelled reading.
  auto rank = [&](double v) {
    const bool near = chosen && OcrNear(*chosen, v);
    return std::make_tuple(Support(v, readings), near, rounded && RoundedToFiveCents(v),
                           HasLabel(v, readings));
  };
  const TotalReading* best = nullptr;
  int best_support = 0;
  for (const auto& r : readings) {
    if (r.value <= 0 || (chosen && Same(r.value, *chosen))) continue;
    // Far from the chosen total: a labelled value confirmed by a derived one.
    if (chosen && !OcrNear(*chosen, r.value) && !(HasLabel(r.value, readings) && HasDerived(r.value, readings)))
      continue;
    if (!best || rank(r.value) > rank(best->value)) {
      best = &r;
      best_support = Support(r.value, readings);
    }
  }
  if (!chosen) {
    if (best && best_support >= 2) return TotalVerdict{best->value, best_support, true};
    return std::nullopt;
  }
  if (best && best_support > chosen_support) return TotalVerdict{best->value, best_support, true};
  if (best && rounded && chosen_support == 1 && best_support == 1 && OcrNear(*chosen, best->value) &&
      !RoundedToFiveCents(*chosen) && RoundedToFiveCents(best->value))
    return TotalVerdict{best->value, 1, true};
  return TotalVerdict{*chosen, chosen_support, false};
}

}  // namespace docflow::amounts
