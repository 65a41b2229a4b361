-- 0004_mail: e-mail messages whose attachments became documents
-- (pipeline/mail/mail_ingest.h, storage/mail_messages.h). The raw message is
-- kept in the blob store under sha256. A message is 'receiving' while its
-- attachments are being stored and 'done' only once every attachment is
-- stored (blob, document and job rows) and linked below; 'failed' when the
-- message itself could not be read (error says why).

CREATE TABLE mail_messages (
  id               bigserial   PRIMARY KEY,
  sha256           text        NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size             bigint      NOT NULL CHECK (size >= 0),
  account          text        NOT NULL,    -- where it came from: inbox (watched folder), later an IMAP account
  message_id       text,                    -- Message-ID header, without <>
  from_addr        text,                    -- decoded display form
  to_addr          text,
  subject          text,
  sent_at          timestamptz,             -- Date header
  state            text        NOT NULL DEFAULT 'receiving' CHECK (state IN ('receiving', 'done', 'failed')),
  attachment_count int,
  error            text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_messages_message_id ON mail_messages (message_id);

-- Each attachment of a message and the document it became: the provenance
-- link of a document (also when its bytes arrived before, by another way).
-- document_id is NULL for a part recorded as unsupported (winmail.dat); its
-- bytes are in the blob store all the same.
CREATE TABLE mail_attachments (
  mail_message_id bigint NOT NULL REFERENCES mail_messages(id) ON DELETE CASCADE,
  part_path       text   NOT NULL,          -- pipeline/mail/mime_message.h
  document_id     bigint REFERENCES documents(id) ON DELETE SET NULL,
  sha256          text   NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  filename        text   NOT NULL,          -- sanitised
  content_type    text   NOT NULL,
  size            bigint NOT NULL CHECK (size >= 0),
  note            text,
  PRIMARY KEY (mail_message_id, part_path)
);
CREATE INDEX mail_attachments_document ON mail_attachments (document_id);
