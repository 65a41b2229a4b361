-- 0001_backbone: documents, the job queue, stage results, pages, fields,
-- the first business records and the events outbox.
-- Applied once by `docflow migrate` (storage/migrator.cc), inside one
-- transaction, and recorded in schema_migrations.

CREATE TABLE documents (
  id            bigserial PRIMARY KEY,
  sha256        text        NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size          bigint      NOT NULL CHECK (size >= 0),
  filename      text        NOT NULL,          -- sanitised original name, display only
  source        text        NOT NULL,          -- inbox | cli | http | mail
  source_detail jsonb       NOT NULL DEFAULT '{}'::jsonb,
  mime          text,
  page_count    int,
  class         text CHECK (class IN ('invoice', 'contract', 'contact', 'other')),
  class_confidence double precision,
  class_subtype text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
  id               bigserial PRIMARY KEY,
  document_id      bigint      NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  state            text        NOT NULL DEFAULT 'queued' CHECK (state IN
                     ('queued', 'preprocessing', 'ocr', 'classifying', 'extracting',
                      'storing', 'done', 'failed')),
  attempts         int         NOT NULL DEFAULT 0,   -- dispatches of the current stage
  max_attempts     int         NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  lease_owner      text,                             -- worker identity holding the job
  lease_token      bigint      NOT NULL DEFAULT 0,   -- bumped at each dispatch; stale results are refused
  lease_expires_at timestamptz,                      -- NULL: not leased
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX jobs_runnable ON jobs (state, id) WHERE state NOT IN ('done', 'failed');
CREATE INDEX jobs_document ON jobs (document_id);

-- Every state change of a job, for `docflow status ID`.
CREATE TABLE job_events (
  id       bigserial PRIMARY KEY,
  job_id   bigint      NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  at       timestamptz NOT NULL DEFAULT now(),
  state    text        NOT NULL,
  attempt  int         NOT NULL DEFAULT 0,
  message  text
);
CREATE INDEX job_events_job ON job_events (job_id, id);

-- The output of each completed stage; a re-run replaces its row.
CREATE TABLE stage_results (
  job_id     bigint      NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  stage      text        NOT NULL CHECK (stage IN ('preprocess', 'ocr', 'classify', 'extract', 'store')),
  result     jsonb       NOT NULL,
  worker     text,
  elapsed_ms double precision,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, stage)
);

CREATE TABLE pages (
  document_id     bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  page_no         int    NOT NULL CHECK (page_no >= 0),
  source          text   NOT NULL,              -- text-layer | ocr
  text            text   NOT NULL,
  mean_confidence double precision,
  words           jsonb  NOT NULL DEFAULT '[]'::jsonb,
  width           int,
  height          int,
  dpi             int,
  image_sha256    text,
  preprocess      jsonb  NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (document_id, page_no)
);

CREATE TABLE document_fields (
  document_id       bigint NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  name              text   NOT NULL,
  value             jsonb  NOT NULL,
  confidence        double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  page              int,
  bbox              int[],                       -- x, y, w, h in page pixels
  method            text   NOT NULL,
  extractor_version text   NOT NULL,
  PRIMARY KEY (document_id, name)
);

CREATE TABLE invoices (
  id             bigserial PRIMARY KEY,
  document_id    bigint NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
  invoice_number text,
  issue_date     date,
  due_date       date,
  currency       char(3),
  total_gross    numeric(16, 2),
  supplier_name  text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contracts (
  id              bigserial PRIMARY KEY,
  document_id     bigint NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
  title           text,
  parties         jsonb NOT NULL DEFAULT '[]'::jsonb,
  agreement_date  date,
  effective_date  date,
  expiration_date date,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
  id                 bigserial PRIMARY KEY,
  source_document_id bigint UNIQUE REFERENCES documents(id) ON DELETE SET NULL,
  full_name          text,
  company            text,
  job_title          text,
  email              text,
  phone              text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Outbox for the business flows: written in the same transaction as the
-- record it announces; one row per (document, topic), replaced on re-run.
CREATE TABLE events (
  id           bigserial PRIMARY KEY,
  topic        text        NOT NULL,              -- e.g. invoices.create
  document_id  bigint      REFERENCES documents(id) ON DELETE CASCADE,
  record_table text,
  record_id    bigint,
  payload      jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  UNIQUE (document_id, topic)
);
CREATE INDEX events_pending ON events (id) WHERE processed_at IS NULL;
