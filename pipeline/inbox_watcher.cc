// InboxWatcher; see inbox_watcher.h for the contract.
#include "pipeline/inbox_watcher.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "common/paths.h"
#include "common/yaml_json.h"
#include "pipeline/ingest.h"

namespace docflow {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using nlohmann::json;

constexpr int kMinScanGapMs = 50;  // rate limit for inotify-triggered scans
constexpr int kMaxWaitMs = 1000;   // upper bound on how long Run sleeps
constexpr int kMaxSuffix = 100000;
constexpr uint32_t kWatchMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB;

std::string ErrnoText(int err) { return std::strerror(err); }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool EndsWithNoCase(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

bool Ignored(const std::string& name) {
  if (name.empty() || name[0] == '.') return true;
  for (const char* suffix : {".part", ".tmp", ".crdownload"}) {
    if (EndsWithNoCase(name, suffix)) return true;
  }
  return false;
}

bool SameTime(const timespec& a, const timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// NAME with suffix n before the extension: scan.pdf -> scan.1.pdf; no
// extension: scan -> scan.1.
std::string WithSuffix(const std::string& name, int n) {
  if (n == 0) return name;
  auto dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) return name + "." + std::to_string(n);
  return name.substr(0, dot) + "." + std::to_string(n) + name.substr(dot);
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// Renames without replacing an existing target. Returns 0 or an errno value
// (EEXIST when the target exists).
int RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  int err = errno;
  if (err != EINVAL && err != ENOSYS) return err;
  // Filesystem without RENAME_NOREPLACE: check, then rename (small race).
  if (Exists(to)) return EEXIST;
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

Status EnsureDir(const std::string& dir, const char* what) {
  if (dir.empty()) return Permanent(std::string("inbox: ") + what + " folder is not set");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Permanent(std::string("inbox: cannot create ") + what + " folder " + dir + ": " + ec.message());
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Permanent(std::string("inbox: ") + what + " folder " + dir + " is not a directory");
  }
  return Ok();
}

dev_t DeviceOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_dev : 0;
}

std::string Trimmed(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

// Why the file cannot be read right now ("" when it can): unreadable, or
// locked by another process (flock or a POSIX/OFD write lock). *gone is set
// when the file no longer exists.
std::string Unavailable(const std::string& path, bool* gone) {
  *gone = false;
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    if (err == ENOENT) *gone = true;
    return "cannot be read: " + ErrnoText(err);
  }
  std::string why;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) why = "locked by another process (flock)";
  } else {
    ::flock(fd, LOCK_UN);
  }
  if (why.empty()) {
    struct flock l {};
    l.l_type = F_RDLCK;
    l.l_whence = SEEK_SET;
    l.l_start = 0;
    l.l_len = 0;
    if (::fcntl(fd, F_OFD_GETLK, &l) == 0 && l.l_type != F_UNLCK) why = "locked by another process (write lock)";
  }
  ::close(fd);
  return why;
}

// --- configuration -------------------------------------------------------


Result<bool> BoolOf(const json& o, const std::string& key, bool def, const std::string& where) {
  if (!o.contains(key) || o[key].is_null()) return def;
  if (o[key].is_boolean()) return o[key].get<bool>();
  std::string s = o[key].is_string() ? Lower(o[key].get<std::string>()) : "";
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  return Permanent(where + key + ": expected true or false");
}

Result<std::string> StrOf(const json& o, const std::string& key, const std::string& where) {
  if (!o.contains(key) || o[key].is_null()) return std::string();
  if (!o[key].is_string()) return Permanent(where + key + ": expected text");
  return o[key].get<std::string>();
}

Result<int> IntOf(const json& o, const std::string& key, int def, const std::string& where) {
  if (!o.contains(key) || o[key].is_null()) return def;
  const json& v = o[key];
  if (v.is_number_integer() && v.get<long long>() >= 0 && v.get<long long>() <= 86400000) return v.get<int>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (!s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), ::isdigit)) return std::stoi(s);
  }
  return Permanent(where + key + ": expected a number of milliseconds");
}

}  // namespace

