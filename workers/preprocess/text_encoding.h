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
// Never fails. The UTF-8 helpers below are shared with preprocess.cc.
// Pure functions, thread safe.
#pragma once

#include <string>
#include <string_view>

namespace docflow {

// Whether bytes are well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view bytes);

// Appends code point cp (at most U+10FFFF) to out, UTF-8 encoded.
void AppendUtf8(std::string& out, char32_t cp);

// Decodes the code point at s[i] (i < s.size()) and advances i past it. On
// an invalid sequence (truncated, overlong, a surrogate, past U+10FFFF)
// returns U+FFFD and advances one byte. *ok, when given, says which.
char32_t DecodeUtf8(std::string_view s, size_t& i, bool* ok = nullptr);

std::string TextToUtf8(std::string_view bytes);

}  // namespace docflow
