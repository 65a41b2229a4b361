#include "extractors/validators.h"

#include <gtest/gtest.h>

namespace docflow::validate {
namespace {

TEST(Iban, ValidSpacedOrNot) {
  EXPECT_TRUE(IbanValid("FR76 3000 6000 0112 3456 7890 189"));
  EXPECT_TRUE(IbanValid("FR7630006000011234567890189"));
  EXPECT_TRUE(IbanValid("DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(IbanValid("GB29NWBK60161331926819"));
  EXPECT_TRUE(IbanValid("nl91abna0417164300"));  // case does not matter
}

TEST(Iban, RejectsBadChecksumLengthAndJunk) {
  EXPECT_FALSE(IbanValid("FR76 3000 6000 0112 3456 7890 188"));  // one digit off
  EXPECT_FALSE(IbanValid("DE89 3704 0044 0532 0130 0"));         // DE is 22 long
  EXPECT_FALSE(IbanValid("GB82WEST1234569876543"));               // truncated
  EXPECT_FALSE(IbanValid("1234567890123456"));
  EXPECT_FALSE(IbanValid(""));
}

TEST(Iban, FoundInALineAndStopsAtTheNextWord) {
  auto m = FindIbans("IBAN : FR76 3000 6000 0112 3456 7890 189 - BIC : AGRIFRPP");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].value, "FR7630006000011234567890189");
  EXPECT_EQ(m[0].raw, "FR76 3000 6000 0112 3456 7890 189");
  EXPECT_TRUE(FindIbans("IBAN: FR76 3000 6000 0112 3456 7890 188").empty());  // fails mod 97
}

TEST(Iban, CountryLettersOcrGarbledAreRepairedWhenOneCountryFits) {
  const std::vector<std::string> usual = {"DE", "FR", "BE", "NL", "GB"};
  EXPECT_EQ(IbanWithCountryRepaired(" : (0€02120300000000202051", usual).value_or(""), "DE02120300000000202051");
  EXPECT_EQ(IbanWithCountryRepaired(": 0€91 1000 0000 0123 4567 89  BIC COBADEFFXXX", usual).value_or(""),
            "DE91100000000123456789");
  EXPECT_EQ(IbanWithCountryRepaired(" F876 3000 6000 0112 3456 7890 189", usual).value_or(""),
            "FR7630006000011234567890189");
  // A misread digit is not repaired (nothing passes mod 97), nor is a country outside the list.
  EXPECT_FALSE(IbanWithCountryRepaired(" 0€91 1000 0000 0123 4567 88", usual).has_value());
  EXPECT_FALSE(IbanWithCountryRepaired(" 0€91 1000 0000 0123 4567 89", {"FR", "NL"}).has_value());
  EXPECT_FALSE(IbanWithCountryRepaired(" : see below", usual).has_value());
  // Country letters read right and a digit wrong: no other country is tried.
  EXPECT_FALSE(IbanWithCountryRepaired(" DE91 1000 0000 0123 4567 88", usual).has_value());
  EXPECT_FALSE(IbanWithCountryRepaired("", usual).has_value());
}

TEST(Iban, DigitsReadAsLettersAreRepaired) {
  // Check digits read "O7": made digits, the bank's letters kept.
  EXPECT_EQ(IbanWithDigitsRepaired(" GBO7 LOYD 3094 5728 6850 18 BIC LOYDGB21").value_or(""), "GB07LOYD30945728685018");
  // A German account is all digits: "O" and "I" inside it too.
  EXPECT_EQ(IbanWithDigitsRepaired(": DE89 37O4 OO44 O532 Ol3O OO").value_or(""), "DE89370400440532013000");
  EXPECT_EQ(IbanWithDigitsRepaired(": DE89 37O4 OO44 O532 OI3O OO").value_or(""), "DE89370400440532013000");
  // Already valid, or still wrong once repaired: nothing.
  EXPECT_FALSE(IbanWithDigitsRepaired(" GB07 LOYD 3094 5728 6850 18").has_value());
  EXPECT_FALSE(IbanWithDigitsRepaired(" GBO8 LOYD 3094 5728 6850 18").has_value());
  // A British account's letters are not digits: only the check digits change.
  EXPECT_FALSE(IbanWithDigitsRepaired(" GB07 LOYD 3O94 5728 6850 18").has_value());
  EXPECT_FALSE(IbanWithDigitsRepaired(" not an IBAN").has_value());
}

TEST(Vat, BritishDigitsCheck) {
  EXPECT_TRUE(GbVatDigitsValid("793 6748 68"));
  EXPECT_TRUE(GbVatDigitsValid("123456782"));   // the weighted sum a multiple of 97
  EXPECT_TRUE(GbVatDigitsValid("123 4567 27"));  // a multiple once 55 is added
  EXPECT_FALSE(GbVatDigitsValid("GB793674868"));  // digits only
  EXPECT_FALSE(GbVatDigitsValid("793 6748 67"));
  EXPECT_FALSE(GbVatDigitsValid("79367486"));
}

TEST(Vat, FrenchKeyIsChecked) {
  // SIREN 123456789: 123456789 mod 97 = 39, key = (12 + 3 * 39) mod 97 = 32.
  EXPECT_TRUE(VatValid("FR32123456789"));
  EXPECT_TRUE(VatValid("FR 32 123 456 789"));
  EXPECT_FALSE(VatValid("FR33123456789"));  // wrong key
  EXPECT_FALSE(VatValid("FR3212345678"));   // SIREN too short
}

TEST(Vat, EuFormats) {
  EXPECT_TRUE(VatValid("DE136695976"));
  EXPECT_TRUE(VatValid("NL123456789B01"));
  EXPECT_TRUE(VatValid("ATU12345678"));
  EXPECT_TRUE(VatValid("BE0123456789"));
  EXPECT_TRUE(VatValid("ESB12345678"));
  EXPECT_FALSE(VatValid("DE12345678"));      // DE has 9 digits
  EXPECT_FALSE(VatValid("NL123456789"));     // NL needs B01
  EXPECT_FALSE(VatValid("AT12345678"));      // AT needs the U
  EXPECT_FALSE(VatValid("XX123456789"));     // no such prefix
}

TEST(Vat, FoundInLines) {
  auto m = FindVats("N° TVA : FR 32 123 456 789   Capital 10 000 €");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].value, "FR32123456789");
  m = FindVats("USt.-Id.-Nr.: DE136695976");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].value, "DE136695976");
  EXPECT_TRUE(FindVats("TVA : FR33123456789").empty());  // key check fails
  EXPECT_TRUE(FindVats("DE 80333 München").empty());     // a postcode, not a VAT number
}

TEST(Siren, LuhnOnSirenAndSiret) {
  EXPECT_TRUE(SirenValid("732 829 320"));
  EXPECT_TRUE(SiretValid("732 829 320 00074"));
  EXPECT_FALSE(SiretValid("7328293200007"));   // 13 digits
  EXPECT_FALSE(SiretValid("73282932000075"));  // Luhn fails
  EXPECT_FALSE(SiretValid("39280913700027"));  // Luhn fails
  EXPECT_FALSE(SirenValid("732829321"));
  EXPECT_TRUE(LuhnValid("79927398713"));
  EXPECT_FALSE(LuhnValid("79927398710"));
  auto m = FindSirens("SIRET 732 829 320 00074 - RCS Nanterre");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].value, "73282932000074");
  EXPECT_TRUE(FindSirens("SIRET 732 829 320 00075").empty());
}

}  // namespace
}  // namespace docflow::validate
