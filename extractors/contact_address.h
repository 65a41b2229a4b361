// Postal address pieces in printed text (business cards, letterheads,
// signatures), French and English shapes:
//  - city lines: a postcode with its city — France/Germany/Spain/Italy
//    "75008 Paris", "F-69002 Lyon Cedex 02"; UK "London EC1A 1BB",
//    "EC2A 3NQ London"; US "New York, NY 10011", "Austin TX 78701-1234";
//    Canada "Quebec, QC G1V 2M2"; Netherlands "1012 AB Amsterdam";
//  - street lines: "15 quai Saint-Antoine", "221B Baker Street", "Unit 4,
//    18 Curtain Road", "BP 120", "PO Box 42", "Suite 400";
//  - country lines: "France", "United Kingdom", "USA", "Deutschland"...
// Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace docflow::contact {

struct CityLine {
  size_t begin = 0, end = 0;  // byte range of "postcode + city" (or "city, ST zip") in the line
  std::string postcode;       // as printed, e.g. "EC1A 1BB", "75008", "NY 10011"
  std::string city;           // e.g. "Paris", "London", "New York"
  std::string region;         // country the shape belongs to: FR, GB, US, CA, NL ("" when shared)
  // The postcode as it must read: a letter O that OCR put where the format
  // has a digit (a UK inward code "0DU" read "ODU") is a zero. Else = postcode.
  std::string postcode_read;
};

// The postcode + city part of a line, or nullopt. The part may follow a
// street on the same line ("15 quai Saint-Antoine, 69002 Lyon"): begin > 0.
// Dates, amounts, phone numbers and identifiers (SIRET, invoice numbers) are
// not city lines.
std::optional<CityLine> FindCityLine(std::string_view line);

// True for a street / building / PO box line: a house number followed by
// words ("18 Curtain Road", "2875 boul. Laurier"), or a street or building
// word ("rue", "avenue", "Street", "Suite", "BP", "PO Box", "Bâtiment"), or a
// German / Dutch compound street name ("Friedrichstrasse 100"). "Dr" and
// "St" count only on a line with a digit ("12 Oak Dr", not "Dr. Klaus Weber").
// E-mail addresses, URLs, phone lines and amounts are not street lines.
bool IsStreetLine(std::string_view line);

// Whether a word of the folded text (lower case, no accents) is a German or
// Dutch compound street name: Hauptstrasse, Bahnhofstr., Kalverstraat,
// Oudegracht, Marktplatz, Lindenallee, Amsteldijk.
bool HasCompoundStreetName(std::string_view folded);

// The country a line names when it is only a country name ("France",
// "United Kingdom", "U.S.A."), as printed (trimmed); "" otherwise.
std::string CountryLine(std::string_view line);

}  // namespace docflow::contact
