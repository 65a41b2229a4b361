// InboxWatcher: the watched-folder source of documents.
//
// A scanner or a user drops files into folders; the watcher hands each one,
// once it is completely written, to an ingest callback and, when the job it
// became has finished, applies the folder's after-action: move it to
// processed/ (or failed/), delete it, or keep it where it is.
//
// Folders: the default folder (InboxOptions::dir, `inbox.dir`) and any number
// of others (InboxOptions::folders, `inbox.folders`), each with its own
// settings (InboxFolder). A folder is watched with inotify, or by polling
// alone when `poll` is set (network mounts, where inotify sees no remote
// change); either way it is listed every poll_ms, which is also the safety
// net for missed events.
//
// Which files: regular files in the folder (and, when `recursive`, in its
// sub-folders, at most kMaxDepth deep, except processed/ and failed/ and
// hidden folders), except hidden ones (name starting with '.') and names
// ending in .part, .tmp or .crdownload (partial downloads; case-insensitive).
// Symlinks are ignored. Files present when the watcher starts are taken too.
// The only names used are those read from the directory itself.
//
// Sub-folder as a hint: with class_hint_from_subfolder, a file under
// DIR/invoices/... carries class_hint "invoice" (InboxClassHint says which
// names map to which class; other names give none); with
// tag_from_subfolder, it carries the sub-folder's name as a tag. Both travel
// to the ingest callback in InboxItem (and from there into the document's
// source_detail, as the HTTP API does).
//
// When: a file is taken only after its size and mtime have stayed unchanged
// for the folder's stable_ms, measured on the watcher's own monotonic clock
// from the last time it saw them change (the first sighting counts as a
// change). A writer that pauses longer than stable_ms can still be read
// half-written: writers that may pause should write NAME.part and rename it.
// A stable file is not taken yet, and is looked at again later with a
// back-off (poll_ms doubling up to retry_max_ms), while it is:
//   - empty (0 bytes): a scanner may create the file before writing it; one
//     that stays empty for empty_fail_ms fails ("empty file");
//   - unreadable (open fails, e.g. permission denied) or locked (another
//     process holds a flock or POSIX write lock on it): never failed for that.
// Ingest errors that are retryable back off the same way.
//
// E-mail messages: when the ingest_message callback is set, files named
// *.eml (case-insensitive) go to it instead of to ingest; it returns the jobs
// of the documents the message's attachments became, and the file stays
// tracked until EVERY one of them has finished (failed when any failed,
// NAME.error.txt listing the failed jobs).
//
// Lifecycle of a file:
//   pending --stable, not empty, readable--> ingest(item)
//     ok(job_id)            -> tracked (stays in place; never ingested again
//                              while tracked)
//     Error, retryable      -> left in place, logged, retried with back-off
//     Error, not retryable  -> failed (below)
//   tracked --outcome(job_id)--> finished: the after-action
//     move   (default): ok -> processed/, failed -> failed/ with NAME.error.txt
//     delete:          ok -> deleted,     failed -> failed/ with NAME.error.txt
//     keep:            the file stays; it is remembered (name, size, mtime,
//                      inode) and not taken again unless it changes
//     not finished / Error -> kept tracked (an Error is logged, asked again)
// In a recursive folder, processed/ and failed/ keep the file's sub-folder:
// DIR/a/b.pdf goes to processed/a/b.pdf. A tracked (or kept) file whose size,
// mtime or inode changes is forgotten and treated as a new pending file.
// Tracking is in memory only: after a restart, files still in place are
// ingested again; the ingest callback must dedupe by content (returning the
// same job id), so a kept file is then recognised, not duplicated.
//
// Moves use rename(2) without replacing: processed/ and failed/ must be on the
// same filesystem as the folder (checked). A name already present gets a
// suffix before the extension: scan.pdf -> scan.1.pdf, scan.2.pdf, ...; in
// failed/ the suffix is chosen so that NAME.error.txt is free too.
//
// Errors: nothing throws out of this class. Problems with single files are
// logged and retried; Run returns an Error only when a folder cannot be
// created or used at all (PollOnce logs it and goes on with the others).
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
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/blob_store.h"
#include "common/config.h"
#include "common/result.h"
#include "storage/db.h"
#include "storage/documents.h"

