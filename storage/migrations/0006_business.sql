-- 0006_business: the business system's collections as real tables.
-- Areas: system (users, permissions, workflows, logs, notifications), core
-- (companies, people, projects, tasks, documents), finance (invoices,
-- invoices_archive, quotes, payments, expenses, accounting, budgets,
-- subscriptions), commercial (leads, opportunities, interactions, campaigns,
-- contracts, contract_parties, commissions), operations (time_tracking,
-- resources, validation, performance, planning), analytics (dashboards,
-- reports, kpis, insights). docs/schema.md describes each area, the matching
-- rules of the store stage and the audit rule.
--
-- Conventions:
--  - money: numeric(16,2) with a currency char(3) (ISO 4217, upper case);
--  - every table has created_at / updated_at; set_updated_at() keeps
--    updated_at at the time of the last REAL change (an UPDATE that changes
--    nothing keeps it);
--  - statuses are CHECK lists;
--  - every write to a business table is audited in logs by audit_row(), with
--    the actor taken from the transaction setting docflow.actor
--    (SELECT set_config('docflow.actor', 'docflow', true)); machine actors are
--    'docflow', 'docflow:*', 'flow:*' and 'system'; any other actor (or none)
--    is a person;
--  - ON DELETE: legal/financial records RESTRICT the deletion of what they
--    depend on; rows derived from a record (expected payments, accounting
--    lines, contract parties) CASCADE with it; optional links (owner,
--    assignee, source document) SET NULL.
-- Applied by storage/migrator.cc in one transaction.

-- ------------------------------------------------------------------ helpers

-- Keeps updated_at at the time of the last real change.
CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Generated columns (name_key, phone_key) are not computed yet in NEW.
  -- documents.search (0005) is an index of the pages, not a change of the row.
  IF (to_jsonb(NEW) - 'updated_at' - 'name_key' - 'phone_key' - 'search')
       IS DISTINCT FROM (to_jsonb(OLD) - 'updated_at' - 'name_key' - 'phone_key' - 'search') THEN
    NEW.updated_at := now();
  ELSE
    NEW.updated_at := OLD.updated_at;
  END IF;
  RETURN NEW;
END $$;

-- Who is writing: the transaction's docflow.actor, else the database user.
CREATE FUNCTION docflow_actor() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('docflow.actor', true), ''), 'db:' || session_user)
$$;

-- Whether the current actor is a program (docflow, a flow) rather than a person.
CREATE FUNCTION docflow_actor_is_machine() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT a = 'docflow' OR a = 'system' OR a LIKE 'docflow:%' OR a LIKE 'flow:%'
  FROM (SELECT docflow_actor() AS a) x
$$;

-- Company name key for matching: lower case, accents folded, punctuation
-- stripped, legal forms (SAS, SARL, SA, Ltd, Inc, GmbH, LLC, ...) dropped.
-- NULL when nothing is left. Immutable: used by a generated column.
CREATE FUNCTION company_name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
           replace(replace(replace(replace(translate(lower(name),
             'àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿžźż',
             'aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrsssstuuuuuuuuyyzzz'),
             'œ', 'oe'), 'æ', 'ae'), 'ß', 'ss'), '&', ' '),
           -- dotted legal forms: s.a.s. -> sas, s.a.r.l -> sarl
           '([a-z])\.(?=[a-z]\M|[a-z]\.)', '\1', 'g'),
           '[^a-z0-9]+', ' ', 'g'),
           '\m(sas|sasu|sarl|eurl|sa|sca|scs|sci|scp|scop|snc|selarl|gie|cie|et cie|ltd|limited|llc|llp|lp|plc|inc|incorporated|corp|corporation|co|company|gmbh|ag|kg|ug|ohg|bv|nv|srl|spa|ab|oy|pty|pte)\M',
           ' ', 'g'),
           '\s+', ' ', 'g')), '')
$$;

-- Person name key: lower case, accents folded, punctuation as spaces.
CREATE FUNCTION person_name_key(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(btrim(regexp_replace(
           replace(replace(translate(lower(name),
             'àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿžźż',
             'aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrsssstuuuuuuuuyyzzz'), 'œ', 'oe'), 'æ', 'ae'),
           '[^a-z0-9]+', ' ', 'g')), '')
$$;

-- ------------------------------------------------------------------ system

CREATE TABLE users (
  id               bigserial   PRIMARY KEY,
  email            text        NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  full_name        text        NOT NULL,
  role             text        NOT NULL CHECK (role IN
                     ('admin', 'sales', 'finance', 'account_manager', 'operations', 'viewer')),
  active           boolean     NOT NULL DEFAULT true,
  last_assigned_at timestamptz,              -- round-robin assignment (oldest first)
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));
CREATE INDEX users_role_rotation ON users (role, last_assigned_at NULLS FIRST, id) WHERE active;

