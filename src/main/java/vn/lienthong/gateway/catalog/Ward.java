package vn.lienthong.gateway.catalog;

/**
 * A ward / commune of one catalogue era.
 *
 * @param name         official name with its type, e.g. "Phường Điện Biên"
 * @param districtCode the pre-reform district, "" for current wards
 * @param label        full human-readable name up to the province, e.g. "Phường Ba Đình, Thành phố Hà Nội"
 */
public record Ward(String code, String name, String typeKey, String key, String provinceCode, String districtCode,
                   String label, Era era) {
}
