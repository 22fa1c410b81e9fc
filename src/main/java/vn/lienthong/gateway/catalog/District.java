package vn.lienthong.gateway.catalog;

/** A pre-reform district (districts were abolished on 2025-07-01). {@code name} carries its type, e.g. "Quận Ba Đình". */
public record District(String code, String name, String typeKey, String key, String provinceCode) {
}
