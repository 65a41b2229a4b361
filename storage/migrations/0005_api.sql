-- 0005_api: what the HTTP API needs (pipeline/http/, storage/api_tokens.h,
-- storage/idempotency.h, storage/document_queries.h,
-- storage/field_corrections.h, storage/live_workers.h):
--  - api_tokens: bearer tokens, stored as SHA-256 hashes only;
--  - idempotency_keys: an upload's answer, replayed for the same key and token;
--  - field_corrections: the audit trail of fields corrected by hand;
--  - documents.search: full-text search over the pages' text, French and
--    English at once, kept up to date by a trigger when the store stage
--    finishes a job (so storage/store_document.cc needs no change);
--  - live_workers: the broker's view of its live workers, for /metrics.

CREATE TABLE api_tokens (
  id           bigserial   PRIMARY KEY,
  name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  lookup       text        NOT NULL UNIQUE,   -- the token's public prefix, to find its row
  sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),  -- of the whole token
  scopes       text[]      NOT NULL CHECK (scopes <@ ARRAY['read', 'upload', 'admin']::text[]),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked      boolean     NOT NULL DEFAULT false,
  revoked_at   timestamptz
);
-- One live token per name; revoked ones stay for the record.
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE NOT revoked;

-- An upload with an Idempotency-Key: claimed before the work (response NULL
-- while in progress), then the answer it got. The same key from the same
-- token gets the same answer; the fingerprint (the files' hashes, names and
-- options) must match.
CREATE TABLE idempotency_keys (
  token_id    bigint      NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
  key         text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  fingerprint text        NOT NULL,
  status      int,
  response    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (token_id, key)
);

-- Every correction of a field by hand: who (the token's name), when, the
-- value before and after.
CREATE TABLE field_corrections (
  id          bigserial   PRIMARY KEY,
  document_id bigint      NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  field       text        NOT NULL,
  old_value   jsonb,                      -- NULL: the field did not exist
  new_value   jsonb       NOT NULL,
  who         text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX field_corrections_document ON field_corrections (document_id, id);

-- Full-text search: one tsvector per document over the text of all its pages,
-- with the French and the English configuration (stems of both languages).
ALTER TABLE documents ADD COLUMN search tsvector;
CREATE INDEX documents_search ON documents USING gin (search);
CREATE INDEX documents_class ON documents (class, id);

CREATE FUNCTION docflow_document_search(doc bigint) RETURNS tsvector
LANGUAGE plpgsql STABLE AS $$
DECLARE
  body text;
BEGIN
  SELECT string_agg(text, E'\n' ORDER BY page_no) INTO body FROM pages WHERE document_id = doc;
  IF body IS NULL THEN
    RETURN NULL;
  END IF;
  -- A tsvector holds at most 1 MB: very long documents are indexed by their start.
  body := left(body, 1000000);
  BEGIN
    RETURN to_tsvector('french', body) || to_tsvector('english', body);
  EXCEPTION WHEN program_limit_exceeded THEN
    RETURN to_tsvector('french', left(body, 100000)) || to_tsvector('english', left(body, 100000));
  END;
END;
$$;

-- The store stage writes the pages and sets the job to 'done' in one
-- transaction; the document's search vector is recomputed then, once.
CREATE FUNCTION docflow_jobs_done_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE documents SET search = docflow_document_search(NEW.document_id) WHERE id = NEW.document_id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER jobs_done_search AFTER UPDATE OF state ON jobs
  FOR EACH ROW WHEN (NEW.state = 'done') EXECUTE FUNCTION docflow_jobs_done_search();

UPDATE documents d SET search = docflow_document_search(d.id)
  WHERE EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id);

-- The broker's live workers (and one row for itself, stage 'broker'),
-- replaced every few seconds; a row older than a few heartbeats is stale.
CREATE TABLE live_workers (
  worker_id text        PRIMARY KEY,
  stage     text        NOT NULL,
  busy      boolean     NOT NULL DEFAULT false,
  job_id    bigint,
  seen_at   timestamptz NOT NULL DEFAULT now()
);
