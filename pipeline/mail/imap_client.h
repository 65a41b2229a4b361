// ImapClient: the one adapter to libcurl, for reading mailboxes over IMAP
// (imap:// with optional STARTTLS, or imaps://).
//
// One client is one account's session: its libcurl handle keeps the
// connection (and the selected mailbox) between calls, and reconnects by
// itself when the server dropped it. Every call is one IMAP command (after
// the login and SELECT libcurl does when needed) and returns the server's
// answer as a value.
//
// What is sent: STATUS (UIDVALIDITY UIDNEXT MESSAGES), UID SEARCH UID n:*
// UNDELETED, UID FETCH (UID FLAGS RFC822.SIZE BODYSTRUCTURE
// BODY.PEEK[HEADER.FIELDS (...)]) for up to kInfoBatch messages at once, UID
// FETCH BODY[] through libcurl's own FETCH (binary-safe: the literal is
// transferred by size, never read as lines), UID STORE, UID MOVE (or UID COPY
// + UID STORE \Deleted + UID EXPUNGE when the server has no MOVE).
// FetchMessage sets \Seen on the server like any BODY[] fetch; the caller
// removes it again when it must leave messages as they were.
//
// Secrets: the password goes to libcurl only (CURLOPT_PASSWORD), never into
// a URL, an error message or a log; libcurl's verbose output stays off.
// Error messages name the server URL (which carries no credentials), the
// command and what the server or libcurl said.
//
// Errors: Transient for network, TLS, login and server (NO/BAD) errors, and
// for answers that cannot be read (the connection is then dropped and a new
// one opened on the next call); Permanent for arguments that cannot be sent
// (a mailbox name with control characters) and for a message larger than the
// given limit.
//
// Thread safety: a client is used by one thread at a time; distinct clients
// may run on distinct threads (libcurl is initialised once per process).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "pipeline/mail/imap_bodystructure.h"

namespace docflow::mail {

struct ImapServer {
  std::string url;        // imap://host[:port] or imaps://host[:port]; no path, no credentials
  bool starttls = false;  // imap:// only: STARTTLS required before the login
  std::string user;
  std::string password;   // never logged
  std::string ca_file;    // PEM file of CAs to trust instead of the system's; "" = system
  int connect_timeout_s = 20;
  int stall_timeout_s = 120;  // a transfer slower than 1 byte/s for this long is abandoned
};

struct ImapMailboxStatus {
  long long uidvalidity = 0;
  long long uidnext = 0;
  long long messages = 0;
};

struct ImapMessageInfo {
  long long uid = 0;
  std::vector<std::string> flags;  // as sent, e.g. "\\Seen"
  long long size = 0;              // RFC822.SIZE
  std::string header_fields;       // From, To, Cc, Subject, Date, Message-ID lines
  bool has_structure = false;
  ImapBodyPart structure;          // when has_structure
  std::string error;               // why the structure could not be read ("" when it could)
  bool HasFlag(const std::string& flag) const;
};

struct ImapCounters {
  long long commands = 0;           // curl performs
  long long messages_downloaded = 0;
  long long bytes_downloaded = 0;   // of whole messages
};

class ImapClient {
 public:
  static constexpr size_t kInfoBatch = 50;

  explicit ImapClient(ImapServer server);  // no I/O yet
  ~ImapClient();
  ImapClient(const ImapClient&) = delete;
  ImapClient& operator=(const ImapClient&) = delete;

  // STATUS of a mailbox (name in UTF-8; sent as modified UTF-7).
  Result<ImapMailboxStatus> MailboxStatus(const std::string& folder);

  // UIDs >= first_uid of messages not flagged \Deleted, ascending (the
  // server's answer filtered: "n:*" also matches the last message when all
  // UIDs are below n).
  Result<std::vector<long long>> SearchFrom(const std::string& folder, long long first_uid);

  // Flags, size, structure and the provenance header fields of the given
  // messages (any number; fetched kInfoBatch at a time). A message that is
  // gone is absent from the answer; one whose structure could not be read
  // has has_structure false and `error` set.
  Result<std::vector<ImapMessageInfo>> FetchInfo(const std::string& folder, const std::vector<long long>& uids);

  // The whole message. uidvalidity (> 0) is checked by libcurl when it selects
  // the mailbox. Permanent error when the message is larger than max_bytes;
  // Transient "gone" (is_gone set) when the server has no such message.
  Result<std::string> FetchMessage(const std::string& folder, long long uidvalidity, long long uid,
                                   size_t max_bytes, bool* is_gone = nullptr);

  // UID STORE uid +FLAGS.SILENT / -FLAGS.SILENT (flag).
  Status StoreFlag(const std::string& folder, long long uid, const std::string& flag, bool add);

  // Moves the message to target (UID MOVE; without MOVE: COPY, \Deleted, UID EXPUNGE).
  Status Move(const std::string& folder, long long uid, const std::string& target);

  const ImapCounters& counters() const { return counters_; }
  // Server URL for messages (no credentials).
  const std::string& url() const { return server_.url; }

 private:
  struct Curl;
  // Runs a custom command on folder ("" = no mailbox selected first); raw
  // receives every response line (literals included).
  Status Command(const std::string& folder, const std::string& command, std::string* raw);
  // One libcurl transfer on FolderUrl(folder) + url_suffix: a custom command
  // (custom not empty) or libcurl's own FETCH. body receives what libcurl
  // writes (at most body_max bytes; null: discarded), lines every response
  // line; curl_code the CURLcode.
  Status Perform(const std::string& folder, const std::string& url_suffix, const std::string& custom,
                 std::string* body, size_t body_max, std::string* lines, int* curl_code);
  Result<std::string> FolderUrl(const std::string& folder) const;
  Result<bool> HasCapability(const std::string& name);

  ImapServer server_;
  std::unique_ptr<Curl> curl_;
  ImapCounters counters_;
  std::string capabilities_;  // from the last login, upper case
};

}  // namespace docflow::mail
