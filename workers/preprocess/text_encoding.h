// Text files in the encodings contact cards come in: UTF-8 (with or without
// a byte-order mark), UTF-16 with a byte-order mark (Windows and some phone
// exports), and Windows-1252 / ISO-8859-1 (vCard 2.1 from older phones and
// mail clients, which write the file in the machine's code page).
//
// TextToUtf8(bytes) returns the text as UTF-8:
//  - a UTF-16 LE or BE byte-order mark: decoded as UTF-16 (surrogate pairs
//    joined; an unpaired surrogate or an odd last byte becomes U+FFFD);
//  - otherwise valid UTF-8 (a UTF-8 byte-order mark dropped): unchanged;
//  - otherwise: read as Windows-1252 (which agrees with ISO-8859-1 on every
//    printable character; its five unassigned bytes become U+FFFD).
// Never fails. Pure function, thread safe.
#pragma once

#include <string>
#include <string_view>

namespace docflow {

// Whether bytes are well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view bytes);

std::string TextToUtf8(std::string_view bytes);

}  // namespace docflow
