// IMAP accounts from the configuration (`mail.accounts`), their rules, and
// their passwords.
//
// One account (YAML; every scalar may be given as a string):
//   - name: invoices                      # [A-Za-z0-9_.-]+, unique; recorded as mail_messages.account
//     url: imaps://imap.example.com:993   # imaps://, or imap:// (+ starttls: true); a path is the folder
//     starttls: true                      # imap:// only: require STARTTLS (default false)
//     user: invoices@example.com
//     password_env: DOCFLOW_IMAP_PASSWORD # the variable holding the password, or
//     password_file: /run/secrets/imap    # a file holding it (first line); never both
//     ca_file: /etc/docflow/imap-ca.pem   # optional: CAs to trust instead of the system's
//     folders: [INBOX, Suppliers]         # default: the URL's path, else INBOX
//     rules:
//       from: ["*@supplier.example", "re:^billing@"]  # any matches; glob or "re:" + regex
//       to: []                             # (case-insensitive, on each address and the whole field)
//       subject: "*invoice*"
//       filenames: ["*.pdf", "*.jpg"]      # globs on the attachment's name (case-insensitive)
//       min_size: 10240                    # bytes, decoded
//       inline_images: false               # pictures of an HTML body (mime_message.h)
//     after: seen                         # seen | move:FOLDER | leave (default seen)
//     poll_seconds: 60                    # default mail.poll_seconds
// A password is never read from the configuration file itself (a `password`
// key is an error) and never printed: the account keeps only where to find it.
// `mail.accounts` may also be given as a JSON/YAML string (e.g. in
// DOCFLOW_MAIL_ACCOUNTS).
//
// Thread safety: values; the functions are reentrant.
#pragma once

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "pipeline/mail/imap_client.h"
#include "pipeline/mail/mime_message.h"

namespace docflow::mail {

// A glob (fnmatch, case-insensitive) or, with the prefix "re:", an ECMAScript
// regular expression (case-insensitive, searched anywhere in the text).
class TextPattern {
 public:
  static Result<TextPattern> Make(const std::string& text);
  bool Matches(const std::string& text) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::shared_ptr<const std::regex> regex_;  // null for a glob
};

struct ImapRules {
  std::vector<TextPattern> from, to, subject;  // empty: any; else one must match
  std::vector<TextPattern> filenames;          // globs; empty: any
  long long min_size = 0;                      // decoded bytes
  bool inline_images = false;
};

struct ImapAccount {
  std::string name;
  ImapServer server;  // server.password empty until ResolvePassword
  std::string password_env, password_file;
  std::vector<std::string> folders;
  ImapRules rules;
  enum class After { kSeen, kMove, kLeave };
  After after = After::kSeen;
  std::string move_to;  // kMove
  int poll_seconds = 60;
};

// Reads and checks `mail.accounts` (a list, or a string holding one; null or
// empty: no account). Permanent error naming the account and key.
Result<std::vector<ImapAccount>> ParseImapAccounts(const nlohmann::json& accounts, int default_poll_seconds);

// Fills account.server.password from password_env or password_file. The
// error names the variable or file, never a value.
Status ResolvePassword(ImapAccount& account);

// Why the message's sender, recipients or subject fail the rules ("" when
// they pass).
std::string MessageRejection(const ImapRules& rules, const MailProvenance& provenance);

// Why an attachment fails the rules ("" when it passes): its name (the
// decoded name, else the sanitised one) against the globs, its size against
// min_size.
std::string AttachmentRejection(const ImapRules& rules, const std::string& filename, long long size);

// "seen", "leave" or "move:FOLDER".
std::string AfterText(const ImapAccount& account);

}  // namespace docflow::mail
