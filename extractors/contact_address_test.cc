#include "extractors/contact_address.h"

#include <gtest/gtest.h>

namespace docflow::contact {
namespace {

std::string Part(std::string_view line) {
  auto c = FindCityLine(line);
  return c ? std::string(line.substr(c->begin, c->end - c->begin)) : "";
}

TEST(CityLine, FrenchPostcodeAndCity) {
  auto c = FindCityLine("69002 Lyon");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->postcode, "69002");
  EXPECT_EQ(c->city, "Lyon");
  EXPECT_EQ(Part("15 quai Saint-Antoine, 69002 Lyon"), "69002 Lyon");
  EXPECT_EQ(Part("F-75008 Paris"), "F-75008 Paris");
  EXPECT_EQ(Part("92100 Boulogne-Billancourt"), "92100 Boulogne-Billancourt");
  EXPECT_EQ(Part("69003 LYON CEDEX 03"), "69003 LYON CEDEX 03");
  EXPECT_EQ(Part("13100 Aix en Provence, France"), "13100 Aix en Provence");
  auto e = FindCityLine("27 rue des Tanneurs, 69001 Lyon – Tél. 04 72 10 20 30");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->city, "Lyon");
  auto accents = FindCityLine("33000 Bordeaux · 37000 Tours");
  ASSERT_TRUE(accents);
  EXPECT_EQ(accents->city, "Bordeaux");
  auto ev = FindCityLine("94300 Évry");
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->city, "Évry");
}

// Four-digit postcodes (Belgium, Switzerland, Luxembourg...) only as a
// line's postcode and town, never a house number and its street; Quebec's
// province in parentheses.
TEST(CityLine, FourDigitPostcodesAndQuebec) {
  auto be = FindCityLine("1000 Bruxelles");
  ASSERT_TRUE(be);
  EXPECT_EQ(be->postcode, "1000");
  EXPECT_EQ(be->city, "Bruxelles");
  EXPECT_EQ(Part("Rue Haute 214, 1000 Bruxelles"), "1000 Bruxelles");
  EXPECT_EQ(Part("CH-1007 Lausanne"), "CH-1007 Lausanne");
  EXPECT_EQ(Part("1007 Lausanne, Suisse"), "1007 Lausanne");
  EXPECT_EQ(Part("L-2318 Luxembourg"), "L-2318 Luxembourg");
  EXPECT_FALSE(FindCityLine("1427 Alabama Street"));
  EXPECT_FALSE(FindCityLine("2200 Alder Creek Parkway"));
  EXPECT_FALSE(FindCityLine("Founded in 1926 Ironmongers"));
  auto qc = FindCityLine("Montréal (Québec) H3G 1P1");
  ASSERT_TRUE(qc);
  EXPECT_EQ(qc->region, "CA");
  EXPECT_EQ(qc->postcode, "H3G 1P1");
  EXPECT_EQ(qc->city, "Montréal");
}

TEST(CityLine, UkUsCanadaAndDutchShapes) {
  auto uk = FindCityLine("London EC1A 1BB");
  ASSERT_TRUE(uk);
  EXPECT_EQ(uk->region, "GB");
  EXPECT_EQ(uk->postcode, "EC1A 1BB");
  EXPECT_EQ(uk->city, "London");
  EXPECT_EQ(Part("Unit 4, 18 Curtain Road, London EC2A 3NQ"), "London EC2A 3NQ");
  EXPECT_EQ(Part("EC2A 3NQ London"), "EC2A 3NQ London");
  EXPECT_EQ(Part("London EC1R ODU"), "London EC1R ODU");  // OCR's O for 0: found as printed
  auto o_for_zero = FindCityLine("London EC1R ODU");
  ASSERT_TRUE(o_for_zero);
  EXPECT_EQ(o_for_zero->postcode, "EC1R ODU");
  EXPECT_EQ(o_for_zero->postcode_read, "EC1R 0DU");  // and read as it must be
  EXPECT_EQ(uk->postcode_read, "EC1A 1BB");
  auto fr = FindCityLine("69002 LYON");
  ASSERT_TRUE(fr);
  EXPECT_EQ(fr->postcode_read, fr->postcode);  // only the UK inward code is repaired
  auto alone = FindCityLine("SW1A 2AA");
  ASSERT_TRUE(alone);
  EXPECT_EQ(alone->city, "");
  auto us = FindCityLine("111 Main St, New York, NY 10011");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->region, "US");
  EXPECT_EQ(us->city, "New York");
  EXPECT_EQ(us->postcode, "NY 10011");
  EXPECT_EQ(Part("Austin TX 78701-1234"), "Austin TX 78701-1234");
  auto ca = FindCityLine("Quebec, QC G1V 2M2");
  ASSERT_TRUE(ca);
  EXPECT_EQ(ca->region, "CA");
  auto nl = FindCityLine("1012 AB Amsterdam");
  ASSERT_TRUE(nl);
  EXPECT_EQ(nl->region, "NL");
}

