-- Birth certificates (giấy chứng sinh) and death notices (giấy báo tử) received from hospitals (HIS push, Excel
-- import) and DHIS2, looked up by the civil flow. Portable SQL: HSQLDB and PostgreSQL.
-- record_json holds the normalized record (wire field names); the columns are what lookups and checks need.
CREATE TABLE health_birth_certificate (
    ma_gcs          VARCHAR(50)   NOT NULL PRIMARY KEY,
    me_so_giay_to   VARCHAR(20)   NOT NULL,
    nks_ngay_sinh   VARCHAR(10)   NOT NULL,
    source          VARCHAR(16)   NOT NULL,
    record_json     VARCHAR(8000) NOT NULL,
    used_by         VARCHAR(64),
    used_at         TIMESTAMP,
    revision        INTEGER       DEFAULT 1 NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL
);
CREATE INDEX ix_birth_mother ON health_birth_certificate (me_so_giay_to);

CREATE TABLE health_death_notice (
    ma_gbt             VARCHAR(50)   NOT NULL PRIMARY KEY,
    nkt_so_giay_to     VARCHAR(20),
    source             VARCHAR(16)   NOT NULL,
    record_json        VARCHAR(8000) NOT NULL,
    used_by            VARCHAR(64),
    used_at            TIMESTAMP,
    revision           INTEGER       DEFAULT 1 NOT NULL,
    -- DHIS2 origin (null for hospital notices) and the share-back of the registration (outbox)
    dhis2_event        VARCHAR(64),
    dhis2_meta_json    VARCHAR(2000),
    dhis2_push_state   VARCHAR(16),
    dhis2_push_queued  TIMESTAMP,
    dhis2_pushed_at    TIMESTAMP,
    dhis2_push_reason  VARCHAR(2000),
    created_at         TIMESTAMP     NOT NULL,
    updated_at         TIMESTAMP     NOT NULL
);
CREATE INDEX ix_death_deceased ON health_death_notice (nkt_so_giay_to);
CREATE INDEX ix_death_push ON health_death_notice (dhis2_push_state);

-- Which evidence a civil dossier refers to (recorded before validation), so the evidence can be marked used
-- once PMHT has the dossier. kind: GCS (birth certificate number), GBT (death notice number),
-- NKT_ID (deceased's ID number, matched against DHIS2 deaths that have no notice number).
CREATE TABLE health_evidence_link (
    ma_ho_so   VARCHAR(64)  NOT NULL,
    kind       VARCHAR(8)   NOT NULL,
    ref        VARCHAR(50)  NOT NULL,
    marked_at  TIMESTAMP,
    created_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (ma_ho_so, kind)
);
CREATE INDEX ix_link_unmarked ON health_evidence_link (marked_at);

-- Persisted cursors of scheduled pulls (e.g. DHIS2 events: the newest updatedAt already fetched).
CREATE TABLE health_sync_cursor (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    cursor_value VARCHAR(64)  NOT NULL,
    updated_at   TIMESTAMP    NOT NULL
);
