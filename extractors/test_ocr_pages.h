// For extractor tests: an OCR page built from text as it is printed, each
// word with its box, so that the extractors lay it out from the boxes as
// they do Tesseract's words.
#pragma once

#include <string>
#include <vector>

#include "extractors/field_extractors.h"

namespace docflow::testing {

// An OCR page laid out as `text` is printed: each word where its characters
// stand (20 px a character, 40 px a line), one Tesseract line per text line.
inline std::vector<Page> OcrAsPrinted(const std::string& text) {
  Page p;
  p.index = 0;
  p.source = "ocr";
  p.width = 1800;
  p.height = 3000;
  int l = 0;
  for (size_t at = 0; at <= text.size(); ++l) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string s = text.substr(at, end - at);
    int col = 0;
    for (size_t i = 0; i < s.size();) {
      if (s[i] == ' ') {
        ++i, ++col;
        continue;
      }
      Word w;
      w.box = Box{20 * col, 40 * l, 0, 30};
      while (i < s.size() && s[i] != ' ') {
        unsigned char d = s[i];
        size_t n = d < 0x80 ? 1 : (d >> 5) == 0x6 ? 2 : (d >> 4) == 0xE ? 3 : 4;
        w.text += s.substr(i, n);
        i += n, ++col;
      }
      w.box.w = 20 * col - w.box.x - 4;
      w.confidence = 85;
      w.block = 1;
      w.line = l + 1;
      p.words.push_back(w);
    }
    at = end + 1;
  }
  return {p};
}

}  // namespace docflow::testing
