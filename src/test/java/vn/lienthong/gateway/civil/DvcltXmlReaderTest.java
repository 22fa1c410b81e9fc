package vn.lienthong.gateway.civil;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DvcltXmlReaderTest {

    private final DvcltXmlReader reader = new DvcltXmlReader(10);

    @Test
    void nestedElementsBecomeMapsAndRepeatsBecomeLists() {
        Map<String, Object> data = parsed(reader.read("data", """
                \uFEFF  <?xml version="1.0" encoding="UTF-8"?>
                <hoTich>
                  <nksHoTen> Nguyễn Văn An </nksHoTen>
                  <nksNoiSinh><maTinh>52</maTinh><maHuyen/><maXa>21550</maXa><dcChiTiet>Số 1 &amp; 2</dcChiTiet></nksNoiSinh>
                  <giayTo>a</giayTo>
                  <giayTo>b</giayTo>
                  <giayTo>c</giayTo>
                  <ghiChu><![CDATA[<b>not markup</b>]]></ghiChu>
                  <!-- comment ignored -->
                </hoTich>
                """));
        assertThat(data).containsEntry("nksHoTen", "Nguyễn Văn An");
        assertThat(data.get("nksNoiSinh")).isEqualTo(
                Map.of("maTinh", "52", "maHuyen", "", "maXa", "21550", "dcChiTiet", "Số 1 & 2"));
        assertThat(data.get("giayTo")).isEqualTo(List.of("a", "b", "c"));
        assertThat(data).containsEntry("ghiChu", "<b>not markup</b>");
        assertThat(data).hasSize(4);
    }

    @Test
    void emptyRootGivesEmptyMap() {
        assertThat(parsed(reader.read("data", "<hoTich/>"))).isEmpty();
    }

    @Test
    void namespacedRootIsAccepted() {
        assertThat(parsed(reader.read("data", "<h:hoTich xmlns:h=\"urn:x\"><h:a>1</h:a></h:hoTich>")))
                .containsEntry("a", "1");
    }

    @Test
    void doctypeIsRefused() {
        assertThat(failed(reader.read("data",
                "<!DOCTYPE hoTich SYSTEM \"file:///etc/passwd\"><hoTich/>")))
                .isEqualTo(new Problem("data", "XML with DOCTYPE is not accepted"));
        assertThat(failed(reader.read("data",
                "<!DOCTYPE hoTich [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x\"> %p;]><hoTich/>")))
                .isEqualTo(new Problem("data", "XML with DOCTYPE is not accepted"));
    }

    @Test
    void xincludeIsNotProcessed() {
        Map<String, Object> data = parsed(reader.read("data",
                "<hoTich xmlns:xi=\"http://www.w3.org/2001/XInclude\"><a><xi:include href=\"file:///etc/passwd\" parse=\"text\"/></a></hoTich>"));
        assertThat(data.toString()).doesNotContain("root:");
        assertThat(data.get("a")).isEqualTo(Map.of("include", ""));
    }

    @Test
    void undeclaredEntityIsMalformed() {
        Problem p = failed(reader.read("data", "<hoTich><a>&xxe;</a></hoTich>"));
        assertThat(p.reason()).startsWith("malformed XML at line 1, column ");
    }

    @Test
    void malformedXmlGivesLineAndColumn() {
        Problem p = failed(reader.read("data", "<hoTich>\n  <a>1</a>\n  <b>2</c>\n</hoTich>"));
        assertThat(p.field()).isEqualTo("data");
        assertThat(p.reason()).startsWith("malformed XML at line 3, column ");
        assertThat(failed(reader.read("data", "")).reason()).startsWith("malformed XML at line 1");
        assertThat(failed(reader.read("data", null)).reason()).isEqualTo("XML is missing");
    }

    @Test
    void wrongRootIsRefused() {
        assertThat(failed(reader.read("data", "<hoSo><a>1</a></hoSo>")))
                .isEqualTo(new Problem("data", "XML root element must be <hoTich>, got <'hoSo'>"));
    }

    @Test
    void depthIsLimited() {
        String ok = "<hoTich>" + "<a>".repeat(9) + "x" + "</a>".repeat(9) + "</hoTich>";
        assertThat(reader.read("data", ok)).isInstanceOf(DvcltXmlReader.Result.Parsed.class);
        String deep = "<hoTich>" + "<a>".repeat(10) + "x" + "</a>".repeat(10) + "</hoTich>";
        assertThat(failed(reader.read("data", deep))).isEqualTo(new Problem("data", "XML nests deeper than 10 levels"));
        String veryDeep = "<hoTich>" + "<a>".repeat(50_000) + "</a>".repeat(50_000) + "</hoTich>";
        assertThat(failed(reader.read("data", veryDeep)).reason()).contains("deeper than 10");
    }

    private static Map<String, Object> parsed(DvcltXmlReader.Result r) {
        assertThat(r).isInstanceOf(DvcltXmlReader.Result.Parsed.class);
        return ((DvcltXmlReader.Result.Parsed) r).data();
    }

    private static Problem failed(DvcltXmlReader.Result r) {
        assertThat(r).isInstanceOf(DvcltXmlReader.Result.Failed.class);
        return ((DvcltXmlReader.Result.Failed) r).problem();
    }
}
