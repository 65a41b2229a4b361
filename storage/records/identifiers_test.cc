#include "storage/records/identifiers.h"

#include <gtest/gtest.h>

namespace docflow::records {
namespace {

TEST(Identifiers, VatIsUpperCasedWithoutSeparators) {
  EXPECT_EQ(NormaliseVat("fr 13 812 345 674"), "FR13812345674");
  EXPECT_EQ(NormaliseVat("GB 284.719-326"), "GB284719326");
  EXPECT_EQ(NormaliseVat("DE"), "");
  EXPECT_EQ(NormaliseVat("Hotel"), "");  // no digit: not a VAT number
  EXPECT_EQ(NormaliseVat(""), "");
}

TEST(Identifiers, SirenComesFromAFrenchVatOrAValidSiret) {
  EXPECT_EQ(SirenFromVat("FR13812345674"), "812345674");
  EXPECT_EQ(SirenFromVat("GB284719326"), "");
  std::string siren;
  EXPECT_EQ(NormaliseSiret("732 829 320 00074", &siren), "73282932000074");  // a real SIRET (Luhn)
  EXPECT_EQ(siren, "732829320");
  siren.clear();
  EXPECT_EQ(NormaliseSiret("732829320", &siren), "732829320");
  EXPECT_EQ(siren, "732829320");
  EXPECT_EQ(NormaliseSiret("732829321", &siren), "");  // Luhn fails
  EXPECT_EQ(NormaliseSiret("12345", &siren), "");
  EXPECT_EQ(NormaliseSiret("RCS Lyon 732829320", &siren), "");
}

TEST(Identifiers, EmailAndPhone) {
  EXPECT_EQ(NormaliseEmail("  Claire.Dubois@Verdier-Associes.FR "), "claire.dubois@verdier-associes.fr");
  EXPECT_EQ(NormaliseEmail("mailto:a@b.co"), "a@b.co");
  EXPECT_EQ(NormaliseEmail("not an email"), "");
  EXPECT_EQ(E164Phone("+33 6 12 34 56 78"), "+33612345678");
  EXPECT_EQ(E164Phone("0033 6 12 34 56 78"), "+33612345678");
  EXPECT_EQ(E164Phone("+44 (0)20 7946 0958"), "+442079460958");
  EXPECT_EQ(E164Phone("+1 (512) 555-0147 ext. 12"), "+15125550147");
  EXPECT_EQ(E164Phone("06 12 34 56 78"), "");  // national: its country is unknown here
  EXPECT_EQ(E164Phone("+33 12"), "");
}

TEST(Identifiers, OrganisationsAndPersons) {
  EXPECT_TRUE(LooksLikeOrganisation("Northwind Analytics LLC"));
  EXPECT_TRUE(LooksLikeOrganisation("Blue Harbor Logistics Inc."));
  EXPECT_TRUE(LooksLikeOrganisation("Atelier Lumière SARL"));
  EXPECT_TRUE(LooksLikeOrganisation("Verdier & Associés SAS"));
  EXPECT_TRUE(LooksLikeOrganisation("S.A.S. Dupont"));
  EXPECT_TRUE(LooksLikeOrganisation("Acme"));             // one word
  EXPECT_TRUE(LooksLikeOrganisation("Studio 54 Paris"));  // digits
  EXPECT_FALSE(LooksLikeOrganisation("Jean Dupont"));
  EXPECT_FALSE(LooksLikeOrganisation("Hélène Delmas"));
  EXPECT_FALSE(LooksLikeOrganisation("Charles de Gaulle"));
  EXPECT_FALSE(LooksLikeOrganisation("Mary-Ann O'Neil"));
  EXPECT_FALSE(LooksLikeOrganisation("JOHN SMITH"));
}

TEST(Identifiers, DurationsAndCurrencies) {
  EXPECT_EQ(ValidIsoDuration("P1Y"), "P1Y");
  EXPECT_EQ(ValidIsoDuration("P1Y6M"), "P1Y6M");
  EXPECT_EQ(ValidIsoDuration("P90D"), "P90D");
  EXPECT_EQ(ValidIsoDuration("P"), "");
  EXPECT_EQ(ValidIsoDuration("1 year"), "");
  EXPECT_EQ(NormaliseCurrency("eur"), "EUR");
  EXPECT_EQ(NormaliseCurrency("€"), "");
  EXPECT_EQ(NormaliseCurrency("EURO"), "");
}

}  // namespace
}  // namespace docflow::records
