-- The outbox row's key is its place in the dossier's sequence (ma_ho_so, seq), and the dedup key is checked
-- against the dossier's few rows by the writer (ledger/StatusOutbox.add) instead of by a unique index of its own.
-- Each update is written three times (queued, claimed, marked) and a row write updates every index of the table:
-- four indexes became two (BENCHMARKS.md). Portable SQL: HSQLDB and PostgreSQL.
ALTER TABLE status_update DROP CONSTRAINT uq_status_dedup;
ALTER TABLE status_update DROP CONSTRAINT uq_status_seq;
ALTER TABLE status_update DROP COLUMN id;
ALTER TABLE status_update ADD CONSTRAINT pk_status_update PRIMARY KEY (ma_ho_so, seq);
