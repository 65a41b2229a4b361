// E-mail messages and the documents their attachments became (migration
// 0004_mail). Used by pipeline/mail/mail_ingest.h, which decides the order:
// BeginMailMessage, then one LinkMailAttachment per stored attachment, then
// FinishMailMessage: a message is 'done' only after every link exists.
// Every call is idempotent, so a message whose ingest was interrupted is
// completed by ingesting it again.
//
// Thread safety: same as Db (one per thread).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct MailMessageRow {
  std::string sha256;  // of the raw message (already durably in the blob store)
  long long size = 0;
  std::string account;
  std::string message_id, from, to, subject;
  std::string sent_at;  // ISO 8601, or "" when unknown
};

struct MailMessageState {
  long long id = 0;
  std::string state;  // receiving | done | failed
  bool existed = false;  // the same bytes were recorded before
};

struct MailAttachmentLink {
  std::string part_path;
  long long document_id = 0;  // 0: no document (unsupported part)
  std::string sha256;
  std::string filename;  // sanitised
  std::string content_type;
  long long size = 0;
  std::string note;
};

// Records the message in state 'receiving', or returns the existing row for
// the same sha256 as it is (a 'failed' row is set back to 'receiving').
Result<MailMessageState> BeginMailMessage(Db& db, const MailMessageRow& row);

// Inserts or replaces the link of one part.
Status LinkMailAttachment(Db& db, long long mail_message_id, const MailAttachmentLink& link);

// Sets the message 'done' with its attachment count.
Status FinishMailMessage(Db& db, long long mail_message_id, int attachment_count);

// Sets the message 'failed' with the reason (its bytes stay in the blob store).
Status FailMailMessage(Db& db, long long mail_message_id, const std::string& error);

// The links of a message, in part order.
Result<std::vector<MailAttachmentLink>> MailAttachmentsOf(Db& db, long long mail_message_id);

}  // namespace docflow
