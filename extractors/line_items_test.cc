#include "extractors/line_items.h"

#include <gtest/gtest.h>

#include "extractors/field_extractors.h"

namespace docflow::line_items {
namespace {

Page TextPage(const std::string& text, const std::string& source = "text-layer") {
  Page p;
  p.index = 0;
  p.source = source;
  p.text = text;
  return p;
}

std::optional<Field> Items(const std::string& text, const std::string& source = "text-layer") {
  std::vector<Page> pages{TextPage(text, source)};
  return FindLineItems(extract::DocumentLines(pages), pages, "test/1");
}

TEST(LineItems, FrenchTableByColumns) {
  auto f = Items(
      "FACTURE F-2024-001\n\n"
      "Désignation                          Qté      Prix unitaire       Montant HT\n"
      "Maintenance préventive - août 2026    2          1 200,00         2 400,00 €\n"
      "Déplacement technicien                3             45,00           135,00 €\n"
      "\n"
      "Total HT                                                          2 535,00 €\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->value.size(), 2u);
  EXPECT_EQ(f->value[0]["description"], "Maintenance préventive - août 2026");  // the year is not a quantity
  EXPECT_EQ(f->value[0]["quantity"], "2");
  EXPECT_EQ(f->value[0]["unit_price"], "1200.00");
  EXPECT_EQ(f->value[0]["amount"], "2400.00");
  EXPECT_EQ(f->value[1]["quantity"], "3");
  EXPECT_DOUBLE_EQ(f->confidence, 0.8);  // every row checks qty x price = amount
  EXPECT_EQ(f->method, "table");
}

TEST(LineItems, ShortRightAlignedNumbersStayInTheirColumns) {
  // As samples/invoice-fr.pdf's text layer lays it out: "75,50 €" is right
  // aligned under "Prix unit. HT", so its centre is nearer "Montant HT".
  auto f = Items(
      "  Désignation                                   Qté        Prix unit. HT       Montant HT\n"
      "  Suspension laiton LX-12 (fourniture)            3             142,60 €             427,80 €\n"
      "  Pose et raccordement (heures)                   2                 75,50 €          151,00 €\n"
      "  Forfait déplacement                             1                  9,00 €            9,00 €\n"
      "\n"
      "                                          Total HT               587,80 €\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->value.size(), 3u);
  EXPECT_EQ(f->value[1]["description"], "Pose et raccordement (heures)");
  EXPECT_EQ(f->value[1]["quantity"], "2");
  EXPECT_EQ(f->value[1]["unit_price"], "75.50");
  EXPECT_EQ(f->value[1]["amount"], "151.00");
  EXPECT_EQ(f->value[2]["unit_price"], "9.00");
  EXPECT_EQ(f->value[2]["amount"], "9.00");
  EXPECT_DOUBLE_EQ(f->confidence, 0.8);
}

TEST(LineItems, NumberedRowsWithTheAmountBelowAndDetailLines) {
  // The layout of the German e-invoice examples (FeRD): a position number
  // first, the amount on the line under the row, detail lines and blank
  // lines between positions, four-decimal unit prices, a VAT rate column.
  auto f = Items(
      "    Pos             Beschreibung                     Nettopreis      Menge   Steuersatz      Nettobetrag\n"
      "                    Art-Nr\n"
      "    0               Physiotherapie                     26,0000         10        19 %\n"
      "                    4012345001235                                                                 260,00\n"
      "\n"
      "                    Behandlungen laut Verordnung vom 05.09.2018\n"
      "                    Bruttopreis : 26,0000\n"
      "\n"
      "\n"
      "\n"
      "    1               Hausbesuch                          12,0000         10        19 %\n"
      "                                                                                                  120,00\n"
      "\n"
      "\n"
      "\n"
      "\n"
      "  Umsatzsteueraufschlüsselung\n"
      "  Summe Positionen                                                                                380,00\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->value.size(), 2u) << f->value.dump();
  EXPECT_EQ(f->value[0]["description"], "Physiotherapie");
  EXPECT_EQ(f->value[0]["quantity"], "10");
  EXPECT_EQ(f->value[0]["unit_price"], "26.0000");
  EXPECT_EQ(f->value[0]["amount"], "260.00");
  EXPECT_EQ(f->value[1]["description"], "Hausbesuch");
  EXPECT_EQ(f->value[1]["amount"], "120.00");
  EXPECT_DOUBLE_EQ(f->confidence, 0.8);
}

TEST(LineItems, QuantityFirstThenDescriptionAndARateColumn) {
  // "Amount" heads the quantity column here; the VAT rate is not part of the
  // description, and a wrap with digits ("~2000ml") does not end the table.
  auto f = Items(
      "Amount            Product                                                  VAT      Price      Total\n"
      "1.00              Design (hours): Of a sample                              7%       160.00 €   160.00 €\n"
      "                  invoice\n"
      "400.00            Ballons: various colors,                                 19%      0.79 €     316.00 €\n"
      "                  ~2000ml\n"
      "800.00       Hot air (litres):                                             19%      0.025 €    20.00 €\n"
      "Net total: 496.00 €\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->value.size(), 3u) << f->value.dump();
  EXPECT_EQ(f->value[0]["description"], "Design (hours): Of a sample invoice");
  EXPECT_EQ(f->value[0]["quantity"], "1");
  EXPECT_EQ(f->value[0]["unit_price"], "160.00");
  EXPECT_EQ(f->value[1]["description"], "Ballons: various colors, ~2000ml");
  EXPECT_EQ(f->value[1]["quantity"], "400");
  EXPECT_EQ(f->value[2]["quantity"], "800");
  EXPECT_EQ(f->value[2]["unit_price"], "0.025");
  EXPECT_EQ(f->value[2]["amount"], "20.00");
  EXPECT_DOUBLE_EQ(f->confidence, 0.8);
}

TEST(LineItems, RowsSpacedOutByBlankLinesAndDetails) {
  // Unnumbered rows, each followed by its amount, details and three blank
  // lines: the table goes on while the next line reads like a row.
  auto f = Items(
      "    Pos             Beschreibung                     Nettopreis      Menge   Steuersatz      Nettobetrag\n"
      "                    TGA Obermonteur/Monteur              43,20        3 Std      19 %\n"
      "                                                                                                 129,60\n"
      "\n"
      "    01              01 Beamermontage\n"
      "                    Bruttopreis : 43,20\n"
      "\n"
      "\n"
      "\n"
      "                    Beamer-Deckenhalterung              122,50        1 Stk      19 %\n"
      "                                                                                                 122,50\n"
      "\n"
      "\n"
      "\n"
      "  Umsatzsteueraufschlüsselung\n"
      "  Umsatzsteuer (S)                    252,10          19          47,90\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->value.size(), 2u) << f->value.dump();
  EXPECT_EQ(f->value[1]["description"], "Beamer-Deckenhalterung");
  EXPECT_EQ(f->value[1]["quantity"], "1");
  EXPECT_EQ(f->value[1]["amount"], "122.50");
}

TEST(LineItems, DetailTextAfterABlankLineAndADecimalInTheDetailBelow) {
  // A row's details after a blank line do not end the table when a row
  // follows; the amount under a row is the one under the amount column,
  // not the "1,0" of "12 x 1,0l PET".
  auto f = Items(
      "    Pos             Beschreibung                     Nettopreis      Menge   Steuersatz      Nettobetrag\n"
      "                    SFK5   Schweinesteak                 5,5000        1 kg        7%\n"
      "                    4000050986428                                                                  5,50\n"
      "    2               Bestellt wurden 5 kg Schweinesteak.\n"
      "\n"
      "                    Schweinesteak aus Deutschland\n"
      "\n"
      "    3   GTRWA5      Mineralwasser Medium                  5,4900       20 Stk       7%\n"
      "        4000001234561   12 x 1,0l PET                                                            109,80\n"
      "\n"
      "\n"
      "\n"
      "  Umsatzsteueraufschlüsselung\n");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->value.size(), 2u) << f->value.dump();
  EXPECT_EQ(f->value[1]["quantity"], "20");
  EXPECT_EQ(f->value[1]["unit_price"], "5.4900");
  EXPECT_EQ(f->value[1]["amount"], "109.80");
  EXPECT_DOUBLE_EQ(f->confidence, 0.8);
}

TEST(LineItems, VatBreakdownAfterTheRowsIsNotAnItem) {
  auto f = Items(
      "    Pos             Beschreibung                     Nettopreis      Menge   Steuersatz      Nettobetrag\n"
      "                    Beamer-Deckenhalterung              122,50        1 Stk      19 %          122,50\n"
      "                    Lieferung frei Haus\n"
      "    Umsatzsteuer (S)                     122,50          19                       23,28\n");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->value.size(), 1u) << f->value.dump();
}

TEST(LineItems, EnglishReceiptWithoutColumns) {
  auto f = Items("ABC TRADING\nDescription Qty Price Amount\nPlastic bag 2 15.50 31.00\nGlue stick 1 4.20 4.20\n"
                 "Total 35.20\nCash 50.00\nChange 14.80\n",
                 "ocr");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->value.size(), 2u);
  EXPECT_EQ(f->value[0]["description"], "Plastic bag");
  EXPECT_EQ(f->value[0]["quantity"], "2");
  EXPECT_EQ(f->value[0]["unit_price"], "15.50");
  EXPECT_EQ(f->value[1]["amount"], "4.20");
}

TEST(LineItems, ArithmeticThatDoesNotCheckLowersConfidence) {
  auto f = Items("Item          Qty     Unit price     Amount\nWidget         3       10.00          29.00\n"
                 "Subtotal                              29.00\n");
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->confidence, 0.6);
}

TEST(LineItems, NoTableNoItems) {
  EXPECT_FALSE(Items("Dear customer,\nThank you for your order of 12.00 EUR.\nTotal 12.00\n"));
  // A header without rows under it.
  EXPECT_FALSE(Items("Description   Qty   Amount\n\nTotal   0.00\n"));
}

TEST(LineItems, ExtractInvoiceCarriesThem) {
  Classification c;
  c.label = "invoice";
  Fields f = ExtractInvoice(c, {TextPage("INVOICE 42\nDescription          Qty     Unit price      Amount\n"
                                         "Consulting day         2         500.00     1,000.00\n\n"
                                         "Total due                                  1,000.00\n")});
  ASSERT_TRUE(f.count("line_items"));
  EXPECT_EQ(f["line_items"].value[0]["amount"], "1000.00");
}

}  // namespace
}  // namespace docflow::line_items
