#include "common/document_model.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string_view>

namespace docflow {

using nlohmann::json;

void to_json(json& j, const Box& b) { j = json::array({b.x, b.y, b.w, b.h}); }
void from_json(const json& j, Box& b) {
  b = Box{j.at(0).get<int>(), j.at(1).get<int>(), j.at(2).get<int>(), j.at(3).get<int>()};
}

void to_json(json& j, const Word& w) {
  j = json{{"text", w.text}, {"conf", w.confidence}, {"box", w.box}, {"block", w.block}, {"line", w.line}};
}
void from_json(const json& j, Word& w) {
  w.text = j.value("text", "");
  w.confidence = j.value("conf", 0.0f);
  if (j.contains("box")) w.box = j.at("box").get<Box>();
  w.block = j.value("block", 0);
  w.line = j.value("line", 0);
}

void to_json(json& j, const Page& p) {
  j = json{{"index", p.index},   {"source", p.source}, {"text", p.text},
           {"mean_confidence", p.mean_confidence}, {"words", p.words},
           {"width", p.width},   {"height", p.height}, {"dpi", p.dpi},
           {"preprocess", p.preprocess}};
  if (!p.image_sha256.empty()) j["image_sha256"] = p.image_sha256;
  if (!p.codes.empty()) j["codes"] = p.codes;
  if (!p.layer_words.empty()) j["layer_words"] = p.layer_words;
}
void from_json(const json& j, Page& p) {
  p.index = j.value("index", 0);
  p.source = j.value("source", "");
  p.text = j.value("text", "");
  p.mean_confidence = j.value("mean_confidence", 0.0);
  p.words = j.value("words", std::vector<Word>{});
  p.width = j.value("width", 0);
  p.height = j.value("height", 0);
  p.dpi = j.value("dpi", 0);
  p.image_sha256 = j.value("image_sha256", "");
  p.preprocess = j.value("preprocess", json::object());
  p.codes = j.value("codes", std::vector<std::string>{});
  p.layer_words = j.value("layer_words", std::vector<Word>{});
}

void to_json(json& j, const Classification& c) {
  j = json{{"label", c.label}, {"confidence", c.confidence}, {"subtype", c.subtype}};
  if (!c.scores.empty()) j["scores"] = c.scores;
}
void from_json(const json& j, Classification& c) {
  c.label = j.value("label", "other");
  c.confidence = j.value("confidence", 0.0);
  c.subtype = j.value("subtype", "");
  c.scores = j.value("scores", std::map<std::string, double>{});
}

void to_json(json& j, const Field& f) {
  j = json{{"value", f.value}, {"confidence", f.confidence}, {"page", f.page},
           {"method", f.method}, {"extractor_version", f.extractor_version}};
  if (f.box) j["box"] = *f.box;
}
void from_json(const json& j, Field& f) {
  f.value = j.value("value", json());
  f.confidence = j.value("confidence", 0.0);
  f.page = j.value("page", -1);
  if (j.contains("box") && !j.at("box").is_null()) f.box = j.at("box").get<Box>();
  f.method = j.value("method", "");
  f.extractor_version = j.value("extractor_version", "");
}

void to_json(json& j, const EmbeddedFile& e) { j = json{{"name", e.name}, {"mime", e.mime}, {"xml", e.xml}}; }
void from_json(const json& j, EmbeddedFile& e) {
  e.name = j.value("name", "");
  e.mime = j.value("mime", "");
  e.xml = j.value("xml", "");
}

std::string TextFromWords(const Page& p) {
  std::string out;
  if (p.words.empty()) return out;
  int block = p.words.front().block, line = p.words.front().line;
  bool first = true;
  for (const Word& w : p.words) {
    if (!first) out += (w.block != block || w.line != line) ? "\n" : " ";
    out += w.text;
    block = w.block;
    line = w.line;
    first = false;
  }
  return out;
}

namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

double MedianCharWidth(const std::vector<Word>& words) {
  std::vector<double> widths;
  for (const Word& w : words) {
    const size_t n = CodePoints(w.text);
    if (n > 0 && w.box.w > 0) widths.push_back(static_cast<double>(w.box.w) / static_cast<double>(n));
  }
  if (widths.empty()) return 0;
  std::nth_element(widths.begin(), widths.begin() + widths.size() / 2, widths.end());
  return widths[widths.size() / 2];
}

double CharactersAcross(const std::vector<Word>& words) {
  const double cw = MedianCharWidth(words);
  if (cw <= 0) return 0;
  int left = INT32_MAX, right = INT32_MIN;
  for (const Word& w : words)
    if (!w.text.empty() && w.box.w > 0) {
      left = std::min(left, w.box.x);
      right = std::max(right, w.box.x + w.box.w);
    }
  return (right - left) / cw;
}

std::string JoinedText(const std::vector<Page>& pages) {
  std::string out;
  for (size_t i = 0; i < pages.size(); ++i) {
    if (i) out += "\f";
    out += pages[i].text;
  }
  return out;
}

}  // namespace docflow
