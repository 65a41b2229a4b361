// What the IMAP poller remembers per mailbox (migration 0007_imap): the
// UIDVALIDITY and a last_uid watermark per (account, folder), and the
// messages above it that were looked at. See pipeline/mail/imap_poller.h for
// how they are used; every call here is one short transaction.
//
// Errors: database errors are Transient (storage/db.h).
// Thread safety: same as Db (one per thread).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct ImapFolderState {
  bool exists = false;  // false: never polled
  long long uidvalidity = 0;
  long long last_uid = 0;
};

struct ImapMessageRecord {
  long long uid = 0;
  std::string state;  // retry | stored | done | skipped | failed
  int attempts = 0;
  long long mail_message_id = 0;  // 0: none
  std::string message_id;
  long long size = 0;
  std::string note;
};

Result<ImapFolderState> LoadImapFolder(Db& db, const std::string& account, const std::string& folder);

// Starts the folder afresh under uidvalidity: last_uid 0, and the message
// rows of any other uidvalidity of this folder deleted.
Status ResetImapFolder(Db& db, const std::string& account, const std::string& folder, long long uidvalidity);

// Raises last_uid to at least `last_uid` (never lowers it) and deletes the
// 'skipped' rows at or below it. Also records the pass: last_poll_at = now(),
// last_error = error (NULL when empty).
Status AdvanceImapFolder(Db& db, const std::string& account, const std::string& folder, long long uidvalidity,
                         long long last_uid, const std::string& error);

// Records a pass that failed before the folder could be read (server down,
// folder missing): last_poll_at and last_error only. A folder never polled
// gets no row.
Status RecordImapFolderError(Db& db, const std::string& account, const std::string& folder,
                             const std::string& error);

// The message rows of the folder under uidvalidity with uid > above, by uid.
Result<std::map<long long, ImapMessageRecord>> ImapMessagesAbove(Db& db, const std::string& account,
                                                                 const std::string& folder, long long uidvalidity,
                                                                 long long above);

// The rows in state 'stored' (after-action pending) of the folder.
Result<std::vector<ImapMessageRecord>> ImapMessagesStored(Db& db, const std::string& account,
                                                          const std::string& folder, long long uidvalidity);

// Inserts or replaces the row of one message; `attempts` is stored as given.
Status RecordImapMessage(Db& db, const std::string& account, const std::string& folder, long long uidvalidity,
                         const ImapMessageRecord& record);

// The id of a mail_messages row of `account` in state 'done' with this
// Message-ID and size; 0 when there is none.
Result<long long> FindDoneMailMessage(Db& db, const std::string& account, const std::string& message_id,
                                      long long size);

}  // namespace docflow
