package vn.lienthong.gateway.health;

/**
 * One thing wrong with a hospital record: the field (wire name, e.g. {@code meSoGiayToTuyThan}) and why.
 * Reasons never repeat the value of the field: records carry names and ID numbers.
 */
public record FieldProblem(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