TEST(CityLine, DatesAmountsPhonesAndIdentifiersAreNot) {
  EXPECT_FALSE(FindCityLine(""));
  EXPECT_FALSE(FindCityLine("Claire Dubois"));
  EXPECT_FALSE(FindCityLine("Mobile : +33 6 12 34 56 78"));
  EXPECT_FALSE(FindCityLine("SIRET 812 345 674 00021 RCS Lyon"));
  EXPECT_FALSE(FindCityLine("Facture 20250 Total"));
  EXPECT_FALSE(FindCityLine("14 March 2025"));
  EXPECT_FALSE(FindCityLine("12345 March"));
  EXPECT_FALSE(FindCityLine("claire@69002lyon.fr"));
  EXPECT_FALSE(FindCityLine("Invoice INV-2025-0087 Total 2450.00"));
  EXPECT_FALSE(FindCityLine("Order 12345 shipped"));  // lower-case word is not a city
}

TEST(StreetLine, FrenchAndEnglishStreetsAndBoxes) {
  EXPECT_TRUE(IsStreetLine("15 quai Saint-Antoine"));
  EXPECT_TRUE(IsStreetLine("27 rue des Tanneurs"));
  EXPECT_TRUE(IsStreetLine("112 avenue Jean Jaurès"));
  EXPECT_TRUE(IsStreetLine("221B Baker Street"));
  EXPECT_TRUE(IsStreetLine("Unit 4, 18 Curtain Road"));
  EXPECT_TRUE(IsStreetLine("2875 boul. Laurier"));
  EXPECT_TRUE(IsStreetLine("Suite 400"));
  EXPECT_TRUE(IsStreetLine("BP 120"));
  EXPECT_TRUE(IsStreetLine("PO Box 42"));
  EXPECT_TRUE(IsStreetLine("Bâtiment B, 3e étage"));
  EXPECT_TRUE(IsStreetLine("350 Fifth Avenue"));
}

TEST(StreetLine, OtherLinesAreNot) {
  EXPECT_FALSE(IsStreetLine(""));
  EXPECT_FALSE(IsStreetLine("Claire Dubois"));
  EXPECT_FALSE(IsStreetLine("Directrice commerciale"));
  EXPECT_FALSE(IsStreetLine("Tél. 04 72 10 20 30"));
  EXPECT_FALSE(IsStreetLine("+44 20 7946 0958"));
  EXPECT_FALSE(IsStreetLine("claire.dubois@verdier-associes.fr"));
  EXPECT_FALSE(IsStreetLine("www.kestrel-digital.co.uk"));
  EXPECT_FALSE(IsStreetLine("12 March 2025"));
  EXPECT_FALSE(IsStreetLine("SIRET 812 345 674 00021"));
  EXPECT_FALSE(IsStreetLine("Total 1 234,56 EUR"));
}

TEST(Country, OnlyWholeCountryLines) {
  EXPECT_EQ(CountryLine("France"), "France");
  EXPECT_EQ(CountryLine(" United Kingdom "), "United Kingdom");
  EXPECT_EQ(CountryLine("U.S.A."), "U.S.A.");
  EXPECT_EQ(CountryLine("Deutschland"), "Deutschland");
  EXPECT_EQ(CountryLine("Visit France"), "");
  EXPECT_EQ(CountryLine("Lyon"), "");
  EXPECT_EQ(CountryLine(""), "");
}

}  // namespace
}  // namespace docflow::contact
