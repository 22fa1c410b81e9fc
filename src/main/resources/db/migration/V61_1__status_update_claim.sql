-- A node sending a DVCLT status update first claims its row for a short lease (claimed_by, claimed_until): two
-- nodes never send the same update at the same time (a trigger redelivered to another node while the first one
-- is still sending, e.g. after a broker restart). A claim of a node that died expires after the lease; the update
-- is then sent again by another node (see docs/production.md, "DVCLT status updates under faults").
ALTER TABLE status_update ADD COLUMN claimed_by VARCHAR(120);
ALTER TABLE status_update ADD COLUMN claimed_until TIMESTAMP;