namespace docflow {

struct InboxFolder {
  enum class After { kMove, kDelete, kKeep };
  std::string dir;            // created if missing
  std::string processed_dir;  // default dir + "/processed" (not used with kKeep)
  std::string failed_dir;     // default dir + "/failed" (not used with kKeep)
  bool recursive = false;
  bool class_hint_from_subfolder = false;
  bool tag_from_subfolder = false;
  After after = After::kMove;
  bool poll = false;     // no inotify: list the folder every poll_ms only
  int stable_ms = 2000;  // size and mtime unchanged this long before a file is taken
};

struct InboxOptions {
  // The default folder, when dir is not empty (after: move, not recursive).
  std::string dir;
  std::string processed_dir;  // default dir + "/processed"
  std::string failed_dir;     // default dir + "/failed"
  int stable_ms = 2000;
  // More folders.
  std::vector<InboxFolder> folders;
  int poll_ms = 500;             // how often folders are listed and job states checked
  int empty_fail_ms = 600000;    // an empty file fails after this long
  int retry_max_ms = 60000;      // back-off cap (empty, unreadable, locked, retryable errors)
};

// What the ingest callbacks receive. Converts to the path, so callbacks
// written for a path alone still fit.
struct InboxItem {
  std::string path;       // the file, as dir + "/" + relative
  std::string folder;     // the watched folder's dir
  std::string relative;   // path below the folder: "scan.pdf", "invoices/2025/scan.pdf"
  std::string subfolder;  // first component of relative's folders ("" at the top)
  std::string class_hint;         // "" or invoice | contract | contact | other
  std::vector<std::string> tags;  // from the sub-folder name
  operator const std::string&() const { return path; }  // NOLINT: implicit by design
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
  // later (logged), unless error.retryable is false, in which case it fails
  // (after-action for a failed file).
  std::function<Result<long long>(const InboxItem& item)> ingest;
  // Optional: durably ingests an e-mail message (*.eml), every attachment
  // stored before it returns; returns the jobs of its documents (at least
  // one). Errors as for ingest.
  std::function<Result<std::vector<long long>>(const InboxItem& item)> ingest_message;
  // Returns the state of a job handed over earlier.
  std::function<Result<JobOutcome>(long long job_id)> outcome;
  // Optional: receives one line per notable event (taken, moved, errors).
  // Default: spdlog (info for events, warn for problems).
  std::function<void(const std::string& line)> log;
};

// The class a sub-folder's name stands for: invoice(s)/facture(s)/bill(s)/
// receipt(s) -> invoice, contract(s)/contrat(s) -> contract, contact(s)/
// card(s)/business-cards/cartes -> contact, other(s)/autre(s) -> other
// (case-insensitive); "" for any other name.
std::string InboxClassHint(const std::string& subfolder);

// The options of `docflow watch` from the configuration: inbox.dir (or
// dir_override) as the default folder, inbox.stable_ms, poll_ms,
// empty_fail_ms, retry_max_ms, and inbox.folders, a list (or a YAML/JSON
// string holding one) of {dir, recursive, class_hint_from_subfolder,
// tag_from_subfolder, after: move|delete|keep, poll, stable_ms,
// processed_dir, failed_dir}. A folder listed twice (or equal to inbox.dir)
// is an error, as are unknown keys.
Result<InboxOptions> InboxOptionsFromConfig(const Config& config, const std::string& dir_override = "");

// What an item adds to its documents' source_detail: "folder" (the watched
// folder), and "class_hint" and "tags" when it has them (the keys the HTTP
// API uses too).
nlohmann::json InboxItemDetail(const InboxItem& item);

// For InboxCallbacks::ingest: reads the file (Permanent error when it is not a
// regular file or is larger than max_bytes) and ingests it (pipeline/ingest.h)
// as source "inbox" with {"path"} and InboxItemDetail in its source_detail.
Result<IngestReceipt> IngestInboxItem(Db& db, const BlobStore& blobs, const InboxItem& item, int max_attempts,
                                      long long max_bytes);

class InboxWatcher {
 public:
  static constexpr int kMaxDepth = 16;

  // Takes the options (empty processed_dir/failed_dir get their defaults) and
  // the callbacks (ingest and outcome are required). Touches no file yet.
  InboxWatcher(InboxOptions options, InboxCallbacks callbacks);
  ~InboxWatcher();
  InboxWatcher(const InboxWatcher&) = delete;
  InboxWatcher& operator=(const InboxWatcher&) = delete;

  // Creates the folders if missing, then watches until `stop` is true.
  // Returns OK after a stop; an Error when a folder cannot be created, is not
  // a directory, or its processed/failed are on another filesystem.
  Status Run(const std::atomic<bool>& stop);

  // One scan step: lists every folder, updates stability, ingests stable
  // files and asks outcome() for every tracked file. Creates the folders if
  // missing; problems are logged. For tests and for callers that drive their
  // own loop.
  void PollOnce();

  // Number of files ingested and waiting for their job (for tests, metrics).
  size_t tracked_count() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct FileState {
    off_t size = 0;
    timespec mtime{};
    ino_t ino = 0;
    Clock::time_point last_change;
    Clock::time_point next_attempt;  // after a retry (empty, unreadable, locked, retryable error)
    int retries = 0;                 // for the back-off
    std::string waiting_for;         // why it was last put off ("" when it was not)
    long long job_id = -1;           // >= 0 once ingested
    std::vector<long long> more_jobs;  // a message's other jobs (ingest_message)
    bool kept = false;               // finished with after=keep: not taken again unless changed
  };
  using Key = std::pair<size_t, std::string>;  // folder index, relative path

  Status EnsureDirs(size_t folder);
  void Scan(bool check_outcomes);
  void ListFolder(size_t folder, Clock::time_point now, std::map<Key, bool>& seen);
  void Take(const Key& key);
  // Puts a file off: next look after the back-off; logs `why` once per reason.
  void PutOff(const Key& key, const std::string& why);
  // The after-action for a finished (or permanently failed) file; false
  // (logged) when it could not be done; the file then stays tracked.
  bool Finish(const Key& key, bool failed, const std::string& error);
  bool MoveOut(size_t folder, const std::string& relative, bool failed, const std::string& error);
  std::string PathOf(const Key& key) const;
  // Milliseconds until the next pending file becomes due (or poll_ms).
  int NextWakeMs() const;
  void Log(const std::string& line, bool problem = true) const;

  InboxOptions options_;
  std::vector<InboxFolder> folders_;  // the default folder first, when set
  std::vector<bool> ready_;           // folders created and checked
  std::vector<std::vector<std::string>> dirs_;  // per folder: the directories the last scan listed
  InboxCallbacks callbacks_;
  std::map<Key, FileState> files_;
};

}  // namespace docflow
