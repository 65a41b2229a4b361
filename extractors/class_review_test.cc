#include "extractors/class_review.h"

#include <gtest/gtest.h>

namespace docflow {
namespace {

Page TextPage(const std::string& text) {
  Page p;
  p.text = text;
  p.source = "text-layer";
  return p;
}

Classification Contract(double confidence) {
  Classification c;
  c.label = "contract";
  c.confidence = confidence;
  c.scores = {{"contract", confidence}, {"other", 1 - confidence - 0.01}, {"invoice", 0.01}, {"contact", 0}};
  return c;
}

TEST(CountPlaceholders, DistinctBracketedWordsButNotPageNotes) {
  EXPECT_EQ(CountPlaceholders("made on [insert date] between [Party name] and [Party name] of [address]"), 3);
  EXPECT_EQ(CountPlaceholders("[ILLEGIBLE] [ILLEGIBLE] [Signature page follows] [LOGO] [***] [12] [Intentionally "
                              "omitted]"),
            0);
  EXPECT_EQ(CountPlaceholders("no brackets at all"), 0);
}

TEST(ReviewClass, AContractWithoutPartiesStaysOnlyWhenTheModelWasSure) {
  const std::vector<Page> pages = {TextPage("Client alert: what the new rules mean for your supply agreements.")};
  Fields none;
  auto unsure = ReviewClass(Contract(0.82), none, pages);
  ASSERT_TRUE(unsure);
  EXPECT_EQ(unsure->label, "other");
  EXPECT_EQ(unsure->subtype, "needs_review");
  EXPECT_NEAR(unsure->confidence, 0.17, 1e-9);  // the model's "other"
  EXPECT_EQ(unsure->scores.at("contract"), 0.82);
  EXPECT_FALSE(ReviewClass(Contract(0.95), none, pages));
  Fields with_parties;
  with_parties["parties"].value = nlohmann::json::array({"Alpha SAS", "Beta SARL"});
  EXPECT_FALSE(ReviewClass(Contract(0.6), with_parties, pages));
}

TEST(ReviewClass, AFormOfPlaceholdersIsATemplate) {
  const std::vector<Page> form = {
      TextPage("MUTUAL NON-DISCLOSURE AGREEMENT\nTHIS AGREEMENT is made on [insert date] BETWEEN (1) [Party name], "
               "incorporated in [jurisdiction] under number [company number] at [registered address]; and (2) "
               "[Counterparty name].")};
  auto t = ReviewClass(Contract(0.9999), Fields{}, form);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->label, "other");
  EXPECT_EQ(t->subtype, "template");
  EXPECT_EQ(t->confidence, kTemplateConfidence);
  // Only contracts are reviewed.
  Classification invoice;
  invoice.label = "invoice";
  invoice.confidence = 0.5;
  EXPECT_FALSE(ReviewClass(invoice, Fields{}, form));
}

}  // namespace
}  // namespace docflow
