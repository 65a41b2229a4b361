// Second reading of dates; see date_reread.h.
#include "workers/ocr/date_reread.h"

#include <algorithm>
#include <charconv>

namespace docflow {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trimmed(std::string_view word) {
  while (!word.empty() && (word.back() == ',' || word.back() == ':' || word.back() == '.')) word.remove_suffix(1);
  return word;
}

// The three digit groups of a date-shaped word; empty when it is not one.
std::vector<std::string_view> Groups(std::string_view word) {
  word = Trimmed(word);
  std::vector<std::string_view> groups;
  char sep = 0;
  size_t start = 0;
  for (size_t i = 0; i <= word.size(); ++i) {
    if (i < word.size() && IsDigit(word[i])) continue;
    if (i < word.size()) {
      if (word[i] != '/' && word[i] != '-' && word[i] != '.') return {};
      if (sep != 0 && word[i] != sep) return {};
      sep = word[i];
    }
    groups.push_back(word.substr(start, i - start));
    start = i + 1;
  }
  if (groups.size() != 3) return {};
  for (std::string_view g : groups)
    if (g.empty() || g.size() > 4) return {};
  const bool year_first = groups[0].size() == 4 && groups[1].size() <= 2 && groups[2].size() <= 2;
  const bool year_last = groups[0].size() <= 2 && groups[1].size() <= 2 && (groups[2].size() == 4 || groups[2].size() == 2);
  if (!year_first && !year_last) return {};
  return groups;
}

int Number(std::string_view g) {
  int v = 0;
  std::from_chars(g.data(), g.data() + g.size(), v);
  return v;
}

bool SameShape(std::string_view x, std::string_view y) {
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (IsDigit(x[i]) != IsDigit(y[i])) return false;
    if (!IsDigit(x[i]) && x[i] != y[i]) return false;
  }
  return true;
}

}  // namespace

bool IsDateLike(std::string_view word) { return !Groups(word).empty(); }

bool PlausibleDate(std::string_view word) {
  const std::vector<std::string_view> g = Groups(word);
  if (g.empty()) return false;
  auto day = [](int d) { return d >= 1 && d <= 31; };
  auto month = [](int m) { return m >= 1 && m <= 12; };
  auto year = [](std::string_view y) { return y.size() == 2 || (Number(y) >= 1900 && Number(y) <= 2099); };
  if (g[0].size() == 4) return year(g[0]) && month(Number(g[1])) && day(Number(g[2]));
  const int a = Number(g[0]), b = Number(g[1]);
  return year(g[2]) && ((day(a) && month(b)) || (month(a) && day(b)));
}

std::string VoteReadings(const Word& first, const Word& a, const Word& b) {
  // The date itself; a trailing ',' ':' or '.' of the first reading stays.
  const std::string_view core = Trimmed(first.text), ca = Trimmed(a.text), cb = Trimmed(b.text);
  const std::string suffix = first.text.substr(core.size());
  const bool va = SameShape(core, ca), vb = SameShape(core, cb);
  std::string out(core);
  if (va && vb) {
    for (size_t i = 0; i < out.size(); ++i)
      if (ca[i] == cb[i]) out[i] = ca[i];
  } else if (va || vb) {
    if ((va ? a : b).confidence >= first.confidence + 5.0f) out = std::string(va ? ca : cb);
  }
  return PlausibleDate(out) ? out + suffix : first.text;
}

Box RereadBox(const Box& word, int width, int height) {
  const int pad = std::max(2, word.h / 4);
  const int x0 = std::max(0, word.x - pad), y0 = std::max(0, word.y - pad);
  const int x1 = std::min(width, word.x + word.w + pad), y1 = std::min(height, word.y + word.h + pad);
  return Box{x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

std::string SpliceWords(const std::string& text, const std::vector<std::pair<std::string, std::string>>& words) {
  std::string out = text;
  size_t at = 0;
  for (const auto& [as_read, now] : words) {
    if (as_read.empty()) continue;
    const size_t pos = out.find(as_read, at);
    if (pos == std::string::npos) continue;
    if (now != as_read) out.replace(pos, as_read.size(), now);
    at = pos + now.size();
  }
  return out;
}

}  // namespace docflow
