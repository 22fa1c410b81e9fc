package vn.lienthong.gateway.civil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.civil.CivilFixtures.JSON;
import static vn.lienthong.gateway.civil.CivilFixtures.birth;
import static vn.lienthong.gateway.civil.CivilFixtures.deathXml;
import static vn.lienthong.gateway.civil.CivilFixtures.json;

class CivilDossierProcessorTest {

    private final CivilFixtures.FakeAddresses addresses = new CivilFixtures.FakeAddresses();
    private final CivilDossierProcessor processor = CivilFixtures.processor(addresses);

    // ---------- happy paths ----------

    @Test
    void validBirthWithJsonDataIsReadyForLtks() throws Exception {
        CivilOutcome outcome = processor.process(json(birth()));

        assertThat(outcome).isInstanceOf(CivilOutcome.Ready.class);
        CivilOutcome.Ready ready = (CivilOutcome.Ready) outcome;
        assertThat(ready.maHoSo()).isEqualTo("G22.99.08-240713-0004");
        assertThat(ready.moduleIn()).isEqualTo("KS");
        assertThat(ready.modulePushed()).isEqualTo("LTKS");
        assertThat(ready.maTinh()).isEqualTo("52");
        assertThat(ready.maDonVi()).isEqualTo("21550");

        JsonNode push = JSON.readTree(ready.pmhtPushJson());
        assertThat(fieldNames(push)).containsExactly(
                "maDonVi", "module", "maHoSoLT", "maHoSoMCDT", "ngayTiepNhan", "data", "fileDinhKem");
        assertThat(push.get("maDonVi").asText()).isEqualTo("21550");
        assertThat(push.get("module").asText()).isEqualTo("LTKS");
        assertThat(push.get("maHoSoLT").asText()).isEqualTo("G22.99.08-240713-0004");
        assertThat(push.get("maHoSoMCDT").asText()).isEqualTo("G22.99.08-240713-0004");
        assertThat(push.get("ngayTiepNhan").asText()).isEqualTo("13/07/2024 08:30:00");

        assertThat(push.get("data").isTextual()).as("data must be a JSON string").isTrue();
        JsonNode data = JSON.readTree(push.get("data").asText());
        assertThat(data.get("nksNgaySinh").asText()).isEqualTo("05.07.2024");
        assertThat(data.get("meNgaySinh").asText()).isEqualTo("12.03.1995");
        assertThat(data.get("nksNgaySinhBangChu").asText()).startsWith("Ngày năm");
        assertThat(data.get("nksNoiSinh")).isEqualTo(JSON.readTree(
                "{\"maTinh\":\"52\",\"maHuyen\":\"\",\"maXa\":\"21550\",\"dcChiTiet\":\"Bệnh viện tỉnh\"}"));
        assertThat(data.has("nksNoiSinhDVHC")).as("DVHC companion dropped").isFalse();
        assertThat(data.get("meNoiCuTru")).isEqualTo(JSON.readTree(
                "{\"maTinh\":\"52\",\"maHuyen\":\"\",\"maXa\":\"21550\",\"dcChiTiet\":\"12 Lê Lợi\"}"));
        assertThat(data.get("soLuongBanSao").asInt()).isEqualTo(2);

        JsonNode file = push.get("fileDinhKem").get(0);
        assertThat(fieldNames(file)).containsExactly(
                "id", "loaiGiayTo", "tenGiayTo", "tenTepDinhKem", "huyGiayTo", "duLieuTepDinhKem");
        assertThat(file.get("duLieuTepDinhKem").asText()).isEqualTo("JVBERi0xLjQK");

        // The companion unit text reached the normalizer.
        assertThat(addresses.calls).contains("data.nksNoiSinh", "data.meNoiCuTru");
        assertThat(addresses.unitNames.get(addresses.calls.indexOf("data.nksNoiSinh"))).isEqualTo("Phường A");

        String expectedVersion = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(ready.pmhtPushJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(ready.contentVersion()).isEqualTo(expectedVersion).matches("[0-9a-f]{64}");
    }

    @Test
    void deathWithXmlDataIsReadyForLtkt() throws Exception {
        CivilOutcome outcome = processor.process(json(deathXml()));

        assertThat(outcome).isInstanceOf(CivilOutcome.Ready.class);
        CivilOutcome.Ready ready = (CivilOutcome.Ready) outcome;
        assertThat(ready.moduleIn()).isEqualTo("KT");
        assertThat(ready.modulePushed()).isEqualTo("LTKT");
        assertThat(ready.maTinh()).isEqualTo("01");
        JsonNode push = JSON.readTree(ready.pmhtPushJson());
        assertThat(push.get("ngayTiepNhan").asText()).isEqualTo("05/07/2024 09:15:00");
        assertThat(push.get("fileDinhKem").isArray()).isTrue();
        assertThat(push.get("fileDinhKem").size()).isZero();
        JsonNode data = JSON.readTree(push.get("data").asText());
        assertThat(data.get("nktNgayChet").asText()).isEqualTo("01.07.2024");
        assertThat(data.get("ngayCapGBT").asText()).isEqualTo("02.07.2024");
        assertThat(data.get("nktNgaySinh").asText()).isEqualTo("15.01.1940");
        assertThat(data.get("nktNoiChet").get("maXa").asText()).isEqualTo("21550");
        assertThat(data.get("nktNoiCuTru").get("maXa").asText()).isEqualTo("00004");
        assertThat(data.get("nktNoiCuTru").get("dcChiTiet").asText()).isEqualTo("5 Phố Huế");
    }

    @Test
    void moduleAlreadyInPmhtFormPassesAsItself() {
        ObjectNode env = birth();
        env.put("module", "LTKS");
        CivilOutcome.Ready ready = (CivilOutcome.Ready) processor.process(json(env));
        assertThat(ready.moduleIn()).isEqualTo("LTKS");
        assertThat(ready.modulePushed()).isEqualTo("LTKS");
    }

    @Test
    void otherModulesNeedOnlyAnObject() {
        ObjectNode env = birth();
        env.put("module", "HN");
        env.putObject("data").put("ghiChu", "x");
        CivilOutcome outcome = processor.process(json(env));
        assertThat(outcome).isInstanceOf(CivilOutcome.Ready.class);
        assertThat(((CivilOutcome.Ready) outcome).modulePushed()).isEqualTo("HN");
    }

    @Test
    void maHoSoMcdtIsPassedWhenGiven() throws Exception {
        ObjectNode env = birth();
        env.put("maHoSoMCDT", "000.00.18.G12-191106-0001");
        CivilOutcome.Ready ready = (CivilOutcome.Ready) processor.process(json(env));
        assertThat(JSON.readTree(ready.pmhtPushJson()).get("maHoSoMCDT").asText()).isEqualTo("000.00.18.G12-191106-0001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"13/07/2024 08:30:00", "20240713083000", "2024-07-13T08:30:00", "2024-07-13T01:30:00Z",
            "2024-07-13T08:30:00+07:00"})
    void acceptedReceptionFormatsAllGiveVietnamTime(String ngayTiepNhan) throws Exception {
        ObjectNode env = birth();
        env.put("ngayTiepNhan", ngayTiepNhan);
        CivilOutcome.Ready ready = (CivilOutcome.Ready) processor.process(json(env));
        assertThat(JSON.readTree(ready.pmhtPushJson()).get("ngayTiepNhan").asText()).isEqualTo("13/07/2024 08:30:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"G22.99.08-240713-0004", "H08.37.80-240705-0015", "000.00.18.G12-191106-0001",
            "1120.00.10.040700.0400"})
    void realDossierCodesAreAccepted(String maHoSo) {
        ObjectNode env = birth();
        env.put("maHoSo", maHoSo);
        assertThat(processor.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
    }

    // ---------- content version ----------

    @Test
    void contentVersionIsStableAndFollowsContent() {
        String v1 = ready(birth()).contentVersion();
        assertThat(ready(birth()).contentVersion()).isEqualTo(v1);

        ObjectNode changedData = birth();
        ((ObjectNode) changedData.get("data")).put("nksHoTen", "Nguyễn Văn Bảo");
        assertThat(ready(changedData).contentVersion()).isNotEqualTo(v1);

        ObjectNode changedFile = birth();
        ((ObjectNode) changedFile.get("fileDinhKem").get(0)).put("duLieuTepDinhKem", "JVBERi0xLjUK");
        assertThat(ready(changedFile).contentVersion()).isNotEqualTo(v1);
    }

    @Test
    void contentVersionIgnoresKeyOrderAndDateSpelling() {
        String v1 = ready(birth()).contentVersion();
        ObjectNode env = birth();
        ObjectNode data = (ObjectNode) env.get("data");
        ObjectNode reordered = JSON.createObjectNode();
        List<String> names = new ArrayList<>(fieldNames(data));
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, data.get(n)));
        reordered.put("nksNgaySinh", "05.07.2024");
        env.set("data", reordered);
        assertThat(ready(env).contentVersion()).isEqualTo(v1);
    }