std::string InboxClassHint(const std::string& subfolder) {
  std::string s = Lower(subfolder);
  for (const char* n : {"invoice", "invoices", "facture", "factures", "bill", "bills", "receipt", "receipts"})
    if (s == n) return "invoice";
  for (const char* n : {"contract", "contracts", "contrat", "contrats"})
    if (s == n) return "contract";
  for (const char* n : {"contact", "contacts", "card", "cards", "business-cards", "carte", "cartes"})
    if (s == n) return "contact";
  for (const char* n : {"other", "others", "autre", "autres"})
    if (s == n) return "other";
  return "";
}

Result<InboxOptions> InboxOptionsFromConfig(const Config& c, const std::string& dir_override) {
  InboxOptions o;
  o.dir = Trimmed(AbsolutePath(dir_override.empty() ? c.Str("inbox.dir") : dir_override));
  o.stable_ms = c.Int("inbox.stable_ms");
  o.poll_ms = c.Int("inbox.poll_ms");
  o.empty_fail_ms = c.Int("inbox.empty_fail_ms");
  o.retry_max_ms = c.Int("inbox.retry_max_ms");
  if (!dir_override.empty()) return o;  // `watch --dir D`: that folder alone
  auto setting = StructuredSetting(c.tree()["inbox"]["folders"], "inbox.folders");
  if (!setting) return setting.error();
  const json& list = *setting;
  if (list.is_null()) return o;
  if (!list.is_array()) return Permanent("inbox.folders: expected a list of folders");
  std::set<std::string> dirs{o.dir};
  for (size_t i = 0; i < list.size(); ++i) {
    const json& f = list[i];
    std::string where = "inbox.folders[" + std::to_string(i) + "]: ";
    if (!f.is_object()) return Permanent(where + "expected a mapping");
    for (auto it = f.begin(); it != f.end(); ++it) {
      static const std::set<std::string> known{"dir",  "recursive", "class_hint_from_subfolder", "tag_from_subfolder",
                                               "after", "poll",     "stable_ms", "processed_dir", "failed_dir"};
      if (!known.count(it.key())) return Permanent(where + "unknown key " + it.key());
    }
    InboxFolder folder;
    auto dir = StrOf(f, "dir", where);
    if (!dir) return dir.error();
    if (dir->empty()) return Permanent(where + "dir: missing");
    folder.dir = Trimmed(AbsolutePath(*dir));
    if (!dirs.insert(folder.dir).second) return Permanent(where + "dir: " + folder.dir + " is watched twice");
    for (auto [key, target] : {std::pair{"recursive", &folder.recursive},
                               std::pair{"class_hint_from_subfolder", &folder.class_hint_from_subfolder},
                               std::pair{"tag_from_subfolder", &folder.tag_from_subfolder},
                               std::pair{"poll", &folder.poll}}) {
      auto b = BoolOf(f, key, false, where);
      if (!b) return b.error();
      *target = *b;
    }
    if ((folder.class_hint_from_subfolder || folder.tag_from_subfolder) && !folder.recursive)
      return Permanent(where + "class_hint_from_subfolder and tag_from_subfolder need recursive: true");
    auto after = StrOf(f, "after", where);
    if (!after) return after.error();
    std::string a = Lower(*after);
    if (a.empty() || a == "move") folder.after = InboxFolder::After::kMove;
    else if (a == "delete") folder.after = InboxFolder::After::kDelete;
    else if (a == "keep") folder.after = InboxFolder::After::kKeep;
    else return Permanent(where + "after: expected move, delete or keep");
    auto stable = IntOf(f, "stable_ms", o.stable_ms, where);
    if (!stable) return stable.error();
    folder.stable_ms = *stable;
    for (auto [key, target] :
         {std::pair{"processed_dir", &folder.processed_dir}, std::pair{"failed_dir", &folder.failed_dir}}) {
      auto s = StrOf(f, key, where);
      if (!s) return s.error();
      if (!s->empty()) *target = Trimmed(AbsolutePath(*s));
    }
    o.folders.push_back(std::move(folder));
  }
  return o;
}

