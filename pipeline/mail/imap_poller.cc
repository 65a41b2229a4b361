// ImapPoller; see imap_poller.h for the contract.
#include "pipeline/mail/imap_poller.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <map>
#include <memory>
#include <thread>

#include <spdlog/spdlog.h>

#include "storage/imap_state.h"

namespace docflow::mail {
namespace {

using Clock = std::chrono::steady_clock;

bool Final(const std::string& state) {
  return state == "done" || state == "stored" || state == "skipped" || state == "failed";
}

std::string Join(const std::vector<std::string>& items, size_t max_items = 5) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) s += (i ? "; " : "") + items[i];
  if (items.size() > max_items) s += "; ... (" + std::to_string(items.size() - max_items) + " more)";
  return s;
}

std::string DisplayName(const MailAttachment& a) { return a.filename.empty() ? a.sanitized_filename : a.filename; }

}  // namespace

nlohmann::json ImapFolderReport::ToJson() const {
  return {{"account", account},
          {"folder", folder},
          {"uidvalidity", uidvalidity},
          {"last_uid", last_uid},
          {"uidvalidity_changed", uidvalidity_changed},
          {"examined", examined},
          {"downloaded", downloaded},
          {"stored", stored},
          {"already_received", already_received},
          {"skipped", skipped},
          {"failed", failed},
          {"retry", retry},
          {"after_actions", after_actions},
          {"job_ids", job_ids},
          {"error", error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error)},
          {"problems", problems}};
}

ImapPoller::ImapPoller(Db& db, const BlobStore& blobs, ImapAccount account, ImapPollOptions options)
    : db_(db), blobs_(blobs), account_(std::move(account)), options_(std::move(options)), client_(account_.server) {}

std::vector<ImapFolderReport> ImapPoller::PollOnce() {
  std::vector<ImapFolderReport> out;
  for (const auto& folder : account_.folders) out.push_back(PollFolder(folder));
  return out;
}

Status ImapPoller::AfterAction(const std::string& folder, long long uid) {
  switch (account_.after) {
    case ImapAccount::After::kSeen:
      return client_.StoreFlag(folder, uid, "\\Seen", true);
    case ImapAccount::After::kMove:
      return client_.Move(folder, uid, account_.move_to);
    case ImapAccount::After::kLeave:
      return Ok();
  }
  return Ok();
}

