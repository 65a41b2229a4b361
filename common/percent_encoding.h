// Percent-encoding (RFC 3986) for URLs and header parameters (RFC 5987
// filename*), and its inverse for X-Filename headers and IMAP URLs.
//
// Thread safety: pure functions.
#pragma once

#include <string>

namespace docflow {

// Every byte but the unreserved ones (ALPHA DIGIT - . _ ~) as %XX.
std::string PercentEncode(const std::string& s);

// %XX sequences (hex digits, either case) decoded to their bytes; a '%' not
// followed by two hex digits is kept as is. Never fails.
std::string PercentDecode(const std::string& s);

}  // namespace docflow
