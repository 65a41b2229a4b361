// InboxWatcher: the watched-folder source of documents.
//
// A scanner or a user drops files into a folder; the watcher hands each one,
// once it is completely written, to an ingest callback and, when the job it
// became has finished, moves it to processed/ (or failed/).
//
// Which files: regular files directly in `dir` (no recursion, symlinks are
// ignored), except hidden ones (name starting with '.') and names ending in
// .part, .tmp or .crdownload (partial downloads; case-insensitive). Files
// present when the watcher starts are taken too. The only names used are those
// read from the directory itself.
//
// When: a file is taken only after its size and mtime have stayed unchanged
// for stable_ms, measured on the watcher's own monotonic clock from the last
// time it saw them change (the first sighting counts as a change). A writer
// that pauses longer than stable_ms can still be read half-written: writers
// that may pause should write NAME.part and rename it when done.
//
// E-mail messages: when the ingest_message callback is set, files named
// *.eml (case-insensitive) go to it instead of to ingest; it returns the jobs
// of the documents the message's attachments became, and the file stays
// tracked until EVERY one of them has finished (to failed/ when any failed,
// NAME.error.txt listing the failed jobs). Otherwise as below.
//
// Lifecycle of a file:
//   pending --stable--> ingest(path)
//     ok(job_id)            -> tracked (stays in the inbox; path -> job id in
//                              memory, never ingested again while tracked)
//     Error, retryable      -> left in place, logged, retried on a later scan
//     Error, not retryable  -> moved to failed/ with NAME.error.txt
//   tracked --outcome(job_id)-->
//     finished, !failed     -> moved to processed/
//     finished, failed      -> moved to failed/, NAME.error.txt holds the error
//     not finished / Error  -> kept (an Error is logged, asked again later)
// A tracked file whose size, mtime or inode changes (replaced by a new file of
// the same name) is forgotten and treated as a new pending file. Tracking is in
// memory only: after a restart, files still in the inbox are simply ingested
// again; the ingest callback must dedupe by content (returning the same job
// id).
//
// Moves use rename(2) without replacing: processed/ and failed/ must be on the
// same filesystem as dir (Run checks it). A name already present gets a suffix
// before the extension: scan.pdf -> scan.1.pdf, scan.2.pdf, ...; in failed/
// the suffix is chosen so that NAME.error.txt is free too.
//
// Wake-ups: inotify (IN_CLOSE_WRITE, IN_MOVED_TO, IN_CREATE, IN_MODIFY,
// IN_ATTRIB) on dir wakes the loop early (scans are rate-limited to one per
// 50 ms); poll_ms is the safety net and the interval at which outcome() is
// asked. Without inotify the watcher still works by polling alone.
//
// Errors: nothing throws out of this class. Problems with single files are
// logged and retried; Run returns an Error only when the folders cannot be
// created or used at all.
//
// Thread safety: not thread-safe. Run and PollOnce must be called from one
// thread at a time; the callbacks are invoked on that thread. `stop` may be set
// from any thread; Run notices it within poll_ms (at most 1 s).
#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

#include "common/result.h"

namespace docflow {

struct InboxOptions {
  std::string dir;            // watched folder, created if missing
  std::string processed_dir;  // default dir + "/processed"
  std::string failed_dir;     // default dir + "/failed"
  int stable_ms = 2000;       // size and mtime unchanged this long before a file is taken
  int poll_ms = 500;          // how often pending files and job states are checked
};

// What the watcher learns of a job it handed over.
struct JobOutcome {
  bool finished = false;
  bool failed = false;
  std::string error;
};

struct InboxCallbacks {
  // Durably ingests the file (copies bytes into the blob store and commits its
  // rows); returns the job id. An Error: the file is left in place and retried
  // on the next poll (logged), unless error.retryable is false, in which case
  // it moves to failed/ with NAME.error.txt.
  std::function<Result<long long>(const std::string& path)> ingest;
  // Optional: durably ingests an e-mail message (*.eml), every attachment
  // stored before it returns; returns the jobs of its documents (at least
  // one). Errors as for ingest.
  std::function<Result<std::vector<long long>>(const std::string& path)> ingest_message;
  // Returns the state of a job handed over earlier.
  std::function<Result<JobOutcome>(long long job_id)> outcome;
  // Optional: receives one line per notable event (taken, moved, errors).
  // Default: spdlog (info for events, warn for problems).
  std::function<void(const std::string& line)> log;
};

class InboxWatcher {
 public:
  // Takes the options (empty processed_dir/failed_dir get their defaults) and
  // the callbacks (ingest and outcome are required). Touches no file yet.
  InboxWatcher(InboxOptions options, InboxCallbacks callbacks);
  ~InboxWatcher();
  InboxWatcher(const InboxWatcher&) = delete;
  InboxWatcher& operator=(const InboxWatcher&) = delete;

  // Creates the folders if missing, then watches until `stop` is true.
  // Returns OK after a stop; an Error when the folders cannot be created,
  // are not directories, or processed/failed are on another filesystem.
  Status Run(const std::atomic<bool>& stop);

  // One scan step: lists dir, updates stability, ingests stable files and asks
  // outcome() for every tracked file. Creates the folders if missing; problems
  // are logged. For tests and for callers that drive their own loop.
  void PollOnce();

  // Number of files ingested and waiting for their job (for tests, metrics).
  size_t tracked_count() const;

 private:
  struct FileState {
    off_t size = 0;
    timespec mtime{};
    ino_t ino = 0;
    std::chrono::steady_clock::time_point last_change;
    std::chrono::steady_clock::time_point next_attempt;  // after a retryable ingest error
    long long job_id = -1;  // >= 0 once ingested
    std::vector<long long> more_jobs;  // a message's other jobs (ingest_message)
  };

  Status EnsureDirs();
  void Scan(bool check_outcomes);
  // Milliseconds until the next pending file becomes stable (or poll_ms).
  int NextWakeMs() const;
  // Moves dir/NAME to processed/ or failed/ (with NAME.error.txt); false
  // (logged) when it could not be moved.
  bool MoveOut(const std::string& name, bool failed, const std::string& error);
  // problem: warning level (errors, retries) rather than info.
  void Log(const std::string& line, bool problem = true) const;

  InboxOptions options_;
  InboxCallbacks callbacks_;
  std::map<std::string, FileState> files_;  // by name in dir
  bool dirs_ready_ = false;
};

}  // namespace docflow
