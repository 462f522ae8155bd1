-- Append-only tables: the audit log, the hours ledger and item assessments (grading history).
-- The database itself refuses UPDATE, DELETE and TRUNCATE, whatever the application does; corrections are
-- new rows. Statement-level triggers fire even when no row matches, so a stray UPDATE fails loudly.
-- SQLSTATE 42501 (insufficient_privilege) is what a revoked privilege would raise, and is matched by tests.
CREATE FUNCTION forbid_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Record a new row (a correction or a new assessment) instead.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_append_only_change();
--> statement-breakpoint
CREATE TRIGGER hours_ledger_entries_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON hours_ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_append_only_change();
--> statement-breakpoint
CREATE TRIGGER item_assessments_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON item_assessments
  FOR EACH STATEMENT EXECUTE FUNCTION forbid_append_only_change();
