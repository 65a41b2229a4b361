#include "common/paths.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace docflow {
namespace fs = std::filesystem;

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  auto p = fs::absolute(path, ec);
  if (ec) return path;
  return p.lexically_normal().string();
}

int BasePortForHome(const std::string& home) {
  std::string abs = AbsolutePath(home);
  while (abs.size() > 1 && abs.back() == '/') abs.pop_back();
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : abs) h = (h ^ c) * 16777619u;
  return 20000 + static_cast<int>(h % 2000) * 10;
}

std::string SanitizeFilename(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) continue;
    if (c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') {
      out += '_';
      continue;
    }
    out += static_cast<char>(c);
  }
  size_t lead = out.find_first_not_of(". ");
  out = lead == std::string::npos ? "" : out.substr(lead);
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    out.resize(cut);
  }
  return out.empty() ? "unnamed" : out;
}

Status MakeDirs(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Transient("cannot create directory " + dir + ": " + ec.message());
  return Ok();
}

static Status FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return Transient("cannot open " + path + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Transient("fsync " + path + ": " + std::strerror(err));
  return Ok();
}

Status WriteFileDurably(const std::string& path, std::string_view bytes) {
  fs::path target(path);
  std::string dir = target.parent_path().string();
  // Directories made here must survive a crash too: the parent of each new
  // one is synced, from the deepest existing ancestor down.
  std::error_code ec;
  fs::path existing = target.parent_path();
  while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
  if (auto s = MakeDirs(dir); !s) return s;
  for (fs::path d = target.parent_path(); !existing.empty() && d != existing && !d.empty(); d = d.parent_path()) {
    if (auto s = FsyncPath(d.parent_path().string(), O_RDONLY | O_DIRECTORY); !s) return s;
  }
  // Unique within the process without a random device per call.
  static std::atomic<unsigned long long> counter{0};
  std::string tmp = dir + "/.tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Transient("cannot create " + tmp + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Transient("write " + tmp + ": " + std::strerror(err));
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return Transient("fsync " + tmp + ": " + std::strerror(err));
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return Transient("rename to " + path + ": " + std::strerror(err));
  }
  return FsyncPath(dir, O_RDONLY | O_DIRECTORY);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Permanent("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Transient("read error on " + path);
  return ss.str();
}

}  // namespace docflow
