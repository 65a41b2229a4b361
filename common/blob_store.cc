#include "common/blob_store.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include "common/paths.h"

namespace docflow {

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

static bool IsSha(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string BlobStore::PathFor(const std::string& sha) const {
  return root_ + "/" + sha.substr(0, 2) + "/" + sha.substr(2);
}

Result<std::string> BlobStore::Put(std::string_view bytes) const {
  std::string sha = Sha256Hex(bytes);
  std::string path = PathFor(sha);
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && static_cast<size_t>(st.st_size) == bytes.size()) return sha;
  if (auto s = WriteFileDurably(path, bytes); !s) return s.error();
  return sha;
}

Result<std::string> BlobStore::Get(const std::string& sha) const {
  if (!IsSha(sha)) return Permanent("invalid blob id: " + sha.substr(0, 80));
  auto bytes = ReadFile(PathFor(sha));
  if (!bytes) return Transient("blob " + sha + " missing from the store: " + bytes.error().message);
  return bytes;
}

}  // namespace docflow
