-- Medical record numbers come from a sequence so concurrent registrations never collide.
CREATE SEQUENCE IF NOT EXISTS patient_mrn_seq START WITH 1000;
--> statement-breakpoint
-- The canonical text of an audit event that the chain covers. jsonb's text form is deterministic.
CREATE OR REPLACE FUNCTION audit_digest_input(e audit_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_array(
    e.id, e.xact_id,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_user_id, e.actor_email, e.actor_role, e.action, e.entity_type, e.entity_id, e.patient_id,
    e.outcome, host(e.ip), e.user_agent, e.request_id, e.details
  )::text
$$;
--> statement-breakpoint
-- Seals the next block: every event written by a transaction that has finished (xid below the oldest running
-- one) and is not sealed yet, in (xact_id, id) order; hash = sha256(prev_hash || '\n' || digests joined by '\n').
-- Events are never updated, so sealing costs one aggregate and one insert however many events it covers.
-- One sealer at a time (advisory lock); another caller returns 0 at once.
CREATE OR REPLACE FUNCTION audit_seal(max_events integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  last audit_seals%ROWTYPE;
  w_old bigint;
  w_new bigint;
  cap bigint;
  n integer;
  digests text;
  prev text;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7463002) THEN
    RETURN 0;
  END IF;
  SELECT * INTO last FROM audit_seals ORDER BY seq DESC LIMIT 1;
  w_old := coalesce(last.to_xact, 0);
  prev := coalesce(last.hash, repeat('0', 64));
  w_new := (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint;
  -- Bound the block to about max_events events (whole transactions only).
  SELECT xact_id INTO cap FROM audit_events WHERE xact_id >= w_old ORDER BY xact_id, id OFFSET max_events LIMIT 1;
  IF cap IS NOT NULL THEN
    w_new := least(w_new, greatest(cap, w_old + 1));
  END IF;
  IF w_new <= w_old THEN
    RETURN 0;
  END IF;
  SELECT count(*)::integer, string_agg(audit_digest_input(e), E'\n' ORDER BY e.xact_id, e.id)
    INTO n, digests
    FROM audit_events e
   WHERE e.xact_id >= w_old AND e.xact_id < w_new;
  IF n = 0 THEN
    RETURN 0;
  END IF;
  INSERT INTO audit_seals (seq, from_xact, to_xact, event_count, prev_hash, hash)
  VALUES (coalesce(last.seq, 0) + 1, w_old, w_new, n, prev, encode(sha256(convert_to(prev || E'\n' || digests, 'UTF8')), 'hex'));
  RETURN n;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals FOR EACH ROW EXECUTE FUNCTION audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
