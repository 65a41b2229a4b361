#include "common/document_model.h"

#include <gtest/gtest.h>

namespace docflow {

TEST(DocumentModel, PageJsonRoundTripKeepsWordsButNeverImageBytes) {
  Page p;
  p.index = 2;
  p.source = "ocr";
  p.text = "Total 12,00 €";
  p.mean_confidence = 88.5;
  p.words = {Word{"Total", 91.0f, Box{1, 2, 3, 4}, 0, 1}};
  p.image = std::string("\x89PNG\0", 5);
  p.dpi = 300;
  nlohmann::json j = p;
  EXPECT_FALSE(j.contains("image"));
  Page back = j.get<Page>();
  EXPECT_EQ(back.index, 2);
  EXPECT_EQ(back.text, "Total 12,00 €");
  ASSERT_EQ(back.words.size(), 1u);
  EXPECT_EQ(back.words[0].box.w, 3);
  EXPECT_EQ(back.words[0].line, 1);
  EXPECT_TRUE(back.image.empty());
}

TEST(DocumentModel, FieldKeepsProvenance) {
  Field f{"FA-1", 0.9, 0, Box{10, 20, 30, 40}, "label", "invoice/1"};
  Field back = nlohmann::json(f).get<Field>();
  EXPECT_EQ(back.value, "FA-1");
  ASSERT_TRUE(back.box.has_value());
  EXPECT_EQ(back.box->h, 40);
  EXPECT_EQ(back.method, "label");
  Field no_box = nlohmann::json(Field{"x", 0.5, -1, std::nullopt, "regex", "v"}).get<Field>();
  EXPECT_FALSE(no_box.box.has_value());
}

TEST(DocumentModel, JoinedTextSeparatesPagesWithFormFeeds) {
  Page a, b;
  a.text = "one";
  b.text = "two";
  EXPECT_EQ(JoinedText({a, b}), "one\ftwo");
}

}  // namespace docflow
