// Bearer tokens of the HTTP API (table api_tokens, migration 0005).
// A token is "dft_<lookup>_<secret>": <lookup> (12 hex characters) finds its
// row, and the SHA-256 of the whole token is compared, in constant time, with
// the stored hash. The token itself is shown once, when it is created, and
// never stored or logged.
//
// Scopes: read (GET routes, /metrics), upload (POST documents), admin
// (correcting fields; implies read and upload).
//
// Errors: database errors are transient; a bad name or scope is permanent.
// Thread safety: same as Db (one per thread).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct ApiToken {
  long long id = 0;
  std::string name;
  std::vector<std::string> scopes;  // as granted (admin not expanded)
  std::string created_at, last_used_at;  // ISO 8601 UTC; last_used_at "" when never
  bool revoked = false;
};

// True when the token's scopes grant `scope` (admin grants every scope).
bool HasScope(const ApiToken& token, const std::string& scope);

// "read,upload" -> {"read", "upload"}; Error naming an unknown scope.
Result<std::vector<std::string>> ParseScopes(const std::string& csv);

struct CreatedToken {
  ApiToken token;
  std::string secret;  // the bearer token: give it to the user, once
};

// Creates a token named `name` (1-100 printable characters; one live token
// per name) with scopes (empty: read and upload).
Result<CreatedToken> CreateApiToken(Db& db, const std::string& name, const std::vector<std::string>& scopes);

// The live token whose bearer string is `bearer`; Permanent error "invalid
// token" when none matches (unknown, revoked, malformed). Records the use in
// last_used_at (at most once a minute, without waiting for a disk flush).
Result<ApiToken> AuthenticateApiToken(Db& db, const std::string& bearer);

// Every token, oldest first (no secrets: only names, scopes, dates).
Result<std::vector<ApiToken>> ListApiTokens(Db& db);

// Revokes the live token named `name`; Permanent error when there is none.
Status RevokeApiToken(Db& db, const std::string& name);

}  // namespace docflow
