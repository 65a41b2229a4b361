// A message's shape before it is downloaded: the BODYSTRUCTURE an IMAP
// server reports (RFC 3501 7.4.2), and a "skeleton" message rebuilt from it.
//
// The skeleton is the message's header fields as fetched (From, To, Subject,
// Date, Message-ID), then every part's Content-Type and Content-Disposition
// with their parameters as the server reported them, and a one-byte body per
// non-empty leaf. Read by ParseMimeMessage (mime_message.h), it lists the
// attachments the real message would give, by the same rules (names decoded
// in any charset, inline HTML images, signatures, attached messages) and with
// the same part paths, so that the poller can decide whether a message is
// worth downloading without a second set of rules. Sizes come from the
// BODYSTRUCTURE (LeafSizes: encoded octets, never less than the decoded size).
//
// Hostile input: nesting is bounded by kMaxImapDepth (imap_response.h); parameter
// names that are not tokens are dropped, values lose CR/LF/NUL and are
// quoted; type names that are not tokens become application/octet-stream.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "pipeline/mail/imap_response.h"

namespace docflow::mail {

struct ImapBodyPart {
  std::string path;           // IMAP part number ("1", "2.1"); "" for a multipart at the top
  std::string type, subtype;  // lower case
  std::vector<std::pair<std::string, std::string>> params;  // Content-Type parameters as reported
  std::string disposition;    // lower case; "" when none
  std::vector<std::pair<std::string, std::string>> disposition_params;
  std::string encoding;       // lower case Content-Transfer-Encoding
  long long size = 0;         // octets of the (encoded) body of a leaf
  std::vector<ImapBodyPart> children;  // multipart: its parts; message/rfc822: its body (when reported)
  bool IsMultipart() const { return type == "multipart"; }
  bool IsMessage() const { return type == "message" && subtype == "rfc822"; }
};

// Reads a BODYSTRUCTURE value. Permanent error when it is not a valid one.
Result<ImapBodyPart> ParseBodyStructure(const ImapValue& value);

// The skeleton message described above; header_fields are the raw header
// lines fetched from the server (may be empty).
std::string SkeletonMessage(std::string_view header_fields, const ImapBodyPart& body);

// Encoded size of every leaf, by part path.
std::map<std::string, long long> LeafSizes(const ImapBodyPart& body);

// True when the structure holds a leaf whose content the skeleton cannot
// show: an attached message the server did not describe, or a body text
// (text/plain without a name) of at least `text_bytes`, which may carry
// uuencoded files. Such messages are downloaded to be sure.
bool HasOpaqueContent(const ImapBodyPart& body, long long text_bytes);

}  // namespace docflow::mail
