-- Medical record numbers come from a sequence so concurrent registrations never collide.
CREATE SEQUENCE IF NOT EXISTS patient_mrn_seq START WITH 1000;
--> statement-breakpoint
-- The canonical text of an audit event that its hash covers. jsonb's text form is deterministic.
CREATE OR REPLACE FUNCTION audit_digest_input(e audit_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    e.id,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_user_id, e.actor_email, e.actor_role, e.action, e.entity_type, e.entity_id, e.patient_id,
    e.outcome, host(e.ip), e.user_agent, e.request_id, e.details
  )::text
$$;
--> statement-breakpoint
-- Links unsealed events into the chain in id order: hash = sha256(prev_hash || digest input).
-- One sealer at a time (transaction-scoped advisory lock); others return 0 at once, so writers never wait.
CREATE OR REPLACE FUNCTION audit_seal(max_rows integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  last_seq bigint;
  last_hash text;
  r audit_events%ROWTYPE;
  n integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7463002) THEN
    RETURN 0;
  END IF;
  SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    last_seq := 0;
    last_hash := repeat('0', 64);
  END IF;
  FOR r IN SELECT * FROM audit_events WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows LOOP
    last_seq := last_seq + 1;
    UPDATE audit_events
       SET chain_seq = last_seq,
           prev_hash = last_hash,
           hash = encode(sha256(convert_to(last_hash || audit_digest_input(r), 'UTF8')), 'hex')
     WHERE id = r.id
    RETURNING hash INTO last_hash;
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;
--> statement-breakpoint
-- Append-only: the only update allowed is sealing an unsealed row without touching its content; no deletes.
CREATE OR REPLACE FUNCTION audit_events_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.chain_seq IS NOT NULL OR NEW.chain_seq IS NULL OR NEW.hash IS NULL
     OR audit_digest_input(OLD) IS DISTINCT FROM audit_digest_input(NEW) THEN
    RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard();
