package vn.lienthong.gateway.civil;

/** PMHT's address object. After the July 2025 reform {@code maHuyen} is empty for current codes. */
public record PmhtAddress(String maTinh, String maHuyen, String maXa, String dcChiTiet) {
}
