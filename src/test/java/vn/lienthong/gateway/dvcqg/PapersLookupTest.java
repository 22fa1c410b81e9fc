package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.platform.UpstreamUnavailableException;

/** Seed 002 V.2: the papers request (channel rules, result codes of the procedure) and DVCQG's answer. */
class PapersLookupTest {

    static final ObjectMapper JSON = new ObjectMapper();
    // seed 002 V.2 request example (its trailing comma removed)
    static final String SEED_REQUEST = """
            {
            "MaThuTuc": "1.001193",
            "DanhSachDanhMucKetQua": [
            {"MaKetQua" : "000.00.00.G02-KQ0685", "SoKyHieu" : ""},
            {"MaKetQua" : "000.00.00.G40-KQ0686", "SoKyHieu" : ""}
            ],
            "SoDinhDanhChuSoHuu": "013419012",
            "HoTenNguoiYeuCau": "Nguyễn Văn Thanh",
            "KenhThucHien": "1",
            "SoDinhDanhNguoiYeuCau": "013419012"
            }""";
    // seed 002 V.2 response example
    static final String SEED_RESPONSE = """
            {
            "errorCode": "0",
            "message": "Successfully",
            "signature": "Signature",
            "result": { "DanhSachGiayToKetQua": [
            {
            "MaKetQua": "000.00.00.G01-KQ0266",
            "TenGiayTo": "Giấy khai sinh",
            "SoKyHieu": "123456",
            "CoQuanChuQuan": "G22.99",
            "DanhSachTepDinhKem": [
            {
            "TenFile": "1662977948612_QĐXP Lê Thành Bắc_signed_signed_sign.pdf",
            "DuongDan": "https://abc.gov.vn/123.pdf"
            }
            ]
            },
            {
            "MaKetQua": "000.00.00.G01-KQ0266",
            "TenGiayTo": "Giấy chứng minh nhân dân",
            "SoKyHieu": "A098888",
            "CoQuanChuQuan": "G22.99",
            "DanhSachTepDinhKem": [
            {
            "TenFile": "1662977948612_QĐXP Lê Thành Bắc_signed_signed_sign.pdf",
            "DuongDan": "https://abc.gov.vn/124.pdf"
            }
            ]
            }
            ]
            }
            }""";

    static Database db;
    static PapersLookup lookup;

    @BeforeAll
    static void setUp() {
        db = TestCatalogues.database();
        SsCatalogue catalogue = TestCatalogues.seeded(db, Clock.systemUTC());
        lookup = new PapersLookup(ProcedureResults.load(null),
                new DownloadLinks(TestCatalogues.settings("http://10.0.0.5:8080"), catalogue), "/api/dvcqg/files");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static JsonNode obj(String s) throws Exception {
        return JSON.readTree(s);
    }

    static String with(String json, String field, Object value) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(json);
        if (value == null) {
            node.remove(field);
        } else {
            node.set(field, JSON.valueToTree(value));
        }
        return node.toString();
    }

    static List<String> fields(PapersRequest r) {
        return r.problems().stream().map(PapersRequest.Problem::field).toList();
    }

    @Test
    void theSeedsRequestIsValidAndSentWithExactlyItsFields() throws Exception {
        PapersRequest r = lookup.check(SEED_REQUEST);
        assertThat(r.problems()).isEmpty();
        assertThat(obj(r.upstreamBody())).isEqualTo(obj(SEED_REQUEST));
        List<String> names = new java.util.ArrayList<>();
        obj(r.upstreamBody()).fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("MaThuTuc", "DanhSachDanhMucKetQua", "SoDinhDanhChuSoHuu", "HoTenNguoiYeuCau",
                "KenhThucHien", "SoDinhDanhNguoiYeuCau");
        assertThat(r.toString()).doesNotContain("013419012").doesNotContain("Nguyễn");
    }

