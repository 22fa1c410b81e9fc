-- Encryption at rest (README "Security"): a received version is stored as "enc1:" + base64 of AES-256-GCM
-- (security/PayloadCipher), larger than the clear text it replaces.
ALTER TABLE dossier_payload ALTER COLUMN payload SET DATA TYPE VARCHAR(4200000);
