package vn.lienthong.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import vn.lienthong.gateway.catalog.AdminUnitCatalog;
import vn.lienthong.gateway.catalog.CatalogAddressNormalizer;
import vn.lienthong.gateway.civil.AddressOutcome;
import vn.lienthong.gateway.civil.CivilDossierProcessor;
import vn.lienthong.gateway.civil.CivilLimits;
import vn.lienthong.gateway.civil.CivilOutcome;
import vn.lienthong.gateway.civil.ModuleCatalog;
import vn.lienthong.gateway.civil.Problem;
import vn.lienthong.gateway.molisa.MappingResult;
import vn.lienthong.gateway.molisa.MolisaCatalogs;
import vn.lienthong.gateway.molisa.MolisaRecordMapper;

/**
 * Coverage-guided fuzzing (Jazzer) of every intake parser: the civil dossier processor (JSON envelope, DVCLT XML,
 * dates, attachments), the address normalizer and the MOLISA mapper. Any exception, crash or hang (Jazzer's
 * timeout) is a failure; an "internal error" problem means the processor's last-resort catch hid a bug.
 * Seeds: src/test/resources/.../IntakeFuzzTestInputs/fuzzIntake (real-shaped dossiers).
 */
class IntakeFuzzTest {

    private static final AdminUnitCatalog UNITS = AdminUnitCatalog.loadDefault();
    private static final CatalogAddressNormalizer ADDRESSES = new CatalogAddressNormalizer(UNITS);
    private static final CivilDossierProcessor PROCESSOR = new CivilDossierProcessor(ADDRESSES, UNITS,
            ModuleCatalog.load(), CivilLimits.defaults());
    private static final MolisaRecordMapper MOLISA = new MolisaRecordMapper(MolisaCatalogs.fromClasspath());
    private static final LocalDate[] DATES = {LocalDate.of(2024, 3, 1), LocalDate.of(2026, 7, 13)};

    @FuzzTest(maxDuration = "60s")
    void fuzzIntake(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0 -> civil(data.consumeRemainingAsString());
            case 1 -> civil(envelope(data));
            case 2 -> {
                AddressOutcome out = ADDRESSES.normalize("data.f", data.consumeString(300),
                        data.consumeBoolean() ? data.consumeString(100) : null, DATES[data.consumeInt(0, 1)]);
                assertThat(out).isNotNull();
            }
            default -> {
                MappingResult r = MOLISA.mapDossier(Map.of("MaHoSo", data.consumeString(40), "MaTTHC", data.consumeString(20),
                        "HoVaTen", data.consumeString(50), "GioiTinhId", data.consumeString(10), "DanTocId", data.consumeString(10),
                        "NgayThangNamSinh", data.consumeString(25), "CMND_NoiCap", data.consumeRemainingAsString()));
                assertThat(r).isNotNull();
            }
        }
    }

    private static String envelope(FuzzedDataProvider data) {
        String xml = "<hoTich><nksHoTen>" + data.consumeString(40) + "</nksHoTen><nksNoiSinh>" + data.consumeString(80)
                + "</nksNoiSinh><nksNgaySinh>" + data.consumeString(12) + "</nksNgaySinh>" + data.consumeString(200) + "</hoTich>";
        return "{\"maHoSo\":\"" + esc(data.consumeString(30)) + "\",\"maTTHC\":\"1.001193\",\"maDonVi\":\"" + esc(data.consumeString(6))
                + "\",\"module\":\"" + esc(data.pickValue(new String[] {"KS", "KT", "LTKH", "X"})) + "\",\"ngayTiepNhan\":\""
                + esc(data.consumeString(20)) + "\",\"data\":\"" + esc(xml) + "\",\"fileDinhKem\":[{\"tenTepDinhKem\":\""
                + esc(data.consumeString(20)) + "\",\"duLieuTepDinhKem\":\"" + esc(data.consumeRemainingAsString()) + "\"}]}";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void civil(String input) {
        CivilOutcome out = PROCESSOR.process(input);
        assertThat(out).isNotNull();
        if (out instanceof CivilOutcome.Invalid invalid) {
            for (Problem p : invalid.problems()) {
                assertThat(p.reason()).as("hidden bug for input %s", input).doesNotContain("internal error");
            }
        }
    }
}