    @Test
    void inPersonAndPostalChannelsNeedTheOfficer() throws Exception {
        for (String kenh : List.of("1", "3")) {
            String noOfficer = with(with(with(SEED_REQUEST, "KenhThucHien", kenh), "SoDinhDanhNguoiYeuCau", null), "HoTenNguoiYeuCau", "");
            PapersRequest r = lookup.check(noOfficer);
            assertThat(fields(r)).as("channel " + kenh).containsExactlyInAnyOrder("SoDinhDanhNguoiYeuCau", "HoTenNguoiYeuCau");
            assertThat(r.problems().get(0).reason()).contains("KenhThucHien is " + kenh);
        }
        String online = with(with(with(SEED_REQUEST, "KenhThucHien", "2"), "SoDinhDanhNguoiYeuCau", null), "HoTenNguoiYeuCau", null);
        PapersRequest r = lookup.check(online);
        assertThat(r.problems()).isEmpty();
        assertThat(obj(r.upstreamBody()).path("SoDinhDanhNguoiYeuCau").asText()).isEmpty();
        // a number is accepted for the channel and sent as the seed's string
        assertThat(obj(lookup.check(with(SEED_REQUEST, "KenhThucHien", 1)).upstreamBody()).path("KenhThucHien").isTextual()).isTrue();
        assertThat(fields(lookup.check(with(SEED_REQUEST, "KenhThucHien", "4")))).containsExactly("KenhThucHien");
        assertThat(fields(lookup.check(with(SEED_REQUEST, "KenhThucHien", null)))).containsExactly("KenhThucHien");
        assertThat(fields(lookup.check(with(SEED_REQUEST, "SoDinhDanhNguoiYeuCau", "12ab")))).containsExactly("SoDinhDanhNguoiYeuCau");
    }

    @Test
    void resultCodesMustBelongToAMappedProcedureAndOtherProceduresGoToDvcqg() throws Exception {
        // seed 002 V.3: DVCQG refuses codes of another procedure itself; a procedure without a mapping is its to check
        PapersRequest unmapped = lookup.check(with(SEED_REQUEST, "MaThuTuc", "9.999999"));
        assertThat(unmapped.problems()).isEmpty();
        assertThat(obj(unmapped.upstreamBody()).path("MaThuTuc").asText()).isEqualTo("9.999999");

        PapersRequest foreign = lookup.check(with(SEED_REQUEST, "DanhSachDanhMucKetQua",
                List.of(java.util.Map.of("MaKetQua", "KQ.G15.000007", "SoKyHieu", ""))));
        assertThat(fields(foreign)).containsExactly("DanhSachDanhMucKetQua[0].MaKetQua");
        assertThat(foreign.problems().get(0).reason()).contains("does not belong to procedure 1.001193");

        assertThat(fields(lookup.check(with(SEED_REQUEST, "DanhSachDanhMucKetQua", List.of()))))
                .containsExactly("DanhSachDanhMucKetQua");
        assertThat(fields(lookup.check(with(SEED_REQUEST, "SoDinhDanhChuSoHuu", null)))).containsExactly("SoDinhDanhChuSoHuu");
        assertThat(fields(lookup.check("[1,2]"))).containsExactly("body");
        assertThat(fields(lookup.check("{"))).containsExactly("body");
    }

    @Test
    void soKyHieuIsRequiredForPapersIssuedManyTimes() throws Exception {
        ProcedureResults land = ProcedureResults.read(new StringReader("""
                MaThuTuc,MaKetQua,TenKetQua,CanSoKyHieu,nguon
                1.000001,KQ.LAND,Giấy chứng nhận quyền sử dụng đất,1,test
                """), "test");
        PapersLookup l = new PapersLookup(land, null, "/f");
        String req = with(with(SEED_REQUEST, "MaThuTuc", "1.000001"), "DanhSachDanhMucKetQua",
                List.of(java.util.Map.of("MaKetQua", "KQ.LAND", "SoKyHieu", "")));
        assertThat(fields(l.check(req))).containsExactly("DanhSachDanhMucKetQua[0].SoKyHieu");
        String withNumber = with(req, "DanhSachDanhMucKetQua", List.of(java.util.Map.of("MaKetQua", "KQ.LAND", "SoKyHieu", "CS 01234")));
        assertThat(l.check(withNumber).problems()).isEmpty();
    }

