-- The PMHT poll walks the dossiers in polled states in maHoSo order from where its last run stopped
-- (ledger/PollLedger): an index range of at most PMHT_POLL_MAX_PER_RUN rows per state. Before, every run read every
-- pending dossier with its poll row and sorted them by their last poll, and wrote each polled dossier's row even when
-- PMHT's answer had not changed: the rows it read and wrote pushed the intake's rows out of HSQLDB's row cache, whose
-- write-outs then stopped every statement for ~100 ms in the seconds after a poll (BENCHMARKS.md).
DROP INDEX ix_dossier_state;
CREATE INDEX ix_dossier_state ON dossier (flow, state, ma_ho_so);

-- One row per walk: the last maHoSo the last completed run asked about.
CREATE TABLE poll_cursor (
    name       VARCHAR(64) NOT NULL PRIMARY KEY,
    after_code VARCHAR(64) NOT NULL,
    updated_at TIMESTAMP   NOT NULL
);
