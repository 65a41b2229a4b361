// IMAP poller state; see imap_state.h.
#include "storage/imap_state.h"

#include <optional>

#include "storage/db_internal.h"

namespace docflow {
using storage_internal::Transact;

namespace {
std::optional<std::string> Opt(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

ImapMessageRecord RecordOf(const pqxx::row& row) {
  ImapMessageRecord r;
  r.uid = row[0].as<long long>();
  r.state = row[1].as<std::string>();
  r.attempts = row[2].as<int>();
  r.mail_message_id = row[3].is_null() ? 0 : row[3].as<long long>();
  r.message_id = row[4].is_null() ? "" : row[4].as<std::string>();
  r.size = row[5].is_null() ? 0 : row[5].as<long long>();
  r.note = row[6].is_null() ? "" : row[6].as<std::string>();
  return r;
}

constexpr const char* kMessageColumns = "uid, state, attempts, mail_message_id, message_id, size, note";
}  // namespace

Result<ImapFolderState> LoadImapFolder(Db& db, const std::string& account, const std::string& folder) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec_params("SELECT uidvalidity, last_uid FROM imap_folders WHERE account = $1 AND folder = $2",
                           account, folder);
    ImapFolderState s;
    if (r.empty()) return s;
    s.exists = true;
    s.uidvalidity = r[0][0].as<long long>();
    s.last_uid = r[0][1].as<long long>();
    return s;
  });
}

Status ResetImapFolder(Db& db, const std::string& account, const std::string& folder, long long uidvalidity) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params(
        "INSERT INTO imap_folders(account, folder, uidvalidity, last_uid) VALUES ($1, $2, $3, 0)"
        " ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = EXCLUDED.uidvalidity, last_uid = 0,"
        " updated_at = now()",
        account, folder, uidvalidity);
    w.exec_params("DELETE FROM imap_messages WHERE account = $1 AND folder = $2 AND uidvalidity <> $3", account,
                  folder, uidvalidity);
  });
}

Status AdvanceImapFolder(Db& db, const std::string& account, const std::string& folder, long long uidvalidity,
                         long long last_uid, const std::string& error) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params(
        "UPDATE imap_folders SET last_uid = greatest(last_uid, $4), last_poll_at = now(), last_error = $5,"
        " updated_at = now() WHERE account = $1 AND folder = $2 AND uidvalidity = $3",
        account, folder, uidvalidity, last_uid, Opt(error));
    w.exec_params(
        "DELETE FROM imap_messages WHERE account = $1 AND folder = $2 AND uidvalidity = $3 AND uid <= $4"
        " AND state = 'skipped'",
        account, folder, uidvalidity, last_uid);
  });
}

Status RecordImapFolderError(Db& db, const std::string& account, const std::string& folder,
                             const std::string& error) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec_params(
        "UPDATE imap_folders SET last_poll_at = now(), last_error = $3, updated_at = now()"
        " WHERE account = $1 AND folder = $2",
        account, folder, error);
  });
}

Result<std::map<long long, ImapMessageRecord>> ImapMessagesAbove(Db& db, const std::string& account,
                                                                 const std::string& folder, long long uidvalidity,
                                                                 long long above) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec_params(std::string("SELECT ") + kMessageColumns +
                               " FROM imap_messages WHERE account = $1 AND folder = $2 AND uidvalidity = $3"
                               " AND uid > $4 ORDER BY uid",
                           account, folder, uidvalidity, above);
    std::map<long long, ImapMessageRecord> out;
    for (const auto& row : r) {
      ImapMessageRecord rec = RecordOf(row);
      out[rec.uid] = rec;
    }
    return out;
  });
}

Result<std::vector<ImapMessageRecord>> ImapMessagesStored(Db& db, const std::string& account,
                                                          const std::string& folder, long long uidvalidity) {
  return Transact(db, [&](pqxx::work& w) {
    auto r = w.exec_params(std::string("SELECT ") + kMessageColumns +
                               " FROM imap_messages WHERE account = $1 AND folder = $2 AND uidvalidity = $3"
                               " AND state = 'stored' ORDER BY uid",
                           account, folder, uidvalidity);
    std::vector<ImapMessageRecord> out;
    for (const auto& row : r) out.push_back(RecordOf(row));
    return out;
  });
}

Status RecordImapMessage(Db& db, const std::string& account, const std::string& folder, long long uidvalidity,
                         const ImapMessageRecord& m) {
  return Transact(db, [&](pqxx::work& w) {
    std::optional<long long> mail_message;
    if (m.mail_message_id > 0) mail_message = m.mail_message_id;
    std::optional<long long> size;
    if (m.size > 0) size = m.size;
    w.exec_params(
        "INSERT INTO imap_messages(account, folder, uidvalidity, uid, state, attempts, mail_message_id, message_id,"
        " size, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        " ON CONFLICT (account, folder, uidvalidity, uid) DO UPDATE SET state = EXCLUDED.state,"
        " attempts = EXCLUDED.attempts, mail_message_id = coalesce(EXCLUDED.mail_message_id,"
        " imap_messages.mail_message_id), message_id = coalesce(EXCLUDED.message_id, imap_messages.message_id),"
        " size = coalesce(EXCLUDED.size, imap_messages.size), note = EXCLUDED.note, updated_at = now()",
        account, folder, uidvalidity, m.uid, m.state, m.attempts, mail_message, Opt(m.message_id), size,
        Opt(m.note));
  });
}

Result<long long> FindDoneMailMessage(Db& db, const std::string& account, const std::string& message_id,
                                      long long size) {
  return Transact(db, [&](pqxx::work& w) -> long long {
    if (message_id.empty()) return 0;
    auto r = w.exec_params(
        "SELECT id FROM mail_messages WHERE account = $1 AND message_id = $2 AND size = $3 AND state = 'done'"
        " ORDER BY id LIMIT 1",
        account, message_id, size);
    return r.empty() ? 0 : r[0][0].as<long long>();
  });
}

}  // namespace docflow
