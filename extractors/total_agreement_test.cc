#include "extractors/total_agreement.h"

#include <gtest/gtest.h>

#include "extractors/amounts_ocr.h"
#include "extractors/field_extractors.h"
#include "extractors/receipt_test_util.h"

namespace docflow::amounts {
namespace {

using docflow::testing::OcrPage;
using docflow::testing::ReceiptFields;

using Kind = TotalReading::Kind;

TEST(OcrNear, OneDigitOrTwoConfusableDigits) {
  EXPECT_TRUE(OcrNear(33.92, 33.90));    // one digit
  EXPECT_TRUE(OcrNear(100.00, 100.90));  // one digit
  EXPECT_TRUE(OcrNear(64.60, 54.50));    // 6/5 twice
  EXPECT_FALSE(OcrNear(18.98, 48.00));   // three digits
  EXPECT_FALSE(OcrNear(12.34, 21.34));   // 1/2 and 2/1 are not confusable
  EXPECT_FALSE(OcrNear(9.60, 19.60));    // a digit more
  EXPECT_FALSE(OcrNear(9.60, 9.60));     // equal
  EXPECT_FALSE(OcrNear(-9.60, 9.60));
}

TEST(RoundedToFiveCents, Multiples) {
  EXPECT_TRUE(RoundedToFiveCents(112.45));
  EXPECT_TRUE(RoundedToFiveCents(33.90));
  EXPECT_FALSE(RoundedToFiveCents(112.46));
  EXPECT_FALSE(RoundedToFiveCents(0.01));
}

TEST(AgreeOnTotal, CashMinusChangeAndSumRepairAMisreadDigit) {
  // "Total 100.00" read once; cash - change and subtotal + tax both say 100.90.
  auto v = AgreeOnTotal(100.00, {{100.00, Kind::kLabel, 30}, {100.90, Kind::kCashChange, -1},
                                 {100.90, Kind::kSum, -1}},
                        false);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(v->value, 100.90);
  EXPECT_EQ(v->support, 2);
  EXPECT_TRUE(v->repaired);
}

TEST(AgreeOnTotal, TwoLabelledLinesBeatOne) {
  // "TOTAL 33.92" vs "TOTAL ROUNDED 33.90" + cash - change 33.90.
  auto v = AgreeOnTotal(33.92, {{33.92, Kind::kLabel, 20}, {33.90, Kind::kLabel, 22},
                                {33.90, Kind::kCashChange, -1}},
                        true);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(v->value, 33.90);
  EXPECT_TRUE(v->repaired);
}

TEST(AgreeOnTotal, UnroundedTotalPlusAdjustmentIsAReading) {
  // "TOTAL 33.92" (chosen, the larger) and "ROUNDED TOTAL 33.90"; 33.92 - 0.02
  // gives 33.90 once more.
  auto v = AgreeOnTotal(33.92, {{33.92, Kind::kLabel, 20}, {33.90, Kind::kLabel, 22},
                                {33.90, Kind::kRounded, -1}},
                        true);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(v->value, 33.90);
  EXPECT_EQ(v->support, 2);
}

TEST(AgreeOnTotal, ConfirmedTotalIsKept) {
  auto v = AgreeOnTotal(12.50, {{12.50, Kind::kLabel, 10}, {12.50, Kind::kCashChange, -1},
                                {12.80, Kind::kSum, -1}},
                        false);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(v->value, 12.50);
  EXPECT_EQ(v->support, 2);
  EXPECT_FALSE(v->repaired);
}

TEST(AgreeOnTotal, NothingAgreesNothingChanges) {
  // One derived reading far from the total: no repair.
  auto v = AgreeOnTotal(48.00, {{48.00, Kind::kLabel, 10}, {31.20, Kind::kCashChange, -1}}, false);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(v->value, 48.00);
  EXPECT_EQ(v->support, 1);
  EXPECT_FALSE(v->repaired);
  // Two labelled lines far from the chosen total, no derived reading: kept.
  v = AgreeOnTotal(18.98, {{18.98, Kind::kLabel, 10}, {48.00, Kind::kLabel, 12},
                           {48.00, Kind::kLabel, 14}},
                   false);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(v->value, 18.98);
  // A single near derived reading does not outvote a single label...
  v = AgreeOnTotal(112.40, {{112.40, Kind::kLabel, 10}, {112.45, Kind::kSum, -1}}, true);
  EXPECT_DOUBLE_EQ(v->value, 112.40);
  // ...unless the document is rounded to 0.05 and the label is not.
  v = AgreeOnTotal(112.46, {{112.46, Kind::kLabel, 10}, {112.47, Kind::kSum, -1},
                            {112.45, Kind::kSum, -1}},
                   true);
  EXPECT_DOUBLE_EQ(v->value, 112.45);
  v = AgreeOnTotal(112.46, {{112.46, Kind::kLabel, 10}, {112.45, Kind::kSum, -1}}, false);
  EXPECT_DOUBLE_EQ(v->value, 112.46);
}

TEST(AgreeOnTotal, WithoutATotalTwoReadingsAreNeeded) {
  EXPECT_FALSE(AgreeOnTotal(std::nullopt, {{20.00, Kind::kCashChange, -1}}, false));
  auto v = AgreeOnTotal(std::nullopt, {{20.00, Kind::kCashChange, -1}, {20.00, Kind::kSum, -1}}, false);
  ASSERT_TRUE(v);
  EXPECT_DOUBLE_EQ(v->value, 20.00);
  EXPECT_FALSE(AgreeOnTotal(std::nullopt, {}, false));
}

TEST(RestoreDecimalPoint, BareIntegerAtTheEndOfALine) {
  EXPECT_EQ(RestoreDecimalPoint("Total GST (RM) 637"), "Total GST (RM) 6.37");
  EXPECT_EQ(RestoreDecimalPoint("Total Sales (Excluding GST) 5142"), "Total Sales (Excluding GST) 51.42");
  EXPECT_EQ(RestoreDecimalPoint("Montant TVA : 1250"), "Montant TVA : 12.50");
  // Left alone: a decimal amount on the line, short or long integers, codes.
  EXPECT_EQ(RestoreDecimalPoint("Qty 2 12.00 1200"), "Qty 2 12.00 1200");
  EXPECT_EQ(RestoreDecimalPoint("Items 12"), "Items 12");
  EXPECT_EQ(RestoreDecimalPoint("GST No 000800689824"), "GST No 000800689824");
  EXPECT_EQ(RestoreDecimalPoint("Ref A-1234"), "Ref A-1234");
}

TEST(RestoreSplitDecimal, SpaceOrColonReadForTheDecimalPoint) {
  EXPECT_EQ(RestoreSplitDecimal("Total RH 86 00"), "Total RH 86.00");
  EXPECT_EQ(RestoreSplitDecimal("V-Power 97 RH 86 00 A"), "V-Power 97 RH 86.00 A");
  EXPECT_EQ(RestoreSplitDecimal("Total incl GST RM 15:00"), "Total incl GST RM 15.00");
  EXPECT_EQ(RestoreSplitDecimal("Total TTC : 1234 56"), "Total TTC : 1234.56");
  // Left alone: a decimal amount on the line, times, dates, codes, three decimals.
  EXPECT_EQ(RestoreSplitDecimal("Visa RM 86.00"), "Visa RM 86.00");
  EXPECT_EQ(RestoreSplitDecimal("Total 86 00 12.50"), "Total 86 00 12.50");
  EXPECT_EQ(RestoreSplitDecimal("Time 10:17:32"), "Time 10:17:32");
  EXPECT_EQ(RestoreSplitDecimal("Date 12/03 18"), "Date 12/03 18");
  EXPECT_EQ(RestoreSplitDecimal("18/03/18 15 17 06051 02"), "18/03/18 15 17 06051 02");  // date, time, numbers
  EXPECT_EQ(RestoreSplitDecimal("Ref AB12 34"), "Ref AB12 34");
  EXPECT_EQ(RestoreSplitDecimal("Total 86 000"), "Total 86 000");
  EXPECT_EQ(RestoreSplitDecimal("Total 123456 00"), "Total 123456 00");
  EXPECT_EQ(RestoreSplitDecimal("Total"), "Total");
}

TEST(ReceiptTotalByAgreement, EnglishMisreadDigitRepairedByCashAndTax) {
  Fields f = ReceiptFields(
      "YONG HARDWARE TRADING\nNO 4, JALAN PERJIRANAN 10\n81700 PASIR GUDANG\n"
      "Date: 13/03/2018\nHOLLOW PUNCH SET 1 47.17 47.17\nWING COMPASS 1 48.00 48.00\n"
      "Total Sales (Excluding GST) : 95.17\nTotal GST : 5.71\nRounding : 0.02\n"
      "Total Sales (Inclusive of GST) : 100.00\nCASH : 101.00\nChange : 0.10\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "100.90");
  EXPECT_EQ(f["total_gross"].method, "agreement");
}

TEST(ReceiptTotalByAgreement, FrenchSubtotalPlusTaxWithLostDecimalPoint) {
  // "TVA 637" lost its decimal point; HT + TVA + arrondi = 112.45, the
  // printed 112.46 is one digit away and the ticket is rounded to 0.05.
  Fields f = ReceiptFields(
      "BOULANGERIE DU PORT\n12 rue des Halles\n44000 Nantes\nLe 12/02/2018\n"
      "Sous-total 106.10\nTotal TVA 637\nArrondi -0.02\nTotal TTC 112.46\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "112.45");
}

TEST(ReceiptTotalByAgreement, EnglishRoundedTotalConfirmedByTheAdjustment) {
  // The unrounded total is the larger amount; the rounded one is paid.
  Fields f = ReceiptFields(
      "MR HARDWARE SDN BHD\nLOT 18, JALAN KPB 6\n43300 SERI KEMBANGAN\n12-01-19 21:13\n"
      "TOTAL RM 33.92\nROUNDING ADJUSTMENT RM -0.02\nTOTAL ROUNDED RM 33.90\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "33.90");
}

TEST(ReceiptTotalByAgreement, UnlabelledAmountsCashMinusChange) {
  // The labels were read in one block and the amounts in another: the
  // largest marked amount is the cash, between the total and the change.
  Fields f = ReceiptFields("MR DIY SDN BHD\nJALAN KPB 6\n43300 SERI KEMBANGAN\nT tl\nROUNDING\nCASH\nCHANGI\n"
                     "Qty(s) : 5\nRM 0.01\nRM 30.90\nRM 51.00\nRM 20.10\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "30.90");
  // French, euros: same.
  f = ReceiptFields("EPICERIE DU MARCHE\n3 place du Marche\n69002 Lyon\nTo al\nEspeces\nRendu\n"
              "12,40 EUR\n20,00 EUR\n7,60 EUR\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "12.40");
  // Nothing adds up: the largest marked amount, with a low confidence.
  f = ReceiptFields("EPICERIE DU MARCHE\n3 place du Marche\n69002 Lyon\nTo al\n12,40 EUR\n20,00 EUR\n3,10 EUR\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "20.00");
  EXPECT_LT(f["total_gross"].confidence, 0.5);
}

TEST(ReceiptTotalByAgreement, ServiceChargeIsAPartOfTheTotal) {
  // The total was misread (one digit off); subtotal + service charge + tax
  // + rounding and cash - change agree on the amount paid.
  Fields f = ReceiptFields(
      "THE RIVERSIDE GRILL\n12, JALAN BUKIT 3\n50450 KUALA LUMPUR\nDate: 09/04/2018\n"
      "SUB TOTAL 180.00\nSERVICE CHARGE 10% 18.00\nGST 6% 11.88\nROUNDING ADJ 0.02\n"
      "TOTAL 219.90\nCASH 250.00\nCHANGE 40.10\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "209.90");
  // French: no total could be read at all; the parts give it, unsure.
  f = ReceiptFields("BRASSERIE DU PORT\n4 quai Jean Moulin\n69002 Lyon\nLe 09/04/2018\n"
                    "Sous-total 40,00\nFrais de service 4,00\nTVA 4,40\nTxtal ...\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "48.40");
  EXPECT_EQ(f["total_gross"].method, "sum-of-parts");
  EXPECT_LT(f["total_gross"].confidence, 0.5);
  // Parts whose decimal point had to be restored are not enough on their own.
  f = ReceiptFields("CORNER SHOP\n1 High Street\nSubtotal 21207\nTax 1.20\nT0TAL ...\n");
  EXPECT_EQ(f.count("total_gross"), 0u) << f["total_gross"].value;
}

TEST(ReceiptTotalByAgreement, PlainTotalAboveATaxAtItsRateIsTheNet) {
  // The total paid is unreadable ("21207"); "Total" 20.00 is the amount
  // before tax, since the GST under it is 6 % of it: 21.20, unsure.
  Fields f = ReceiptFields(
      "C W HARDWARE SDN BHD\nNO.5, JALAN PBS 1\nTax Invoice\nDate : 01-03-18\n5 4.00 20.00 SR\n"
      "5 Item(s) Total (MYR) : 20.00\nGST @ 6% : 1,20\nNet Total (MYR): 21207\nRounding Adj. : 0.00\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "21.20");
  EXPECT_LT(f["total_gross"].confidence, 0.5);
  // A rounded ticket with French decimal commas: the rounding is added.
  f = ReceiptFields("EPICERIE DU MARCHE\n3 place du Marche\nTotal 4 items 50,00\nTVA 5,5% 2,75\nArrondi -0,05\n"
                    "T0tal TTC ...\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "52.70");
  // The tax is not the total at the printed rate: nothing is derived.
  f = ReceiptFields("C W HARDWARE SDN BHD\nNO.5, JALAN PBS 1\nItem(s) Total (MYR) : 20.00\nGST @ 6% : 1,50\n"
                    "Net Total (MYR): 21207\n");
  EXPECT_EQ(f.count("total_gross"), 0u) << f["total_gross"].value;
  // A rate without a tax amount after it, or no "total" line above: neither.
  f = ReceiptFields("SHOP\n1 High Street\nItems 20.00\nGST @ 6% : 1.20\nT0TAL ...\n");
  EXPECT_EQ(f.count("total_gross"), 0u) << f["total_gross"].value;
}

TEST(ReceiptTotalByAgreement, NoRepairWhenNothingAgrees) {
  // Cash - change (31.20) is far from the total and agrees with nothing.
  Fields f = ReceiptFields(
      "CAFE DE LA GARE\n3 place de la Gare\n69002 Lyon\nLe 04/03/2018\n"
      "Total TTC 48.00\nEspeces 50.00\nRendu 18.80\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "48.00");
  EXPECT_LT(f["total_gross"].confidence, 0.9);
  // English: subtotal + tax far from the total, no repair either.
  f = ReceiptFields("CORNER SHOP\n1 High Street\nSubtotal 20.00\nTax 1.20\nTOTAL 35.00\n");
  ASSERT_TRUE(f.count("total_gross"));
  EXPECT_EQ(f["total_gross"].value, "35.00");
}

}  // namespace
}  // namespace docflow::amounts
