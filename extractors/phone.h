// Telephone numbers: finding them in text and normalising them to E.164
// ("+33612345678") with libphonenumber.
//
// A national number ("06 12 34 56 78", "(212) 555-0147") only means something
// in a region, so every call takes a default region (ISO 3166 alpha-2, e.g.
// "FR", "GB", "US"); GuessRegion() infers it from the document itself.
//
// Results are values; invalid or unparseable input gives nullopt / no match.
// Thread safety: every function may be called from any thread (libphonenumber's
// PhoneNumberUtil is a thread-safe singleton; matchers are per call).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docflow::phone {

// The region a document's national numbers most likely belong to, from:
// international prefixes written in it (+33, +44, 0033...), country names
// ("France", "United Kingdom", "USA", "Deutschland"...), postcode shapes
// (UK "EC1A 1BB", US "NY 10011", French "75008 Paris") and finally the
// language of its words (French -> "FR", otherwise "US"). Never empty.
std::string GuessRegion(std::string_view text);

struct Normalized {
  std::string e164;   // "+33612345678"
  std::string region; // region of the number itself ("FR"), "" when unknown
  bool valid = false; // libphonenumber IsValidNumber (else only possible)
  bool mobile = false;
};

// Parses one phone number written on its own ("+44 20 7946 0958",
// "06.12.34.56.78", "tel:+1-418-656-9254;ext=102"; a "tel:" scheme, an
// extension and a "(0)" trunk prefix after a country code are accepted and
// dropped). Returns nullopt when the text is not at least a possible number
// for its region (too short, too long, letters in it).
std::optional<Normalized> Normalize(std::string_view raw, std::string_view default_region);

struct Match {
  std::string raw;      // the number as printed
  size_t offset = 0;    // byte offset of raw in the text searched
  Normalized number;
};

// Valid numbers in free text, in order of appearance (libphonenumber's
// matcher at VALID leniency: dates, amounts, postcodes and order numbers are
// not taken). Common OCR confusions inside digit runs (O->0, l/I->1) are
// repaired before matching.
std::vector<Match> FindPhones(std::string_view text, std::string_view default_region);

// As FindPhones at POSSIBLE leniency: numbers of a possible length for their
// region that libphonenumber does not know as assigned (new ranges, the
// fictional 555 numbers of examples). Callers take them only with other
// evidence: a "Tel:" label, or a line that holds nothing else.
std::vector<Match> FindPossiblePhones(std::string_view text, std::string_view default_region);

}  // namespace docflow::phone