-- Role-based permissions: what a role may do on a resource (a table name, or '*').
CREATE TABLE permissions (
  id         bigserial   PRIMARY KEY,
  role       text        NOT NULL CHECK (role IN
               ('admin', 'sales', 'finance', 'account_manager', 'operations', 'viewer')),
  resource   text        NOT NULL,
  action     text        NOT NULL CHECK (action IN ('read', 'create', 'update', 'delete', 'approve', '*')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (role, resource, action)
);
INSERT INTO permissions (role, resource, action) VALUES
  ('admin', '*', '*'),
  ('viewer', '*', 'read'),
  ('finance', 'invoices', '*'), ('finance', 'payments', '*'), ('finance', 'accounting', '*'),
  ('finance', 'expenses', '*'), ('finance', 'budgets', '*'), ('finance', 'subscriptions', '*'),
  ('finance', 'quotes', 'read'), ('finance', 'validation', 'approve'), ('finance', 'companies', 'read'),
  ('sales', 'leads', '*'), ('sales', 'opportunities', '*'), ('sales', 'interactions', '*'),
  ('sales', 'quotes', '*'), ('sales', 'people', '*'), ('sales', 'companies', '*'), ('sales', 'campaigns', 'read'),
  ('account_manager', 'companies', '*'), ('account_manager', 'people', '*'), ('account_manager', 'contracts', '*'),
  ('account_manager', 'projects', '*'), ('account_manager', 'tasks', '*'), ('account_manager', 'planning', '*'),
  ('account_manager', 'subscriptions', 'read'), ('account_manager', 'validation', 'approve'),
  ('operations', 'projects', '*'), ('operations', 'tasks', '*'), ('operations', 'time_tracking', '*'),
  ('operations', 'resources', '*'), ('operations', 'planning', '*'), ('operations', 'documents', 'read');

-- Flow definitions (flows/*.yaml loaded by the flow engine).
CREATE TABLE workflows (
  id          bigserial   PRIMARY KEY,
  name        text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_.-]*$'),
  description text,
  definition  jsonb       NOT NULL CHECK (jsonb_typeof(definition) = 'object'),
  enabled     boolean     NOT NULL DEFAULT true,
  version     int         NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Audit: one row per write to a business table (audit_row()). Append-only.
CREATE TABLE logs (
  id          bigserial   PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text        NOT NULL,           -- 'docflow', 'flow:NAME', 'user:ID', 'db:ROLE'
  action      text        NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
  table_name  text        NOT NULL,
  record_id   bigint,
  old         jsonb,                          -- update: the changed columns' old values; delete: the row
  new         jsonb,                          -- update: the changed columns' new values; insert: the row
  document_id bigint,                         -- docflow.document_id of the transaction (no FK: logs outlive documents)
  txid        bigint      NOT NULL DEFAULT txid_current(),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX logs_record ON logs (table_name, record_id, id);
CREATE INDEX logs_document ON logs (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX logs_at ON logs (at);

CREATE FUNCTION logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER logs_append_only BEFORE UPDATE OR DELETE ON logs
  FOR EACH ROW EXECUTE FUNCTION logs_append_only();

CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o jsonb;
  n jsonb;
  row_id bigint;
BEGIN
  -- documents.search (0005) is a derived full-text index: never audited.
  IF TG_OP = 'INSERT' THEN
    n := to_jsonb(NEW) - 'search';
    row_id := (n ->> 'id')::bigint;
  ELSIF TG_OP = 'DELETE' THEN
    o := to_jsonb(OLD) - 'search';
    row_id := (o ->> 'id')::bigint;
  ELSE
    row_id := (to_jsonb(NEW) ->> 'id')::bigint;
    SELECT jsonb_object_agg(a.key, a.value), jsonb_object_agg(a.key, b.value) INTO o, n
      FROM jsonb_each(to_jsonb(OLD)) a JOIN jsonb_each(to_jsonb(NEW)) b USING (key)
     WHERE a.value IS DISTINCT FROM b.value AND a.key NOT IN ('updated_at', 'search');
    IF o IS NULL THEN RETURN NULL; END IF;    -- nothing changed: nothing to audit
  END IF;
  INSERT INTO logs (actor, action, table_name, record_id, old, new, document_id)
  VALUES (docflow_actor(), lower(TG_OP), TG_TABLE_NAME, row_id, o, n,
          nullif(current_setting('docflow.document_id', true), '')::bigint);
  RETURN NULL;
END $$;

-- A person's edits to companies / people are remembered column by column in
-- manual_fields; docflow never writes those columns again.
CREATE FUNCTION track_manual_fields() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF docflow_actor_is_machine() THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    NEW.source := coalesce(nullif(NEW.source, 'docflow'), 'manual');
    RETURN NEW;
  END IF;
  NEW.manual_fields := ARRAY(
    SELECT DISTINCT k FROM (
      SELECT unnest(OLD.manual_fields) AS k
      UNION
      SELECT a.key FROM jsonb_each(to_jsonb(OLD)) a JOIN jsonb_each(to_jsonb(NEW)) b USING (key)
       WHERE a.value IS DISTINCT FROM b.value
         AND a.key NOT IN ('id', 'created_at', 'updated_at', 'manual_fields', 'source', 'source_document_id',
                           'name_key', 'phone_key', 'merged_into')) s
    ORDER BY k);
  RETURN NEW;
END $$;

CREATE TABLE notifications (
  id            bigserial   PRIMARY KEY,
  user_id       bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind          text        NOT NULL DEFAULT 'info' CHECK (kind IN ('info', 'task', 'approval', 'reminder', 'alert')),
  message       text        NOT NULL,
  related_table text,
  related_id    bigint,
  read          boolean     NOT NULL DEFAULT false,
  read_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (read = (read_at IS NOT NULL))
);
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE NOT read;

-- ------------------------------------------------------------------ core

CREATE TABLE companies (
  id                 bigserial   PRIMARY KEY,
  name               text        NOT NULL CHECK (btrim(name) <> ''),
  name_key           text        GENERATED ALWAYS AS (company_name_key(name)) STORED,
  vat_number         text        CHECK (vat_number ~ '^[A-Z]{2}[0-9A-Z]{2,13}$'),   -- normalised: upper, no separators
  siren              char(9)     CHECK (siren ~ '^[0-9]{9}$'),
  siret              char(14)    CHECK (siret ~ '^[0-9]{14}$'),
  country            char(2)     CHECK (country ~ '^[A-Z]{2}$'),
  address            text,
  website            text,
  email              text,
  phone              text,
  iban               text,
  industry           text,                    -- e.g. 'Tech', 'Retail' (free list, used by flows)
  is_client          boolean     NOT NULL DEFAULT false,
  is_supplier        boolean     NOT NULL DEFAULT false,
  is_self            boolean     NOT NULL DEFAULT false,   -- our own company: its invoices are sales
  account_manager_id bigint      REFERENCES users(id) ON DELETE SET NULL,
  api_access         boolean     NOT NULL DEFAULT false,
  churn_risk         smallint    CHECK (churn_risk BETWEEN 0 AND 100),
  churn_risk_at      timestamptz,
  source             text        NOT NULL DEFAULT 'manual' CHECK (source IN ('docflow', 'manual', 'import', 'api', 'flow')),
  source_document_id bigint      REFERENCES documents(id) ON DELETE SET NULL,
  manual_fields      text[]      NOT NULL DEFAULT '{}',
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (siret IS NULL OR siren IS NULL OR left(siret, 9) = siren)
);
CREATE UNIQUE INDEX companies_vat ON companies (vat_number) WHERE vat_number IS NOT NULL;
CREATE UNIQUE INDEX companies_siren ON companies (siren) WHERE siren IS NOT NULL;
CREATE INDEX companies_name_key ON companies (name_key);
CREATE INDEX companies_account_manager ON companies (account_manager_id);
CREATE INDEX companies_source_document ON companies (source_document_id);
CREATE UNIQUE INDEX companies_one_self ON companies (is_self) WHERE is_self;

-- people (0001) become contacts linked to their company.
ALTER TABLE people
  ADD COLUMN company_id    bigint REFERENCES companies(id) ON DELETE SET NULL,
  ADD COLUMN name_key      text GENERATED ALWAYS AS (person_name_key(full_name)) STORED,
  ADD COLUMN phone_key     text GENERATED ALWAYS AS (nullif(regexp_replace(phone, '[^0-9+]', '', 'g'), '')) STORED,
  ADD COLUMN website       text,
  ADD COLUMN address       text,
  ADD COLUMN source        text NOT NULL DEFAULT 'docflow'
                             CHECK (source IN ('docflow', 'manual', 'import', 'api', 'flow')),
  ADD COLUMN manual_fields text[] NOT NULL DEFAULT '{}',
  ADD COLUMN merged_into   bigint REFERENCES people(id) ON DELETE SET NULL;
ALTER TABLE people ALTER COLUMN source SET DEFAULT 'manual';   -- rows before 0006 came from docflow
-- Rows stored before 0006 may share an e-mail: the later ones are marked as
-- merged into the first, so the e-mail stays unique among live people.
UPDATE people p SET merged_into = f.first_id
  FROM (SELECT id, min(id) OVER (PARTITION BY lower(email)) AS first_id FROM people WHERE email IS NOT NULL) f
 WHERE p.id = f.id AND f.first_id <> p.id;
CREATE UNIQUE INDEX people_email ON people (lower(email)) WHERE email IS NOT NULL AND merged_into IS NULL;
CREATE INDEX people_phone_key ON people (phone_key) WHERE phone_key IS NOT NULL;
CREATE INDEX people_name_company ON people (name_key, company_id);
CREATE INDEX people_company ON people (company_id);
CREATE INDEX people_merged_into ON people (merged_into);

-- Every document that contributed to a person (created it or filled fields).
CREATE TABLE person_documents (
  person_id   bigint      NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  document_id bigint      NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  role        text        NOT NULL DEFAULT 'contact' CHECK (role IN ('contact', 'party')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, document_id)
);
CREATE INDEX person_documents_document ON person_documents (document_id);

-- documents (0001): a document can be a duplicate of another (same supplier
-- and invoice number); it then makes no record of its own.
ALTER TABLE documents ADD COLUMN duplicate_of bigint REFERENCES documents(id) ON DELETE SET NULL,
  ADD CONSTRAINT documents_not_own_duplicate CHECK (duplicate_of <> id);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE projects (
  id            bigserial   PRIMARY KEY,
  name          text        NOT NULL,
  company_id    bigint      REFERENCES companies(id) ON DELETE RESTRICT,
  contract_id   bigint      REFERENCES contracts(id) ON DELETE SET NULL,
  manager_id    bigint      REFERENCES users(id) ON DELETE SET NULL,
  template      text,                           -- e.g. 'standard', 'premium'
  status        text        NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'active', 'on_hold', 'done', 'cancelled')),
  start_date    date,
  end_date      date,
  budget_amount numeric(16, 2) CHECK (budget_amount >= 0),
  currency      char(3)     CHECK (currency ~ '^[A-Z]{3}$'),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  CHECK (budget_amount IS NULL OR currency IS NOT NULL)
);
CREATE INDEX projects_company ON projects (company_id);
CREATE INDEX projects_contract ON projects (contract_id);
CREATE INDEX projects_manager ON projects (manager_id);

CREATE TABLE tasks (
  id            bigserial   PRIMARY KEY,
  project_id    bigint      REFERENCES projects(id) ON DELETE CASCADE,
  parent_id     bigint      REFERENCES tasks(id) ON DELETE CASCADE,     -- sub-tasks
  title         text        NOT NULL CHECK (btrim(title) <> ''),
  description   text,
  assignee_id   bigint      REFERENCES users(id) ON DELETE SET NULL,
  due_date      date,
  status        text        NOT NULL DEFAULT 'todo'
                  CHECK (status IN ('todo', 'in_progress', 'blocked', 'done', 'cancelled')),
  priority      text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  related_table text,                           -- what the task is about (e.g. 'contracts', 42)
  related_id    bigint,
  completed_at  timestamptz,
  created_by    text,                           -- actor: 'flow:NAME', 'user:ID'
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id <> id),
  CHECK ((status = 'done') = (completed_at IS NOT NULL)),
  CHECK ((related_table IS NULL) = (related_id IS NULL))
);
CREATE INDEX tasks_project ON tasks (project_id);
CREATE INDEX tasks_parent ON tasks (parent_id);
CREATE INDEX tasks_assignee_open ON tasks (assignee_id, due_date) WHERE status NOT IN ('done', 'cancelled');
CREATE INDEX tasks_related ON tasks (related_table, related_id);

-- ------------------------------------------------------------------ finance

-- invoices (0001): linked to supplier and customer companies, totals as
-- numeric + currency, a direction for accounting. Checks on columns that
-- existed before are NOT VALID: rows stored before 0006 are not re-checked.
ALTER TABLE invoices
  ADD COLUMN supplier_company_id bigint REFERENCES companies(id) ON DELETE RESTRICT,
  ADD COLUMN customer_company_id bigint REFERENCES companies(id) ON DELETE RESTRICT,
  ADD COLUMN customer_name       text,
  ADD COLUMN supplier_vat        text,
  ADD COLUMN iban                text,
  ADD COLUMN total_net           numeric(16, 2),
  ADD COLUMN total_tax           numeric(16, 2),
  ADD COLUMN kind                text NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit_note', 'receipt')),
  ADD COLUMN direction           text NOT NULL DEFAULT 'purchase' CHECK (direction IN ('purchase', 'sale')),
  ADD COLUMN status              text NOT NULL DEFAULT 'received'
                                   CHECK (status IN ('received', 'pending_approval', 'approved', 'rejected',
                                                     'paid', 'cancelled', 'archived')),
  ADD COLUMN archived_at         timestamptz;
ALTER TABLE invoices
  ADD CONSTRAINT invoices_currency CHECK (currency ~ '^[A-Z]{3}$') NOT VALID,
  ADD CONSTRAINT invoices_amounts_sign CHECK (
    kind = 'credit_note' OR ((total_gross IS NULL OR total_gross >= 0) AND (total_net IS NULL OR total_net >= 0)
                             AND (total_tax IS NULL OR total_tax >= 0))) NOT VALID,
  ADD CONSTRAINT invoices_amounts_need_currency CHECK (
    currency IS NOT NULL OR (total_net IS NULL AND total_tax IS NULL)) NOT VALID,
  ADD CONSTRAINT invoices_due_after_issue CHECK (due_date IS NULL OR issue_date IS NULL OR due_date >= issue_date) NOT VALID,
  ADD CONSTRAINT invoices_distinct_parties CHECK (supplier_company_id <> customer_company_id);
-- The duplicate rule's backstop: one invoice per supplier and number.
CREATE UNIQUE INDEX invoices_supplier_number ON invoices
  (supplier_company_id, upper(regexp_replace(invoice_number, '\s+', '', 'g')))
  WHERE supplier_company_id IS NOT NULL AND invoice_number IS NOT NULL;
CREATE INDEX invoices_customer ON invoices (customer_company_id);
CREATE INDEX invoices_due ON invoices (due_date) WHERE status NOT IN ('paid', 'cancelled', 'archived');

-- Legal retention: an archived invoice is a frozen snapshot, kept 10 years.
-- UPDATE is always refused, DELETE (and TRUNCATE) until retain_until.
CREATE TABLE invoices_archive (
  id                  bigserial   PRIMARY KEY,
  invoice_id          bigint      NOT NULL UNIQUE REFERENCES invoices(id) ON DELETE RESTRICT,
  document_id         bigint      NOT NULL REFERENCES documents(id) ON DELETE RESTRICT,
  document_sha256     text        NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  invoice_number      text,
  direction           text        NOT NULL CHECK (direction IN ('purchase', 'sale')),
  supplier_company_id bigint      REFERENCES companies(id) ON DELETE RESTRICT,
  customer_company_id bigint      REFERENCES companies(id) ON DELETE RESTRICT,
  issue_date          date,
  total_net           numeric(16, 2),
  total_tax           numeric(16, 2),
  total_gross         numeric(16, 2),
  currency            char(3)     CHECK (currency ~ '^[A-Z]{3}$'),
  snapshot            jsonb       NOT NULL,     -- the invoice row and its parties when archived
  archived_by         text        NOT NULL,
  archived_at         timestamptz NOT NULL DEFAULT now(),
  retain_until        timestamptz NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoices_archive_document ON invoices_archive (document_id);
CREATE INDEX invoices_archive_supplier ON invoices_archive (supplier_company_id);

CREATE FUNCTION invoices_archive_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.retain_until := greatest(coalesce(NEW.retain_until, NEW.archived_at), NEW.archived_at + interval '10 years');
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    RAISE EXCEPTION 'invoices_archive row % is immutable', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  ELSIF TG_OP = 'DELETE' THEN
    IF now() < OLD.retain_until THEN
      RAISE EXCEPTION 'invoices_archive row % is retained until %', OLD.id, OLD.retain_until
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  ELSE  -- TRUNCATE
    IF EXISTS (SELECT 1 FROM invoices_archive WHERE retain_until > now()) THEN
      RAISE EXCEPTION 'invoices_archive holds invoices under legal retention' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
  END IF;
END $$;
CREATE TRIGGER invoices_archive_guard BEFORE INSERT OR UPDATE OR DELETE ON invoices_archive
  FOR EACH ROW EXECUTE FUNCTION invoices_archive_guard();
CREATE TRIGGER invoices_archive_no_truncate BEFORE TRUNCATE ON invoices_archive
  FOR EACH STATEMENT EXECUTE FUNCTION invoices_archive_guard();

-- An archived invoice is frozen too: no change, no deletion.
CREATE FUNCTION invoices_archived_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.archived_at IS NOT NULL THEN
    IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - 'updated_at') IS DISTINCT FROM (to_jsonb(OLD) - 'updated_at') THEN
      RAISE EXCEPTION 'invoice % is archived and cannot change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER invoices_archived_guard BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_archived_guard();

-- Archives an invoice (status 'archived', a snapshot in invoices_archive);
-- returns the archive row's id. Archiving twice returns the same row.
CREATE FUNCTION archive_invoice(p_invoice_id bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  inv invoices;
  out_id bigint;
BEGIN
  SELECT id INTO out_id FROM invoices_archive WHERE invoice_id = p_invoice_id;
  IF out_id IS NOT NULL THEN RETURN out_id; END IF;
  UPDATE invoices SET status = 'archived', archived_at = now() WHERE id = p_invoice_id RETURNING * INTO inv;
  IF NOT FOUND THEN RAISE EXCEPTION 'no invoice %', p_invoice_id USING ERRCODE = 'no_data_found'; END IF;
  INSERT INTO invoices_archive (invoice_id, document_id, document_sha256, invoice_number, direction,
                                supplier_company_id, customer_company_id, issue_date, total_net, total_tax,
                                total_gross, currency, snapshot, archived_by, archived_at)
  SELECT inv.id, inv.document_id, d.sha256, inv.invoice_number, inv.direction, inv.supplier_company_id,
         inv.customer_company_id, inv.issue_date, inv.total_net, inv.total_tax, inv.total_gross, inv.currency,
         jsonb_build_object('invoice', to_jsonb(inv),
                            'supplier', (SELECT to_jsonb(c) FROM companies c WHERE c.id = inv.supplier_company_id),
                            'customer', (SELECT to_jsonb(c) FROM companies c WHERE c.id = inv.customer_company_id)),
         docflow_actor(), inv.archived_at
    FROM documents d WHERE d.id = inv.document_id
  RETURNING id INTO out_id;
  RETURN out_id;
END $$;

CREATE TABLE quotes (
  id             bigserial   PRIMARY KEY,
  number         text        NOT NULL UNIQUE,
  company_id     bigint      NOT NULL REFERENCES companies(id) ON DELETE RESTRICT,
  person_id      bigint      REFERENCES people(id) ON DELETE SET NULL,
  opportunity_id bigint,                        -- FK added below (opportunities)
  document_id    bigint      REFERENCES documents(id) ON DELETE SET NULL,
  issue_date     date        NOT NULL DEFAULT current_date,
  valid_until    date,
  total_net      numeric(16, 2) NOT NULL CHECK (total_net >= 0),
  total_tax      numeric(16, 2) NOT NULL DEFAULT 0 CHECK (total_tax >= 0),
  total_gross    numeric(16, 2) NOT NULL CHECK (total_gross >= 0),
  currency       char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status         text        NOT NULL DEFAULT 'draft'
                   CHECK (status IN ('draft', 'sent', 'accepted', 'rejected', 'expired')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_until IS NULL OR valid_until >= issue_date),
  CHECK (total_gross = total_net + total_tax)
);
CREATE INDEX quotes_company ON quotes (company_id);
CREATE INDEX quotes_person ON quotes (person_id);
CREATE INDEX quotes_opportunity ON quotes (opportunity_id);

-- Expected and received payments of invoices (a row per expected payment;
-- status moves expected -> paid | late | cancelled).
CREATE TABLE payments (
  id          bigserial   PRIMARY KEY,
  invoice_id  bigint      REFERENCES invoices(id) ON DELETE CASCADE,
  company_id  bigint      REFERENCES companies(id) ON DELETE RESTRICT,
  direction   text        NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  amount      numeric(16, 2) NOT NULL CHECK (amount > 0),
  currency    char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  due_date    date,
  status      text        NOT NULL DEFAULT 'expected'
                CHECK (status IN ('expected', 'paid', 'partial', 'late', 'cancelled')),
  paid_at     timestamptz,
  method      text        CHECK (method IN ('transfer', 'direct_debit', 'card', 'cheque', 'cash', 'other')),
  reference   text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((status IN ('paid', 'partial')) = (paid_at IS NOT NULL)),
  CHECK (invoice_id IS NOT NULL OR company_id IS NOT NULL)
);
CREATE INDEX payments_invoice ON payments (invoice_id);
CREATE INDEX payments_company ON payments (company_id);
CREATE INDEX payments_open_due ON payments (due_date) WHERE status IN ('expected', 'late', 'partial');

CREATE TABLE expenses (
  id          bigserial   PRIMARY KEY,
  user_id     bigint      REFERENCES users(id) ON DELETE SET NULL,
  company_id  bigint      REFERENCES companies(id) ON DELETE SET NULL,   -- where the money went
  project_id  bigint      REFERENCES projects(id) ON DELETE SET NULL,
  document_id bigint      REFERENCES documents(id) ON DELETE SET NULL,   -- the receipt
  category    text        NOT NULL DEFAULT 'other',
  description text,
  spent_on    date        NOT NULL,
  amount      numeric(16, 2) NOT NULL CHECK (amount >= 0),
  tax_amount  numeric(16, 2) NOT NULL DEFAULT 0 CHECK (tax_amount >= 0 AND tax_amount <= amount),
  currency    char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status      text        NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'reimbursed')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expenses_user ON expenses (user_id);
CREATE INDEX expenses_company ON expenses (company_id);
CREATE INDEX expenses_project ON expenses (project_id);
CREATE INDEX expenses_document ON expenses (document_id);

-- Double-entry bookkeeping: one row per line; the lines of one entry share
-- entry_id and balance (sum of debits = sum of credits, checked at commit).
CREATE SEQUENCE accounting_entry_ids;
CREATE TABLE accounting (
  id          bigserial   PRIMARY KEY,
  entry_id    bigint      NOT NULL,              -- nextval('accounting_entry_ids') per entry
  journal     text        NOT NULL CHECK (journal IN ('purchases', 'sales', 'bank', 'general')),
  entry_date  date        NOT NULL,
  account     text        NOT NULL CHECK (account ~ '^[0-9]{3,10}[0-9A-Z]*$'),   -- e.g. 607, 44566, 401, 411
  label       text,
  debit       numeric(16, 2) NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit      numeric(16, 2) NOT NULL DEFAULT 0 CHECK (credit >= 0),
  currency    char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  invoice_id  bigint      REFERENCES invoices(id) ON DELETE CASCADE,
  payment_id  bigint      REFERENCES payments(id) ON DELETE CASCADE,
  company_id  bigint      REFERENCES companies(id) ON DELETE RESTRICT,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT (debit > 0 AND credit > 0))
);
CREATE INDEX accounting_entry ON accounting (entry_id);
CREATE INDEX accounting_invoice ON accounting (invoice_id);
CREATE INDEX accounting_payment ON accounting (payment_id);
CREATE INDEX accounting_company ON accounting (company_id);
CREATE INDEX accounting_account_date ON accounting (account, entry_date);

CREATE FUNCTION accounting_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  e bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.entry_id ELSE NEW.entry_id END;
  d numeric;
  c numeric;
BEGIN
  SELECT coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO d, c FROM accounting WHERE entry_id = e;
  IF d <> c THEN
    RAISE EXCEPTION 'accounting entry % is not balanced: debit % <> credit %', e, d, c
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER accounting_entry_balanced AFTER INSERT OR UPDATE OR DELETE ON accounting
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION accounting_entry_balanced();

CREATE TABLE budgets (
  id           bigserial   PRIMARY KEY,
  name         text        NOT NULL,
  project_id   bigint      REFERENCES projects(id) ON DELETE CASCADE,
  category     text,
  period_start date        NOT NULL,
  period_end   date        NOT NULL,
  amount       numeric(16, 2) NOT NULL CHECK (amount >= 0),
  spent        numeric(16, 2) NOT NULL DEFAULT 0 CHECK (spent >= 0),
  currency     char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  owner_id     bigint      REFERENCES users(id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (period_end >= period_start)
);
CREATE INDEX budgets_project ON budgets (project_id);
CREATE INDEX budgets_owner ON budgets (owner_id);

-- ------------------------------------------------------------------ commercial

-- contracts (0001): value, renewal terms, account manager, parties below.
ALTER TABLE contracts
  ADD COLUMN value_amount       numeric(16, 2),
  ADD COLUMN currency           char(3),
  ADD COLUMN renewal_term       interval,          -- ISO 8601 from the extractor, e.g. P1Y
  ADD COLUMN notice_period      interval,
  ADD COLUMN governing_law      text,
  ADD COLUMN client_company_id  bigint REFERENCES companies(id) ON DELETE SET NULL,
  ADD COLUMN account_manager_id bigint REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN status             text NOT NULL DEFAULT 'active'
                                  CHECK (status IN ('draft', 'active', 'expired', 'terminated', 'renewed'));
ALTER TABLE contracts
  ADD CONSTRAINT contracts_currency CHECK (currency ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT contracts_value CHECK (value_amount IS NULL OR (value_amount >= 0 AND currency IS NOT NULL)),
  ADD CONSTRAINT contracts_dates CHECK (
    expiration_date IS NULL OR effective_date IS NULL OR expiration_date >= effective_date) NOT VALID,
  ADD CONSTRAINT contracts_terms CHECK (
    (renewal_term IS NULL OR renewal_term > interval '0') AND (notice_period IS NULL OR notice_period >= interval '0'));
CREATE INDEX contracts_client ON contracts (client_company_id);
CREATE INDEX contracts_account_manager ON contracts (account_manager_id);
CREATE INDEX contracts_expiration ON contracts (expiration_date) WHERE status = 'active';

-- The parties of a contract in the order they are named: an organisation
-- (company_id) or a person (person_id).
CREATE TABLE contract_parties (
  id          bigserial   PRIMARY KEY,
  contract_id bigint      NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
  position    smallint    NOT NULL CHECK (position >= 0),
  name        text        NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('company', 'person')),
  company_id  bigint      REFERENCES companies(id) ON DELETE SET NULL,
  person_id   bigint      REFERENCES people(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contract_id, position),
  CHECK (company_id IS NULL OR person_id IS NULL),
  CHECK (kind = 'company' OR company_id IS NULL),
  CHECK (kind = 'person' OR person_id IS NULL)
);
CREATE INDEX contract_parties_company ON contract_parties (company_id);
CREATE INDEX contract_parties_person ON contract_parties (person_id);

CREATE TABLE campaigns (
  id            bigserial   PRIMARY KEY,
  name          text        NOT NULL UNIQUE,
  channel       text        NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'event', 'ads', 'social', 'phone', 'other')),
  status        text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'done')),
  starts_on     date,
  ends_on       date,
  budget_amount numeric(16, 2) CHECK (budget_amount >= 0),
  currency      char(3)     CHECK (currency ~ '^[A-Z]{3}$'),
  owner_id      bigint      REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on),
  CHECK (budget_amount IS NULL OR currency IS NOT NULL)
);
CREATE INDEX campaigns_owner ON campaigns (owner_id);

CREATE TABLE leads (
  id          bigserial   PRIMARY KEY,
  person_id   bigint      REFERENCES people(id) ON DELETE CASCADE,
  company_id  bigint      REFERENCES companies(id) ON DELETE CASCADE,
  campaign_id bigint      REFERENCES campaigns(id) ON DELETE SET NULL,
  document_id bigint      REFERENCES documents(id) ON DELETE SET NULL,   -- the card / letter it came from
  source      text        NOT NULL DEFAULT 'manual',                       -- docflow, web, referral, event, ...
  score       smallint    NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
  owner_id    bigint      REFERENCES users(id) ON DELETE SET NULL,
  status      text        NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'contacted', 'qualified', 'converted', 'lost')),
  assigned_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (person_id IS NOT NULL OR company_id IS NOT NULL)
);
CREATE INDEX leads_person ON leads (person_id);
CREATE INDEX leads_company ON leads (company_id);
CREATE INDEX leads_campaign ON leads (campaign_id);
CREATE INDEX leads_document ON leads (document_id);
CREATE INDEX leads_owner_open ON leads (owner_id) WHERE status NOT IN ('converted', 'lost');

CREATE TABLE opportunities (
  id             bigserial   PRIMARY KEY,
  name           text        NOT NULL,
  company_id     bigint      NOT NULL REFERENCES companies(id) ON DELETE RESTRICT,
  lead_id        bigint      REFERENCES leads(id) ON DELETE SET NULL,
  owner_id       bigint      REFERENCES users(id) ON DELETE SET NULL,
  stage          text        NOT NULL DEFAULT 'prospecting'
                   CHECK (stage IN ('prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost')),
  amount         numeric(16, 2) CHECK (amount >= 0),
  currency       char(3)     CHECK (currency ~ '^[A-Z]{3}$'),
  probability    smallint    CHECK (probability BETWEEN 0 AND 100),
  expected_close date,
  closed_at      timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (amount IS NULL OR currency IS NOT NULL),
  CHECK ((stage IN ('won', 'lost')) = (closed_at IS NOT NULL))
);
CREATE INDEX opportunities_company ON opportunities (company_id);
CREATE INDEX opportunities_lead ON opportunities (lead_id);
CREATE INDEX opportunities_owner ON opportunities (owner_id);
ALTER TABLE quotes ADD CONSTRAINT quotes_opportunity FOREIGN KEY (opportunity_id)
  REFERENCES opportunities(id) ON DELETE SET NULL;

CREATE TABLE interactions (
  id          bigserial   PRIMARY KEY,
  person_id   bigint      REFERENCES people(id) ON DELETE CASCADE,
  company_id  bigint      REFERENCES companies(id) ON DELETE CASCADE,
  user_id     bigint      REFERENCES users(id) ON DELETE SET NULL,
  kind        text        NOT NULL CHECK (kind IN ('email', 'call', 'meeting', 'note', 'document', 'visit')),
  direction   text        CHECK (direction IN ('inbound', 'outbound')),
  at          timestamptz NOT NULL DEFAULT now(),
  subject     text,
  notes       text,
  document_id bigint      REFERENCES documents(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (person_id IS NOT NULL OR company_id IS NOT NULL)
);
CREATE INDEX interactions_person_at ON interactions (person_id, at);
CREATE INDEX interactions_company_at ON interactions (company_id, at);
CREATE INDEX interactions_user ON interactions (user_id);
CREATE INDEX interactions_document ON interactions (document_id);

CREATE TABLE commissions (
  id             bigserial   PRIMARY KEY,
  user_id        bigint      NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
  opportunity_id bigint      REFERENCES opportunities(id) ON DELETE SET NULL,
  invoice_id     bigint      REFERENCES invoices(id) ON DELETE SET NULL,
  contract_id    bigint      REFERENCES contracts(id) ON DELETE SET NULL,
  rate           numeric(6, 5) CHECK (rate >= 0 AND rate <= 1),
  amount         numeric(16, 2) NOT NULL CHECK (amount >= 0),
  currency       char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  period_month   date        CHECK (extract(day FROM period_month) = 1),
  status         text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'paid', 'cancelled')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commissions_user ON commissions (user_id, period_month);
CREATE INDEX commissions_opportunity ON commissions (opportunity_id);
CREATE INDEX commissions_invoice ON commissions (invoice_id);
CREATE INDEX commissions_contract ON commissions (contract_id);

CREATE TABLE subscriptions (
  id              bigserial   PRIMARY KEY,
  company_id      bigint      NOT NULL REFERENCES companies(id) ON DELETE RESTRICT,
  contract_id     bigint      REFERENCES contracts(id) ON DELETE SET NULL,
  plan            text        NOT NULL,
  amount          numeric(16, 2) NOT NULL CHECK (amount >= 0),
  currency        char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  period          text        NOT NULL CHECK (period IN ('monthly', 'quarterly', 'yearly')),
  status          text        NOT NULL DEFAULT 'active'
                    CHECK (status IN ('trial', 'active', 'past_due', 'cancelled', 'ended')),
  started_on      date        NOT NULL DEFAULT current_date,
  ends_on         date,
  next_billing_on date,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on >= started_on),
  CHECK (next_billing_on IS NULL OR next_billing_on >= started_on)
);
CREATE INDEX subscriptions_company ON subscriptions (company_id);
CREATE INDEX subscriptions_contract ON subscriptions (contract_id);
CREATE INDEX subscriptions_billing ON subscriptions (next_billing_on) WHERE status IN ('trial', 'active', 'past_due');

-- ------------------------------------------------------------------ operations

CREATE TABLE time_tracking (
  id          bigserial   PRIMARY KEY,
  user_id     bigint      NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
  project_id  bigint      REFERENCES projects(id) ON DELETE RESTRICT,
  task_id     bigint      REFERENCES tasks(id) ON DELETE SET NULL,
  work_date   date        NOT NULL,
  started_at  timestamptz,
  ended_at    timestamptz,
  minutes     int         NOT NULL CHECK (minutes > 0 AND minutes <= 24 * 60),
  billable    boolean     NOT NULL DEFAULT true,
  description text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at > started_at)
);
CREATE INDEX time_tracking_user_date ON time_tracking (user_id, work_date);
CREATE INDEX time_tracking_project ON time_tracking (project_id);
CREATE INDEX time_tracking_task ON time_tracking (task_id);

CREATE TABLE resources (
  id         bigserial   PRIMARY KEY,
  name       text        NOT NULL,
  kind       text        NOT NULL CHECK (kind IN ('person', 'room', 'equipment', 'vehicle', 'license', 'other')),
  user_id    bigint      REFERENCES users(id) ON DELETE SET NULL,    -- when kind = person
  capacity   numeric(10, 2) CHECK (capacity >= 0),                   -- hours per week, seats, ...
  cost_rate  numeric(16, 2) CHECK (cost_rate >= 0),                  -- per hour
  currency   char(3)     CHECK (currency ~ '^[A-Z]{3}$'),
  active     boolean     NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (cost_rate IS NULL OR currency IS NOT NULL)
);
CREATE INDEX resources_user ON resources (user_id);

-- Approval steps of a record (e.g. an invoice over an amount): one row per
-- step; a step is decided by a user holding approver_role (or approver_id).
CREATE TABLE validation (
  id            bigserial   PRIMARY KEY,
  related_table text        NOT NULL,
  related_id    bigint      NOT NULL,
  step          smallint    NOT NULL DEFAULT 1 CHECK (step >= 1),
  approver_role text        CHECK (approver_role IN
                  ('admin', 'sales', 'finance', 'account_manager', 'operations', 'viewer')),
  approver_id   bigint      REFERENCES users(id) ON DELETE SET NULL,
  status        text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'skipped')),
  reason        text,                             -- why the step exists ("amount over 5000 EUR")
  comment       text,
  decided_by    bigint      REFERENCES users(id) ON DELETE SET NULL,
  decided_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (related_table, related_id, step),
  CHECK (approver_role IS NOT NULL OR approver_id IS NOT NULL),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX validation_pending ON validation (approver_role, approver_id) WHERE status = 'pending';
CREATE INDEX validation_approver ON validation (approver_id);
CREATE INDEX validation_decided_by ON validation (decided_by);

CREATE TABLE performance (
  id           bigserial   PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  metric       text        NOT NULL,             -- e.g. 'billable_hours', 'deals_won', 'revenue'
  period_start date        NOT NULL,
  period_end   date        NOT NULL,
  value        numeric(16, 4) NOT NULL,
  target       numeric(16, 4),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, metric, period_start),
  CHECK (period_end >= period_start)
);

-- Dated entries: reminders, meetings, deadlines, about any record.
CREATE TABLE planning (
  id            bigserial   PRIMARY KEY,
  kind          text        NOT NULL CHECK (kind IN ('reminder', 'meeting', 'deadline', 'event')),
  title         text        NOT NULL,
  due_at        timestamptz NOT NULL,
  ends_at       timestamptz,
  user_id       bigint      REFERENCES users(id) ON DELETE SET NULL,
  related_table text,
  related_id    bigint,
  status        text        NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'done', 'cancelled')),
  notified_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at IS NULL OR ends_at >= due_at),
  CHECK ((related_table IS NULL) = (related_id IS NULL))
);
CREATE INDEX planning_due ON planning (due_at) WHERE status = 'scheduled';
CREATE INDEX planning_user ON planning (user_id, due_at);
CREATE INDEX planning_related ON planning (related_table, related_id);

-- ------------------------------------------------------------------ analytics

CREATE TABLE dashboards (
  id         bigserial   PRIMARY KEY,
  name       text        NOT NULL,
  owner_id   bigint      REFERENCES users(id) ON DELETE SET NULL,
  layout     jsonb       NOT NULL DEFAULT '[]'::jsonb,    -- widgets: kpi names, reports
  shared     boolean     NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboards_owner ON dashboards (owner_id);

CREATE TABLE reports (
  id          bigserial   PRIMARY KEY,
  name        text        NOT NULL UNIQUE,
  kind        text        NOT NULL DEFAULT 'table' CHECK (kind IN ('table', 'chart', 'export')),
  definition  jsonb       NOT NULL DEFAULT '{}'::jsonb,
  schedule    text,                                 -- cron expression, NULL: on demand
  owner_id    bigint      REFERENCES users(id) ON DELETE SET NULL,
  last_run_at timestamptz,
  last_output jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_owner ON reports (owner_id);

CREATE TABLE kpis (
  id           bigserial   PRIMARY KEY,
  name         text        NOT NULL,               -- e.g. 'revenue', 'dso_days', 'open_leads'
  scope        text        NOT NULL DEFAULT 'global',   -- 'global', 'company:12', 'user:3'
  period_start date        NOT NULL,
  period_end   date        NOT NULL,
  value        numeric(20, 4) NOT NULL,
  target       numeric(20, 4),
  unit         text,                               -- 'EUR', '%', 'days', ...
  computed_at  timestamptz NOT NULL DEFAULT now(),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name, scope, period_start, period_end),
  CHECK (period_end >= period_start)
);

CREATE TABLE insights (
  id            bigserial   PRIMARY KEY,
  kind          text        NOT NULL CHECK (kind IN ('churn_risk', 'late_payment', 'anomaly', 'opportunity', 'other')),
  severity      text        NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
  company_id    bigint      REFERENCES companies(id) ON DELETE CASCADE,
  related_table text,
  related_id    bigint,
  score         numeric(5, 2) CHECK (score BETWEEN 0 AND 100),
  message       text        NOT NULL,
  data          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  detected_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (resolved_at IS NULL OR resolved_at >= detected_at),
  CHECK ((related_table IS NULL) = (related_id IS NULL))
);
CREATE INDEX insights_company ON insights (company_id, kind, detected_at);
CREATE INDEX insights_open ON insights (kind) WHERE resolved_at IS NULL;

-- ------------------------------------------------------------------ events

-- The outbox (0001) announced one event per (document, topic); a document
-- now also announces the companies and people it created or filled (an
-- invoice may create its supplier and its customer), so the key becomes
-- (document, topic, record). A re-run still adds no row.
ALTER TABLE events DROP CONSTRAINT events_document_id_topic_key;
CREATE UNIQUE INDEX events_document_topic_record ON events (document_id, topic, record_table, record_id);
CREATE INDEX events_topic_pending ON events (topic, id) WHERE processed_at IS NULL;
CREATE INDEX events_record ON events (record_table, record_id);

-- ------------------------------------------------------------------ triggers

-- updated_at on every table that has it; audit on every business table;
-- manual-field tracking on companies and people.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
      'users', 'permissions', 'workflows', 'notifications',
      'documents', 'companies', 'people', 'person_documents', 'projects', 'tasks',
      'invoices', 'invoices_archive', 'quotes', 'payments', 'expenses', 'accounting', 'budgets', 'subscriptions',
      'leads', 'opportunities', 'interactions', 'campaigns', 'contracts', 'contract_parties', 'commissions',
      'time_tracking', 'resources', 'validation', 'performance', 'planning',
      'dashboards', 'reports', 'kpis', 'insights'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION set_updated_at()',
                   t || '_updated_at', t);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_row()',
                   t || '_audit', t);
  END LOOP;
END $$;
CREATE TRIGGER companies_manual_fields BEFORE INSERT OR UPDATE ON companies
  FOR EACH ROW EXECUTE FUNCTION track_manual_fields();
CREATE TRIGGER people_manual_fields BEFORE INSERT OR UPDATE ON people
  FOR EACH ROW EXECUTE FUNCTION track_manual_fields();