ImapFolderReport ImapPoller::PollFolder(const std::string& folder) {
  ImapFolderReport rep;
  rep.account = account_.name;
  rep.folder = folder;
  const std::string where = "mail " + account_.name + "/" + folder;
  auto fail = [&](const std::string& error) {
    rep.error = error;
    spdlog::warn("{}: {}", where, error);
    if (auto s = RecordImapFolderError(db_, account_.name, folder, error); !s)
      spdlog::warn("{}: cannot record the error: {}", where, s.error().message);
    return rep;
  };

  auto status = client_.MailboxStatus(folder);
  if (!status) return fail(status.error().message);
  rep.uidvalidity = status->uidvalidity;
  auto state = LoadImapFolder(db_, account_.name, folder);
  if (!state) return fail(state.error().message);
  long long last_uid = state->last_uid;
  if (!state->exists || state->uidvalidity != status->uidvalidity) {
    if (state->exists) {
      rep.uidvalidity_changed = true;
      spdlog::warn(
          "{}: UIDVALIDITY changed from {} to {}: reading the folder again (messages already received are "
          "recognised and not ingested twice)",
          where, state->uidvalidity, status->uidvalidity);
    }
    if (auto s = ResetImapFolder(db_, account_.name, folder, status->uidvalidity); !s) return fail(s.error().message);
    last_uid = 0;
  }
  const long long uidvalidity = status->uidvalidity;

  // After-actions left over from an earlier pass.
  auto pending = ImapMessagesStored(db_, account_.name, folder, uidvalidity);
  if (!pending) return fail(pending.error().message);
  for (auto rec : *pending) {
    if (auto s = AfterAction(folder, rec.uid); !s) {
      rep.problems.push_back("uid " + std::to_string(rec.uid) + ": after-action " + AfterText(account_) +
                             " failed: " + s.error().message);
      continue;
    }
    rec.state = "done";
    rec.note.clear();
    if (auto s = RecordImapMessage(db_, account_.name, folder, uidvalidity, rec); !s) return fail(s.error().message);
    ++rep.after_actions;
  }

  if (status->uidnext > 0 && status->uidnext - 1 <= last_uid) {
    rep.last_uid = last_uid;
    if (auto s = AdvanceImapFolder(db_, account_.name, folder, uidvalidity, last_uid, Join(rep.problems)); !s)
      return fail(s.error().message);
    return rep;
  }

  auto uids = client_.SearchFrom(folder, last_uid + 1);
  if (!uids) return fail(uids.error().message);
  auto known = ImapMessagesAbove(db_, account_.name, folder, uidvalidity, last_uid);
  if (!known) return fail(known.error().message);
  std::map<long long, std::string> states;
  std::map<long long, int> attempts;
  std::vector<long long> todo;
  for (long long uid : *uids) {
    auto it = known->find(uid);
    if (it != known->end() && it->second.state != "retry") {
      states[uid] = it->second.state;
      continue;
    }
    todo.push_back(uid);
    attempts[uid] = it == known->end() ? 0 : it->second.attempts;
  }
  if (!todo.empty()) {
    auto infos = client_.FetchInfo(folder, todo);
    if (!infos) return fail(infos.error().message);
    std::map<long long, const ImapMessageInfo*> by_uid;
    for (const auto& i : *infos) by_uid[i.uid] = &i;
    for (long long uid : todo) {
      auto it = by_uid.find(uid);
      if (it == by_uid.end()) {  // expunged since the SEARCH
        ImapMessageRecord rec;
        rec.uid = uid;
        rec.state = "skipped";
        rec.note = "gone before it could be read";
        if (auto s = RecordImapMessage(db_, account_.name, folder, uidvalidity, rec); !s) return fail(s.error().message);
        states[uid] = rec.state;
        continue;
      }
      ++rep.examined;
      states[uid] = ProcessMessage(folder, uidvalidity, *it->second, attempts[uid], rep);
    }
  }

  long long new_last = last_uid;
  bool all_final = true;
  for (long long uid : *uids) {
    if (!Final(states[uid])) {
      all_final = false;
      break;
    }
    new_last = uid;
  }
  // Every UID below UIDNEXT that the SEARCH did not return is expunged (or
  // flagged \Deleted): nothing to wait for.
  if (all_final && status->uidnext > 1) new_last = std::max(new_last, status->uidnext - 1);
  rep.last_uid = new_last;
  std::string error = rep.problems.empty() ? "" : Join(rep.problems);
  if (auto s = AdvanceImapFolder(db_, account_.name, folder, uidvalidity, new_last, error); !s)
    return fail(s.error().message);
  if (rep.downloaded || rep.stored || rep.failed || rep.retry || rep.uidvalidity_changed)
    spdlog::info("{}: {} examined, {} downloaded, {} stored ({} already received), {} skipped, {} failed, {} to retry; "
                 "last uid {}",
                 where, rep.examined, rep.downloaded, rep.stored, rep.already_received, rep.skipped, rep.failed,
                 rep.retry, rep.last_uid);
  return rep;
}

