#include "classifiers/text_norm.h"

#include <gtest/gtest.h>

namespace docflow::text {
namespace {

TEST(TextNorm, FoldsAccentsAndCase) {
  EXPECT_EQ(FoldText("Échéance Reçu N° Straße Œuvre"), "echeance recu no strasse oeuvre");
  EXPECT_EQ(FoldText("Total TTC : 1\u00a0234,56 €"), "total ttc : 1 234,56 €");
  EXPECT_EQ(FoldText("“Licensor” – l’entreprise"), "\"licensor\" - l'entreprise");
  EXPECT_EQ(Fold("Élodie DUPONT", false).text, "Elodie DUPONT");
}

TEST(TextNorm, MapsFoldedRangesBackToTheOriginal) {
  const std::string s = "Date d'émission : 12/03/2024";
  Folded f = Fold(s);
  size_t p = f.text.find("12/03/2024");
  ASSERT_NE(p, std::string::npos);
  auto [b, e] = OriginalRange(f, p, p + 10);
  EXPECT_EQ(s.substr(b, e - b), "12/03/2024");
  size_t q = f.text.find("emission");
  auto [b2, e2] = OriginalRange(f, q, q + 8);
  EXPECT_EQ(s.substr(b2, e2 - b2), "émission");
}

TEST(TextNorm, WordBoundedSearch) {
  EXPECT_EQ(CountWord("total ttc, sous-total, totalement", "total"), 2);
  EXPECT_EQ(FindWord("subtotal 12", "total"), std::string_view::npos);
  EXPECT_EQ(FindWord("invoice # 12", "invoice #"), 0u);
}

TEST(TextNorm, SplitsLinesOnNewlinesAndFormFeeds) {
  auto lines = SplitLines("a\r\nb\fc\n\nd");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "a");
  EXPECT_EQ(lines[2], "c");
  EXPECT_EQ(lines[3], "");
  EXPECT_EQ(CollapseSpaces("  a \t b  "), "a b");
  EXPECT_EQ(SplitWords("  Acme \t Inc.  of\nParis "), (std::vector<std::string>{"Acme", "Inc.", "of", "Paris"}));
  EXPECT_TRUE(SplitWords(" \t ").empty());
}

}  // namespace
}  // namespace docflow::text
