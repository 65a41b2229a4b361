// The case a person's name is written in a contact record: a name printed
// in capitals on a card or letterhead ("OLIVIA HARTLEY", "HÉLÈNE DE LA
// TOUR") becomes "Olivia Hartley", "Hélène de la Tour". Names with any
// lower-case letter are kept as printed (people write "McNeil", "van Dijk").
//
// Pure function; thread safe. UTF-8 in and out; Latin-1 accented capitals
// (À-Þ) are lowered, other letters are kept as they are.
#pragma once

#include <string>
#include <string_view>

namespace docflow::contact {

// Words are capitalised after a space, hyphen or apostrophe ("JEAN-PIERRE
// O'NEIL" -> "Jean-Pierre O'Neil"); the particles de, du, des, la, le, van,
// von, der, den, di, da, d' and l' stay lower case when not first.
std::string PersonNameCase(std::string_view name);

}  // namespace docflow::contact
