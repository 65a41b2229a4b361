// A cheap look at the raw bytes of a message BEFORE GMime parses them, to
// refuse messages whose parse alone would cost unbounded memory or time
// (GMime cannot be interrupted). One pass over the lines measures:
//   - the multipart boundaries the message declares and the lines that are
//     one of them: GMime makes one part per boundary line, and compares every
//     line starting with "--" with each open boundary;
//   - the header fields, in the places GMime reads headers: the top of the
//     message, after each boundary line, and after a header block whose
//     Content-Type is message/* (or that has none, as in a digest). A block
//     ends at its first empty line. Counted: fields, the bytes and ';' of each
//     field (with its continuation lines), and the bytes of address fields
//     (From, To, Cc, Bcc, Reply-To, Sender and their Resent- forms).
// The measures over-estimate rather than miss: a declaration whose value
// cannot be read (RFC 2231 continuations, empty values) makes every "--"
// line a boundary line.
//
// Boundary declarations are found textually: the word "boundary" (any case),
// optional RFC 2231 marks ("*", "*0", "*0*"), '=', then a quoted string or a
// token.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/result.h"
#include "pipeline/mail/mail_limits.h"

namespace docflow::mail {

struct MimeShape {
  size_t boundaries = 0;      // distinct declared values (counting stops past the limit + 1)
  size_t boundary_lines = 0;  // lines "--VALUE" (trailing blanks ignored) for a declared VALUE
  size_t dash_lines = 0;      // lines starting with "--" (each is compared with every open boundary)
  size_t header_fields = 0;
  size_t largest_field_bytes = 0;
  size_t most_field_parameters = 0;  // ';' in one field
  size_t address_bytes = 0;
};

MimeShape MeasureMimeShape(std::string_view bytes, const MailLimits& limits);

// OK, or a Permanent error naming the limit of MailLimits that the message
// exceeds.
Status CheckMimeShape(std::string_view bytes, const MailLimits& limits);

}  // namespace docflow::mail
