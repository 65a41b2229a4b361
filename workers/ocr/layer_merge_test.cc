// MergeLayerWords: text layer + OCR words of a mixed page.
#include "workers/ocr/layer_merge.h"

#include <gtest/gtest.h>

namespace docflow {
namespace {

Word W(const std::string& text, int x, int y, int w, int h, float conf) {
  Word out;
  out.text = text;
  out.box = Box{x, y, w, h};
  out.confidence = conf;
  return out;
}

TEST(MergeLayerWords, LayerWinsWhereBothReadTheSameInk) {
  Page p;
  p.layer_words = {W("Total", 100, 100, 80, 30, 100), W("120.00", 200, 100, 90, 30, 100)};
  p.words = {W("Tota1", 102, 98, 78, 32, 60), W("120,00", 198, 101, 92, 29, 55)};
  EXPECT_EQ(MergeLayerWords(p), 0);
  EXPECT_EQ(p.text, "Total 120.00");
  EXPECT_TRUE(p.layer_words.empty());
  EXPECT_DOUBLE_EQ(p.mean_confidence, 100);
}

TEST(MergeLayerWords, ImageWordsJoinInReadingOrder) {
  Page p;
  // Layer: a heading line and a footer line; OCR: a line between them, and a
  // word at the end of the heading's line.
  p.layer_words = {W("Invoice", 100, 100, 120, 30, 100), W("42", 240, 100, 40, 30, 100),
                   W("Thanks", 100, 500, 110, 30, 100)};
  p.words = {W("Signed", 100, 300, 100, 30, 90), W("by", 210, 302, 40, 28, 90), W("Jane", 260, 300, 80, 30, 80),
             W("PAID", 600, 104, 70, 26, 70)};
  EXPECT_EQ(MergeLayerWords(p), 4);
  EXPECT_EQ(p.text, "Invoice 42 PAID\nSigned by Jane\nThanks");
  ASSERT_EQ(p.words.size(), 7u);
  EXPECT_EQ(p.words[2].text, "PAID");
  EXPECT_EQ(p.words[2].line, 1);
  EXPECT_EQ(p.words[3].line, 2);
  EXPECT_EQ(p.words[6].line, 3);
  // Gaps of several line heights start new blocks.
  EXPECT_EQ(p.words[0].block, 1);
  EXPECT_EQ(p.words[3].block, 2);
  EXPECT_EQ(p.words[6].block, 3);
  // Character-weighted: 17 layer characters at 100, 16 OCR characters below.
  EXPECT_LT(p.mean_confidence, 100);
  EXPECT_GT(p.mean_confidence, 80);
}

TEST(MergeLayerWords, NoOcrWordsKeepsTheLayer) {
  Page p;
  p.layer_words = {W("Only", 10, 10, 50, 20, 100), W("layer", 70, 10, 60, 20, 100)};
  EXPECT_EQ(MergeLayerWords(p), 0);
  EXPECT_EQ(p.text, "Only layer");
}

}  // namespace
}  // namespace docflow
