#include "extractors/amounts_ocr.h"

#include <gtest/gtest.h>

#include "extractors/extractor.h"
#include "extractors/field_extractors.h"
#include "extractors/receipt_test_util.h"

namespace docflow::amounts {
namespace {

using docflow::testing::OcrPage;

TEST(RepairOcrLine, DigitConfusionsInsideNumbers) {
  EXPECT_EQ(RepairOcrLine("TOTAL 1O.5O"), "TOTAL 10.50");
  EXPECT_EQ(RepairOcrLine("Total RM 2S.00"), "Total RM 25.00");
  EXPECT_EQ(RepairOcrLine("CASH 1l0.00"), "CASH 110.00");
  // Words keep their letters, dates and names are not touched.
  EXPECT_EQ(RepairOcrLine("SOLD BY OSMAN SDN BHD"), "SOLD BY OSMAN SDN BHD");
  EXPECT_EQ(RepairOcrLine("Date 25/12/2018 13:39"), "Date 25/12/2018 13:39");
}

TEST(RepairOcrLine, SeparatorFollowedByASpace) {
  EXPECT_EQ(RepairOcrLine("To. : RM 73. 00"), "To. : RM 73.00");
  EXPECT_EQ(RepairOcrLine("Total 57, 80"), "Total 57,80");  // a correct word keeps its spelling
  // Three digits after the space: a thousands group or two numbers, left alone.
  EXPECT_EQ(RepairOcrLine("Qty 3, 150"), "Qty 3, 150");
}

TEST(RepairOcrLine, SpecksReadAsTypographicQuotesAreDropped) {
  EXPECT_EQ(RepairOcrLine("Total \u201cincl 6% GST RM 15.00"), "Total incl 6% GST RM 15.00");
  EXPECT_EQ(RepairOcrLine("\u2018SELANGOR\u2019"), "SELANGOR");
  EXPECT_EQ(RepairOcrLine("Total 'incl' 15.00"), "Total 'incl' 15.00");  // ASCII quotes stay
}

TEST(RepairOcrLine, KeyWordsMisreadByOneLetter) {
  EXPECT_EQ(RepairOcrLine("Ttal Sales (Inclusive of GST) : 32.70"), "TOTAL Sales (Inclusive of GST) : 32.70");
  EXPECT_EQ(RepairOcrLine("Totai : 12.00"), "TOTAL : 12.00");
  EXPECT_EQ(RepairOcrLine("T0TAL 9.00"), "TOTAL 9.00");
  EXPECT_EQ(RepairOcrLine("Service Charge 1.00"), "Service Charge 1.00");  // not a key word
  EXPECT_EQ(RepairOcrLine("Hotel 5.00"), "Hotel 5.00");                    // two letters away
}

TEST(EditDistance, Capped) {
  EXPECT_EQ(EditDistance("total", "total"), 0);
  EXPECT_EQ(EditDistance("ttal", "total"), 1);
  EXPECT_EQ(EditDistance("totla", "total"), 1);  // transposition
  EXPECT_EQ(EditDistance("abc", "total", 2), 3);
}

TEST(ReceiptTotals, CashMinusChangeConfirmsOrSuppliesTheTotal) {
  Classification c;
  c.label = "invoice";
  // The total line is unreadable; cash - change gives it.
  Fields f = ExtractInvoice(c, {OcrPage("ABC TRADING\nNo 2, JALAN HARMONI 3\n81100 JOHOR BAHRU\n"
                                        "Plastic 2 15.50 31.00\nTotal Amount: 3400\n"
                                        "Cash Received : 101.00\nChange : 70.00\nThank you\n")});
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "31.00");
  EXPECT_EQ(f["total_gross"].method, "cash-minus-change");
  EXPECT_LT(f["total_gross"].confidence, 0.5);
  // A readable total equal to cash - change is confirmed.
  Fields g = ExtractInvoice(c, {OcrPage("ABC TRADING\nTotal Sales (Excluding GST) : 31.03\nTotal GST : 1.65\n"
                                        "Rounding : 0.02\nTtal Sales (Inclusive of GST) : 32.70\n"
                                        "CASH : 40.00\nChange 7.30\n")});
  ASSERT_TRUE(g.count("total_gross"));
  EXPECT_EQ(g["total_gross"].value, "32.70");
  EXPECT_NE(g["total_gross"].method.find("cash-check"), std::string::npos);
}

TEST(ReceiptTotals, LargestOfTheRepeatedTotals) {
  Classification c;
  c.label = "invoice";
  Fields f = ExtractInvoice(c, {OcrPage("WARAKUYA SDN BHD\nTotal Amount 30.60\nGST @ 6% 3.27\n"
                                        "Rounding Adj : -0.07\nTOTAL: RM 33.80\n")});
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "33.80");
}

}  // namespace
}  // namespace docflow::amounts
