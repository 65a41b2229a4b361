// MailLimits: the bounds that keep a hostile message from costing unbounded
// memory, stack or time. Every limit turns into a Permanent error naming it;
// nothing is truncated silently.
//
// Thread safety: a plain value.
#pragma once

#include <chrono>
#include <cstddef>

namespace docflow::mail {

struct MailLimits {
  // Larger messages are refused before any parsing.
  size_t max_message_bytes = 64u << 20;
  // Multipart/message nesting below the top-level message (GMime itself stops
  // at 1024 levels; this is far below, and also bounds our own recursion).
  int max_depth = 32;
  // MIME entities (multiparts, leaves, attached messages) in one message,
  // counted before parsing (boundary lines) and again while walking it.
  int max_parts = 2000;
  // Distinct multipart boundaries declared in the raw bytes. GMime compares
  // every line starting with "--" against each open boundary, so this bounds
  // its parse time together with max_message_bytes.
  int max_boundaries = 256;
  // Declared boundaries x lines starting with "--": an upper bound on the
  // boundary comparisons GMime makes (about 15 ns each here), so at most
  // about half a second of parsing. Ordinary mail stays below 1e5.
  long long max_boundary_checks = 40'000'000;
  // Header fields, as GMime reads them (see mime_prescan.h). GMime keeps an
  // object of some hundred bytes per field and per address, and its
  // parameter lists grow quadratically: 40,000 parameters in one field took
  // 18 s here.
  int max_header_fields = 100'000;        // in the whole message
  size_t max_header_field_bytes = 1u << 20;  // one field with its continuation lines
  int max_header_parameters = 1'000;      // ';' in one field
  size_t max_address_bytes = 1u << 20;    // From/To/Cc/... fields of the whole message
  // Wall-clock budget for walking and decoding the parts (checked before each
  // part and after each decode).
  std::chrono::milliseconds time_limit{10000};
};

}  // namespace docflow::mail
