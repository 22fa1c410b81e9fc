-- Operator console's dossier list and charts (ledger/DossierSearch, docs/console.md): one index per filter, each
-- ending with the columns the list sorts by (time, then code), so a page is read in index order instead of sorting
-- every matching row. Portable SQL.
CREATE INDEX ix_dossier_created ON dossier (created_at, ma_ho_so);
CREATE INDEX ix_dossier_updated ON dossier (updated_at, ma_ho_so);
CREATE INDEX ix_dossier_state_created ON dossier (state, created_at, ma_ho_so);
CREATE INDEX ix_dossier_unit_created ON dossier (ma_don_vi, created_at, ma_ho_so);
CREATE INDEX ix_dossier_module_created ON dossier (module_pushed, created_at, ma_ho_so);
