// E-mail messages into documents: each attachment of a message (as listed by
// ParseMimeMessage, mime_message.h) goes through the ordinary ingest path
// (pipeline/ingest.h: bytes durably in the blob store, then its documents and
// jobs rows), with source "mail" and the message's provenance in
// documents.source_detail, and is linked to the message in mail_attachments
// (storage/mail_messages.h; also for a document whose bytes arrived before).
//
// Order, so that nothing is acknowledged before it is stored:
//   1. the raw message into the blob store; its mail_messages row
//      ('receiving'; the same bytes again find the same row);
//   2. every attachment: Ingest (document + job), then its link;
//      a part recorded as unsupported (winmail.dat) or larger than
//      max_bytes: its bytes into the blob store and a link with a note, no
//      document;
//   3. the message is set 'done'. Only then does IngestMessage return OK.
// An error in 2. leaves the message 'receiving': ingesting the same bytes
// again completes it (every step is idempotent), and a message already 'done'
// is simply confirmed (duplicate = true).
//
// Errors: a message that cannot be read (ParseMimeMessage's errors, limits)
// is Permanent and its row is set 'failed' with the reason (the bytes stay in
// the blob store); storage errors are Transient.
//
// Thread safety: as Db (one Db per thread); the blob store is process-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/blob_store.h"
#include "common/result.h"
#include "pipeline/mail/mime_message.h"
#include "storage/db.h"

namespace docflow::mail {

struct MailIngestOptions {
  MailOptions mail;
  int max_attempts = 3;               // of each document's job
  long long max_bytes = 100LL << 20;  // per attachment (as IngestRequest::max_bytes)
  // Optional: returns why a part is left out ("" to keep it); a part left out
  // is neither stored nor linked and does not count as an attachment of the
  // message (an IMAP account's rules, imap_account.h).
  std::function<std::string(const MailAttachment&)> exclude;
  // Optional: added to every document's source_detail (e.g. the IMAP folder
  // and UID); the provenance keys above take precedence.
  nlohmann::json detail = nlohmann::json::object();
};

struct MailIngestedPart {
  std::string path;          // part path (mime_message.h)
  std::string filename;      // sanitised, as recorded
  std::string content_type;
  long long size = 0;
  long long document_id = 0;  // 0: recorded without a document (see note)
  long long job_id = 0;
  bool duplicate = false;     // the document existed before (same bytes)
  std::string note;           // unsupported / too large / how it was found
};

struct MailIngestReceipt {
  long long mail_message_id = 0;
  bool duplicate = false;  // the message had been ingested completely before
  MailProvenance provenance;
  std::vector<MailIngestedPart> parts;
  // Parts left out by MailIngestOptions::exclude: "path (filename): reason".
  std::vector<std::string> excluded;
  // Jobs of the parts that became documents, in part order, without repeats.
  std::vector<long long> JobIds() const;
};

// account: where the message came from ("inbox", later an IMAP account).
Result<MailIngestReceipt> IngestMessage(Db& db, const BlobStore& blobs, std::string_view bytes,
                                        const std::string& account, const MailIngestOptions& options);

// Reads path (a regular file of at most options.mail.limits.max_message_bytes)
// and ingests it; Permanent error when it cannot be read as a message.
Result<MailIngestReceipt> IngestMessagePath(Db& db, const BlobStore& blobs, const std::string& path,
                                            const std::string& account, const MailIngestOptions& options);

// For InboxCallbacks::ingest_message: ingests the file as a message of
// account "inbox" and returns the jobs of its documents. A message none of
// whose parts became a document is a Permanent error (the file then moves to
// failed/ with the reason). db and blobs must outlive the function.
std::function<Result<std::vector<long long>>(const std::string& path)> InboxMessageIngester(
    Db& db, const BlobStore& blobs, MailIngestOptions options);

}  // namespace docflow::mail