json InboxItemDetail(const InboxItem& item) {
  json d = json::object();
  if (!item.folder.empty()) d["folder"] = item.folder;
  if (!item.class_hint.empty()) d["class_hint"] = item.class_hint;
  if (!item.tags.empty()) d["tags"] = item.tags;
  return d;
}

Result<IngestReceipt> IngestInboxItem(Db& db, const BlobStore& blobs, const InboxItem& item, int max_attempts,
                                      long long max_bytes) {
  struct stat st {};
  if (::stat(item.path.c_str(), &st) != 0) return Permanent("cannot read " + item.path);
  if (!S_ISREG(st.st_mode)) return Permanent("not a regular file: " + item.path);
  if (st.st_size > max_bytes)
    return Permanent("file too large: " + std::to_string(st.st_size) + " bytes (limit " + std::to_string(max_bytes) +
                     ")");
  auto bytes = ReadFile(item.path);
  if (!bytes) return bytes.error();
  IngestRequest req;
  req.bytes = *bytes;
  req.filename = item.path;
  req.source = "inbox";
  req.detail = InboxItemDetail(item);
  req.detail["path"] = AbsolutePath(item.path);
  req.max_attempts = max_attempts;
  req.max_bytes = max_bytes;
  return Ingest(db, blobs, req);
}

InboxWatcher::InboxWatcher(InboxOptions options, InboxCallbacks callbacks)
    : options_(std::move(options)), callbacks_(std::move(callbacks)) {
  if (!options_.dir.empty()) {
    InboxFolder def;
    def.dir = options_.dir;
    def.processed_dir = options_.processed_dir;
    def.failed_dir = options_.failed_dir;
    def.stable_ms = options_.stable_ms;
    folders_.push_back(def);
  }
  for (const auto& f : options_.folders) folders_.push_back(f);
  for (auto& f : folders_) {
    f.dir = Trimmed(f.dir);
    if (f.processed_dir.empty()) f.processed_dir = f.dir + "/processed";
    if (f.failed_dir.empty()) f.failed_dir = f.dir + "/failed";
    f.processed_dir = Trimmed(f.processed_dir);
    f.failed_dir = Trimmed(f.failed_dir);
    f.stable_ms = std::max(f.stable_ms, 0);
  }
  ready_.assign(folders_.size(), false);
  dirs_.assign(folders_.size(), {});
  if (options_.poll_ms <= 0) options_.poll_ms = 500;
  options_.retry_max_ms = std::max(options_.retry_max_ms, options_.poll_ms);
}

InboxWatcher::~InboxWatcher() = default;

size_t InboxWatcher::tracked_count() const {
  return std::count_if(files_.begin(), files_.end(), [](const auto& kv) { return kv.second.job_id >= 0; });
}

void InboxWatcher::Log(const std::string& line, bool problem) const {
  if (callbacks_.log) {
    callbacks_.log(line);
  } else if (problem) {
    spdlog::warn("inbox: {}", line);
  } else {
    spdlog::info("inbox: {}", line);
  }
}

std::string InboxWatcher::PathOf(const Key& key) const { return folders_[key.first].dir + "/" + key.second; }

Status InboxWatcher::EnsureDirs(size_t i) {
  const InboxFolder& f = folders_[i];
  if (auto s = EnsureDir(f.dir, "inbox"); !s) return s;
  std::vector<const std::string*> used;
  if (f.after == InboxFolder::After::kMove) used.push_back(&f.processed_dir);
  if (f.after != InboxFolder::After::kKeep) used.push_back(&f.failed_dir);
  for (const std::string* d : used) {
    if (auto s = EnsureDir(*d, d == &f.processed_dir ? "processed" : "failed"); !s) return s;
  }
  dev_t dev = DeviceOf(f.dir);
  for (const std::string* d : used) {
    if (DeviceOf(*d) != dev) {
      return Permanent("inbox: " + *d + " is not on the same filesystem as " + f.dir +
                       " (files are moved with rename)");
    }
  }
  ready_[i] = true;
  return Ok();
}

