package vn.lienthong.gateway.civil;

import java.time.LocalDate;
import java.util.Optional;

/** Checks a registering unit code (maDonVi) against the official catalogues at a date. */
public interface UnitCodeChecker {

    /** Empty when the code is a valid ward (5 digits) or, before the reform only, district (3 digits) at that date; otherwise the reason. */
    Optional<String> checkMaDonVi(String code, LocalDate registrationDate);

    /** The 2-digit province code (maTinh) the unit belongs to at that date, if the code is known. */
    Optional<String> provinceOf(String code, LocalDate registrationDate);
}
