package vn.lienthong.gateway.ops;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import vn.lienthong.gateway.civil.PersonalData;

/**
 * The one rule set of what the console masks, for every flow's messages (docs/console.md "Masking"). A field is
 * personal by its name, compared case-insensitively and without an XML namespace prefix:
 * <ul>
 * <li>names: contains {@code HoTen} or {@code HoVaTen} (DVCLT/PMHT {@code nksHoTen}, health {@code nksHoTenDuKien},
 * DVCQG {@code HoTenNguoiYeuCau}, MOLISA {@code HoVaTen});</li>
 * <li>ID numbers: ends with {@code SoGiayToTuyThan}, {@code SoDDCN}, {@code CMND} or {@code CCCD}, or contains
 * {@code SoDinhDanh} (DVCQG {@code SoDinhDanhChuSoHuu}, {@code SoDinhDanhNguoiYeuCau});</li>
 * <li>contact: ends with {@code DienThoai} or {@code Email};</li>
 * <li>birth dates: contains {@code NgaySinh} or {@code NgayThangNamSinh};</li>
 * <li>home addresses: ends with {@code NoiCuTru} or {@code _ChiTiet} (MOLISA {@code HKTTC_ChiTiet}, {@code NOHT_ChiTiet});</li>
 * <li>DHIS2: every {@code value} of a {@code dataValues}/{@code attributes} entry (an object with a
 * {@code dataElement} or {@code attribute}), since which element holds a name is a per-province setting.</li>
 * </ul>
 * Everything inside a personal field is masked, also when it is an object, a list or XML with CDATA.
 */
public final class PersonalFields {

    private static final List<String> CONTAINS = List.of("hoten", "hovaten", "sodinhdanh", "ngaysinh", "ngaythangnamsinh");
    private static final List<String> ENDS = List.of("sogiaytotuythan", "soddcn", "cmnd", "cccd", "dienthoai", "email",
            "noicutru", "_chitiet");

    private PersonalFields() {
    }

    /** True for a personal field name ({@code prefix:name} XML names by their local name). */
    public static boolean isPersonal(String fieldName) {
        if (fieldName == null || fieldName.isEmpty()) {
            return false;
        }
        int colon = fieldName.lastIndexOf(':');
        String n = (colon >= 0 ? fieldName.substring(colon + 1) : fieldName).strip().toLowerCase(Locale.ROOT);
        for (String c : CONTAINS) {
            if (n.contains(c)) {
                return true;
            }
        }
        for (String e : ENDS) {
            if (n.endsWith(e)) {
                return true;
            }
        }
        return false;
    }

    /** True for the field {@code name} of the JSON object {@code parent}: by name, or a DHIS2 data/attribute value. */
    public static boolean isPersonal(String name, JsonNode parent) {
        return isPersonal(name) || ("value".equals(name) && parent != null && parent.isObject()
                && (parent.has("dataElement") || parent.has("attribute")));
    }

    /** First and last 2 characters kept, the rest starred ({@link PersonalData#mask}). */
    public static String mask(String value) {
        return PersonalData.mask(value);
    }
}