    @Test
    void papersWithTheSameResultCodeAreOfferedAsAChoice() throws Exception {
        PapersRequest r = lookup.check(with(SEED_REQUEST, "DanhSachDanhMucKetQua",
                List.of(java.util.Map.of("MaKetQua", "000.00.00.G01-KQ0266", "SoKyHieu", ""))));
        LookupAnswer a = lookup.answer(r, 200, SEED_RESPONSE);
        assertThat(a.httpStatus()).isEqualTo(200);
        JsonNode answer = obj(a.json());
        assertThat(answer.path("results")).hasSize(1);
        JsonNode group = answer.path("results").get(0);
        assertThat(group.path("choiceRequired").asBoolean()).isTrue();
        assertThat(group.path("DanhSachGiayToKetQua").findValuesAsText("TenGiayTo"))
                .containsExactly("Giấy khai sinh", "Giấy chứng minh nhân dân");
        JsonNode file = group.path("DanhSachGiayToKetQua").get(0).path("DanhSachTepDinhKem").get(0);
        assertThat(file.path("TenTep").asText()).isEqualTo("1662977948612_QĐXP Lê Thành Bắc_signed_signed_sign.pdf");
        // G22.99 is not in the catalogue: the file is listed, not downloadable, with the reason
        assertThat(file.path("downloadable").asBoolean()).isFalse();
        assertThat(file.path("reason").asText()).contains("G22.99");
        assertThat(answer.path("signature").asText()).isEqualTo("Signature");
    }

    @Test
    void requestedCodesWithoutPapersAreListedAsNotFound() throws Exception {
        LookupAnswer a = lookup.answer(lookup.check(SEED_REQUEST), 200,
                "{\"errorCode\":\"0\",\"message\":\"Successfully\",\"result\":{\"DanhSachGiayToKetQua\":[]}}");
        assertThat(obj(a.json()).path("notFound")).hasSize(2);
        assertThat(obj(a.json()).path("papers").asInt()).isZero();
    }

    @Test
    void aNonZeroErrorCodeIsAnErrorAnswerWithDvcqgsMessage() throws Exception {
        LookupAnswer a = lookup.answer(lookup.check(SEED_REQUEST), 200,
                "{\"errorCode\":\"1\",\"message\":\"Mã kết quả không hợp lệ\",\"signature\":\"\",\"result\":null}");
        assertThat(a.httpStatus()).isEqualTo(502);
        JsonNode e = obj(a.json());
        assertThat(e.path("error").asText()).isEqualTo("DVCQG_ERROR");
        assertThat(e.path("message").asText()).contains("errorCode 1").contains("Mã kết quả không hợp lệ");
        assertThat(e.path("dvcqg").path("message").asText()).isEqualTo("Mã kết quả không hợp lệ");
        assertThat(lookup.answer(lookup.check(SEED_REQUEST), 200, "<html/>").httpStatus()).isEqualTo(502);
        assertThat(lookup.answer(lookup.check(SEED_REQUEST), 200, "{\"message\":\"x\"}").json()).contains("errorCode (none)");
    }

    @Test
    void failuresBecomeAnswers() {
        assertThat(lookup.failure(new UpstreamUnavailableException("down")).httpStatus()).isEqualTo(503);
        assertThat(lookup.failure(new RuntimeException(new java.net.SocketTimeoutException("Read timed out"))).httpStatus()).isEqualTo(504);
        assertThat(lookup.failure(new java.net.ConnectException("Connection refused")).httpStatus()).isEqualTo(503);
        assertThat(lookup.failure(new DvcqgException("DVCQG_AUTH", "refused")).httpStatus()).isEqualTo(502);
    }
}
