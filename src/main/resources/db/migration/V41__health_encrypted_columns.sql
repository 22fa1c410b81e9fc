-- Encryption at rest (README "Security"): record_json is "enc1:" + base64 of AES-256-GCM (security/PayloadCipher);
-- me_so_giay_to / nkt_so_giay_to hold a keyed HMAC-SHA256 (64 hex digits) of the ID number, the lookup index,
-- never the number; a deceased's ID number kept as an evidence link (kind NKT_ID) is encrypted.
-- Rows written before are read as they are until the re-encryption command has run.
ALTER TABLE health_birth_certificate ALTER COLUMN me_so_giay_to SET DATA TYPE VARCHAR(64);
ALTER TABLE health_birth_certificate ALTER COLUMN record_json SET DATA TYPE VARCHAR(32000);
ALTER TABLE health_death_notice ALTER COLUMN nkt_so_giay_to SET DATA TYPE VARCHAR(64);
ALTER TABLE health_death_notice ALTER COLUMN record_json SET DATA TYPE VARCHAR(32000);
ALTER TABLE health_evidence_link ALTER COLUMN ref SET DATA TYPE VARCHAR(200);
