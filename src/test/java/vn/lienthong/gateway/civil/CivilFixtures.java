package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test-only collaborators and sample dossiers. */
final class CivilFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    /** "Now" for every test: 20/07/2024 10:00 in Vietnam. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-07-20T03:00:00Z"), VN);

    static final String WARD_A = "21550";
    static final String PROVINCE_A = "52";

    private CivilFixtures() {
    }

    /** Resolves PMHT objects as given, "Phường A" texts to fixed codes, AMBIG -> ambiguous, NOWHERE -> invalid. */
    static final class FakeAddresses implements AddressNormalizer {
        final List<String> calls = new ArrayList<>();
        final List<String> unitNames = new ArrayList<>();

        @Override
        public AddressOutcome normalize(String field, Object raw, String unitName, LocalDate registrationDate) {
            calls.add(field);
            unitNames.add(unitName);
            if (raw instanceof Map<?, ?> m) {
                return new AddressOutcome.Resolved(new PmhtAddress(str(m.get("maTinh")), str(m.get("maHuyen")),
                        str(m.get("maXa")), str(m.get("dcChiTiet"))));
            }
            String text = String.valueOf(raw) + " " + (unitName == null ? "" : unitName);
            if (text.contains("AMBIG")) {
                return new AddressOutcome.Ambiguous(field, String.valueOf(raw), List.of(
                        new AddressCandidate("52", "", "21550", "Phường A, Tỉnh X"),
                        new AddressCandidate("01", "", "00004", "Phường A, Thành phố Y")));
            }
            if (text.contains("NOWHERE")) {
                return new AddressOutcome.Invalid(List.of(new Problem(field, "no administrative unit matches")));
            }
            if (text.contains("Phường A")) {
                return new AddressOutcome.Resolved(new PmhtAddress(PROVINCE_A, "", WARD_A, String.valueOf(raw)));
            }
            return new AddressOutcome.Invalid(List.of(new Problem(field, "unit not recognised")));
        }

        private static String str(Object o) {
            return o == null ? null : o.toString();
        }
    }

    /** Knows two wards: 21550 (province 52) and 00004 (province 01). */
    static final class FakeUnits implements UnitCodeChecker {
        @Override
        public Optional<String> checkMaDonVi(String code, LocalDate registrationDate) {
            return provinceOf(code, registrationDate).isPresent()
                    ? Optional.empty()
                    : Optional.of("unit code " + code + " is not a ward or district at " + registrationDate);
        }

        @Override
        public Optional<String> provinceOf(String code, LocalDate registrationDate) {
            return switch (code) {
                case "21550" -> Optional.of("52");
                case "00004" -> Optional.of("01");
                default -> Optional.empty();
            };
        }
    }

    static CivilDossierProcessor processor(AddressNormalizer addresses) {
        return processor(addresses, CivilLimits.defaults());
    }

    static CivilDossierProcessor processor(AddressNormalizer addresses, CivilLimits limits) {
        return new CivilDossierProcessor(addresses, new FakeUnits(), ModuleCatalog.load(), limits, CLOCK);
    }

    /** A complete, valid birth dossier with JSON data (addresses both flat and as PMHT object). */
    static ObjectNode birth() {
        ObjectNode env = JSON.createObjectNode();
        env.put("maHoSo", "G22.99.08-240713-0004");
        env.put("maTTHC", "1.001193");
        env.put("maDonVi", WARD_A);
        env.put("module", "KS");
        env.put("ngayTiepNhan", "2024-07-13T08:30:00");
        ObjectNode data = env.putObject("data");
        data.put("nksHoTen", "Nguyễn Văn An");
        data.put("nksGioiTinh", "1");
        data.put("nksNgaySinh", "2024-07-05");
        data.put("nksNgaySinhBangChu", "Ngày năm tháng bảy năm hai nghìn không trăm hai mươi tư");
        data.put("nksNoiSinh", "Bệnh viện tỉnh");
        data.put("nksNoiSinhDVHC", "Phường A");
        data.put("meHoTen", "Trần Thị Bình");
        data.put("meNgaySinh", "12/03/1995");
        data.put("meSoGiayToTuyThan", "052195001234");
        ObjectNode me = data.putObject("meNoiCuTru");
        me.put("maTinh", "52");
        me.put("maHuyen", "");
        me.put("maXa", "21550");
        me.put("dcChiTiet", "12 Lê Lợi");
        data.put("nycHoTen", "Trần Thị Bình");
        data.put("nycSoDienThoai", "0912345678");
        data.put("nycEmail", "binh@example.vn");
        data.put("soLuongBanSao", 2);
        ObjectNode file = env.putArray("fileDinhKem").addObject();
        file.put("id", 1);
        file.put("loaiGiayTo", "GCS");
        file.put("tenGiayTo", "Giấy chứng sinh");
        file.put("tenTepDinhKem", "gcs.pdf");
        file.put("huyGiayTo", 0);
        file.put("duLieuTepDinhKem", "JVBERi0xLjQK");
        return env;
    }

    /** A complete, valid death dossier whose data is DVCLT XML. */
    static ObjectNode deathXml() {
        ObjectNode env = JSON.createObjectNode();
        env.put("maHoSo", "H08.37.80-240705-0015");
        env.put("maTTHC", "1.001220");
        env.put("maDonVi", "00004");
        env.put("module", "KT");
        env.put("ngayTiepNhan", "05/07/2024 09:15:00");
        env.put("data", """
                <?xml version="1.0" encoding="UTF-8"?>
                <hoTich>
                  <maGBT>GBT-1</maGBT>
                  <ngayCapGBT>02/07/2024</ngayCapGBT>
                  <nktHoTen>Lê Văn Cường</nktHoTen>
                  <nktNgaySinh>1940-01-15</nktNgaySinh>
                  <nktNgayChet>01.07.2024</nktNgayChet>
                  <nktNoiChet>Tại nhà, Phường A</nktNoiChet>
                  <nktNoiCuTru>
                    <maTinh>01</maTinh>
                    <maHuyen></maHuyen>
                    <maXa>00004</maXa>
                    <dcChiTiet>5 Phố Huế</dcChiTiet>
                  </nktNoiCuTru>
                  <nycHoTen>Lê Văn Dũng</nycHoTen>
                  <nycSoGiayToTuyThan>001080009999</nycSoGiayToTuyThan>
                </hoTich>
                """);
        env.putArray("fileDinhKem");
        return env;
    }

    static String json(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
