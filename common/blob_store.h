// Content-addressed store of file bytes and page images under ROOT:
// ROOT/ab/cdef... where abcdef... is the SHA-256 of the bytes (hex).
//
// Put() is durable when it returns OK (file and directory fsynced), and is
// idempotent: the same bytes map to the same path and are written once.
// Thread/process safety: concurrent Put()s of the same bytes are safe
// (atomic rename of a complete temp file).
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace docflow {

// Lower-case hex SHA-256 of bytes.
std::string Sha256Hex(std::string_view bytes);

class BlobStore {
 public:
  explicit BlobStore(std::string root) : root_(std::move(root)) {}

  // Stores bytes; returns their sha256 hex.
  Result<std::string> Put(std::string_view bytes) const;
  // Reads the bytes for sha; Error if absent.
  Result<std::string> Get(const std::string& sha256) const;
  // The path where sha is (or would be) stored. sha must be 64 hex chars.
  std::string PathFor(const std::string& sha256) const;

 private:
  std::string root_;
};

}  // namespace docflow
