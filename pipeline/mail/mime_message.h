// The one adapter to GMime: the bytes of an RFC 5322 message in, the parts
// that would become documents out, with the message's provenance.
//
// What counts as an attachment (general rules, applied to every part of the
// tree, including the parts of attached message/rfc822 messages):
//   - a leaf part with Content-Disposition "attachment", named or not;
//   - a leaf part with a file name (Content-Disposition filename or
//     Content-Type name, RFC 2231 and RFC 2047 decoded, any charset -> UTF-8),
//     whatever its disposition ("named inline parts");
//   - a leaf part without a name that is not text ("unnamed non-body parts":
//     an image/jpeg or application/pdf without a name is still a document);
//   - each uuencoded block ("begin 644 NAME" ... "end") in a body text part;
//   - application/ms-tnef (winmail.dat): listed, with `unsupported` set and a
//     note; its content is not unpacked.
// What does not:
//   - body text: text/* leaves without a name and without disposition
//     "attachment" (they are scanned for uuencoded blocks);
//   - inline images, unless MailOptions::include_inline_images: image/* parts
//     not marked "attachment" inside a multipart/related whose root is HTML,
//     i.e. the pictures of an HTML body (logos, signatures); an image in a
//     multipart/mixed is an attachment even when the HTML shows it (phones
//     send photos that way);
//   - containers: multiparts, and attached messages themselves (their parts
//     are walked; a message/rfc822 sent with a base64/quoted-printable
//     transfer encoding is decoded and parsed like the others);
//   - the signature of multipart/signed, the parts of multipart/encrypted,
//     and other message/* leaves (delivery-status, partial, external-body):
//     none is a document;
//   - empty multiparts, and unnamed parts with no content.
// Part paths are IMAP-style: "2" is the second part of the top multipart,
// "2.1" the first part inside it; the body of an attached message at "2" is
// "2.1" (or "2.1", "2.2", ... when it is a multipart); the second uuencoded
// block of the text part "1" is "1.u2".
//
// Hostile input: limits are in MailLimits (size, nesting depth, parts,
// declared boundaries, time). The raw bytes are measured before GMime sees
// them (mime_prescan.h), so that the parse itself is bounded; the walk is
// bounded again by depth, part count and the deadline. Any limit passed is a
// Permanent error for the whole message: nothing is half-listed.
//
// Errors: Permanent for input that is empty, beyond a limit or not a message;
// this function never throws and never aborts on malformed input (GMime is
// lenient: broken boundaries, bad base64, NUL bytes and truncation yield what
// can be read, noted in `warnings`).
//
// Thread safety: GMime is initialised once per process (std::call_once);
// ParseMimeMessage may run concurrently on distinct threads (each call uses
// its own parser, options and streams).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "pipeline/mail/mail_limits.h"

namespace docflow::mail {

struct MailOptions {
  bool include_inline_images = false;  // see the rules above
  bool decode_uuencode = true;         // uuencoded blocks in body text become attachments
  MailLimits limits;
};

// Where a document came from. All text is decoded (RFC 2047) valid UTF-8.
struct MailProvenance {
  std::string message_id;  // without angle brackets; "" when absent
  std::string from;        // "Name <addr>, ..." as decoded; "" when absent
  std::string to;
  std::string subject;
  std::string date;  // ISO 8601 with the sender's offset; "" when absent or unparsable
};

struct MailAttachment {
  std::string filename;            // decoded name as sent (UTF-8, may contain '/'): display only; "" if none
  std::string sanitized_filename;  // attachment_name.h: a plain file name, never a path
  std::string content_type;        // lower case "type/subtype"
  std::string disposition;         // "attachment", "inline" or "" as declared (lower case)
  std::string path;                // part path, see above
  std::string bytes;               // decoded content (transfer encoding undone)
  bool unsupported = false;        // listed but not unpacked (TNEF)
  std::string note;                // why it is unsupported, or how it was found ("uuencoded in part 1")
  size_t size() const { return bytes.size(); }
};

struct MimeMessage {
  MailProvenance provenance;
  std::vector<MailAttachment> attachments;  // in tree order
  std::vector<std::string> warnings;        // GMime's complaints (at most 20), for logs
};

Result<MimeMessage> ParseMimeMessage(std::string_view bytes, const MailOptions& options = {});

}  // namespace docflow::mail
