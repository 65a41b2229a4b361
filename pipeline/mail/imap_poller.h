// ImapPoller: e-mail attachments from IMAP accounts into documents, each
// message downloaded at most once.
//
// One pass over a folder (PollOnce does every folder of the account):
//   1. STATUS: UIDVALIDITY and UIDNEXT. A UIDVALIDITY other than the one
//      stored (storage/imap_state.h) resets the folder to last_uid 0 (logged):
//      it is read again, and messages already received are recognised (2c).
//   2. The after-actions still pending from an earlier pass (state 'stored')
//      are done.
//   3. Nothing new (UIDNEXT - 1 <= last_uid): the pass ends without a SELECT.
//      Otherwise UID SEARCH for UIDs above last_uid; those already recorded
//      as done, stored, skipped or failed are left alone; new ones and
//      'retry' ones are looked at, oldest first.
//   4. For each, flags, size, BODYSTRUCTURE and the header fields are fetched
//      (no body). The account's rules (imap_account.h) are applied to a
//      skeleton of the message (imap_bodystructure.h): sender, recipients and
//      subject; then the attachments the message would give, by file name
//      glob and size. No attachment left, and no body text large enough to
//      hide uuencoded files: the message is 'skipped' WITHOUT being
//      downloaded. (a) A message from this account with the same Message-ID
//      and size already 'done' in mail_messages is not downloaded again.
//      (b) Larger than the mail limits: 'failed'.
//   5. Otherwise the message is downloaded (libcurl's FETCH, binary-safe;
//      \Seen is removed again when the after-action is not `seen`), and
//      ingested by IngestMessage (mail_ingest.h) with the rules as its
//      `exclude` filter and {imap_folder, imap_uid, imap_uidvalidity} in each
//      document's source_detail: the message is 'done' in mail_messages only
//      once every kept attachment is stored. Then 'stored', the after-action
//      (seen: +\Seen; move:F: UID MOVE; leave), and 'done'.
//   6. last_uid moves up over every UID that is finished (done, stored,
//      skipped, failed); 'retry' ones hold it back but not the messages after
//      them, which are recorded individually and not fetched again.
// Failures: an unreachable server or a refused login ends the folder's pass
// with the error (imap_folders.last_error), nothing recorded as done; a
// message whose download or storage failed transiently is 'retry' with the
// error and attempts + 1, tried on the next pass, 'failed' after
// max_attempts; a message that cannot be read as one is 'failed' at once
// (mail_messages row 'failed' with the reason). A crash mid-message leaves it
// not recorded or 'retry': the next pass downloads it again and IngestMessage
// completes it (its steps are idempotent; same bytes, same rows).
//
// Logs: account, folder, UID, Message-ID, counts and errors; never the
// password, never a subject or body.
//
// Thread safety: one poller per thread (it owns its ImapClient and uses the
// Db given).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/blob_store.h"
#include "common/result.h"
#include "pipeline/mail/imap_account.h"
#include "pipeline/mail/imap_client.h"
#include "pipeline/mail/mail_ingest.h"
#include "storage/db.h"

namespace docflow::mail {

struct ImapPollOptions {
  MailIngestOptions ingest;  // limits, job attempts, attachment size limit
  int max_attempts = 10;     // of one message's download and storage
  // A body text (text/* without a name) at least this large may carry
  // uuencoded files: such a message is downloaded even when its structure
  // shows no attachment.
  long long uuencode_probe_bytes = 16 * 1024;
};

struct ImapFolderReport {
  std::string account, folder;
  long long uidvalidity = 0;
  long long last_uid = 0;          // after the pass
  bool uidvalidity_changed = false;
  int examined = 0;                // messages whose structure was fetched
  int downloaded = 0;              // whole messages fetched
  int stored = 0;                  // messages whose attachments were stored (new or already known)
  int already_received = 0;        // of those, recognised by Message-ID and size without a download
  int skipped = 0;                 // no attachment matches the rules
  int failed = 0;                  // permanently
  int retry = 0;                   // to be tried again
  int after_actions = 0;           // after-actions done
  std::vector<long long> job_ids;  // jobs of the documents made (or found) in this pass
  std::string error;               // the folder's pass failed ("" when it went through)
  std::vector<std::string> problems;  // per message: "uid N: ..."
  nlohmann::json ToJson() const;
};

class ImapPoller {
 public:
  // account.server.password must be resolved (ResolvePassword). db and blobs
  // must outlive the poller.
  ImapPoller(Db& db, const BlobStore& blobs, ImapAccount account, ImapPollOptions options);

  // One pass over every folder of the account, in the configured order.
  std::vector<ImapFolderReport> PollOnce();

  const ImapAccount& account() const { return account_; }
  const ImapClient& client() const { return client_; }

 private:
  ImapFolderReport PollFolder(const std::string& folder);
  // Processes one new (or retried) message; returns the state recorded.
  std::string ProcessMessage(const std::string& folder, long long uidvalidity, const ImapMessageInfo& info,
                             int attempts, ImapFolderReport& report);
  // The account's after-action on one message; Ok when done (or nothing to do).
  Status AfterAction(const std::string& folder, long long uid);

  Db& db_;
  const BlobStore& blobs_;
  ImapAccount account_;
  ImapPollOptions options_;
  ImapClient client_;
};

// `docflow mail watch`: polls every account every poll_seconds until stop.
// A pass that fails waits twice as long as the one before (up to 15 minutes)
// before the next. Accounts whose password cannot be read are logged and
// tried again at each interval. Returns OK after a stop.
Status RunImapWatch(Db& db, const BlobStore& blobs, std::vector<ImapAccount> accounts, ImapPollOptions options,
                    const std::atomic<bool>& stop);

}  // namespace docflow::mail