void InboxWatcher::PollOnce() { Scan(/*check_outcomes=*/true); }

void InboxWatcher::ListFolder(size_t i, Clock::time_point now, std::map<Key, bool>& seen) {
  const InboxFolder& folder = folders_[i];
  dirs_[i].clear();
  // Folders to list: (relative path, depth).
  std::vector<std::pair<std::string, int>> todo{{"", 0}};
  while (!todo.empty()) {
    auto [rel_dir, depth] = todo.back();
    todo.pop_back();
    const std::string abs_dir = rel_dir.empty() ? folder.dir : folder.dir + "/" + rel_dir;
    DIR* d = ::opendir(abs_dir.c_str());
    if (!d) {
      if (rel_dir.empty()) {
        Log("cannot list " + folder.dir + ": " + ErrnoText(errno));
        ready_[i] = false;  // recreate it on the next scan
      }
      continue;
    }
    dirs_[i].push_back(abs_dir);
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      struct stat st {};
      if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      const std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
      if (S_ISDIR(st.st_mode)) {
        if (!folder.recursive || name[0] == '.' || depth + 1 >= kMaxDepth) continue;
        const std::string abs = folder.dir + "/" + rel;
        if (abs == folder.processed_dir || abs == folder.failed_dir) continue;
        todo.emplace_back(rel, depth + 1);
        continue;
      }
      if (!S_ISREG(st.st_mode) || Ignored(name)) continue;
      Key key{i, rel};
      seen[key] = true;
      auto [it, inserted] = files_.try_emplace(key);
      FileState& f = it->second;
      bool changed = inserted || f.size != st.st_size || !SameTime(f.mtime, st.st_mtim) || f.ino != st.st_ino;
      if (!changed) continue;
      if (!inserted && f.job_id >= 0) {
        Log(rel + " changed after it was ingested as job " + std::to_string(f.job_id) +
            "; taking it again once stable");
      }
      if (!inserted && f.kept) Log(rel + " changed; taking it again once stable", /*problem=*/false);
      f = FileState{};
      f.size = st.st_size;
      f.mtime = st.st_mtim;
      f.ino = st.st_ino;
      f.last_change = now;
      f.next_attempt = Clock::time_point::min();
    }
    ::closedir(d);
  }
}

