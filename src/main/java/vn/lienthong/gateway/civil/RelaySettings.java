package vn.lienthong.gateway.civil;

/**
 * Who the gateway names in the status updates it makes itself (1, 3, 7) and the legal processing time used to
 * compute the appointment date (working days, Saturday and Sunday skipped).
 */
public record RelaySettings(String nguoiXuLy, String chucDanh, String phongBanXuLy, int processingDays) {

    public static RelaySettings defaults() {
        return new RelaySettings("Hệ thống MCĐT", "Hệ thống thông tin giải quyết TTHC", "Bộ phận Một cửa", 5);
    }
}
