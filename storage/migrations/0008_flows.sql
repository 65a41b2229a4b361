-- 0008_flows: the flow engine (flows/, `docflow flows`): runs, their steps,
-- timers (cron schedules, date-relative triggers, scheduled operations),
-- dead letters; the change capture that turns writes to business tables into
-- events; the wake-up of the flow worker.
--
-- Exactly once: one flow_runs row per (workflow, trigger_key). The key names
-- what started the run: 'record:invoices:42:create' (an item created: the
-- store stage's event and the change capture of the same INSERT are one run),
-- 'event:123' (an update or delete), 'timer:7@1767225600000' (a timer firing at
-- that instant), 'webhook:KEY' (the caller's Idempotency-Key), 'manual:UUID',
-- 'flow:RUN:OP:I' (started by an operation of another run).
-- Idempotency keys: incoming ones are the trigger keys above; outgoing ones
-- (HTTP requests, e-mails) are flow_steps.idempotency_key, sent as the
-- Idempotency-Key header / Message-ID, the same on every retry.
-- Applied by storage/migrator.cc in one transaction.

-- ------------------------------------------------------------------ definitions

-- workflows (0006) is filled from flows/*.yaml when the worker starts; a file
-- that is gone disables its flow (rows made otherwise have no source_file).
ALTER TABLE workflows ADD COLUMN source_file text;

-- ------------------------------------------------------------------ events

-- The loop guard: how many flow runs led to this event (0: a document, a
-- person); the run whose write it announces.
ALTER TABLE events
  ADD COLUMN flow_depth  int    NOT NULL DEFAULT 0 CHECK (flow_depth >= 0),
  ADD COLUMN flow_run_id bigint;              -- no FK: runs may be pruned, events stay

-- Wakes `docflow flows` (LISTEN docflow_flows) when events or runs arrive.
CREATE FUNCTION flows_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('docflow_flows', TG_TABLE_NAME);
  RETURN NULL;
END $$;
CREATE TRIGGER events_wake_flows AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION flows_wake();

-- Change capture: every write to a business table that the pipeline did not
-- announce itself becomes an event '<table>.create|update|delete' (a person's
-- edit, the HTTP API, a flow). The store stage (actor 'docflow' or
-- 'docflow:*') writes its own events in its transaction and is skipped here.
-- An UPDATE that changes nothing makes no event (derived columns such as
-- updated_at and manual_fields do not count). payload: {source, actor,
-- changed: [columns], old: {column: old value}} (delete: old is the row).
CREATE FUNCTION flow_capture_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor text := docflow_actor();
  o jsonb;
  changed jsonb;
  row_id bigint;
BEGIN
  IF actor = 'docflow' OR actor LIKE 'docflow:%' THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT jsonb_object_agg(a.key, a.value), jsonb_agg(a.key) INTO o, changed
      FROM jsonb_each(to_jsonb(OLD)) a JOIN jsonb_each(to_jsonb(NEW)) b USING (key)
     WHERE a.value IS DISTINCT FROM b.value
       AND a.key NOT IN ('updated_at', 'search', 'name_key', 'phone_key', 'manual_fields');
    IF o IS NULL THEN RETURN NULL; END IF;
    row_id := NEW.id;
  ELSIF TG_OP = 'INSERT' THEN
    row_id := NEW.id;
  ELSE
    o := to_jsonb(OLD) - 'search';
    row_id := OLD.id;
  END IF;
  INSERT INTO events (topic, record_table, record_id, payload, flow_depth, flow_run_id)
  VALUES (TG_TABLE_NAME || '.' || CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END,
          TG_TABLE_NAME, row_id,
          jsonb_build_object('source', 'capture', 'actor', actor, 'changed', coalesce(changed, '[]'::jsonb),
                             'old', coalesce(o, '{}'::jsonb)),
          coalesce(nullif(current_setting('docflow.flow_depth', true), '')::int, 0),
          nullif(current_setting('docflow.flow_run', true), '')::bigint);
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
      'companies', 'people', 'invoices', 'contracts', 'payments', 'leads', 'opportunities', 'interactions',
      'tasks', 'projects', 'subscriptions', 'planning', 'validation', 'quotes', 'expenses'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                   'EXECUTE FUNCTION flow_capture_change()', t || '_flow_capture', t);
  END LOOP;
END $$;

-- The current row of a record as JSON (NULL when the table or row does not
-- exist), for the trigger data of a run. The table name is checked against
-- the catalogue and quoted with %I; the id is a parameter.
CREATE FUNCTION flow_record_json(p_table text, p_id bigint) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
  r jsonb;
BEGIN
  IF p_table IS NULL OR p_id IS NULL THEN RETURN NULL; END IF;
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = p_table AND column_name = 'id') THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT to_jsonb(t) - ''search'' FROM %I t WHERE id = $1', p_table) INTO r USING p_id;
  RETURN r;
END $$;

-- ------------------------------------------------------------------ runs

CREATE TABLE flow_runs (
  id               bigserial   PRIMARY KEY,
  workflow_id      bigint      NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  trigger_kind     text        NOT NULL CHECK (trigger_kind IN
                     ('event', 'schedule', 'date', 'timer', 'webhook', 'manual', 'flow')),
  trigger_key      text        NOT NULL,
  trigger          jsonb       NOT NULL,          -- $trigger of the run
  event_id         bigint      REFERENCES events(id) ON DELETE SET NULL,
  timer_id         bigint,                        -- flow_timers(id), FK below
  parent_run_id    bigint      REFERENCES flow_runs(id) ON DELETE SET NULL,
  depth            int         NOT NULL DEFAULT 0 CHECK (depth >= 0),
  state            text        NOT NULL DEFAULT 'pending' CHECK (state IN
                     ('pending', 'running', 'succeeded', 'failed', 'dead', 'loop_stopped')),
  lease_owner      text,
  lease_token      bigint      NOT NULL DEFAULT 0,
  lease_expires_at timestamptz,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),  -- pending: not before (a step waiting to retry)
  claims           int         NOT NULL DEFAULT 0,
  crashes          int         NOT NULL DEFAULT 0,      -- claims that found the run abandoned mid-way
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workflow_id, trigger_key),
  CHECK ((state IN ('succeeded', 'failed', 'dead', 'loop_stopped')) = (finished_at IS NOT NULL))
);
CREATE INDEX flow_runs_runnable ON flow_runs (next_attempt_at, id) WHERE state IN ('pending', 'running');
CREATE INDEX flow_runs_workflow ON flow_runs (workflow_id, id);
CREATE INDEX flow_runs_event ON flow_runs (event_id);
CREATE INDEX flow_runs_parent ON flow_runs (parent_run_id);
CREATE TRIGGER flow_runs_wake_flows AFTER INSERT ON flow_runs FOR EACH STATEMENT EXECUTE FUNCTION flows_wake();

-- One row per operation of a run, written as the run goes:
--   running    a database operation's row exists only once it committed, so
--              this state is never seen after a crash
--   sent       a request or e-mail is going out (committed BEFORE sending);
--              found after a crash, it is sent again with the same key
--   succeeded | rejected (condition false, or a handled error: the reject
--              edge follows) | skipped (a setting is unset, no recipient)
--   retrying   a transient failure; next_attempt_at says when
--   failed     a permanent failure; dead: out of attempts (see flow_dead_letters)
CREATE TABLE flow_steps (
  run_id          bigint      NOT NULL REFERENCES flow_runs(id) ON DELETE CASCADE,
  op_key          text        NOT NULL,
  op_type         text        NOT NULL,
  parent_op       text,                         -- the operation whose output was $last
  via             text        NOT NULL DEFAULT 'start' CHECK (via IN ('start', 'resolve', 'reject')),
  state           text        NOT NULL CHECK (state IN
                    ('running', 'sent', 'succeeded', 'rejected', 'skipped', 'retrying', 'failed', 'dead')),
  attempts        int         NOT NULL DEFAULT 0,
  input           jsonb,                        -- the rendered options (webhook URLs redacted)
  output          jsonb,
  error           text,
  idempotency_key text        UNIQUE,
  started_at      timestamptz,
  finished_at     timestamptz,
  duration_ms     double precision,
  next_attempt_at timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, op_key)
);

-- Steps that ran out of attempts, with what they were trying to do, for an
-- operator (`docflow flow retry RUN` sends them again).
CREATE TABLE flow_dead_letters (
  id          bigserial   PRIMARY KEY,
  run_id      bigint      NOT NULL REFERENCES flow_runs(id) ON DELETE CASCADE,
  op_key      text        NOT NULL,
  op_type     text        NOT NULL,
  input       jsonb,
  error       text,
  attempts    int         NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,                      -- set when retried
  UNIQUE (run_id, op_key)
);

-- ------------------------------------------------------------------ timers

-- Durable future triggers, fired by the worker when due (never a sleep):
--   cron   one row per schedule flow (timer_key 'cron'), re-armed after each firing
--   date   a date-relative trigger of one record, e.g. contracts.expiration_date - 30 days
--          (timer_key 'date:contracts:42:expiration_date:-30 days'), set when the
--          record is created or updated, re-armed when its date changes
--   op     a schedule operation of a run (timer_key 'op:RUN:OP')
-- state: pending -> fired (or skipped: filter false / already past when set;
-- cancelled: the record or its date went away).
CREATE TABLE flow_timers (
  id           bigserial   PRIMARY KEY,
  workflow_id  bigint      NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  kind         text        NOT NULL CHECK (kind IN ('cron', 'date', 'op')),
  timer_key    text        NOT NULL,
  due_at       timestamptz NOT NULL,
  state        text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'fired', 'skipped', 'cancelled')),
  record_table text,
  record_id    bigint,
  data         jsonb       NOT NULL DEFAULT '{}'::jsonb,
  depth        int         NOT NULL DEFAULT 0 CHECK (depth >= 0),
  fired_at     timestamptz,
  run_id       bigint      REFERENCES flow_runs(id) ON DELETE SET NULL,
  note         text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workflow_id, timer_key)
);
CREATE INDEX flow_timers_due ON flow_timers (due_at) WHERE state = 'pending';
CREATE INDEX flow_timers_record ON flow_timers (record_table, record_id);
ALTER TABLE flow_runs ADD CONSTRAINT flow_runs_timer FOREIGN KEY (timer_id) REFERENCES flow_timers(id) ON DELETE SET NULL;

-- ------------------------------------------------------------------ views for flows

-- What the churn-risk flow (flows/churn-risk.yaml) weighs per client: late
-- payments (status late, or expected/partial and past due) and interactions
-- in the last 30 days against the 60 days before (with the company or any
-- of its people).
CREATE VIEW client_activity AS
SELECT c.id AS company_id, c.name, c.account_manager_id, c.churn_risk, c.industry,
       (SELECT count(*) FROM payments p LEFT JOIN invoices i ON i.id = p.invoice_id
         WHERE coalesce(p.company_id, i.customer_company_id) = c.id AND p.direction = 'incoming'
           AND (p.status = 'late' OR (p.status IN ('expected', 'partial') AND p.due_date < current_date)))::int
         AS late_payments,
       (SELECT count(*) FROM interactions x
         WHERE (x.company_id = c.id OR x.person_id IN (SELECT id FROM people WHERE company_id = c.id))
           AND x.at >= now() - interval '30 days')::int AS interactions_30d,
       (SELECT count(*) FROM interactions x
         WHERE (x.company_id = c.id OR x.person_id IN (SELECT id FROM people WHERE company_id = c.id))
           AND x.at >= now() - interval '90 days' AND x.at < now() - interval '30 days')::int AS interactions_prev_60d
  FROM companies c
 WHERE c.is_client;
