package vn.lienthong.gateway.civil;

/** One thing wrong with an input: the field path (e.g. {@code data.nksNoiSinh.maXa}) and why. */
public record Problem(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
