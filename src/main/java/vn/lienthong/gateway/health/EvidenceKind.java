package vn.lienthong.gateway.health;

import java.util.Locale;

/** The two kinds of evidence a hospital issues: birth certificate (giấy chứng sinh) and death notice (giấy báo tử). */
public enum EvidenceKind {
    BIRTH("maGCS", "ngayCapGCS", "health_birth_certificate", "ma_gcs"),
    DEATH("maGBT", "ngayCapGBT", "health_death_notice", "ma_gbt");

    private final String keyField;
    private final String issueDateField;
    final String table;
    final String keyColumn;

    EvidenceKind(String keyField, String issueDateField, String table, String keyColumn) {
        this.keyField = keyField;
        this.issueDateField = issueDateField;
        this.table = table;
        this.keyColumn = keyColumn;
    }

    /** The record's number field: maGCS or maGBT. */
    public String keyField() {
        return keyField;
    }

    public String issueDateField() {
        return issueDateField;
    }

    /** BIRTH/DEATH, also "birth", "gcs", "death", "gbt" as routes and operators say it. */
    public static EvidenceKind parse(String s) {
        String k = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "birth", "gcs" -> BIRTH;
            case "death", "gbt" -> DEATH;
            default -> valueOf(k.toUpperCase(Locale.ROOT));
        };
    }
}
