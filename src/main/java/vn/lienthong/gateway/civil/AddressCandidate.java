package vn.lienthong.gateway.civil;

/** One administrative unit an ambiguous address could mean; {@code label} is its full human-readable name. */
public record AddressCandidate(String maTinh, String maHuyen, String maXa, String label) {
}
