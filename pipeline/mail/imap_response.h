// Reading what an IMAP server said (RFC 3501 response syntax), for the
// libcurl adapter (imap_client.h): libcurl hands over every response line of
// a command, literals included, and this splits that stream into responses
// and their values.
//
// A response is a tag ("*" for untagged, "+" for a continuation, or the
// command's tag) and its values: atoms, quoted strings, literals ({n} CRLF and
// n bytes), NIL and parenthesised lists. An atom holding '[' extends to the
// matching ']' with whatever is inside (BODY[HEADER.FIELDS (FROM)],
// [UIDVALIDITY 3]). After OK, NO, BAD, BYE or PREAUTH the rest of the line is
// free text: it is kept whole in `text`, never tokenised.
//
// Hostile or broken input: a response that cannot be read (unbalanced list,
// unterminated string, a literal longer than what follows, nesting deeper
// than kMaxImapDepth) is returned with `malformed` set and the reader goes on
// at the next line; nothing throws, nothing reads past the input.
//
// Also: IMAP mailbox names (modified UTF-7, RFC 3501 5.1.3) and quoted
// strings for commands.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace docflow::mail {

constexpr int kMaxImapDepth = 64;

struct ImapValue {
  enum Kind { kNil, kAtom, kString, kList };
  Kind kind = kNil;
  std::string text;              // atom or string (literal) content
  std::vector<ImapValue> items;  // list
  bool IsAtom(std::string_view name) const;  // case-insensitive
  bool IsList() const { return kind == kList; }
  // The text of an atom or string; "" for NIL and lists.
  const std::string& Str() const { return text; }
  // An atom made of digits as a number; -1 otherwise.
  long long Number() const;
};

struct ImapResponse {
  std::string tag;                // "*", "+" or the command tag
  std::vector<ImapValue> values;  // after the tag
  std::string text;               // free text after OK/NO/BAD/BYE/PREAUTH
  std::string line;               // the first line (at most 300 bytes), for messages
  bool malformed = false;
};

std::vector<ImapResponse> ParseImapResponses(std::string_view raw);

// The last tagged status response in `responses` as "NO text" (or "" when
// there is none): what a failed command answered.
std::string LastTaggedStatus(const std::vector<ImapResponse>& responses);

// A mailbox name as the server wants it: modified UTF-7 for non-ASCII text
// ("Reçu" -> "Re&AOc-u"), '&' as "&-". Error for invalid UTF-8 or control
// characters.
Result<std::string> ImapMailboxName(std::string_view utf8);

// s as an IMAP quoted string ("..." with \\ and \" escaped). Error when s holds
// CR, LF or NUL (which only a literal can carry).
Result<std::string> ImapQuoted(std::string_view s);

}  // namespace docflow::mail
