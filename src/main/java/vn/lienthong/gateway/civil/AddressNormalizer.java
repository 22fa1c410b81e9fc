package vn.lienthong.gateway.civil;

import java.time.LocalDate;

/** Turns any address a dossier may carry into PMHT's {maTinh, maHuyen, maXa, dcChiTiet}. */
public interface AddressNormalizer {

    /**
     * @param field            field path for error messages, e.g. {@code data.nksNoiSinh}
     * @param raw              a flat DVCLT string, or a Map with PMHT keys maTinh/maHuyen/maXa/dcChiTiet
     * @param unitName         optional separate unit text DVCLT sometimes sends (e.g. {@code nksNoiSinhDVHC}), may be null
     * @param registrationDate decides which catalogue applies (pre-reform codes only before 2025-07-01)
     */
    AddressOutcome normalize(String field, Object raw, String unitName, LocalDate registrationDate);
}
