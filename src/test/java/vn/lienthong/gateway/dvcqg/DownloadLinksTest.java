package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.platform.Database;

/** Seed 002 V.3 "Cách thức tải tệp": both download-link cases, byte for byte. */
class DownloadLinksTest {

    // seed 002 V.3, case 1: the paper's DuongDan, and the link the seed says to build from it
    static final String SEED_CASE1_INPUT = "https://dichvucong.hagiang.gov.vn/download/124.pdf";
    static final String SEED_CASE1_OUTPUT = "http://IP-SS-BNĐP:8080/VXPAdapter/RestService/forward/download/124.pdf"
            + "?dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dichvucong.hagiang.gov.vn";
    // seed 002 V.3, case 2 (the PDF text breaks it as "IP-SS- BNĐP" and "VN:GO V"; the link itself has no spaces)
    static final String SEED_CASE2_INPUT = "http://IP-SS-BNĐP:8080/VXPAdapter/RestService/forward/download/124.pdf"
            + "?dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dichvucong.hagiang.gov.vn";

    static Database db;
    static SsCatalogue catalogue;

    @BeforeAll
    static void catalogue() {
        db = TestCatalogues.database();
        catalogue = TestCatalogues.seeded(db, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    static DownloadLinks links(String ownSs) {
        return new DownloadLinks(TestCatalogues.settings(ownSs), catalogue);
    }

    @Test
    void case1PlainAgencyUrlBecomesTheSeedsSecurityServerLink() {
        // with the seed's own placeholder as "our" security server, the result is the seed's text exactly
        DownloadLinks.FileLink l = links("http://IP-SS-BNĐP:8080").build(SEED_CASE1_INPUT, "000.00.00.H22");
        assertThat(l.downloadable()).isTrue();
        assertThat(l.link()).isEqualTo(SEED_CASE1_OUTPUT);
        assertThat(l.linkCase()).isEqualTo(DownloadLinks.CASE_AGENCY_URL);
        assertThat(l.dstcode()).isEqualTo("VN:GOV:000.00.00.H22:hagiangvdxpsvc01");
        assertThat(l.providerUrl()).isEqualTo("https://dichvucong.hagiang.gov.vn");

        assertThat(links("http://10.0.0.5:8080").build(SEED_CASE1_INPUT, "000.00.00.H22").link())
                .isEqualTo("http://10.0.0.5:8080/VXPAdapter/RestService/forward/download/124.pdf"
                        + "?dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dichvucong.hagiang.gov.vn");
    }

    @Test
    void case2SecurityServerLinkGetsTheOwnSecurityServerInPlaceOfThePlaceholder() {
        DownloadLinks.FileLink l = links("http://10.0.0.5:8080").build(SEED_CASE2_INPUT, "anything");
        assertThat(l.downloadable()).isTrue();
        assertThat(l.linkCase()).isEqualTo(DownloadLinks.CASE_SS_LINK);
        assertThat(l.link()).isEqualTo("http://10.0.0.5:8080/VXPAdapter/RestService/forward/download/124.pdf"
                + "?dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dichvucong.hagiang.gov.vn");
        assertThat(l.dstcode()).isEqualTo("VN:GOV:000.00.00.H22:hagiangvdxpsvc01");
        // the seed's two cases agree: case 1's output is case 2's input
        assertThat(SEED_CASE1_OUTPUT).isEqualTo(SEED_CASE2_INPUT);
        assertThat(links("http://IP-SS-BNĐP:8080").build(SEED_CASE2_INPUT, null).link()).isEqualTo(SEED_CASE2_INPUT);
        // trailing slash on the configured base changes nothing
        assertThat(links("http://10.0.0.5:8080/").build(SEED_CASE2_INPUT, null).link()).isEqualTo(l.link());
    }

    @Test
    void case2WithoutRoutingParametersIsNotDownloadable() {
        DownloadLinks.FileLink l = links("http://10.0.0.5:8080")
                .build("http://IP-SS-BNĐP:8080/VXPAdapter/RestService/forward/download/124.pdf", null);
        assertThat(l.downloadable()).isFalse();
        assertThat(l.reason()).contains("dstcode");
    }

    @Test
    void anAgencyNotInTheCatalogueIsNotDownloadableWithTheReason() {
        DownloadLinks.FileLink l = links("http://10.0.0.5:8080").build("https://dichvucong.laocai.gov.vn/download/9.pdf", "000.00.00.H29");
        assertThat(l.downloadable()).isFalse();
        assertThat(l.link()).isNull();
        assertThat(l.reason()).contains("000.00.00.H29").contains("not in the security-server catalogue");
        DownloadLinks.FileLink noAgency = links("http://10.0.0.5:8080").build(SEED_CASE1_INPUT, " ");
        assertThat(noAgency.downloadable()).isFalse();
        assertThat(noAgency.reason()).contains("CoQuanChuQuan");
        // the seed's response example names G22.99 (the portal's own code); G22 is not in the catalogue either
        assertThat(links("http://10.0.0.5:8080").build("https://abc.gov.vn/123.pdf", "G22.99").downloadable()).isFalse();
    }

    @Test
    void aUnitOfAProvinceOrMinistryIsServedByItsLevel1SecurityServer() {
        DownloadLinks.FileLink unit = links("http://10.0.0.5:8080").build(SEED_CASE1_INPUT, "000.12.34.H22");
        assertThat(unit.link()).isEqualTo("http://10.0.0.5:8080/VXPAdapter/RestService/forward/download/124.pdf"
                + "?dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dichvucong.hagiang.gov.vn");
        assertThat(unit.agency()).contains("level-1");
        assertThat(links("http://10.0.0.5:8080").build(SEED_CASE1_INPUT, "H22.99.08").dstcode())
                .isEqualTo("VN:GOV:000.00.00.H22:hagiangvdxpsvc01");
    }

    @Test
    void otherShapesOfDuongDan() {
        DownloadLinks l = links("http://10.0.0.5:8080");
        assertThat(l.build("https://dvc.hagiang.gov.vn:8443/igate/file?id=5", "000.00.00.H22").link())
                .isEqualTo("http://10.0.0.5:8080/VXPAdapter/RestService/forward/igate/file?id=5"
                        + "&dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dvc.hagiang.gov.vn:8443");
        assertThat(l.build("ftp://x/1.pdf", "000.00.00.H22").reason()).contains("not an http(s) URL");
        assertThat(l.build("", "000.00.00.H22").reason()).contains("empty");
        assertThat(l.build("https://dichvucong.hagiang.gov.vn/", "000.00.00.H22").reason()).contains("names no file");
    }

    @Test
    void theGatewayProxiesOnlyLinksToItsOwnSecurityServer() {
        DownloadLinks l = links("http://10.0.0.5:8080");
        DownloadLinks.ProxyTarget t = l.proxyTarget("http://10.0.0.5:8080/VXPAdapter/RestService/forward/download/QĐ 1.pdf"
                + "?dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dichvucong.hagiang.gov.vn");
        assertThat(t.uri()).isEqualTo("http://10.0.0.5:8080/VXPAdapter/RestService/forward/download/Q%C4%90%201.pdf");
        assertThat(t.query()).isEqualTo("dstcode=VN:GOV:000.00.00.H22:hagiangvdxpsvc01&providerurl=https://dichvucong.hagiang.gov.vn");
        assertThatThrownBy(() -> l.proxyTarget("http://10.0.0.6:8080/VXPAdapter/RestService/forward/x?dstcode=a&providerurl=b"))
                .hasMessageContaining("must start with");
        assertThatThrownBy(() -> l.proxyTarget("http://10.0.0.5:8080/VXPAdapter/RestService/forward/x"))
                .hasMessageContaining("dstcode");
        assertThatThrownBy(() -> l.proxyTarget("http://10.0.0.5:8080/VXPAdapter/RestService/forward/../../admin?dstcode=a&providerurl=b"))
                .hasMessageContaining("..");
    }
}
