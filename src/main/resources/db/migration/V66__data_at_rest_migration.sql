-- Encryption at rest binds each value to its table, column and row (security/PayloadCipher, format "enc2:"). Values
-- stored before (clear, or "enc1:" bound to nothing) are read only until the one-off re-encryption (platform/DataRekey)
-- has rewritten them; it records its completion here, and from then on every node refuses such values.
CREATE TABLE data_at_rest_migration (
    name         VARCHAR(64)   NOT NULL PRIMARY KEY,
    completed_at TIMESTAMP     NOT NULL,
    note         VARCHAR(1000)
);
-- A database with no encrypted value stored yet (a new installation) has nothing to re-encrypt: done at once.
INSERT INTO data_at_rest_migration (name, completed_at, note)
SELECT 'bound-v2', CURRENT_TIMESTAMP, 'new database: nothing stored before' FROM (VALUES (0)) AS one (x)
WHERE NOT EXISTS (SELECT 1 FROM dossier_payload)
  AND NOT EXISTS (SELECT 1 FROM civil_result WHERE so_dinh_danh IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM status_update_body WHERE body <> '{}')
  AND NOT EXISTS (SELECT 1 FROM health_birth_certificate WHERE record_json <> '{}')
  AND NOT EXISTS (SELECT 1 FROM health_death_notice WHERE record_json <> '{}')
  AND NOT EXISTS (SELECT 1 FROM health_evidence_link WHERE kind = 'NKT_ID' AND ref <> '-');
