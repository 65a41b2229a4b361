// A plain-text e-mail as RFC 5322 bytes for SMTP submission (the mail
// operation): headers folded into one line each with CR/LF removed (no header
// injection from data), non-ASCII subjects as RFC 2047 UTF-8 words, the body
// in UTF-8 (base64 when it is not plain ASCII with short lines), CRLF line
// ends.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

namespace docflow::flows {

struct MailMessage {
  std::string from, subject, text, message_id, reply_to;
  std::vector<std::string> to, cc;
  double date = 0;  // seconds since the epoch
};

std::string BuildMailMessage(const MailMessage& m);

// The addresses in a text ("a@x.fr, B <b@y.com>") or list, lower-cased
// domain kept as written; invalid ones dropped.
std::vector<std::string> MailAddresses(const std::vector<std::string>& items);

}  // namespace docflow::flows
