-- Name search reads a page in list order straight off this index: the key is the sort order (last name, first
-- name, id) in the "C" collation, so a last-name prefix is a key range; the included columns are what a result
-- row shows and what the filters need, so the table itself is not read (an index-only scan).
CREATE INDEX IF NOT EXISTS "patients_name_search_idx" ON "patients" USING btree (lower("legal_family_name") COLLATE "C", lower("legal_given_name") COLLATE "C", "id")
  INCLUDE ("organization_id", "mrn", "legal_given_name", "legal_family_name", "preferred_name", "date_of_birth", "phone_mobile");