void InboxWatcher::Scan(bool check_outcomes) {
  const auto now = Clock::now();

  // 1. List the folders and update what we know of each candidate file.
  std::map<Key, bool> seen;
  for (size_t i = 0; i < folders_.size(); ++i) {
    if (!ready_[i]) {
      if (auto s = EnsureDirs(i); !s) {
        Log(s.error().message);
        // Keep what we know of its files until the folder is usable again.
        for (const auto& [key, f] : files_)
          if (key.first == i) seen[key] = true;
        continue;
      }
    }
    ListFolder(i, now, seen);
  }
  for (auto it = files_.begin(); it != files_.end();) {
    it = seen.count(it->first) ? std::next(it) : files_.erase(it);
  }

  // 2. Take the files that have been stable long enough, oldest first.
  std::vector<Key> ready;
  for (const auto& [key, f] : files_) {
    if (f.job_id >= 0 || f.kept) continue;
    const auto stable = std::chrono::milliseconds(folders_[key.first].stable_ms);
    if (now - f.last_change >= stable && now >= f.next_attempt) ready.push_back(key);
  }
  std::sort(ready.begin(), ready.end(), [this](const Key& a, const Key& b) {
    const timespec& ta = files_[a].mtime;
    const timespec& tb = files_[b].mtime;
    if (ta.tv_sec != tb.tv_sec) return ta.tv_sec < tb.tv_sec;
    if (ta.tv_nsec != tb.tv_nsec) return ta.tv_nsec < tb.tv_nsec;
    return a < b;
  });
  for (const Key& key : ready) Take(key);

  // 3. Ask for the jobs of tracked files; apply the after-action to the finished ones.
  if (!check_outcomes) return;
  std::vector<std::pair<Key, std::vector<long long>>> tracked;
  for (const auto& [key, f] : files_) {
    if (f.job_id < 0) continue;
    std::vector<long long> jobs{f.job_id};
    jobs.insert(jobs.end(), f.more_jobs.begin(), f.more_jobs.end());
    tracked.emplace_back(key, std::move(jobs));
  }
  for (const auto& [key, jobs] : tracked) {
    // Finished when every job is; failed when any failed (a message's errors are joined).
    bool finished = true, failed = false;
    std::string error;
    for (long long job_id : jobs) {
      Result<JobOutcome> o = callbacks_.outcome ? callbacks_.outcome(job_id)
                                                : Result<JobOutcome>(Permanent("no outcome callback"));
      if (!o.ok()) {
        Log("cannot get the state of job " + std::to_string(job_id) + " (" + key.second + "): " + o.error().message);
        finished = false;
        break;
      }
      if (!o->finished) {
        finished = false;
        break;
      }
      if (o->failed) {
        failed = true;
        if (!error.empty()) error += "\n";
        error += jobs.size() > 1 ? "job " + std::to_string(job_id) + ": " + o->error : o->error;
      }
    }
    if (finished) Finish(key, failed, failed ? error : std::string());
  }
}

void InboxWatcher::PutOff(const Key& key, const std::string& why) {
  FileState& f = files_[key];
  int delay = options_.poll_ms;
  for (int i = 0; i < f.retries && delay < options_.retry_max_ms; ++i) delay *= 2;
  delay = std::min(delay, options_.retry_max_ms);
  f.retries = std::min(f.retries + 1, 30);
  f.next_attempt = Clock::now() + std::chrono::milliseconds(delay);
  if (why != f.waiting_for) Log(key.second + ": " + why + "; trying again later");
  f.waiting_for = why;
}

void InboxWatcher::Take(const Key& key) {
  FileState& f = files_[key];
  const InboxFolder& folder = folders_[key.first];
  const std::string path = PathOf(key);
  if (f.size == 0) {
    auto empty_for = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - f.last_change);
    if (empty_for.count() >= options_.empty_fail_ms) {
      std::string why = "empty file (0 bytes for " + std::to_string(empty_for.count() / 1000) + " s)";
      Log(key.second + ": " + why);
      Finish(key, /*failed=*/true, why);
      return;
    }
    PutOff(key, "empty (0 bytes)");
    return;
  }
  bool gone = false;
  if (std::string why = Unavailable(path, &gone); !why.empty()) {
    if (gone) {
      files_.erase(key);
      return;
    }
    PutOff(key, why);
    return;
  }

  InboxItem item;
  item.path = path;
  item.folder = folder.dir;
  item.relative = key.second;
  auto slash = key.second.find('/');
  if (slash != std::string::npos) item.subfolder = key.second.substr(0, slash);
  if (!item.subfolder.empty() && folder.class_hint_from_subfolder) item.class_hint = InboxClassHint(item.subfolder);
  if (!item.subfolder.empty() && folder.tag_from_subfolder) item.tags.push_back(SanitizeFilename(item.subfolder));

  std::vector<long long> more;
  Result<long long> r = Permanent("no ingest callback");
  if (callbacks_.ingest_message && EndsWithNoCase(key.second, ".eml")) {
    auto jobs = callbacks_.ingest_message(item);
    if (jobs.ok() && jobs->empty()) jobs = Permanent("the message made no document");
    if (jobs.ok()) more.assign(jobs->begin() + 1, jobs->end());
    r = jobs.ok() ? Result<long long>(jobs->front()) : Result<long long>(jobs.error());
  } else if (callbacks_.ingest) {
    r = callbacks_.ingest(item);
  }
  FileState& state = files_[key];  // (callbacks do not touch files_, but stay safe)
  if (r.ok()) {
    state.job_id = *r;
    state.more_jobs = more;
    state.retries = 0;
    state.waiting_for.clear();
    Log("ingested " + key.second + " as job " + std::to_string(*r) +
            (more.empty() ? std::string() : " and " + std::to_string(more.size()) + " more"),
        /*problem=*/false);
  } else if (r.error().retryable) {
    Log("ingest of " + key.second + " failed, will retry: " + r.error().message);
    state.waiting_for.clear();
    PutOff(key, "ingest failed");
  } else {
    Log("ingest of " + key.second + " failed permanently: " + r.error().message);
    Finish(key, /*failed=*/true, r.error().message);
  }
}

