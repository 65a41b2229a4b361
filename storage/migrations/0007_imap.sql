-- 0007_imap: what the IMAP poller (pipeline/mail/imap_poller.h,
-- storage/imap_state.h) remembers of each mailbox, so that nothing is
-- downloaded twice.
--
-- imap_folders: one row per (account, folder). last_uid is a watermark:
-- every message with a UID <= last_uid under this uidvalidity is finished
-- (stored and its after-action done, skipped by the rules, or failed for
-- good). When the server reports another UIDVALIDITY the row is reset to
-- last_uid 0 and the folder is read again: messages already received are then
-- recognised by Message-ID and size (or, once downloaded, by their SHA-256 in
-- mail_messages), so nothing is ingested twice.

CREATE TABLE imap_folders (
  account      text        NOT NULL,
  folder       text        NOT NULL,
  uidvalidity  bigint      NOT NULL CHECK (uidvalidity > 0),
  last_uid     bigint      NOT NULL DEFAULT 0 CHECK (last_uid >= 0),
  last_poll_at timestamptz,
  last_error   text,                        -- of the last pass over the folder; NULL when it went well
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, folder)
);

-- Messages above the watermark that were looked at, and every message that
-- was stored or failed (kept as the record of where a mail_messages row came
-- from). 'skipped' rows at or below the watermark are deleted.
--   retry    a transient error (server, database): tried again on the next pass
--   stored   every attachment stored (mail_messages 'done'); the after-action is pending
--   done     stored and the after-action done
--   skipped  no attachment matches the account's rules (not downloaded, or nothing matched)
--   failed   permanent: unreadable message, too large, or too many attempts
CREATE TABLE imap_messages (
  account         text        NOT NULL,
  folder          text        NOT NULL,
  uidvalidity     bigint      NOT NULL,
  uid             bigint      NOT NULL CHECK (uid > 0),
  state           text        NOT NULL CHECK (state IN ('retry', 'stored', 'done', 'skipped', 'failed')),
  attempts        int         NOT NULL DEFAULT 0,
  mail_message_id bigint      REFERENCES mail_messages(id) ON DELETE SET NULL,
  message_id      text,                     -- Message-ID header, without <>
  size            bigint,                   -- RFC822.SIZE
  note            text,                     -- why skipped, or the last error
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, folder, uidvalidity, uid)
);
CREATE INDEX imap_messages_pending ON imap_messages (account, folder) WHERE state IN ('retry', 'stored');
CREATE INDEX mail_messages_account_message_id ON mail_messages (account, message_id, size) WHERE state = 'done';
