-- Customer search folds case and accents for all of Unicode, which neither database does on its own:
-- the application stores the folded name (`domain::search_key`) next to the name and fills it for
-- rows written before this column existed (`store::customers::fill_name_keys`, run after migrating).
ALTER TABLE customers ADD COLUMN name_key TEXT;
