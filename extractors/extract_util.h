// Shared plumbing for the field extractors: document lines with their page,
// word-box lookup and Field construction. Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/text_norm.h"
#include "common/document_model.h"

namespace docflow::extract {

struct Line {
  int page = 0;          // Page::index
  std::string text;      // original text of the line
  std::string folded;    // text::FoldText(text)
};

// Non-empty and empty lines of every page, in reading order (empty lines are
// kept so that "next line" means the next printed line). A page without text
// but with words is rebuilt from its words (block/line order).
std::vector<Line> DocumentLines(const std::vector<Page>& pages);

// The union of the boxes of the word(s) of `page` whose text spells `raw`
// (case, accents and punctuation ignored; a value may span several words or
// be a part of one word). nullopt when the page has no words or no match.
std::optional<Box> FindBox(const Page& page, std::string_view raw);

// The page's text laid out from its word boxes, as `pdftotext -layout` lays
// out a text layer: the Tesseract lines whose boxes share a row are joined
// into one line, left to right, each placed at the character column of its
// left edge (so a label and the amount printed far to its right, which
// Tesseract puts in different blocks, end up on one line); a blank line
// where rows are further apart than a text line's height. "" when the page
// has no words. Pure; thread safe.
std::string LayoutTextFromWords(const Page& page);

// As DocumentLines, but a recognised page (source "ocr") with words is laid
// out by LayoutTextFromWords instead of Tesseract's block order.
std::vector<Line> LayoutLines(const std::vector<Page>& pages);

// Builds a Field; the box is looked up from `raw` (the printed form) on the
// page with index `page`.
Field MakeField(nlohmann::json value, double confidence, int page, std::string method,
                std::string version, const std::vector<Page>& pages, std::string_view raw);

// Folded-text position -> original position, for a single line.
size_t OriginalOffset(std::string_view original, size_t folded_pos);

}  // namespace docflow::extract
