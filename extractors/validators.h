// Checksums and formats of business identifiers, and finders that return
// only candidates passing them:
//  - IBAN: ISO 13616 mod-97 (== 1) and the country's length;
//  - VAT numbers: EU formats per country prefix (plus GB, XI, CH), with the
//    French key check (FRkk + SIREN, kk = (12 + 3 * (SIREN mod 97)) mod 97);
//  - SIREN (9 digits) / SIRET (14 digits): Luhn (La Poste SIRETs: digit sum
//    divisible by 5).
// Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docflow::validate {

// Upper-case letters and digits only ("FR76 3000-6000" -> "FR763000600").
std::string Compact(std::string_view s);

bool LuhnValid(std::string_view digits);
// Australian Business Number: 11 digits (spaces allowed), weighted sum of
// the digits (the first less one) divisible by 89.
bool AbnValid(std::string_view s);
bool SirenValid(std::string_view s);  // spaces allowed
bool SiretValid(std::string_view s);  // spaces allowed
bool IbanValid(std::string_view s);   // spaces allowed
bool VatValid(std::string_view s);    // spaces, dots, dashes allowed

struct CodeMatch {
  std::string value;          // compact form ("FR7630006000011234567890189")
  std::string raw;            // as printed
  size_t begin = 0, end = 0;  // byte range of raw in the searched text
};

// IBANs in a line, printed compact or in groups ("FR76 3000 6000 ...").
// Only valid ones are returned.
std::vector<CodeMatch> FindIbans(std::string_view line);
// An IBAN printed after its label whose two country letters OCR garbled
// ("IBAN : (0€02120300000000202051" for DE02...): `after_label` is the rest
// of the line. Its first two characters (after any leading punctuation) are
// replaced by each of `countries` whose IBAN length fits the rest; the
// result is the one candidate that passes mod-97, nullopt when none or more
// than one do, or when the first two characters already are a country code.
// The check digits and the account must be read right.
std::optional<std::string> IbanWithCountryRepaired(std::string_view after_label,
                                                   const std::vector<std::string>& countries);
// An IBAN printed after its label whose digits OCR read as look-alike
// letters ("IBAN GBO7 LOYD 3094 ..."): `after_label` is the rest of the
// line, starting (after any punctuation) with a country code. The check
// digits, and every character of the account in countries whose account is
// all digits (DE, BE, ES, AT...), are made digits (O and D to 0, I and L to
// 1, Z to 2, S to 5, G to 6, B to 8); the result if it passes mod-97,
// nullopt when it does not or when nothing needed repair.
std::optional<std::string> IbanWithDigitsRepaired(std::string_view after_label);
// A British VAT number's nine digits (spaces allowed) pass their check:
// the first seven weighted 8 to 2, plus the last two, is a multiple of 97,
// or is one once 55 is added (numbers issued since 2010).
bool GbVatDigitsValid(std::string_view s);
// VAT numbers with a country prefix ("FR 32 123 456 789", "DE136695976",
// "NL123456789B01", "CHE-123.456.789"). Only valid ones are returned.
std::vector<CodeMatch> FindVats(std::string_view line);
// SIRET (14 digits) or SIREN (9 digits) numbers that pass Luhn.
std::vector<CodeMatch> FindSirens(std::string_view line);

}  // namespace docflow::validate
