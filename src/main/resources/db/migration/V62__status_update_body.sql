-- The DVCLT status body (~1-2 KB encrypted) moves out of status_update into its own row, written once: every claim,
-- "sent" mark and re-trigger rewrites the status_update row, and with the body in it each rewrite copied the whole
-- body again (HSQLDB logs an UPDATE as the full new row; PostgreSQL writes a new tuple). BENCHMARKS.md, change 15.
-- Keyed like the update itself (ma_ho_so, seq: unique in status_update).
CREATE TABLE status_update_body (
    ma_ho_so VARCHAR(64)    NOT NULL,
    seq      INTEGER        NOT NULL,
    body     VARCHAR(64000) NOT NULL,
    CONSTRAINT pk_status_update_body PRIMARY KEY (ma_ho_so, seq)
);
INSERT INTO status_update_body (ma_ho_so, seq, body) SELECT ma_ho_so, seq, body FROM status_update;
ALTER TABLE status_update DROP COLUMN body;
