#include "extractors/year_repair.h"

#include <gtest/gtest.h>

#include "extractors/amounts_ocr.h"
#include "extractors/field_extractors.h"
#include "extractors/receipt_test_util.h"

namespace docflow::dates {
namespace {

using docflow::testing::OcrPage;
using docflow::testing::ReceiptFields;

TEST(RepairYear, TakesTheYearOfTheOtherDatesOneConfusionAway) {
  // "Date: 20/04/2016" on a receipt whose other dates say 2018 (6/8).
  EXPECT_EQ(RepairYear("2016-04-20", {"2018-04-20", "2018-04-21"}, 2027), "2018-04-20");
  // Agreement with one other date: nothing to repair.
  EXPECT_FALSE(RepairYear("2016-04-20", {"2016-04-21", "2018-04-20"}, 2027));
  // The other dates disagree among themselves: no repair.
  EXPECT_FALSE(RepairYear("2016-04-20", {"2018-01-02", "2019-01-02"}, 2027));
  // Two digits apart (2012 vs 2018 is 2/8 only, not a confusion): no repair.
  EXPECT_FALSE(RepairYear("2012-04-20", {"2018-04-20"}, 2027));
  // No other date and a plausible year: left alone.
  EXPECT_FALSE(RepairYear("2016-04-20", {}, 2027));
}

TEST(RepairYear, AFutureYearTakesTheLatestConfusableYearNotAfterNow) {
  // "18 Mar 2048": 2018 (4/1) is the only confusable year not in the future.
  EXPECT_EQ(RepairYear("2048-03-18", {}, 2027), "2018-03-18");
  // "2088": one digit changes; 2008 is the only confusable year not in the future.
  EXPECT_EQ(RepairYear("2088-01-05", {}, 2027), "2008-01-05");
  // A future year with no plausible confusion stays (2222: 2 is not confusable).
  EXPECT_FALSE(RepairYear("2222-01-05", {}, 2027));
  // A date that does not exist after the change is not produced.
  EXPECT_FALSE(RepairYear("2049-02-29", {}, 2027));  // 2019-02-29 does not exist
}

TEST(ConfusableDigits, Symmetric) {
  EXPECT_TRUE(amounts::ConfusableDigits('6', '8'));
  EXPECT_TRUE(amounts::ConfusableDigits('8', '6'));
  EXPECT_TRUE(amounts::ConfusableDigits('4', '1'));
  EXPECT_FALSE(amounts::ConfusableDigits('2', '8'));
  EXPECT_FALSE(amounts::ConfusableDigits('5', '5'));
}

TEST(ReceiptIssueYear, EnglishYearRepairedFromTheOtherDates) {
  Fields f = ReceiptFields(
      "HARDWARE TRADING\nNO 4, JALAN PERJIRANAN 10\nDate: 20/03/2016\nTOTAL 12.00\n"
      "Printed 20/03/2018 12:42\nBIZDATE 20/03/2018\n");
  ASSERT_TRUE(f.count("issue_date"));
  EXPECT_EQ(f["issue_date"].value, "2018-03-20");
  EXPECT_NE(f["issue_date"].method.find("year-repair"), std::string::npos);
}

TEST(ReceiptIssueYear, FrenchDateLeftAloneWhenTheDocumentAgrees) {
  Fields f = ReceiptFields("BOULANGERIE DU PORT\n12 rue des Halles\nDate : 03/02/2016\nTotal TTC 12,00\n"
                     "Ticket du 03/02/2016 10:12\n");
  ASSERT_TRUE(f.count("issue_date"));
  EXPECT_EQ(f["issue_date"].value, "2016-02-03");
  EXPECT_EQ(f["issue_date"].method.find("year-repair"), std::string::npos);
  // A text layer is not second-guessed.
  Page p = OcrPage("FACTURE\nDate : 03/02/2016\nEcheance : 03/03/2018\nTotal TTC 12,00\n");
  p.source = "text-layer";
  Classification c;
  c.label = "invoice";
  Fields g = ExtractInvoice(c, {p});
  ASSERT_TRUE(g.count("issue_date"));
  EXPECT_EQ(g["issue_date"].value, "2016-02-03");
}

}  // namespace
}  // namespace docflow::dates
