-- A dossier's trail is only ever read by its dossier (ledger/Ledger.find): the key (ma_ho_so, id) serves that read,
-- and the separate index ix_event_dossier, written with every one of the ~10 events of a dossier, goes
-- (BENCHMARKS.md). Dropping an unnamed primary key is not portable: the placeholder supplies each database's form
-- (platform/Database.placeholders).
ALTER TABLE dossier_event ${gateway:dropPrimaryKey.dossier_event};
ALTER TABLE dossier_event ADD CONSTRAINT pk_dossier_event PRIMARY KEY (ma_ho_so, id);
DROP INDEX ix_event_dossier;
