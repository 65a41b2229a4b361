#include "extractors/amounts.h"

#include <gtest/gtest.h>

namespace docflow::amounts {
namespace {

TEST(ParseAmount, LocaleForms) {
  EXPECT_EQ(ParseAmount("1 234,56 €"), "1234.56");
  EXPECT_EQ(ParseAmount("1\u00a0234,56\u00a0€"), "1234.56");
  EXPECT_EQ(ParseAmount("1,234.56"), "1234.56");
  EXPECT_EQ(ParseAmount("1.234,56"), "1234.56");
  EXPECT_EQ(ParseAmount("€1234.56"), "1234.56");
  EXPECT_EQ(ParseAmount("120.00 EUR"), "120.00");
  EXPECT_EQ(ParseAmount("$ 1,000"), "1000.00");
  EXPECT_EQ(ParseAmount("1'234.50 CHF"), "1234.50");
  EXPECT_EQ(ParseAmount("12,5"), "12.50");
  EXPECT_EQ(ParseAmount("0,99"), "0.99");
  EXPECT_EQ(ParseAmount("1.234.567,00"), "1234567.00");
  EXPECT_EQ(ParseAmount("RM 45.00"), "45.00");
}

TEST(ParseAmount, Negative) {
  EXPECT_EQ(ParseAmount("-8,79 €"), "-8.79");
  EXPECT_EQ(ParseAmount("(12.50)"), "-12.50");
  EXPECT_EQ(ParseAmount("- 0,00"), "0.00");
}

TEST(ParseAmount, Rejects) {
  EXPECT_FALSE(ParseAmount("abc"));
  EXPECT_FALSE(ParseAmount("12/03/2024"));
  EXPECT_FALSE(ParseAmount("1,23,4"));
  EXPECT_FALSE(ParseAmount(""));
}

TEST(FindAmounts, FindsAmountsAndSkipsCodesDatesPercentages) {
  auto a = FindAmounts("Facture FA-2024-0042 du 12.03.2024  TVA 20 %   Total TTC 1 234,56 €");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].value, "1234.56");
  EXPECT_EQ(a[0].raw, "1 234,56 €");
  EXPECT_EQ(a[0].currency, "EUR");
  EXPECT_TRUE(a[0].has_decimals);
}

TEST(FindAmounts, FourDecimalsAreNotAThousandsGroup) {
  // Unit prices with four decimals (German e-invoices): "3,9000" is 3.9.
  auto a = FindAmounts("1   Grundpreis   3,9000   1 Stk   7 %   3,90");
  ASSERT_EQ(a.size(), 4u);  // the 7 % is not an amount
  EXPECT_DOUBLE_EQ(a[0].number, 1);
  EXPECT_DOUBLE_EQ(a[1].number, 3.9);
  EXPECT_EQ(a[1].raw, "3,9000");
  EXPECT_DOUBLE_EQ(a[2].number, 1);
  EXPECT_DOUBLE_EQ(a[3].number, 3.9);
  auto z = FindAmounts("400.00   Ballons   19%   0.025 €   10.00 €");
  ASSERT_EQ(z.size(), 3u);
  EXPECT_DOUBLE_EQ(z[1].number, 0.025);  // a price with three decimals, not 25
  auto b = FindAmounts("Total 1 234,56 EUR, 12,345.6789");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_DOUBLE_EQ(b[0].number, 1234.56);
  EXPECT_DOUBLE_EQ(b[1].number, 12345.6789);
}

TEST(FindAmounts, ColumnsAndPositions) {
  std::string line = "Cordless drill      4      $129.00    $516.00";
  auto a = FindAmounts(line);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].value, "4.00");
  EXPECT_FALSE(a[0].has_decimals);
  EXPECT_EQ(a[1].value, "129.00");
  EXPECT_EQ(a[2].value, "516.00");
  EXPECT_EQ(a[2].currency, "USD");
  EXPECT_EQ(line.substr(a[2].begin, a[2].end - a[2].begin), "$516.00");
  EXPECT_TRUE(FindAmounts("Time 12:30, ref AB12, 3kg").empty());
}

TEST(Currency, CodesAndDetection) {
  EXPECT_EQ(CurrencyCode("€"), "EUR");
  EXPECT_EQ(CurrencyCode("usd"), "USD");
  EXPECT_EQ(CurrencyCode("£"), "GBP");
  EXPECT_EQ(CurrencyCode("xyz"), "");
  EXPECT_EQ(DetectCurrency("Total 12,00 €\nTVA 2,00 €"), "EUR");
  EXPECT_EQ(DetectCurrency("Amount due $40.00"), "USD");
  EXPECT_EQ(DetectCurrency("Prices in CAD. Total $40.00"), "CAD");
  EXPECT_EQ(DetectCurrency("no money here"), "");
}

}  // namespace
}  // namespace docflow::amounts
