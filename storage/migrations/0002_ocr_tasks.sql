-- 0002_ocr_tasks: the OCR stage works page by page, so that the pages of one
-- document are recognised in parallel by several OCR workers. A job in state
-- 'ocr' has one task per image page; each task has its own lease. When the
-- last task is done, the pages are merged into stage_results('ocr') and the
-- job moves on (storage/ocr_tasks.cc).

CREATE SEQUENCE ocr_task_tokens;

CREATE TABLE ocr_tasks (
  job_id           bigint      NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  page_index       int         NOT NULL CHECK (page_index >= 0),
  state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
  attempts         int         NOT NULL DEFAULT 0,
  lease_owner      text,
  lease_token      bigint      NOT NULL DEFAULT 0,   -- from ocr_task_tokens: unique across tasks
  lease_expires_at timestamptz,
  last_error       text,
  result           jsonb,                            -- the recognised page
  elapsed_ms       double precision,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, page_index)
);
CREATE INDEX ocr_tasks_pending ON ocr_tasks (job_id, page_index) WHERE state = 'pending';
CREATE UNIQUE INDEX ocr_tasks_token ON ocr_tasks (lease_token) WHERE lease_token > 0;