bool InboxWatcher::Finish(const Key& key, bool failed, const std::string& error) {
  const InboxFolder& folder = folders_[key.first];
  bool done = false;
  switch (folder.after) {
    case InboxFolder::After::kMove:
      done = MoveOut(key.first, key.second, failed, error);
      break;
    case InboxFolder::After::kDelete:
      if (failed) {
        done = MoveOut(key.first, key.second, true, error);
      } else if (::unlink(PathOf(key).c_str()) == 0 || errno == ENOENT) {
        Log("deleted " + key.second + " (done)", /*problem=*/false);
        done = true;
      } else {
        Log("cannot delete " + PathOf(key) + ": " + ErrnoText(errno));
      }
      break;
    case InboxFolder::After::kKeep: {
      FileState& f = files_[key];
      f.kept = true;
      f.job_id = -1;
      f.more_jobs.clear();
      Log("kept " + key.second + " in place (" + (failed ? "failed: " + error : std::string("done")) + ")",
          /*problem=*/failed);
      return true;
    }
  }
  if (done) files_.erase(key);
  return done;
}

bool InboxWatcher::MoveOut(size_t i, const std::string& relative, bool failed, const std::string& error) {
  const InboxFolder& folder = folders_[i];
  const std::string from = folder.dir + "/" + relative;
  std::string target_dir = failed ? folder.failed_dir : folder.processed_dir;
  std::string name = relative;
  if (auto slash = relative.rfind('/'); slash != std::string::npos) {
    target_dir += "/" + relative.substr(0, slash);  // keep the sub-folder
    name = relative.substr(slash + 1);
    std::error_code ec;
    fs::create_directories(target_dir, ec);
    if (ec) {
      Log("cannot create " + target_dir + ": " + ec.message());
      return false;
    }
  }
  for (int n = 0; n < kMaxSuffix; ++n) {
    const std::string to = target_dir + "/" + WithSuffix(name, n);
    const std::string error_path = to + ".error.txt";
    if (failed && Exists(error_path)) continue;
    int err = RenameNoReplace(from, to);
    if (err == EEXIST) continue;
    if (err != 0) {
      Log("cannot move " + from + " to " + to + ": " + ErrnoText(err));
      if (err == ENOENT) ready_[i] = false;  // a folder vanished: recreate it
      return false;
    }
    if (failed) {
      std::string text = error.empty() ? std::string("failed (no error message)") : error;
      text += "\n";
      int fd = ::open(error_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      bool written = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
      int err_write = errno;
      if (fd >= 0) ::close(fd);
      if (!written) Log("cannot write " + error_path + ": " + ErrnoText(err_write));
    }
    Log("moved " + relative + " to " + to, /*problem=*/false);
    return true;
  }
  Log("cannot move " + from + ": no free name in " + target_dir);
  return false;
}

int InboxWatcher::NextWakeMs() const {
  const auto now = Clock::now();
  long long wait = std::min(options_.poll_ms, kMaxWaitMs);
  for (const auto& [key, f] : files_) {
    if (f.job_id >= 0 || f.kept) continue;
    auto due = std::max(f.last_change + std::chrono::milliseconds(folders_[key.first].stable_ms), f.next_attempt);
    long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(due - now).count() + 1;
    wait = std::min(wait, std::max(ms, 1LL));
  }
  return static_cast<int>(wait);
}

Status InboxWatcher::Run(const std::atomic<bool>& stop) {
  for (size_t i = 0; i < folders_.size(); ++i)
    if (auto s = EnsureDirs(i); !s) return s;

  bool any_inotify = std::any_of(folders_.begin(), folders_.end(), [](const InboxFolder& f) { return !f.poll; });
  int ifd = any_inotify ? ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC) : -1;
  if (any_inotify && ifd < 0)
    Log("inotify unavailable (" + ErrnoText(errno) + "); polling every " + std::to_string(options_.poll_ms) + " ms");
  std::map<int, std::string> watched;  // wd -> directory
  std::set<std::string> watched_dirs;

  // Watches every listed directory of the folders that use inotify.
  auto add_watches = [&] {
    if (ifd < 0) return;
    for (size_t i = 0; i < folders_.size(); ++i) {
      const InboxFolder& folder = folders_[i];
      if (folder.poll || !ready_[i]) continue;
      const std::vector<std::string>& dirs = dirs_[i];  // as listed by the last scan
      for (const auto& d : dirs) {
        if (watched_dirs.count(d)) continue;
        int wd = ::inotify_add_watch(ifd, d.c_str(), kWatchMask);
        if (wd < 0) {
          Log("inotify_add_watch " + d + ": " + ErrnoText(errno) + " (polled instead)");
          watched_dirs.insert(d);  // do not retry on every scan
          continue;
        }
        watched[wd] = d;
        watched_dirs.insert(d);
      }
    }
  };

  // (Not time_point::min(): differences with it overflow.)
  auto last_outcome_check = Clock::now() - std::chrono::milliseconds(options_.poll_ms) - 1ms;
  while (!stop.load()) {
    const auto scan_start = Clock::now();
    const bool check = scan_start - last_outcome_check >= std::chrono::milliseconds(options_.poll_ms);
    if (check) last_outcome_check = scan_start;
    Scan(check);
    add_watches();
    if (stop.load()) break;

    int wait_ms = NextWakeMs();
    auto until_outcomes = std::chrono::duration_cast<std::chrono::milliseconds>(
        last_outcome_check + std::chrono::milliseconds(options_.poll_ms) - Clock::now());
    wait_ms = std::max(1, std::min<int>(wait_ms, static_cast<int>(until_outcomes.count()) + 1));

    if (ifd < 0 || watched.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      continue;
    }
    pollfd p{ifd, POLLIN, 0};
    int rc = ::poll(&p, 1, wait_ms);
    if (rc > 0 && (p.revents & POLLIN)) {
      alignas(inotify_event) char buf[8192];
      for (;;) {
        ssize_t n = ::read(ifd, buf, sizeof buf);
        if (n <= 0) break;
        for (ssize_t off = 0; off < n;) {
          auto* ev = reinterpret_cast<inotify_event*>(buf + off);
          if (ev->mask & IN_IGNORED) {  // the directory went away; watch it again when it is back
            auto it = watched.find(ev->wd);
            if (it != watched.end()) {
              watched_dirs.erase(it->second);
              watched.erase(it);
            }
          }
          off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
        }
      }
      // Woken by an event: rate-limit scans while a file is being written.
      auto since = Clock::now() - scan_start;
      auto gap = std::chrono::milliseconds(kMinScanGapMs);
      if (since < gap) std::this_thread::sleep_for(gap - since);
    }
  }
  if (ifd >= 0) ::close(ifd);
  return Ok();
}

}  // namespace docflow
