// File-system helpers: the DOCFLOW_HOME layout, safe file names, durable writes.
//
// Thread safety: all functions are reentrant.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace docflow {

// Absolute, normalised form of path (need not exist).
std::string AbsolutePath(const std::string& path);

// Deterministic base port for a home directory, in [20000, 39990], step 10:
// two homes on one machine get distinct ports (PostgreSQL base+0, broker
// base+1, HTTP base+2) unless configured otherwise.
int BasePortForHome(const std::string& home);

// A display-safe file name: the last path component only, no control
// characters, no leading dots, at most 200 bytes of UTF-8; "unnamed" if empty.
// Never use an outside name for a path without passing it through this.
std::string SanitizeFilename(std::string_view name);

// Creates dir and its parents. Error with the path on failure.
Status MakeDirs(const std::string& dir);

// Writes bytes to path atomically and durably: temp file in the same
// directory, fsync, rename, fsync of the directory.
Status WriteFileDurably(const std::string& path, std::string_view bytes);

// Reads a whole file. Error names the path and errno text.
Result<std::string> ReadFile(const std::string& path);

}  // namespace docflow
