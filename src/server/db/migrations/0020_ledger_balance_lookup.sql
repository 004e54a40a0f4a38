-- The ledger trigger looks up one patient's balance row by its key. Inside a bulk posting (an 835 of thousands of
-- claims) its plan must stay an index lookup whatever the table's statistics say: on a new practice's empty table
-- the planner's generic plan is a sequential scan, which made each insert scan every balance written so far
-- (10,000 claims took over two minutes). The row is read first and created only when missing.
CREATE OR REPLACE FUNCTION stepwise_ledger_balance() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE b patient_balances%ROWTYPE;
BEGIN
  SELECT * INTO b FROM patient_balances WHERE patient_id = NEW.patient_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO patient_balances (patient_id, organization_id) VALUES (NEW.patient_id, NEW.organization_id) ON CONFLICT (patient_id) DO NOTHING;
    SELECT * INTO b FROM patient_balances WHERE patient_id = NEW.patient_id FOR UPDATE;
  END IF;
  NEW.seq := b.last_seq + 1;
  NEW.balance_cents := b.balance_cents + NEW.amount_cents;
  NEW.patient_balance_cents := b.patient_balance_cents + CASE WHEN NEW.responsibility = 'patient' THEN NEW.amount_cents ELSE 0 END;
  UPDATE patient_balances SET balance_cents = NEW.balance_cents, patient_balance_cents = NEW.patient_balance_cents, last_seq = NEW.seq, updated_at = now()
    WHERE patient_id = NEW.patient_id;
  RETURN NEW;
END $$;
