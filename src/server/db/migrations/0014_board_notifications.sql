-- The day board refreshes when a clinic's visits change (issue 9): every insert or change of an appointment tells
-- listeners which clinic, through NOTIFY (delivered when the transaction commits; several changes in one
-- transaction to the same clinic arrive once).
CREATE FUNCTION stepwise_appointments_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('appointments_changed', NEW.location_id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER appointments_changed AFTER INSERT OR UPDATE ON appointments
  FOR EACH ROW EXECUTE FUNCTION stepwise_appointments_changed();
