#include "extractors/phone.h"

#include <gtest/gtest.h>

namespace docflow::phone {
namespace {

std::string E164(std::string_view raw, std::string_view region) {
  auto n = Normalize(raw, region);
  return n ? n->e164 : "";
}

TEST(PhoneNormalize, FrenchNumbersInEveryUsualSpelling) {
  EXPECT_EQ(E164("06 12 34 56 78", "FR"), "+33612345678");
  EXPECT_EQ(E164("06.12.34.56.78", "FR"), "+33612345678");
  EXPECT_EQ(E164("01-42-68-53-00", "FR"), "+33142685300");
  EXPECT_EQ(E164("+33 6 12 34 56 78", "US"), "+33612345678");  // prefix beats region
  EXPECT_EQ(E164("+33 (0)1 42 68 53 00", "GB"), "+33142685300");
  EXPECT_EQ(E164("0033 1 42 68 53 00", "FR"), "+33142685300");
  auto n = Normalize("06 12 34 56 78", "FR");
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->valid);
  EXPECT_TRUE(n->mobile);
  EXPECT_EQ(n->region, "FR");
  auto fixed = Normalize("04 72 10 20 30", "FR");
  ASSERT_TRUE(fixed);
  EXPECT_TRUE(fixed->valid);
  EXPECT_FALSE(fixed->mobile);
}

TEST(PhoneNormalize, UkAndUsNumbers) {
  EXPECT_EQ(E164("020 7946 0958", "GB"), "+442079460958");
  EXPECT_EQ(E164("+44 (0)20 7946 0958", "FR"), "+442079460958");
  EXPECT_EQ(E164("07700 900123", "GB"), "+447700900123");
  EXPECT_EQ(E164("(212) 555-0147", "US"), "+12125550147");
  EXPECT_EQ(E164("212.555.0147", "US"), "+12125550147");
  EXPECT_EQ(E164("+1-418-656-9254", "FR"), "+14186569254");
  EXPECT_EQ(E164("1 (866) 588-1077", "US"), "+18665881077");
}

TEST(PhoneNormalize, TelUrisAndExtensionsAreReduced) {
  EXPECT_EQ(E164("tel:+1-418-656-9254;ext=102", "US"), "+14186569254");
  EXPECT_EQ(E164("TEL:+44-20-7946-0958", "US"), "+442079460958");
  EXPECT_EQ(E164("(212) 555-0147 ext. 12", "US"), "+12125550147");
}

TEST(PhoneNormalize, WrongInputIsRejected) {
  EXPECT_FALSE(Normalize("", "FR"));
  EXPECT_FALSE(Normalize("1", "US"));
  EXPECT_FALSE(Normalize("12 34", "FR"));
  EXPECT_FALSE(Normalize("call me", "GB"));
  EXPECT_FALSE(Normalize("1-800-FLOWERS", "US"));       // vanity letters are not phone text
  EXPECT_FALSE(Normalize("06 12 34 56 78 90 12 34 56", "FR"));  // far too long
  EXPECT_FALSE(Normalize("FR76 3000 4008 2500 0123 4567 886", "FR"));  // an IBAN
  // Possible but not valid: kept with valid = false (vCards hold such test numbers).
  auto odd = Normalize("555 555 1111", "US");
  ASSERT_TRUE(odd);
  EXPECT_FALSE(odd->valid);
}

TEST(PhoneFind, FindsValidNumbersInFrenchText) {
  std::string t = "Claire Dubois\nMobile : 06 12 34 56 78\nFax 04 72 10 20 31\nSIRET 812 345 674 00021\n"
                  "Facture du 14/03/2025, total 1 234,56 €";
  auto m = FindPhones(t, "FR");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].number.e164, "+33612345678");
  EXPECT_EQ(m[0].raw, "06 12 34 56 78");
  EXPECT_EQ(t.substr(m[0].offset, m[0].raw.size()), m[0].raw);
  EXPECT_EQ(m[1].number.e164, "+33472102031");
}

TEST(PhoneFind, FindsNumbersInEnglishTextAndSkipsDatesAndAmounts) {
  std::string t = "Invoice 2025-03-03, total $2,450.00\nT: +44 20 7946 0958  M: (212) 555-0147\n"
                  "Order 4821-7730";
  auto m = FindPhones(t, "US");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].number.e164, "+442079460958");
  EXPECT_EQ(m[1].number.e164, "+12125550147");
}

TEST(PhoneFind, RepairsOcrLettersInsideDigitGroups) {
  auto m = FindPhones("Tél. O6 l2 34 56 78", "FR");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].number.e164, "+33612345678");
  EXPECT_EQ(m[0].raw, "O6 l2 34 56 78");
  // Words are left alone.
  EXPECT_TRUE(FindPhones("Hello World, no phone here.", "GB").empty());
}

TEST(PhoneFind, PossibleNumbersAreFoundOnlyByTheirOwnFunction) {
  // Area code 111 is not assigned: not a valid number, but a possible one.
  EXPECT_TRUE(FindPhones("Tel: (111) 555-1111", "US").empty());
  auto m = FindPossiblePhones("Tel: (111) 555-1111", "US");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].raw, "(111) 555-1111");
  EXPECT_EQ(m[0].number.e164, "+11115551111");
  EXPECT_FALSE(m[0].number.valid);
  // Too short for a number anywhere: not even possible.
  EXPECT_TRUE(FindPossiblePhones("Tel: 55-11", "US").empty());
}

TEST(PhoneRegion, GuessedFromPrefixesCountriesPostcodesAndLanguage) {
  EXPECT_EQ(GuessRegion("Tel +33 6 12 34 56 78"), "FR");
  EXPECT_EQ(GuessRegion("Call us on +44 20 7946 0958"), "GB");
  EXPECT_EQ(GuessRegion("221B Baker Street, London NW1 6XE"), "GB");
  EXPECT_EQ(GuessRegion("111 Main St, New York, NY 10011"), "US");
  EXPECT_EQ(GuessRegion("Buehlauer Strasse 45, 01327 Dresden, Germany"), "DE");
  EXPECT_EQ(GuessRegion("15 quai Saint-Antoine, 69002 Lyon\nDirectrice commerciale"), "FR");
  EXPECT_EQ(GuessRegion("Toronto, Ontario, Canada"), "CA");
  EXPECT_EQ(GuessRegion("Regards, the sales office"), "US");
  // "Tel:" is English too: an English card with only that label is not French.
  EXPECT_EQ(GuessRegion("THECOMPANY\nVCard Test\nTel: 5555551111\n111 Main St, NY, New York, 10011"), "US");
  EXPECT_EQ(GuessRegion("Tél : 01 23 45 67 89\n12 rue de la Paix, Paris"), "FR");
  EXPECT_EQ(GuessRegion(""), "US");
  // A domain's country counts only where the text's language is spoken
  // (a French signature with ".co.uk" addresses stays French).
  EXPECT_EQ(GuessRegion("Bien cordialement,\njames@kestrel.co.uk\nwww.example.co.uk\nTél. 04 78 92 15 40"), "FR");
  EXPECT_EQ(GuessRegion("Cordialement,\nlaurence@verhaegen-dubois.be\nTél. 02 512 34 87"), "BE");
  EXPECT_EQ(GuessRegion("Cheffe de projet\nnoemie@voltige-events.ch\nvoltige-events.ch\n021 614 27 80"), "CH");
}

}  // namespace
}  // namespace docflow::phone
