-- Encryption at rest (README "Security"): the registration's ID number and the DVCLT status bodies (which repeat it)
-- are stored as "enc1:" + base64 of AES-256-GCM (security/PayloadCipher), larger than the clear text.
-- Rows written before are read as they are until the re-encryption command has run (docs in README).
ALTER TABLE civil_result ALTER COLUMN so_dinh_danh SET DATA TYPE VARCHAR(200);
ALTER TABLE status_update ALTER COLUMN body SET DATA TYPE VARCHAR(64000);
