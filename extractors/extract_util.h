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
// out a text layer, for the readers of layout text (labels and values,
// columns):
//  - rows: each Tesseract line joins the recent row it overlaps most
//    vertically (over half the smaller height) unless it overlaps a line of
//    that row horizontally; so a label and the amount printed far to its
//    right, which Tesseract puts in different blocks, share one line;
//  - on a wide page (60+ characters across) a row's words are split into
//    runs at gaps wider than two characters, each run placed at the
//    character column of its left edge, three spaces apart at least; a row
//    of one run starting in the left 40 % starts at the margin;
//  - on a narrow page (a till receipt) each Tesseract line is kept as read
//    and starts at the margin (centred headers and jitter are not columns);
//  - a blank line between rows a line's height apart or of different blocks.
// "" when the page has no words. Pure; thread safe.
std::string LayoutTextFromWords(const Page& page);

// As DocumentLines, but a recognised page (source "ocr") with words is laid
// out by LayoutTextFromWords instead of Tesseract's block order (the
// invoice extractor's input; DOCFLOW_LAYOUT=off, read once, turns it off to
// measure without).
std::vector<Line> LayoutLines(const std::vector<Page>& pages);

// Builds a Field; the box is looked up from `raw` (the printed form) on the
// page with index `page`.
Field MakeField(nlohmann::json value, double confidence, int page, std::string method,
                std::string version, const std::vector<Page>& pages, std::string_view raw);

// Folded-text position -> original position, for a single line.
size_t OriginalOffset(std::string_view original, size_t folded_pos);

// Words in s: runs of characters other than white space.
size_t CountWords(std::string_view s);

}  // namespace docflow::extract