    // ---------- XML security ----------

    @Test
    void xxePayloadIsRejectedAndNoFileIsRead() throws Exception {
        Path secret = Files.createTempFile("xxe-secret", ".txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        try {
            ObjectNode env = deathXml();
            env.put("data", "<?xml version=\"1.0\"?><!DOCTYPE hoTich [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                    + "\">]><hoTich><nktHoTen>&xxe;</nktHoTen></hoTich>");
            CivilOutcome outcome = processor.process(json(env));
            assertThat(outcome).isInstanceOf(CivilOutcome.Invalid.class);
            assertThat(((CivilOutcome.Invalid) outcome).problems())
                    .contains(new Problem("data", "XML with DOCTYPE is not accepted"));
            assertThat(outcome.toString()).doesNotContain("TOP-SECRET-MARKER");
        } finally {
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void xxeWithEtcPasswdIsRejected() {
        ObjectNode env = deathXml();
        env.put("data", "<!DOCTYPE hoTich SYSTEM \"file:///etc/passwd\"><hoTich><nktHoTen>x</nktHoTen></hoTich>");
        CivilOutcome outcome = processor.process(json(env));
        assertThat(((CivilOutcome.Invalid) outcome).problems())
                .contains(new Problem("data", "XML with DOCTYPE is not accepted"));
        assertThat(outcome.toString()).doesNotContain("root:");
    }

    @Test
    void billionLaughsIsRejectedQuickly() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                xml.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            xml.append("\">");
        }
        xml.append("]><hoTich><nktHoTen>&lol9;</nktHoTen></hoTich>");
        ObjectNode env = deathXml();
        env.put("data", xml.toString());
        long start = System.nanoTime();
        CivilOutcome outcome = processor.process(json(env));
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(((CivilOutcome.Invalid) outcome).problems())
                .contains(new Problem("data", "XML with DOCTYPE is not accepted"));
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        ObjectNode env = deathXml();
        env.put("data", "<hoTich>\n<nktHoTen>x</nktHoTenX>\n</hoTich>");
        CivilOutcome.Invalid invalid = (CivilOutcome.Invalid) processor.process(json(env));
        assertThat(invalid.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("data");
            assertThat(p.reason()).startsWith("malformed XML at line 2, column ");
        });
    }

    // ---------- envelope defects ----------

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{", "{\"maHoSo\": }", "{} {}", "{\"a\":1,\"a\":2}"})
    void notJsonIsInvalidAtRoot(String input) {
        CivilOutcome outcome = processor.process(input);
        assertThat(outcome).isInstanceOf(CivilOutcome.Invalid.class);
        CivilOutcome.Invalid invalid = (CivilOutcome.Invalid) outcome;
        assertThat(invalid.maHoSo()).isNull();
        assertThat(invalid.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("$");
            assertThat(p.reason()).startsWith("not valid JSON");
        });
    }

    @Test
    void emptyAndNonObjectInputs() {
        assertThat(onlyProblem(processor.process(null))).isEqualTo(new Problem("$", "input is empty"));
        assertThat(onlyProblem(processor.process("  "))).isEqualTo(new Problem("$", "input is empty"));
        assertThat(onlyProblem(processor.process("[1,2]"))).isEqualTo(new Problem("$", "must be a JSON object, got array"));
        assertThat(onlyProblem(processor.process("\"x\""))).isEqualTo(new Problem("$", "must be a JSON object, got string"));
    }

    @Test
    void wrongTypesAreNamed() {
        ObjectNode env = birth();
        env.put("maHoSo", 123);
        env.put("module", true);
        env.putArray("maTTHC");
        env.putObject("ngayTiepNhan");
        env.putArray("data").add(1);
        env.putObject("fileDinhKem");
        List<Problem> problems = problems(env);
        assertThat(problems).contains(
                new Problem("maHoSo", "must be a string, got number"),
                new Problem("module", "must be a string, got boolean"),
                new Problem("maTTHC", "must be a string, got array"),
                new Problem("ngayTiepNhan", "must be a string, got object"),
                new Problem("data", "must be a JSON object or a string holding <hoTich> XML, got array"),
                new Problem("fileDinhKem", "must be an array, got object"));
    }

    @Test
    void dataStringThatIsNotXmlAndAttachmentThatIsNotObject() {
        ObjectNode env = birth();
        env.put("data", "hello");
        env.putArray("fileDinhKem").add(5);
        assertThat(problems(env)).contains(
                new Problem("data", "must be a JSON object or a string holding <hoTich> XML, got a string that is not XML"),
                new Problem("fileDinhKem[0]", "must be an object, got number"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"maHoSo", "maTTHC", "maDonVi", "module", "ngayTiepNhan", "data"})
    void eachMissingEnvelopeFieldIsNamed(String field) {
        ObjectNode env = birth();
        env.remove(field);
        assertThat(problems(env)).contains(new Problem(field, "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nksHoTen", "nksGioiTinh", "nksNgaySinh", "nksNoiSinh", "nycHoTen"})
    void eachMissingBirthFieldIsNamed(String field) {
        ObjectNode env = birth();
        ((ObjectNode) env.get("data")).remove(field);
        assertThat(problems(env)).containsExactly(new Problem("data." + field, "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nktHoTen", "nktNgayChet", "nktNoiChet", "nycHoTen"})
    void eachMissingDeathFieldIsNamed(String field) {
        ObjectNode env = birth();
        env.put("module", "KT");
        ObjectNode data = env.putObject("data");
        data.put("nktHoTen", "Lê Văn Cường");
        data.put("nktNgayChet", "01.07.2024");
        data.put("nktNoiChet", "Phường A");
        data.put("nycHoTen", "Lê Văn Dũng");
        assertThat(processor.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
        data.put(field, "  ");
        assertThat(problems(env)).containsExactly(new Problem("data." + field, "is required"));
    }

    @Test
    void birthNeedsMotherOrFather() {
        ObjectNode env = birth();
        ((ObjectNode) env.get("data")).remove("meHoTen");
        assertThat(problems(env)).containsExactly(
                new Problem("data.meHoTen", "at least one of meHoTen or chaHoTen is required"));
        ((ObjectNode) env.get("data")).put("chaHoTen", "Nguyễn Văn Cha");
        assertThat(processor.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
    }

    @Test
    void unknownModuleIsAProblem() {
        ObjectNode env = birth();
        env.put("module", "XX");
        assertThat(problems(env)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("module");
            assertThat(p.reason()).contains("unknown module 'XX'").contains("LTKS");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"G22 99", "G22/99", "a'b", "0123456789012345678901234567890123456789012345678901"})
    void badDossierCodesAreRejected(String maHoSo) {
        ObjectNode env = birth();
        env.put("maHoSo", maHoSo);
        CivilOutcome.Invalid invalid = (CivilOutcome.Invalid) processor.process(json(env));
        assertThat(invalid.maHoSo()).isNull();
        assertThat(invalid.problems()).extracting(Problem::field).containsExactly("maHoSo");
    }

    @Test
    void unitCodeRejectedByCheckerCarriesItsReason() {
        ObjectNode env = birth();
        env.put("maDonVi", "99999");
        assertThat(problems(env)).containsExactly(
                new Problem("maDonVi", "unit code 99999 is not a ward or district at 2024-07-13"));
        env.put("maDonVi", "A1");
        assertThat(problems(env)).extracting(Problem::field).containsExactly("maDonVi");
    }

    // ---------- dates ----------

    @Test
    void impossibleAndMisformattedDatesAreProblems() {
        ObjectNode env = birth();
        ObjectNode data = (ObjectNode) env.get("data");
        data.put("nksNgaySinh", "31.02.2024");
        data.put("meNgaySinh", "1995/03/12");
        data.put("nycNgayCapGiayToTuyThan", 20200101);
        assertThat(problems(env)).containsExactlyInAnyOrder(
                new Problem("data.nksNgaySinh", "is not a real calendar date"),
                new Problem("data.meNgaySinh", "must be a date as dd.MM.yyyy, dd/MM/yyyy or yyyy-MM-dd"),
                new Problem("data.nycNgayCapGiayToTuyThan",
                        "must be a date string as dd.MM.yyyy, dd/MM/yyyy or yyyy-MM-dd, got number"));
    }

    @Test
    void birthAfterRegistrationIsAProblem() {
        ObjectNode env = birth();
        ((ObjectNode) env.get("data")).put("nksNgaySinh", "14.07.2024");
        assertThat(problems(env)).containsExactly(
                new Problem("data.nksNgaySinh", "must not be after the registration date (ngayTiepNhan)"));
    }

    @Test
    void receptionDateProblems() {
        ObjectNode env = birth();
        env.put("ngayTiepNhan", "32/07/2024 08:00:00");
        assertThat(problems(env)).containsExactly(new Problem("ngayTiepNhan", "is not a real date and time"));
        env.put("ngayTiepNhan", "13-07-2024");
        assertThat(problems(env)).singleElement().satisfies(p ->
                assertThat(p.reason()).startsWith("must be a date-time as"));
        // clock: 20/07/2024 10:00; more than a day ahead is refused, less is tolerated
        env.put("ngayTiepNhan", "21/07/2024 10:00:01");
        assertThat(problems(env)).containsExactly(new Problem("ngayTiepNhan", "is more than one day in the future"));
        env.put("ngayTiepNhan", "21/07/2024 09:59:00");
        ((ObjectNode) env.get("data")).put("nksNgaySinh", "05.07.2024");
        assertThat(processor.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
    }

    // ---------- other field rules ----------

    @Test
    void fieldFormatsAreCheckedWithoutEchoingPersonalValues() {
        ObjectNode env = birth();
        ObjectNode data = (ObjectNode) env.get("data");
        data.put("nksHoTen", "N".repeat(101));
        data.put("meSoGiayToTuyThan", "052-195-001");
        data.put("chaSoDDCN", "X".repeat(21));
        data.put("nycSoDienThoai", "09123-45678");
        data.put("nycEmail", "not-an-email");
        data.put("ghiChu", "g".repeat(501));
        List<Problem> problems = problems(env);
        assertThat(problems).containsExactlyInAnyOrder(
                new Problem("data.nksHoTen", "is longer than 100 characters"),
                new Problem("data.meSoGiayToTuyThan", "must contain only letters and digits"),
                new Problem("data.chaSoDDCN", "is longer than 20 characters"),
                new Problem("data.nycSoDienThoai", "must be 9 to 15 digits with an optional leading +"),
                new Problem("data.nycEmail", "is not a plausible email address"),
                new Problem("data.ghiChu", "is longer than 500 characters"));
        assertThat(problems.toString()).doesNotContain("09123-45678", "052-195-001", "not-an-email");
    }

    @Test
    void internationalPhoneIsAccepted() {
        ObjectNode env = birth();
        ((ObjectNode) env.get("data")).put("nycSoDienThoai", "+84912345678");
        assertThat(processor.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
    }

    @Test
    void severalProblemsAreCollectedAtOnce() {
        ObjectNode env = birth();
        env.remove("maTTHC");
        env.put("maDonVi", "ABC");
        ObjectNode data = (ObjectNode) env.get("data");
        data.put("nksNgaySinh", "30.02.2024");
        data.put("nycSoDienThoai", "12");
        ((ObjectNode) env.get("fileDinhKem").get(0)).remove("tenTepDinhKem");
        assertThat(problems(env)).extracting(Problem::field).containsExactlyInAnyOrder(
                "maTTHC", "maDonVi", "data.nksNgaySinh", "data.nycSoDienThoai", "fileDinhKem[0].tenTepDinhKem");
    }

    // ---------- addresses ----------

    @Test
    void ambiguousAddressNeedsReview() {
        ObjectNode env = birth();
        ((ObjectNode) env.get("data")).put("nycNoiCuTru", "Xóm 3, AMBIG");
        CivilOutcome outcome = processor.process(json(env));
        assertThat(outcome).isInstanceOf(CivilOutcome.NeedsReview.class);
        CivilOutcome.NeedsReview review = (CivilOutcome.NeedsReview) outcome;
        assertThat(review.maHoSo()).isEqualTo("G22.99.08-240713-0004");
        assertThat(review.maDonVi()).isEqualTo("21550");
        assertThat(review.ambiguities()).singleElement().satisfies(a -> {
            assertThat(a.field()).isEqualTo("data.nycNoiCuTru");
            assertThat(a.candidates()).hasSize(2);
        });
    }

    @Test
    void problemsWinOverAmbiguities() {
        ObjectNode env = birth();
        ObjectNode data = (ObjectNode) env.get("data");
        data.put("nycNoiCuTru", "AMBIG");
        data.put("chaNoiCuTru", "NOWHERE");
        assertThat(problems(env)).containsExactly(new Problem("data.chaNoiCuTru", "no administrative unit matches"));
    }

    @Test
    void addressOfWrongTypeIsAProblem() {
        ObjectNode env = birth();
        ((ObjectNode) env.get("data")).putArray("nksQueQuan").add("x");
        assertThat(problems(env)).containsExactly(new Problem("data.nksQueQuan",
                "must be an address text or an object {maTinh, maHuyen, maXa, dcChiTiet}, got array"));
    }

    @Test
    void failingNormalizerBecomesAProblem() {
        CivilDossierProcessor p = CivilFixtures.processor((f, raw, unit, date) -> {
            throw new IllegalStateException("catalogue down");
        });
        CivilOutcome outcome = p.process(json(birth()));
        assertThat(((CivilOutcome.Invalid) outcome).problems()).contains(
                new Problem("data.nksNoiSinh", "address could not be checked: the address normalizer failed"));
    }

    // ---------- attachments ----------

    @Test
    void oversizeAttachmentIsRejectedBeforeDecoding() {
        CivilDossierProcessor small = CivilFixtures.processor(addresses, new CivilLimits(5 * CivilLimits.MB, 1000, 20, 40));
        ObjectNode env = birth();
        // 2000 'A' + "!!!!" is 2004 chars: 1503 decoded bytes by length alone. The '!' would be an alphabet
        // error, so a reason mentioning only the size shows the content was never looked at.
        ((ObjectNode) env.get("fileDinhKem").get(0)).put("duLieuTepDinhKem", "A".repeat(2000) + "!!!!");
        assertThat(problems(small, env)).containsExactly(new Problem("fileDinhKem[0].duLieuTepDinhKem",
                "decodes to 1503 bytes, more than the limit of 1000 bytes"));

        String exact = Base64.getEncoder().encodeToString(new byte[1000]);
        ((ObjectNode) env.get("fileDinhKem").get(0)).put("duLieuTepDinhKem", exact);
        assertThat(small.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
        String tooBig = Base64.getMimeEncoder().encodeToString(new byte[1001]);
        ((ObjectNode) env.get("fileDinhKem").get(0)).put("duLieuTepDinhKem", tooBig);
        assertThat(problems(small, env)).containsExactly(new Problem("fileDinhKem[0].duLieuTepDinhKem",
                "decodes to 1001 bytes, more than the limit of 1000 bytes"));
    }

    @Test
    void badBase64AndFileNames() {
        ObjectNode env = birth();
        ObjectNode file = (ObjectNode) env.get("fileDinhKem").get(0);
        file.put("duLieuTepDinhKem", "JVBE*i0xLjQK");
        file.put("tenTepDinhKem", "../etc/passwd");
        ObjectNode second = ((com.fasterxml.jackson.databind.node.ArrayNode) env.get("fileDinhKem")).addObject();
        second.put("tenTepDinhKem", "b.pdf");
        second.put("duLieuTepDinhKem", "abc");
        assertThat(problems(env)).containsExactlyInAnyOrder(
                new Problem("fileDinhKem[0].duLieuTepDinhKem", "is not valid base64: unexpected character at position 4"),
                new Problem("fileDinhKem[0].tenTepDinhKem",
                        "must be a plain file name without path separators or control characters"),
                new Problem("fileDinhKem[1].duLieuTepDinhKem", "is not valid base64: length 3 is not a multiple of 4"));
    }

    @Test
    void tooManyAttachments() {
        CivilDossierProcessor two = CivilFixtures.processor(addresses, new CivilLimits(5 * CivilLimits.MB, 1000, 2, 40));
        ObjectNode env = birth();
        var files = (com.fasterxml.jackson.databind.node.ArrayNode) env.get("fileDinhKem");
        files.add(files.get(0).deepCopy());
        assertThat(two.process(json(env))).isInstanceOf(CivilOutcome.Ready.class);
        files.add(files.get(0).deepCopy());
        assertThat(problems(two, env)).containsExactly(
                new Problem("fileDinhKem", "has 3 attachments, more than the limit of 2"));
    }

    // ---------- limits ----------

    @Test
    void deepNestingIsRefused() {
        ObjectNode env = birth();
        ObjectNode node = (ObjectNode) env.get("data");
        for (int i = 0; i < 60; i++) {
            node = node.putObject("x");
        }
        assertThat(onlyProblem(processor.process(json(env)))).isEqualTo(new Problem("$", "JSON nests deeper than 40 levels"));

        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThat(onlyProblem(processor.process(deep)).field()).isEqualTo("$");
    }

    @Test
    void deepXmlIsRefused() {
        ObjectNode env = deathXml();
        env.put("data", "<hoTich>" + "<a>".repeat(200) + "x" + "</a>".repeat(200) + "</hoTich>");
        CivilOutcome.Invalid invalid = (CivilOutcome.Invalid) processor.process(json(env));
        assertThat(invalid.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("data");
            assertThat(p.reason()).contains("deeper than");
        });
    }

    @Test
    void oversizeDocumentIsRefused() {
        CivilDossierProcessor tiny = CivilFixtures.processor(addresses, new CivilLimits(200, 1000, 20, 40));
        assertThat(onlyProblem(tiny.process(json(birth()))))
                .isEqualTo(new Problem("$", "document is larger than the limit of 200 bytes"));
    }

    // ---------- helpers ----------

    private CivilOutcome.Ready ready(ObjectNode env) {
        CivilOutcome outcome = processor.process(json(env));
        assertThat(outcome).isInstanceOf(CivilOutcome.Ready.class);
        return (CivilOutcome.Ready) outcome;
    }

    private List<Problem> problems(ObjectNode env) {
        return problems(processor, env);
    }

    private static List<Problem> problems(CivilDossierProcessor p, ObjectNode env) {
        CivilOutcome outcome = p.process(json(env));
        assertThat(outcome).isInstanceOf(CivilOutcome.Invalid.class);
        return ((CivilOutcome.Invalid) outcome).problems();
    }

    private static Problem onlyProblem(CivilOutcome outcome) {
        assertThat(outcome).isInstanceOf(CivilOutcome.Invalid.class);
        List<Problem> problems = ((CivilOutcome.Invalid) outcome).problems();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