std::string ImapPoller::ProcessMessage(const std::string& folder, long long uidvalidity, const ImapMessageInfo& info,
                                       int attempts, ImapFolderReport& rep) {
  const std::string where = "mail " + account_.name + "/" + folder + " uid " + std::to_string(info.uid);
  const ImapRules& rules = account_.rules;
  ImapMessageRecord rec;
  rec.uid = info.uid;
  rec.size = info.size;
  rec.attempts = attempts;
  auto record = [&](const std::string& state, const std::string& note) -> std::string {
    rec.state = state;
    rec.note = note;
    if (auto s = RecordImapMessage(db_, account_.name, folder, uidvalidity, rec); !s) {
      rep.problems.push_back("uid " + std::to_string(info.uid) + ": cannot record it: " + s.error().message);
      ++rep.retry;
      return "retry";  // not recorded: looked at again next pass
    }
    if (state == "skipped") ++rep.skipped;
    if (state == "failed") ++rep.failed;
    if (state == "retry") ++rep.retry;
    if (state == "failed" || state == "retry") {
      rep.problems.push_back("uid " + std::to_string(info.uid) + ": " + note);
      spdlog::warn("{}{}: {}", where, rec.message_id.empty() ? "" : " <" + rec.message_id + ">", note);
    }
    return state;
  };
  auto retry_or_fail = [&](const Error& e) {
    if (!e.retryable) return record("failed", e.message);
    rec.attempts = attempts + 1;
    if (rec.attempts >= options_.max_attempts)
      return record("failed", "gave up after " + std::to_string(rec.attempts) + " attempts: " + e.message);
    return record("retry", e.message);
  };
  auto after_stored = [&](const std::string& note) {
    std::string state = record("stored", note);
    if (state != "stored") return state;
    if (auto s = AfterAction(folder, info.uid); !s) {
      rep.problems.push_back("uid " + std::to_string(info.uid) + ": after-action " + AfterText(account_) +
                             " failed (tried again next pass): " + s.error().message);
      return state;
    }
    ++rep.after_actions;
    return record("done", note);
  };

  MailOptions mail_options = options_.ingest.mail;
  mail_options.include_inline_images = rules.inline_images;

  // The rules, on the skeleton of the message (no body downloaded).
  bool know_provenance = false;
  MailProvenance provenance;
  if (info.has_structure) {
    MailOptions skeleton_options = mail_options;
    skeleton_options.decode_uuencode = false;
    auto skeleton = ParseMimeMessage(SkeletonMessage(info.header_fields, info.structure), skeleton_options);
    if (skeleton) {
      provenance = skeleton->provenance;
      know_provenance = true;
      rec.message_id = provenance.message_id;
      if (std::string why = MessageRejection(rules, provenance); !why.empty()) return record("skipped", why);
      auto sizes = LeafSizes(info.structure);
      int candidates = 0;
      std::vector<std::string> reasons;
      for (const auto& a : skeleton->attachments) {
        if (a.unsupported) {
          reasons.push_back(a.sanitized_filename + ": " + a.note);
          continue;
        }
        long long size = sizes.count(a.path) ? sizes[a.path] : LLONG_MAX;  // encoded size >= decoded size
        if (std::string why = AttachmentRejection(rules, DisplayName(a), size); !why.empty()) {
          reasons.push_back(a.sanitized_filename + ": " + why);
          continue;
        }
        ++candidates;
      }
      if (candidates == 0 && !HasOpaqueContent(info.structure, options_.uuencode_probe_bytes))
        return record("skipped", reasons.empty() ? "no attachment" : "no attachment matches: " + Join(reasons));
    }
  }
  if (!know_provenance && !info.header_fields.empty()) {
    if (auto h = ParseMimeMessage(info.header_fields, mail_options); h) {
      provenance = h->provenance;
      know_provenance = true;
      rec.message_id = provenance.message_id;
      if (std::string why = MessageRejection(rules, provenance); !why.empty()) return record("skipped", why);
    }
  }

  // Received before (another folder, a UIDVALIDITY change): not downloaded again.
  if (!rec.message_id.empty() && info.size > 0) {
    auto known = FindDoneMailMessage(db_, account_.name, rec.message_id, info.size);
    if (!known) return retry_or_fail(known.error());
    if (*known > 0) {
      rec.mail_message_id = *known;
      ++rep.stored;
      ++rep.already_received;
      return after_stored("already received as mail message " + std::to_string(*known) +
                          " (same Message-ID and size)");
    }
  }
  const size_t max_bytes = options_.ingest.mail.limits.max_message_bytes;
  if (info.size > 0 && static_cast<unsigned long long>(info.size) > max_bytes)
    return record("failed", "message too large: " + std::to_string(info.size) + " bytes (limit " +
                                std::to_string(max_bytes) + ")");

  bool gone = false;
  auto bytes = client_.FetchMessage(folder, uidvalidity, info.uid, max_bytes, &gone);
  if (gone) return record("skipped", "gone before it could be downloaded");
  if (!info.HasFlag("\\Seen") && account_.after != ImapAccount::After::kSeen) {
    // BODY[] set \Seen: leave the message as it was.
    if (auto s = client_.StoreFlag(folder, info.uid, "\\Seen", false); !s)
      rep.problems.push_back("uid " + std::to_string(info.uid) + ": cannot clear \\Seen: " + s.error().message);
  }
  if (!bytes) return retry_or_fail(bytes.error());
  ++rep.downloaded;

  if (!know_provenance) {
    if (auto parsed = ParseMimeMessage(*bytes, mail_options); parsed) {
      rec.message_id = parsed->provenance.message_id;
      if (std::string why = MessageRejection(rules, parsed->provenance); !why.empty())
        return record("skipped", why);
    }
  }

  MailIngestOptions ingest = options_.ingest;
  ingest.mail = mail_options;
  ingest.exclude = [rules](const MailAttachment& a) {
    return AttachmentRejection(rules, DisplayName(a), static_cast<long long>(a.size()));
  };
  ingest.detail = {{"imap_folder", folder}, {"imap_uid", info.uid}, {"imap_uidvalidity", uidvalidity}};
  auto receipt = IngestMessage(db_, blobs_, *bytes, account_.name, ingest);
  if (!receipt) return retry_or_fail(receipt.error());
  rec.mail_message_id = receipt->mail_message_id;
  if (rec.message_id.empty()) rec.message_id = receipt->provenance.message_id;
  auto jobs = receipt->JobIds();
  if (jobs.empty()) {
    std::vector<std::string> reasons = receipt->excluded;
    for (const auto& p : receipt->parts)
      if (!p.note.empty()) reasons.push_back(p.filename + ": " + p.note);
    return record("skipped", reasons.empty() ? "downloaded: no attachment"
                                              : "downloaded: no attachment matches: " + Join(reasons));
  }
  ++rep.stored;
  rep.job_ids.insert(rep.job_ids.end(), jobs.begin(), jobs.end());
  spdlog::info("{}{}: {} attachment(s) stored as mail message {} (jobs {}{}){}", where,
               rec.message_id.empty() ? "" : " <" + rec.message_id + ">", jobs.size(), receipt->mail_message_id,
               jobs.front(), jobs.size() > 1 ? "..." + std::to_string(jobs.back()) : "",
               receipt->excluded.empty() ? "" : ", " + std::to_string(receipt->excluded.size()) + " left out by the rules");
  return after_stored(receipt->excluded.empty() ? "" : "left out: " + Join(receipt->excluded));
}

