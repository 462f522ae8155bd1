-- A locked hours registration (学时登记) never changes, whatever the application does: neither the registration
-- nor its rows may be updated or deleted, and no row may be added to it. A correction is a new registration.
-- SQLSTATE 42501 (insufficient_privilege), as for the append-only tables.
CREATE FUNCTION forbid_locked_hours_registration_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  parent_status text;
BEGIN
  IF TG_TABLE_NAME = 'hours_registrations' THEN
    IF OLD.status = 'locked' THEN
      RAISE EXCEPTION 'hours registration % is locked: % is not allowed', OLD.id, TG_OP
        USING ERRCODE = 'insufficient_privilege', HINT = 'Prepare a correction (a new registration) instead.';
    END IF;
  ELSE
    SELECT status INTO parent_status FROM hours_registrations
      WHERE id = (CASE WHEN TG_OP = 'INSERT' THEN NEW.registration_id ELSE OLD.registration_id END);
    IF parent_status = 'locked' THEN
      RAISE EXCEPTION 'hours registration rows of a locked registration: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege', HINT = 'Prepare a correction (a new registration) instead.';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER hours_registrations_locked
  BEFORE UPDATE OR DELETE ON hours_registrations
  FOR EACH ROW EXECUTE FUNCTION forbid_locked_hours_registration_change();
--> statement-breakpoint
CREATE TRIGGER hours_registration_rows_locked
  BEFORE INSERT OR UPDATE OR DELETE ON hours_registration_rows
  FOR EACH ROW EXECUTE FUNCTION forbid_locked_hours_registration_change();
