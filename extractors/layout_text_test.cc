// The layout text of recognised pages (LayoutTextFromWords, LayoutLines) and
// what it changes for invoice extraction: labels and values that Tesseract
// put in different blocks are read on one line again.
#include <gtest/gtest.h>

#include "classifiers/text_norm.h"
#include "extractors/extract_util.h"
#include "extractors/extractor.h"

namespace docflow {
namespace {

constexpr int kChar = 12;  // px per character
constexpr int kLine = 40;  // px per printed line

// Builds an OCR page word by word: Put("Total HT", col, row, block) prints
// the words of one Tesseract line from character column `col` of text row
// `row`, in Tesseract block `block`.
class PageBuilder {
 public:
  explicit PageBuilder(int width_chars) {
    page_.index = 0;
    page_.source = "ocr";
    page_.width = width_chars * kChar + 200;
    page_.height = 3000;
  }
  PageBuilder& Put(const std::string& s, int col, int row, int block) {
    return PutAt(s, col, 100 + row * kLine, 30, block);
  }
  // As Put, at pixel height `y` with words `h` pixels high.
  PageBuilder& PutAt(const std::string& s, int col, int y, int h, int block) {
    return PutWords(s, 100 + col * kChar, y, kChar, kChar, h, block);
  }
  // Words of `char_px` pixels a character and `space_px` between them (a
  // larger font than the page's text), from pixel (x, y).
  PageBuilder& PutSized(const std::string& s, int x, int y, int char_px, int space_px, int block) {
    return PutWords(s, x, y, char_px, space_px, char_px * 2, block);
  }
  const Page& page() const { return page_; }
  std::vector<Page> pages() const { return {page_}; }

 private:
  // The words of `s` as one Tesseract line from pixel (x, y): `char_px` a
  // character, `space_px` a space, `h` pixels high.
  PageBuilder& PutWords(const std::string& s, int x, int y, int char_px, int space_px, int h, int block) {
    const int line = next_line_++;
    size_t b = 0;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i < s.size() && s[i] != ' ') continue;
      if (i > b) {
        Word w;
        w.text = s.substr(b, i - b);
        w.confidence = 90;
        w.block = block;
        w.line = line;
        const int n = static_cast<int>(text::Utf8Length(w.text));
        w.box = Box{x, y, n * char_px, h};
        page_.words.push_back(w);
        x += n * char_px;
      }
      x += space_px;
      b = i + 1;
    }
    return *this;
  }

  Page page_;
  int next_line_ = 0;
};

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == '\n') {
      out.push_back(s.substr(b, i - b));
      b = i + 1;
    }
  return out;
}

std::string V(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  if (it == f.end()) return "<missing>";
  return it->second.value.is_string() ? it->second.value.get<std::string>() : it->second.value.dump();
}

// A right-aligned totals block: Tesseract reads the labels as one block and
// the amounts as another (the page text lists all labels, then all amounts).
PageBuilder FrenchTotalsPage() {
  PageBuilder b(100);
  b.Put("FACTURE", 0, 0, 1)
      .Put("N° FA-2026-0042", 0, 1, 1)
      .Put("Date : 15/08/2026", 0, 2, 1)
      .Put("Émetteur", 0, 4, 2)
      .Put("Atelier Berthier SARL", 0, 5, 2)
      .Put("14 rue des Fabriques", 0, 6, 2)
      .Put("45000 Orléans", 0, 7, 2)
      .Put("Désignation", 0, 10, 3)
      .Put("Maintenance préventive", 0, 11, 3)
      .Put("Montant HT", 80, 10, 4)
      .Put("2400.00 €", 82, 11, 4)
      .Put("Total HT", 62, 14, 5)
      .Put("TVA", 67, 15, 5)
      .Put("Total TTC", 61, 16, 5)
      .Put("2400.00 €", 82, 14, 6)
      .Put("480.00 €", 83, 15, 6)
      .Put("2880.00 €", 82, 16, 6);
  return b;
}

TEST(LayoutText, JoinsALabelAndTheAmountOfAnotherBlockOnOneLine) {
  const std::string t = extract::LayoutTextFromWords(FrenchTotalsPage().page());
  const auto lines = Lines(t);
  auto find = [&](const std::string& needle) -> std::string {
    for (const auto& l : lines)
      if (l.find(needle) != std::string::npos) return l;
    return "";
  };
  const std::string total = find("Total TTC");
  EXPECT_NE(total.find("2880.00"), std::string::npos) << t;
  EXPECT_NE(find("TVA").find("480.00"), std::string::npos) << t;
  // Columns are kept: the amount sits at its character column, after a
  // column gap of at least three spaces.
  EXPECT_EQ(total.find("2880.00"), 82u) << total;
  EXPECT_NE(total.find("Total TTC   "), std::string::npos) << total;
  EXPECT_EQ(total.find("Total TTC"), 61u) << total;
  // A blank line between blocks further apart than a line.
  EXPECT_NE(t.find("SARL\n14 rue"), std::string::npos) << t;
  EXPECT_NE(t.find("Orléans\n\n"), std::string::npos) << t;
}

