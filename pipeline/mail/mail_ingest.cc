#include "pipeline/mail/mail_ingest.h"

#include <sys/stat.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/paths.h"
#include "pipeline/ingest.h"
#include "storage/mail_messages.h"

namespace docflow::mail {
namespace {

using nlohmann::json;

MailMessageRow RowFor(const std::string& sha256, size_t size, const std::string& account, const MailProvenance& p) {
  MailMessageRow row;
  row.sha256 = sha256;
  row.size = static_cast<long long>(size);
  row.account = account;
  row.message_id = p.message_id;
  row.from = p.from;
  row.to = p.to;
  row.subject = p.subject;
  row.sent_at = p.date;
  return row;
}

// Stores one attachment: a document through Ingest, or (unsupported, too
// large) only its bytes; then its link.
Result<MailIngestedPart> StorePart(Db& db, const BlobStore& blobs, long long message_row, const std::string& account,
                                   const MailProvenance& p, const MailAttachment& a, const MailIngestOptions& o) {
  MailIngestedPart part;
  part.path = a.path;
  part.filename = a.sanitized_filename;
  part.content_type = a.content_type;
  part.size = static_cast<long long>(a.size());
  part.note = a.note;
  std::string sha256;
  bool too_large = static_cast<long long>(a.size()) > o.max_bytes;
  if (a.unsupported || too_large) {
    if (too_large)
      part.note = "too large: " + std::to_string(a.size()) + " bytes (limit " + std::to_string(o.max_bytes) + ")";
    auto put = blobs.Put(a.bytes);
    if (!put) return put.error();
    sha256 = *put;
  } else {
    IngestRequest req;
    req.bytes = a.bytes;
    req.filename = a.sanitized_filename;
    req.source = "mail";
    req.detail = {{"mail_message", message_row}, {"account", account},    {"message_id", p.message_id},
                  {"from", p.from},              {"subject", p.subject},  {"date", p.date},
                  {"part", a.path},              {"filename", a.filename}};
    for (auto it = o.detail.begin(); o.detail.is_object() && it != o.detail.end(); ++it)
      if (!req.detail.contains(it.key())) req.detail[it.key()] = it.value();
    req.max_attempts = o.max_attempts;
    req.max_bytes = o.max_bytes;
    auto r = Ingest(db, blobs, req);
    if (!r) return r.error();
    part.document_id = r->document_id;
    part.job_id = r->job_id;
    part.duplicate = r->duplicate;
    sha256 = r->sha256;
  }
  MailAttachmentLink link{a.path, part.document_id, sha256, part.filename, a.content_type, part.size, part.note};
  if (auto s = LinkMailAttachment(db, message_row, link); !s) return s.error();
  return part;
}

}  // namespace

std::vector<long long> MailIngestReceipt::JobIds() const {
  std::vector<long long> ids;
  for (const auto& p : parts)
    if (p.job_id > 0 && std::find(ids.begin(), ids.end(), p.job_id) == ids.end()) ids.push_back(p.job_id);
  return ids;
}

Result<MailIngestReceipt> IngestMessage(Db& db, const BlobStore& blobs, std::string_view bytes,
                                        const std::string& account, const MailIngestOptions& o) {
  auto parsed = ParseMimeMessage(bytes, o.mail);
  // Too large to keep: refuse before storing anything.
  if (!parsed && bytes.size() > o.mail.limits.max_message_bytes) return parsed.error();
  auto sha = blobs.Put(bytes);
  if (!sha) return sha.error();
  MailProvenance provenance = parsed ? parsed->provenance : MailProvenance{};
  auto row = BeginMailMessage(db, RowFor(*sha, bytes.size(), account, provenance));
  if (!row) return row.error();
  if (!parsed) {
    if (auto s = FailMailMessage(db, row->id, parsed.error().message); !s) return s.error();
    return parsed.error();
  }
  MailIngestReceipt receipt;
  receipt.mail_message_id = row->id;
  receipt.duplicate = row->state == "done";
  receipt.provenance = provenance;
  for (const auto& a : parsed->attachments) {
    if (o.exclude) {
      if (std::string why = o.exclude(a); !why.empty()) {
        receipt.excluded.push_back(a.path + " (" + a.sanitized_filename + "): " + why);
        continue;
      }
    }
    auto part = StorePart(db, blobs, row->id, account, provenance, a, o);
    if (!part) return part.error();  // stays 'receiving'; ingesting again completes it
    receipt.parts.push_back(std::move(*part));
  }
  if (auto s = FinishMailMessage(db, row->id, static_cast<int>(receipt.parts.size())); !s) return s.error();
  return receipt;
}

Result<MailIngestReceipt> IngestMessagePath(Db& db, const BlobStore& blobs, const std::string& path,
                                            const std::string& account, const MailIngestOptions& o) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Permanent("cannot read " + path);
  if (!S_ISREG(st.st_mode)) return Permanent("not a regular file: " + path);
  if (static_cast<unsigned long long>(st.st_size) > o.mail.limits.max_message_bytes)
    return Permanent("message too large: " + std::to_string(st.st_size) + " bytes (limit " +
                     std::to_string(o.mail.limits.max_message_bytes) + ")");
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.error();
  return IngestMessage(db, blobs, *bytes, account, o);
}

std::function<Result<std::vector<long long>>(const std::string& path)> InboxMessageIngester(
    Db& db, const BlobStore& blobs, MailIngestOptions options) {
  return [&db, &blobs, options](const std::string& path) -> Result<std::vector<long long>> {
    auto r = IngestMessagePath(db, blobs, path, "inbox", options);
    if (!r) return r.error();
    std::vector<long long> jobs = r->JobIds();
    if (jobs.empty()) {
      std::string why = "message has no attachment to make a document of";
      for (const auto& p : r->parts)
        if (!p.note.empty()) why += "; part " + p.path + " (" + p.filename + "): " + p.note;
      return Permanent(why);
    }
    return jobs;
  };
}

}  // namespace docflow::mail
