package vn.lienthong.gateway.acceptance;

import java.util.List;

/**
 * Seed 000's connection test cases ("Kiểm thử kết nối với Phần mềm ĐKQL hộ tịch điện tử"), as the Ministry's table
 * names them. Each case follows one synthetic dossier (a {@link Track}); DVCLT_01-03 are three rows of one dossier.
 */
final class AcceptanceCases {

    private AcceptanceCases() {
    }

    /** What a dossier goes through, and the DVCLT statuses it must produce, in order. */
    enum Track {
        /** TH1: registered, signed and issued in PMHT; the certificate comes back. */
        BIRTH("TH1", List.of(1, 3, 7, 4, 5)),
        /** DVCLT_01-03: filed (1), accepted by the one-stop-shop (3), sent to PMHT (7). */
        DVCLT("DV", List.of(1, 3, 7)),
        /** 1-3-7-2-3-7-6: PMHT asks for supplementation, the citizen supplements, PMHT refuses. */
        SUPPLEMENT("BS", List.of(1, 3, 7, 2, 3, 7, 6)),
        /** The production smoke run: PMHT refuses; the reason reaches DVCLT. */
        REJECTION("TC", List.of(1, 3, 7, 6));

        final String codeSuffix;
        final List<Integer> statuses;

        Track(String codeSuffix, List<Integer> statuses) {
            this.codeSuffix = codeSuffix;
            this.statuses = statuses;
        }
    }

    /** One row of the Ministry's table; {@code upTo} is how much of the track's statuses this row judges. */
    record Case(String code, String title, String steps, String expected, Track track, int upTo) {
    }

    static final List<Case> TEST = List.of(
            new Case("TH1", "Khai sinh của công dân VN",
                    "MCĐT gửi hồ sơ khai sinh sang PM Hộ tịch; CB hộ tịch: Tiếp nhận hồ sơ >> Tiếp nhận hồ sơ từ MCDT,"
                            + " loại thủ tục Liên thông khai sinh, nhập mã hồ sơ >> Tiếp nhận; ký số, ban hành",
                    "Nhận và tìm kiếm hồ sơ thành công trên phần mềm hộ tịch; hồ sơ được ký số, ban hành; MCĐT lấy được"
                            + " file kết quả (bản PDF có chữ ký số); DVCLT nhận trạng thái 1, 3, 7, 4, 5",
                    Track.BIRTH, 5),
            new Case("DVCLT_01", "Công dân nộp hồ sơ Đăng ký khai sinh, Đăng ký thường trú, Cấp thẻ BHYT cho trẻ dưới"
                    + " 6 tuổi - Trường hợp không có yếu tố nước ngoài",
                    "Hồ sơ khai sinh (dữ liệu kiểm thử) gửi vào MCĐT",
                    "Lưu hồ sơ thành công; trạng thái 1 - Hệ thống MCĐT đã nhận hồ sơ", Track.DVCLT, 1),
            new Case("DVCLT_02", "Cán bộ MCĐT tiếp nhận hồ sơ đăng ký khai sinh", "Thực hiện trên hệ thống MCĐT",
                    "Phần mềm DVCLT nhận được kết quả xử lý: trạng thái 3 - Hồ sơ đủ điều kiện giải quyết", Track.DVCLT, 2),
            new Case("DVCLT_03", "Hệ thống MCĐT gửi hồ sơ ĐKKS", "Thực hiện trên hệ thống MCĐT",
                    "Phần mềm DVCLT nhận được kết quả xử lý: trạng thái 7 - đã gửi sang PM Hộ tịch", Track.DVCLT, 3),
            new Case("1-3-7-2-3-7-6", "Luồng 1-3-7-2-3-7-6: Yêu cầu bổ sung hồ sơ",
                    "CB hộ tịch tiếp nhận, yêu cầu bổ sung; công dân bổ sung (phiên bản 2); CB hộ tịch tiếp nhận lại và"
                            + " từ chối với lý do",
                    "DVCLT nhận lần lượt 1, 3, 7, 2, 3, 7, 6; trạng thái 6 mang lý do từ chối", Track.SUPPLEMENT, 7));

    static final List<Case> PRODUCTION = List.of(
            new Case("TU_CHOI", "Từ chối tiếp nhận hồ sơ (môi trường chính thức)",
                    "CB hộ tịch tiếp nhận hồ sơ kiểm thử và từ chối với lý do",
                    "DVCLT nhận lần lượt 1, 3, 7, 6; trạng thái 6 mang lý do từ chối; ghi mã hồ sơ để xóa",
                    Track.REJECTION, 4));

    static List<Case> of(String mode) {
        return "production".equals(mode) ? PRODUCTION : TEST;
    }
}