TEST(LayoutText, InvoiceTotalsOfSeparateBlocksAreRead) {
  const auto pages = FrenchTotalsPage().pages();
  Classification c;
  c.label = "invoice";
  c.confidence = 0.9;
  const Fields f = Extract(c, pages);
  EXPECT_EQ(V(f, "total_gross"), "2880.00");
  EXPECT_EQ(V(f, "total_net"), "2400.00");
  EXPECT_EQ(V(f, "total_tax"), "480.00");
  EXPECT_EQ(V(f, "supplier_name"), "Atelier Berthier SARL");
}

TEST(LayoutText, AColumnGapInsideOneTesseractLineSplitsIt) {
  // "Name:" and its value read by Tesseract as one line, far apart; the
  // value's first part alone on the line above, in the value column.
  PageBuilder b(100);
  b.Put("MVM Musterhafter", 60, 0, 1);
  b.Put("Name:                                                       Versicherungsverein a.G.", 0, 1, 1);
  const auto lines = Lines(extract::LayoutTextFromWords(b.page()));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::string(60, ' ') + "MVM Musterhafter");
  EXPECT_EQ(lines[1], "Name:" + std::string(55, ' ') + "Versicherungsverein a.G.");
}

TEST(LayoutText, ANarrowReceiptKeepsTesseractLinesAtTheMargin) {
  // A till receipt (40 characters wide): centred header lines and jittered
  // indentation are not columns; a Tesseract line is kept as read.
  PageBuilder b(40);
  b.Put("SOON HUAT MACHINERY", 10, 0, 1)
      .Put("NO.53 JALAN PUTRA 1,", 11, 1, 1)
      .Put("TAMAN SRI PUTRA.", 13, 2, 1)
      .Put("81200 JOHOR BAHRU", 12, 3, 1)
      .Put("TOTAL", 0, 6, 2)
      .Put("RM 73. 00", 28, 6, 3);
  const auto lines = Lines(extract::LayoutTextFromWords(b.page()));
  ASSERT_GE(lines.size(), 6u);
  EXPECT_EQ(lines[0], "SOON HUAT MACHINERY");
  EXPECT_EQ(lines[1], "NO.53 JALAN PUTRA 1,");
  EXPECT_EQ(lines[2], "TAMAN SRI PUTRA.");
  EXPECT_EQ(lines.back(), "TOTAL" + std::string(23, ' ') + "RM 73. 00");
}

TEST(LayoutText, OverlappingLinesOfOneRowStaySeparate) {
  // Two Tesseract lines at the same height that overlap horizontally are
  // not one row (a stamp over the text): each keeps its own line.
  PageBuilder b(100);
  b.Put("Bon pour accord", 0, 0, 1).Put("PAYÉ", 5, 0, 2);
  const auto lines = Lines(extract::LayoutTextFromWords(b.page()));
  ASSERT_EQ(lines.size(), 3u);  // with the blank line of the new block
  EXPECT_EQ(lines[0], "Bon pour accord");
  EXPECT_EQ(lines[2], "PAYÉ");
}

TEST(LayoutText, ALineJoinsTheRowItOverlapsMostNotATallerNeighbour) {
  // A taller line to the right, half a line higher, must not take the label
  // away from its value (measured: a due date left on a line of its own).
  PageBuilder b(120);
  b.PutAt("Date d'échéance", 0, 1074, 32, 8)
      .PutAt("05/12/2017", 42, 1075, 31, 11)
      .PutAt("\\, +33 4 72 07 08 56", 100, 1052, 38, 19);
  const auto lines = Lines(extract::LayoutTextFromWords(b.page()));
  bool together = false;
  for (const auto& l : lines)
    together = together || (l.find("Date d'échéance") != std::string::npos && l.find("05/12/2017") != std::string::npos);
  EXPECT_TRUE(together) << extract::LayoutTextFromWords(b.page());
}

TEST(LayoutText, OnlyRecognisedPagesAreLaidOut) {
  Page text_layer;
  text_layer.source = "text-layer";
  text_layer.text = "Total TTC   12.00";
  Page empty_ocr;
  empty_ocr.index = 1;
  empty_ocr.source = "ocr";
  empty_ocr.text = "as read";
  const auto lines = extract::LayoutLines({text_layer, empty_ocr});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "Total TTC   12.00");
  EXPECT_EQ(lines[1].text, "as read");  // no words: the page text
  EXPECT_EQ(extract::LayoutTextFromWords(empty_ocr), "");
}

// A name printed larger than the page's text: the spaces between its words
// are wider than two of the body's characters, but not a column gap for its
// own letters; the name stays one run.
TEST(LayoutText, LargerPrintKeepsItsWordsTogether) {
  PageBuilder b(90);
  b.PutSized("Schreinerei Vogt GmbH", 100 + 50 * kChar, 60, 20, 30, 1);
  b.Put("Lindenstrasse 3", 50, 2, 2).Put("79098 Freiburg", 50, 3, 2);
  b.Put("Herrn Jonas Keller", 0, 5, 3).Put("Bergweg 17", 0, 6, 3).Put("79100 Freiburg", 0, 7, 3);
  b.Put("Total", 0, 9, 4).Put("3.260,60", 40, 9, 5);
  const std::string text = extract::LayoutTextFromWords(b.page());
  EXPECT_NE(text.find("Schreinerei Vogt GmbH"), std::string::npos) << text;
  // The body's column gaps are kept.
  EXPECT_NE(text.find("Total   "), std::string::npos) << text;
}

}  // namespace
}  // namespace docflow
