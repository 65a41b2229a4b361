#include "extractors/extract_util.h"

#include <algorithm>
#include <cctype>

namespace docflow::extract {
namespace {

// Folded alphanumerics only: "Total:" -> "total", "1 234,56" -> "123456".
std::string Key(std::string_view s) {
  std::string f = text::FoldText(s), out;
  for (char c : f)
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      out.push_back(c);
  return out;
}

Box Union(const Box& a, const Box& b) {
  int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return Box{x0, y0, x1 - x0, y1 - y0};
}


}  // namespace

std::vector<Line> DocumentLines(const std::vector<Page>& pages) {
  std::vector<Line> out;
  for (size_t i = 0; i < pages.size(); ++i) {
    const Page& p = pages[i];
    const std::string page_text =
        text::Trim(p.text).empty() && !p.words.empty() ? TextFromWords(p) : p.text;
    for (auto& l : text::SplitLines(page_text)) {
      Line line;
      line.page = p.index;
      line.folded = text::FoldText(l);
      line.text = std::move(l);
      out.push_back(std::move(line));
    }
  }
  return out;
}

std::optional<Box> FindBox(const Page& page, std::string_view raw) {
  if (page.words.empty()) return std::nullopt;
  const std::string target = Key(raw);
  if (target.empty()) return std::nullopt;
  std::vector<std::string> keys;
  keys.reserve(page.words.size());
  for (const Word& w : page.words) keys.push_back(Key(w.text));
  // 1) A run of consecutive words whose keys concatenate to the target.
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].empty() || target.compare(0, keys[i].size(), keys[i]) != 0) continue;
    std::string acc;
    std::optional<Box> box;
    for (size_t j = i; j < keys.size() && acc.size() < target.size(); ++j) {
      if (keys[j].empty()) continue;
      if (target.compare(acc.size(), keys[j].size(), keys[j]) != 0) break;
      acc += keys[j];
      box = box ? Union(*box, page.words[j].box) : page.words[j].box;
      if (acc == target) return box;
    }
  }
  // 2) A single word that contains the target ("Total:1234.56").
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i].size() > target.size() && keys[i].find(target) != std::string::npos)
      return page.words[i].box;
  return std::nullopt;
}

Field MakeField(nlohmann::json value, double confidence, int page, std::string method,
                std::string version, const std::vector<Page>& pages, std::string_view raw) {
  Field f;
  f.value = std::move(value);
  f.confidence = std::clamp(confidence, 0.0, 1.0);
  f.page = page;
  f.method = std::move(method);
  f.extractor_version = std::move(version);
  for (const Page& p : pages)
    if (p.index == page) {
      f.box = FindBox(p, raw);
      break;
    }
  return f;
}

size_t OriginalOffset(std::string_view original, size_t folded_pos) {
  text::Folded f = text::Fold(original);
  return f.orig[std::min(folded_pos, f.text.size())];
}

}  // namespace docflow::extract
