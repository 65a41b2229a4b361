#include "storage/api_tokens.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>

#include "common/blob_store.h"
#include "storage/db_internal.h"

namespace docflow {
using storage_internal::Transact;

namespace {

constexpr const char* kPrefix = "dft_";
constexpr size_t kLookupHex = 12, kSecretHex = 48;
const std::vector<std::string> kScopes = {"read", "upload", "admin"};

std::string Hex(const unsigned char* p, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 15];
  }
  return out;
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::vector<std::string> SplitCsv(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string part = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

ApiToken FromRow(const pqxx::row& r) {
  ApiToken t;
  t.id = r[0].as<long long>();
  t.name = r[1].as<std::string>();
  t.scopes = SplitCsv(r[2].as<std::string>());
  t.created_at = r[3].as<std::string>();
  t.last_used_at = r[4].is_null() ? "" : r[4].as<std::string>();
  t.revoked = r[5].as<bool>();
  return t;
}

constexpr const char* kColumns =
    "id, name, array_to_string(scopes, ','),"
    " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
    " to_char(last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), revoked";

}  // namespace

bool HasScope(const ApiToken& token, const std::string& scope) {
  for (const auto& s : token.scopes)
    if (s == scope || s == "admin") return true;
  return false;
}

Result<std::vector<std::string>> ParseScopes(const std::string& csv) {
  std::vector<std::string> out;
  for (const auto& s : SplitCsv(csv)) {
    if (std::find(kScopes.begin(), kScopes.end(), s) == kScopes.end())
      return Permanent("unknown scope '" + s + "' (scopes: read, upload, admin)");
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

Result<CreatedToken> CreateApiToken(Db& db, const std::string& name, const std::vector<std::string>& scopes_in) {
  if (name.empty() || name.size() > 100) return Permanent("a token name has 1 to 100 characters");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return Permanent("a token name has no control characters");
  std::vector<std::string> scopes = scopes_in.empty() ? std::vector<std::string>{"read", "upload"} : scopes_in;
  std::string csv;
  for (const auto& s : scopes) {
    if (std::find(kScopes.begin(), kScopes.end(), s) == kScopes.end()) return Permanent("unknown scope '" + s + "'");
    csv += (csv.empty() ? "" : ",") + s;
  }
  unsigned char random[(kLookupHex + kSecretHex) / 2];
  if (RAND_bytes(random, sizeof random) != 1) return Transient("no randomness available for a token");
  std::string lookup = Hex(random, kLookupHex / 2);
  std::string secret = std::string(kPrefix) + lookup + "_" + Hex(random + kLookupHex / 2, kSecretHex / 2);
  OPENSSL_cleanse(random, sizeof random);
  return Transact(db, [&](pqxx::work& w) -> Result<CreatedToken> {
    auto live = w.exec_params("SELECT 1 FROM api_tokens WHERE name = $1 AND NOT revoked", name);
    if (!live.empty()) return Permanent("a live token named '" + name + "' exists: revoke it first");
    auto r = w.exec_params(std::string("INSERT INTO api_tokens(name, lookup, sha256, scopes)"
                                       " VALUES ($1, $2, $3, string_to_array($4, ',')) RETURNING ") +
                               kColumns,
                           name, lookup, Sha256Hex(secret), csv);
    return CreatedToken{FromRow(r[0]), secret};
  });
}

Result<ApiToken> AuthenticateApiToken(Db& db, const std::string& bearer) {
  // dft_<12 hex>_<48 hex>
  const size_t expected = 4 + kLookupHex + 1 + kSecretHex;
  if (bearer.size() != expected || bearer.compare(0, 4, kPrefix) != 0 || bearer[4 + kLookupHex] != '_')
    return Permanent("invalid token");
  std::string lookup = bearer.substr(4, kLookupHex);
  if (!IsLowerHex(lookup) || !IsLowerHex(std::string_view(bearer).substr(5 + kLookupHex)))
    return Permanent("invalid token");
  const std::string presented = Sha256Hex(bearer);
  // One statement outside an explicit transaction: this runs for every request.
  auto conn = storage_internal::ConnectionOf(db);
  if (!conn) return conn.error();
  ApiToken t;
  bool stale_use = false;
  try {
    // Prepared once per connection (libpqxx keeps the definition and prepares it on first use).
    static const std::string sql = std::string("SELECT ") + kColumns +
                                   ", sha256, last_used_at IS NULL OR last_used_at < now() - interval '1 minute'"
                                   " FROM api_tokens WHERE lookup = $1 AND NOT revoked";
    (*conn)->prepare("docflow_authenticate_api_token", sql);
    pqxx::nontransaction n(**conn);
    auto r = n.exec_prepared("docflow_authenticate_api_token", lookup);
    // Compare even when no row matched, so that timing says nothing either way.
    std::string stored = r.empty() ? std::string(64, '0') : r[0][6].as<std::string>();
    bool same = stored.size() == 64 && CRYPTO_memcmp(stored.data(), presented.data(), 64) == 0;
    if (r.empty() || !same) return Permanent("invalid token");
    t = FromRow(r[0]);
    stale_use = r[0][7].as<bool>();
  } catch (const std::exception& e) {
    return Transient(std::string("database error: ") + e.what());
  }
  if (stale_use) {
    auto s = Transact(db, [&](pqxx::work& w) {
      // Only bookkeeping: no need to wait for the WAL to reach the disk.
      w.exec("SET LOCAL synchronous_commit TO OFF");
      w.exec_params("UPDATE api_tokens SET last_used_at = now() WHERE id = $1", t.id);
    });
    if (!s) return s.error();
  }
  return t;
}

Result<std::vector<ApiToken>> ListApiTokens(Db& db) {
  return Transact(db, [&](pqxx::work& w) {
    std::vector<ApiToken> out;
    for (const auto& row : w.exec(std::string("SELECT ") + kColumns + " FROM api_tokens ORDER BY id"))
      out.push_back(FromRow(row));
    return out;
  });
}

Status RevokeApiToken(Db& db, const std::string& name) {
  return Transact(db, [&](pqxx::work& w) -> Status {
    auto r = w.exec_params(
        "UPDATE api_tokens SET revoked = true, revoked_at = now() WHERE name = $1 AND NOT revoked RETURNING id", name);
    if (r.empty()) return Permanent("no live token named '" + name + "'");
    return Ok();
  });
}

}  // namespace docflow
