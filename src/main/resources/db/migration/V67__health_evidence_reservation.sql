-- Seed 004 "đã được sử dụng" means used by a registration (PMHT trangThai 4), not by a push: a dossier in flight
-- only reserves its evidence (reserved_by), a refusal/rejection/withdrawal releases it (docs/health.md).
ALTER TABLE health_birth_certificate ADD COLUMN reserved_by VARCHAR(64);
ALTER TABLE health_birth_certificate ADD COLUMN reserved_at TIMESTAMP;
ALTER TABLE health_death_notice ADD COLUMN reserved_by VARCHAR(64);
ALTER TABLE health_death_notice ADD COLUMN reserved_at TIMESTAMP;

-- What health learnt of a dossier from civil.registration.events: the last event and, once registered, PMHT's
-- registration number and date (shared back to DHIS2, seed 004 2.4.2). awaits_dhis2_for: while a registered death
-- has no DHIS2 A6 event yet, the keyed HMAC index of the deceased's ID number (never the number), so that an event
-- pulled later is matched and shared back.
CREATE TABLE health_registration (
    ma_ho_so          VARCHAR(64)  NOT NULL PRIMARY KEY,
    module            VARCHAR(16),
    last_event        VARCHAR(16)  NOT NULL,
    so_dang_ky        VARCHAR(64),
    ngay_dang_ky      VARCHAR(32),
    awaits_dhis2_for  VARCHAR(64),
    updated_at        TIMESTAMP    NOT NULL
);
CREATE INDEX ix_registration_awaits ON health_registration (awaits_dhis2_for);
