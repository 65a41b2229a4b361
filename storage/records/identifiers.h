// Identifiers of companies and people as the store stage compares them:
// VAT numbers, SIREN/SIRET (France), e-mail addresses, phone numbers, and
// whether a party's name is an organisation or a person.
// Company and person NAME keys are computed by the database
// (company_name_key() / person_name_key() in 0006_business.sql) so that rows
// a person enters by hand match the same way.
//
// Pure functions; thread safe.
#pragma once

#include <string>

namespace docflow::records {

// "fr 13 812 345 674" -> "FR13812345674": separators (spaces, dots, dashes)
// dropped, upper case; "" when the result is not a plausible VAT number
// (two letters then 2-13 letters or digits). Greek "EL" stays "EL".
std::string NormaliseVat(const std::string& vat);

// The SIREN inside a French VAT number ("FR" + 2-character key + 9 digits),
// or "" when vat is not one.
std::string SirenFromVat(const std::string& normalised_vat);

// A SIREN (9 digits) or SIRET (14 digits) written with any separators, when
// its digits pass the Luhn check; "" otherwise. *siren gets the first 9
// digits (SIRET) or the number itself (SIREN).
std::string NormaliseSiret(const std::string& s, std::string* siren);

// Lower-cased and trimmed e-mail when it looks like one (x@y.z), else "".
std::string NormaliseEmail(const std::string& email);

// The E.164 form ("+33612345678") of a phone written in international form
// ("+33 6 12 34 56 78", "0033 6 ..."), else "" (a national number cannot be
// compared without knowing its country).
std::string E164Phone(const std::string& phone);

// Whether a contract party's name names an organisation (a legal form such
// as SAS, Ltd, Inc, GmbH, LLC; or a word such as Company, Group, Bank,
// Associates, Consulting, University; or digits, '&') rather than a person
// ("Jean Dupont", "Mary-Ann O'Neil": two to four capitalised words).
bool LooksLikeOrganisation(const std::string& name);

// An ISO 8601 duration the database reads as an interval ("P1Y", "P3M",
// "P1Y6M", "P90D", "P2W"), else "".
std::string ValidIsoDuration(const std::string& s);

// A currency code: "eur" -> "EUR" when it is three letters, else "".
std::string NormaliseCurrency(const std::string& s);

}  // namespace docflow::records
