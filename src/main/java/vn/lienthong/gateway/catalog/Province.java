package vn.lienthong.gateway.catalog;

/**
 * A province of one catalogue era.
 *
 * @param name    official name with its type, e.g. "Thành phố Hà Nội"
 * @param typeKey folded type, e.g. "thanh pho"
 * @param key     folded name without type, used for matching, e.g. "ha noi"
 */
public record Province(String code, String name, String typeKey, String key, Era era) {
}
