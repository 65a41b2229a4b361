#include "extractors/extract_util.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

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

namespace {

// One Tesseract line: consecutive words sharing (block, line).
struct Segment {
  std::vector<const Word*> words;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int block = 0;
  int Height() const { return y1 - y0; }
};

std::vector<Segment> Segments(const Page& page) {
  std::vector<Segment> out;
  int block = -1, line = -1;
  for (const Word& w : page.words) {
    if (text::Trim(w.text).empty() || w.box.w <= 0 || w.box.h <= 0) continue;
    if (out.empty() || w.block != block || w.line != line) {
      out.push_back(Segment{{&w}, w.box.x, w.box.y, w.box.x + w.box.w, w.box.y + w.box.h, w.block});
    } else {
      Segment& s = out.back();
      s.words.push_back(&w);
      s.x0 = std::min(s.x0, w.box.x);
      s.y0 = std::min(s.y0, w.box.y);
      s.x1 = std::max(s.x1, w.box.x + w.box.w);
      s.y1 = std::max(s.y1, w.box.y + w.box.h);
    }
    block = w.block;
    line = w.line;
  }
  return out;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

std::vector<Line> LinesOf(const std::vector<Page>& pages, bool layout) {
  std::vector<Line> out;
  for (size_t i = 0; i < pages.size(); ++i) {
    const Page& p = pages[i];
    std::string page_text;
    if (layout && p.source == "ocr" && !p.words.empty()) page_text = LayoutTextFromWords(p);
    else if (text::Trim(p.text).empty() && !p.words.empty()) page_text = TextFromWords(p);
    else page_text = p.text;
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

}  // namespace

std::string LayoutTextFromWords(const Page& page) {
  std::vector<Segment> segs = Segments(page);
  if (segs.empty()) return "";
  std::vector<double> heights;
  for (const Segment& s : segs) heights.push_back(s.Height());
  const double line_h = std::max(1.0, Median(heights));
  const double cw = std::max(1.0, MedianCharWidth(page.words));

  // Rows: a segment joins the recent row it overlaps most vertically (more
  // than half the smaller height, against any segment of the row), unless it
  // overlaps a segment of that row horizontally.
  std::stable_sort(segs.begin(), segs.end(), [](const Segment& a, const Segment& b) {
    return a.y0 + a.y1 < b.y0 + b.y1;
  });
  std::vector<std::vector<const Segment*>> rows;
  for (const Segment& s : segs) {
    std::vector<const Segment*>* home = nullptr;
    double best = 0.5;
    for (size_t r = rows.size(); r-- > 0 && rows.size() - r <= 4;) {
      double ratio = 0;
      bool clash = false;
      for (const Segment* o : rows[r]) {
        const int overlap = std::min(s.y1, o->y1) - std::max(s.y0, o->y0);
        ratio = std::max(ratio, static_cast<double>(overlap) / std::max(1, std::min(s.Height(), o->Height())));
        if (std::min(s.x1, o->x1) > std::max(s.x0, o->x0)) clash = true;
      }
      if (!clash && ratio > best) {
        best = ratio;
        home = &rows[r];
      }
    }
    if (home) home->push_back(&s);
    else rows.push_back({&s});
  }

  int left = segs.front().x0, right = segs.front().x1;
  for (const Segment& s : segs) {
    left = std::min(left, s.x0);
    right = std::max(right, s.x1);
  }
  // A row holding one run of words is not a column of its own when it
  // starts in the left part of the page, or when the page is too narrow for
  // two columns of text (a till receipt): it starts at the margin, as in
  // Tesseract's text (a centred header, OCR's jitter in indentation). One
  // further right on a wide page (a recipient block, the second half of a
  // wrapped value, an amount under its column header) keeps its column.
  const double width = right - left;
  const bool narrow = CharactersAcross(page.words) < 60;
  auto at_margin = [&](int x0) { return narrow || x0 - left < 0.4 * width; };
  std::string out;
  int prev_bottom = -1;
  const std::vector<const Segment*>* prev_row = nullptr;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(), [](const Segment* a, const Segment* b) { return a->x0 < b->x0; });
    int top = row.front()->y0, bottom = row.front()->y1;
    for (const Segment* s : row) {
      top = std::min(top, s->y0);
      bottom = std::max(bottom, s->y1);
    }
    // A blank line where Tesseract saw a new block (no block in common with
    // the row above) or where the rows are a line's height apart.
    bool shared = false;
    for (const Segment* s : row)
      for (const Segment* p : prev_row ? *prev_row : row) shared = shared || s->block == p->block;
    if (prev_row) out += (top - prev_bottom > line_h || !shared) ? "\n\n" : "\n";
    prev_bottom = std::max(prev_bottom, bottom);
    prev_row = &row;
    // The row's words left to right, in runs split where the gap is wider
    // than two characters (a column gap, also inside one Tesseract line:
    // "Name:      Versicherungsverein ..."). On a narrow page, a run is a
    // Tesseract line, as Tesseract read it ("RM 73. 00").
    std::vector<std::vector<const Word*>> runs;
    if (narrow) {
      for (const Segment* s : row) runs.push_back(s->words);
    } else {
      std::vector<const Word*> words;
      for (const Segment* s : row) words.insert(words.end(), s->words.begin(), s->words.end());
      std::stable_sort(words.begin(), words.end(),
                       [](const Word* a, const Word* b) { return a->box.x < b->box.x; });
      // Two characters of the words on either side of the gap when they are
      // printed larger than the page's text (a bold name at the top: its
      // spaces are wider than two of the body's characters).
      auto char_w = [](const Word* w) {
        return static_cast<double>(w->box.w) / std::max<size_t>(1, text::Utf8Length(w->text));
      };
      for (const Word* w : words) {
        const Word* last = runs.empty() ? nullptr : runs.back().back();
        const double unit = last ? std::max(cw, 0.5 * (char_w(last) + char_w(w))) : cw;
        if (!last || w->box.x - (last->box.x + last->box.w) > 2 * unit) runs.emplace_back();
        runs.back().push_back(w);
      }
    }
    size_t col = 0;
    for (size_t k = 0; k < runs.size(); ++k) {
      const int x0 = runs[k].front()->box.x;
      const size_t want = runs.size() == 1 && at_margin(x0)
                              ? 0
                              : static_cast<size_t>(std::max(0.0, std::round((x0 - left) / cw)));
      // On a wide page, three spaces at least between runs: a column gap
      // for the readers of layout text (parties' Segments).
      const size_t pad = k == 0 ? want : std::max<size_t>(narrow ? 1 : 3, want > col ? want - col : 0);
      out.append(pad, ' ');
      col += pad;
      for (size_t i = 0; i < runs[k].size(); ++i) {
        if (i) {
          out += ' ';
          ++col;
        }
        out += runs[k][i]->text;
        col += text::Utf8Length(runs[k][i]->text);
      }
    }
  }
  return out;
}

std::vector<Line> DocumentLines(const std::vector<Page>& pages) { return LinesOf(pages, false); }

std::vector<Line> LayoutLines(const std::vector<Page>& pages) {
  static const bool off = [] {
    const char* e = std::getenv("DOCFLOW_LAYOUT");
    return e && std::string(e) == "off";
  }();
  return LinesOf(pages, !off);
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

size_t CountWords(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool w = !std::isspace(static_cast<unsigned char>(c));
    if (w && !in) ++n;
    in = w;
  }
  return n;
}

}  // namespace docflow::extract
