// Text layer + OCR merge for mixed pages; see layer_merge.h.
#include "workers/ocr/layer_merge.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace docflow {
namespace {

bool CentreInside(const Box& inner, const Box& outer, int pad) {
  int cx = inner.x + inner.w / 2, cy = inner.y + inner.h / 2;
  return cx >= outer.x - pad && cx <= outer.x + outer.w + pad && cy >= outer.y - pad && cy <= outer.y + outer.h + pad;
}

struct Line {
  std::vector<Word> words;
  int top = 0, bottom = 0;
};

}  // namespace

int MergeLayerWords(Page& page) {
  std::vector<Word> all = std::move(page.layer_words);
  page.layer_words.clear();
  const size_t from_layer = all.size();
  for (Word& w : page.words) {
    bool covered = false;
    for (size_t i = 0; i < from_layer && !covered; ++i) {
      covered = CentreInside(w.box, all[i].box, std::max(2, all[i].box.h / 4));
    }
    if (!covered) all.push_back(std::move(w));
  }
  const int added = static_cast<int>(all.size() - from_layer);

  // Lines: by vertical centre, each word joins the line it shares most of its height with.
  std::sort(all.begin(), all.end(), [](const Word& a, const Word& b) {
    return a.box.y + a.box.h / 2 < b.box.y + b.box.h / 2;
  });
  std::vector<Line> lines;
  for (Word& w : all) {
    Line* home = nullptr;
    for (auto it = lines.rbegin(); it != lines.rend() && home == nullptr; ++it) {
      int overlap = std::min(it->bottom, w.box.y + w.box.h) - std::max(it->top, w.box.y);
      if (overlap * 2 >= std::min(it->bottom - it->top, w.box.h)) home = &*it;
    }
    if (home == nullptr) {
      lines.emplace_back();
      home = &lines.back();
      home->top = w.box.y;
      home->bottom = w.box.y + w.box.h;
    } else {
      home->top = std::min(home->top, w.box.y);
      home->bottom = std::max(home->bottom, w.box.y + w.box.h);
    }
    home->words.push_back(std::move(w));
  }
  std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.top < b.top; });

  page.words.clear();
  int block = 1, prev_bottom = 0, prev_height = 0;
  double conf_sum = 0, chars = 0;
  for (size_t li = 0; li < lines.size(); ++li) {
    Line& l = lines[li];
    std::sort(l.words.begin(), l.words.end(), [](const Word& a, const Word& b) { return a.box.x < b.box.x; });
    if (li > 0 && l.top - prev_bottom > 1.5 * std::max(prev_height, 1)) ++block;
    for (Word& w : l.words) {
      w.block = block;
      w.line = static_cast<int>(li) + 1;
      conf_sum += static_cast<double>(w.confidence) * w.text.size();
      chars += static_cast<double>(w.text.size());
      page.words.push_back(std::move(w));
    }
    prev_bottom = l.bottom;
    prev_height = l.bottom - l.top;
  }
  page.text = TextFromWords(page);
  page.mean_confidence = chars > 0 ? std::round(conf_sum / chars * 10) / 10 : 0;
  return added;
}

}  // namespace docflow