Status RunImapWatch(Db& db, const BlobStore& blobs, std::vector<ImapAccount> accounts, ImapPollOptions options,
                    const std::atomic<bool>& stop) {
  struct Slot {
    ImapAccount account;
    std::unique_ptr<ImapPoller> poller;
    Clock::time_point due;
    int failures = 0;
  };
  std::vector<Slot> slots;
  for (auto& a : accounts) slots.push_back(Slot{std::move(a), nullptr, Clock::now(), 0});
  for (const auto& s : slots)
    spdlog::info("mail {}: {} folder(s) of {} every {} s, after: {}{}", s.account.name, s.account.folders.size(),
                 s.account.server.url, s.account.poll_seconds, AfterText(s.account),
                 s.account.server.url.rfind("imap://", 0) == 0 && !s.account.server.starttls
                     ? " (WARNING: no TLS: set starttls: true or use imaps://)"
                     : "");
  while (!stop.load()) {
    auto now = Clock::now();
    for (auto& s : slots) {
      if (stop.load()) break;
      if (now < s.due) continue;
      std::chrono::seconds wait(s.account.poll_seconds);
      if (!s.poller) {
        if (auto p = ResolvePassword(s.account); !p) {
          spdlog::warn("{}", p.error().message);
          s.due = Clock::now() + wait;
          continue;
        }
        s.poller = std::make_unique<ImapPoller>(db, blobs, s.account, options);
      }
      bool failed = false;
      for (const auto& r : s.poller->PollOnce()) failed = failed || !r.error.empty();
      if (failed) {
        s.failures = std::min(s.failures + 1, 16);
        wait = std::min<std::chrono::seconds>(wait * (1LL << std::min(s.failures, 10)), std::chrono::minutes(15));
        wait = std::max(wait, std::chrono::seconds(s.account.poll_seconds));
      } else {
        s.failures = 0;
      }
      s.due = Clock::now() + wait;
    }
    auto next = Clock::now() + std::chrono::seconds(1);
    for (const auto& s : slots) next = std::min(next, s.due);
    while (!stop.load() && Clock::now() < next) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Ok();
}

}  // namespace docflow::mail
