#include "storage/mail_messages.h"

#include "storage/db_internal.h"

namespace docflow {
using storage_internal::Transact;

namespace {
// NULL for "" (optional text columns).
std::optional<std::string> Opt(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}
}  // namespace

Result<MailMessageState> BeginMailMessage(Db& db, const MailMessageRow& row) {
  return Transact(db, [&](pqxx::work& w) -> Result<MailMessageState> {
    auto ins = w.exec_params(
        "INSERT INTO mail_messages(sha256, size, account, message_id, from_addr, to_addr, subject, sent_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz)"
        " ON CONFLICT (sha256) DO NOTHING RETURNING id",
        row.sha256, row.size, row.account, Opt(row.message_id), Opt(row.from), Opt(row.to), Opt(row.subject),
        Opt(row.sent_at));
    if (!ins.empty()) return MailMessageState{ins[0][0].as<long long>(), "receiving", false};
    auto old = w.exec_params(
        "UPDATE mail_messages SET state = CASE WHEN state = 'failed' THEN 'receiving' ELSE state END,"
        " error = CASE WHEN state = 'failed' THEN NULL ELSE error END, updated_at = now()"
        " WHERE sha256 = $1 RETURNING id, state",
        row.sha256);
    if (old.empty()) return Transient("mail message " + row.sha256 + " vanished");
    return MailMessageState{old[0][0].as<long long>(), old[0][1].as<std::string>(), true};
  });
}

Status LinkMailAttachment(Db& db, long long mail_message_id, const MailAttachmentLink& l) {
  return Transact(db, [&](pqxx::work& w) {
    std::optional<long long> document;
    if (l.document_id > 0) document = l.document_id;
    w.exec_params(
        "INSERT INTO mail_attachments(mail_message_id, part_path, document_id, sha256, filename, content_type, size,"
        " note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        " ON CONFLICT (mail_message_id, part_path) DO UPDATE SET document_id = EXCLUDED.document_id,"
        " sha256 = EXCLUDED.sha256, filename = EXCLUDED.filename, content_type = EXCLUDED.content_type,"
        " size = EXCLUDED.size, note = EXCLUDED.note",
        mail_message_id, l.part_path, document, l.sha256, l.filename, l.content_type, l.size, Opt(l.note));
  });
}

Status FinishMailMessage(Db& db, long long mail_message_id, int attachment_count) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params(
        "UPDATE mail_messages SET state = 'done', attachment_count = $2, error = NULL, updated_at = now()"
        " WHERE id = $1",
        mail_message_id, attachment_count);
  });
}

Status FailMailMessage(Db& db, long long mail_message_id, const std::string& error) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params("UPDATE mail_messages SET state = 'failed', error = $2, updated_at = now() WHERE id = $1",
                  mail_message_id, error);
  });
}

Result<std::vector<MailAttachmentLink>> MailAttachmentsOf(Db& db, long long mail_message_id) {
  return Transact(db, [&](pqxx::work& w) -> std::vector<MailAttachmentLink> {
    auto r = w.exec_params(
        "SELECT part_path, coalesce(document_id, 0), sha256, filename, content_type, size, coalesce(note, '')"
        " FROM mail_attachments WHERE mail_message_id = $1 ORDER BY part_path COLLATE \"C\"",
        mail_message_id);
    std::vector<MailAttachmentLink> out;
    for (const auto& row : r)
      out.push_back({row[0].as<std::string>(), row[1].as<long long>(), row[2].as<std::string>(),
                     row[3].as<std::string>(), row[4].as<std::string>(), row[5].as<long long>(),
                     row[6].as<std::string>()});
    return out;
  });
}

}  // namespace docflow
