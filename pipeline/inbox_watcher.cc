// InboxWatcher; see inbox_watcher.h for the contract.
#include "pipeline/inbox_watcher.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
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

namespace docflow {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kMinScanGapMs = 50;  // rate limit for inotify-triggered scans
constexpr int kMaxWaitMs = 1000;   // upper bound on how long Run sleeps
constexpr int kMaxSuffix = 100000;

std::string ErrnoText(int err) { return std::strerror(err); }

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

}  // namespace

InboxWatcher::InboxWatcher(InboxOptions options, InboxCallbacks callbacks)
    : options_(std::move(options)), callbacks_(std::move(callbacks)) {
  while (options_.dir.size() > 1 && options_.dir.back() == '/') options_.dir.pop_back();
  if (options_.processed_dir.empty()) options_.processed_dir = options_.dir + "/processed";
  if (options_.failed_dir.empty()) options_.failed_dir = options_.dir + "/failed";
  options_.stable_ms = std::max(options_.stable_ms, 0);
  if (options_.poll_ms <= 0) options_.poll_ms = 500;
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

Status InboxWatcher::EnsureDirs() {
  if (auto s = EnsureDir(options_.dir, "inbox"); !s) return s;
  if (auto s = EnsureDir(options_.processed_dir, "processed"); !s) return s;
  if (auto s = EnsureDir(options_.failed_dir, "failed"); !s) return s;
  dev_t dev = DeviceOf(options_.dir);
  for (const std::string* d : {&options_.processed_dir, &options_.failed_dir}) {
    if (DeviceOf(*d) != dev) {
      return Permanent("inbox: " + *d + " is not on the same filesystem as " + options_.dir +
                       " (files are moved with rename)");
    }
  }
  dirs_ready_ = true;
  return Ok();
}

void InboxWatcher::PollOnce() { Scan(/*check_outcomes=*/true); }

void InboxWatcher::Scan(bool check_outcomes) {
  if (!dirs_ready_) {
    if (auto s = EnsureDirs(); !s) {
      Log(s.error().message);
      return;
    }
  }
  const auto now = Clock::now();

  // 1. List the folder and update what we know of each candidate file.
  DIR* d = ::opendir(options_.dir.c_str());
  if (!d) {
    Log("cannot list " + options_.dir + ": " + ErrnoText(errno));
    dirs_ready_ = false;  // recreate it on the next scan
    return;
  }
  std::set<std::string> seen;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == ".." || Ignored(name)) continue;
    struct stat st {};
    if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(st.st_mode)) continue;
    seen.insert(name);
    auto [it, inserted] = files_.try_emplace(name);
    FileState& f = it->second;
    bool changed = inserted || f.size != st.st_size || !SameTime(f.mtime, st.st_mtim) || f.ino != st.st_ino;
    if (!changed) continue;
    if (!inserted && f.job_id >= 0) {
      Log(name + " changed after it was ingested as job " + std::to_string(f.job_id) +
          "; taking it again once stable");
      f.job_id = -1;
    }
    f.size = st.st_size;
    f.mtime = st.st_mtim;
    f.ino = st.st_ino;
    f.last_change = now;
    f.next_attempt = Clock::time_point::min();
  }
  ::closedir(d);
  for (auto it = files_.begin(); it != files_.end();) {
    it = seen.count(it->first) ? std::next(it) : files_.erase(it);
  }

  // 2. Ingest the files that have been stable long enough, oldest first.
  const auto stable = std::chrono::milliseconds(options_.stable_ms);
  std::vector<std::string> ready;
  for (const auto& [name, f] : files_) {
    if (f.job_id < 0 && now - f.last_change >= stable && now >= f.next_attempt) ready.push_back(name);
  }
  std::sort(ready.begin(), ready.end(), [this](const std::string& a, const std::string& b) {
    const timespec& ta = files_[a].mtime;
    const timespec& tb = files_[b].mtime;
    if (ta.tv_sec != tb.tv_sec) return ta.tv_sec < tb.tv_sec;
    if (ta.tv_nsec != tb.tv_nsec) return ta.tv_nsec < tb.tv_nsec;
    return a < b;
  });
  for (const std::string& name : ready) {
    const std::string path = options_.dir + "/" + name;
    std::vector<long long> more;
    Result<long long> r = Permanent("no ingest callback");
    if (callbacks_.ingest_message && EndsWithNoCase(name, ".eml")) {
      auto jobs = callbacks_.ingest_message(path);
      if (jobs.ok() && jobs->empty()) jobs = Permanent("the message made no document");
      if (jobs.ok()) more.assign(jobs->begin() + 1, jobs->end());
      r = jobs.ok() ? Result<long long>(jobs->front()) : Result<long long>(jobs.error());
    } else if (callbacks_.ingest) {
      r = callbacks_.ingest(path);
    }
    if (r.ok()) {
      files_[name].job_id = *r;
      files_[name].more_jobs = more;
      Log("ingested " + name + " as job " + std::to_string(*r) +
              (more.empty() ? std::string() : " and " + std::to_string(more.size()) + " more"),
          /*problem=*/false);
    } else if (r.error().retryable) {
      Log("ingest of " + name + " failed, will retry: " + r.error().message);
      files_[name].next_attempt = Clock::now() + std::chrono::milliseconds(options_.poll_ms);
    } else {
      Log("ingest of " + name + " failed permanently: " + r.error().message);
      MoveOut(name, /*failed=*/true, r.error().message);
      files_.erase(name);
    }
  }

  // 3. Ask for the jobs of tracked files; move the finished ones out.
  if (!check_outcomes) return;
  std::vector<std::pair<std::string, std::vector<long long>>> tracked;
  for (const auto& [name, f] : files_) {
    if (f.job_id < 0) continue;
    std::vector<long long> jobs{f.job_id};
    jobs.insert(jobs.end(), f.more_jobs.begin(), f.more_jobs.end());
    tracked.emplace_back(name, std::move(jobs));
  }
  for (const auto& [name, jobs] : tracked) {
    // Finished when every job is; failed when any failed (a message's errors are joined).
    bool finished = true, failed = false;
    std::string error;
    for (long long job_id : jobs) {
      Result<JobOutcome> o = callbacks_.outcome ? callbacks_.outcome(job_id)
                                                : Result<JobOutcome>(Permanent("no outcome callback"));
      if (!o.ok()) {
        Log("cannot get the state of job " + std::to_string(job_id) + " (" + name + "): " + o.error().message);
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
    if (!finished) continue;
    if (MoveOut(name, failed, failed ? error : std::string())) files_.erase(name);
  }
}

bool InboxWatcher::MoveOut(const std::string& name, bool failed, const std::string& error) {
  const std::string& target_dir = failed ? options_.failed_dir : options_.processed_dir;
  const std::string from = options_.dir + "/" + name;
  for (int n = 0; n < kMaxSuffix; ++n) {
    const std::string target_name = WithSuffix(name, n);
    const std::string to = target_dir + "/" + target_name;
    const std::string error_path = to + ".error.txt";
    if (failed && Exists(error_path)) continue;
    int err = RenameNoReplace(from, to);
    if (err == EEXIST) continue;
    if (err != 0) {
      Log("cannot move " + from + " to " + to + ": " + ErrnoText(err));
      if (err == ENOENT) dirs_ready_ = false;  // a folder vanished: recreate it
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
    Log("moved " + name + " to " + to, /*problem=*/false);
    return true;
  }
  Log("cannot move " + from + ": no free name in " + target_dir);
  return false;
}

int InboxWatcher::NextWakeMs() const {
  const auto now = Clock::now();
  long long wait = std::min(options_.poll_ms, kMaxWaitMs);
  for (const auto& [name, f] : files_) {
    if (f.job_id >= 0) continue;
    auto due = std::max(f.last_change + std::chrono::milliseconds(options_.stable_ms), f.next_attempt);
    long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(due - now).count() + 1;
    wait = std::min(wait, std::max(ms, 1LL));
  }
  return static_cast<int>(wait);
}

Status InboxWatcher::Run(const std::atomic<bool>& stop) {
  if (auto s = EnsureDirs(); !s) return s;

  const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY | IN_ATTRIB;
  int ifd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (ifd < 0) Log("inotify unavailable (" + ErrnoText(errno) + "); polling every " +
                   std::to_string(options_.poll_ms) + " ms");
  int wd = -1;

  // (Not time_point::min(): differences with it overflow.)
  auto last_outcome_check = Clock::now() - std::chrono::milliseconds(options_.poll_ms) - 1ms;
  while (!stop.load()) {
    if (ifd >= 0 && wd < 0 && dirs_ready_) {
      wd = ::inotify_add_watch(ifd, options_.dir.c_str(), mask);
      if (wd < 0) Log("inotify_add_watch " + options_.dir + ": " + ErrnoText(errno));
    }
    const auto scan_start = Clock::now();
    const bool check = scan_start - last_outcome_check >= std::chrono::milliseconds(options_.poll_ms);
    if (check) last_outcome_check = scan_start;
    Scan(check);
    if (stop.load()) break;

    int wait_ms = NextWakeMs();
    auto until_outcomes = std::chrono::duration_cast<std::chrono::milliseconds>(
        last_outcome_check + std::chrono::milliseconds(options_.poll_ms) - Clock::now());
    wait_ms = std::max(1, std::min<int>(wait_ms, static_cast<int>(until_outcomes.count()) + 1));

    if (ifd < 0 || wd < 0) {
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
          if (ev->mask & IN_IGNORED) wd = -1;  // the folder went away; re-add later
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
