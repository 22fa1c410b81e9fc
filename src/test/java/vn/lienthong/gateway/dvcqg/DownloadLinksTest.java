package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.lienthong.gateway.platform.Database;
import vn.lienthong.gateway.support.MutableClock;

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

    static final String HAGIANG_PROVIDER = "https://dichvucong.hagiang.gov.vn";
    static final String MOIT_DSTCODE = "VN:GOV:000.00.00.G02:tmdtktsbctss01";
    static final String OWN = "http://10.0.0.5:8080/VXPAdapter/RestService/forward";

    @Test
    void theGatewayProxiesOnlyLinksToItsOwnSecurityServer() {
        DownloadLinks l = links("http://10.0.0.5:8080");
        // the link a papers answer gave (case 1) is followed
        String given = l.build("https://dichvucong.hagiang.gov.vn/download/QĐ 1.pdf", "000.00.00.H22").link();
        DownloadLinks.ProxyTarget t = l.proxyTarget(given);
        assertThat(t.uri()).isEqualTo(OWN + "/download/Q%C4%90%201.pdf");
        assertThat(t.query()).isEqualTo("dstcode=" + TestCatalogues.HAGIANG_DSTCODE + "&providerurl=" + HAGIANG_PROVIDER);
        assertThatThrownBy(() -> l.proxyTarget("http://10.0.0.6:8080/VXPAdapter/RestService/forward/x?dstcode=a&providerurl=b"))
                .hasMessageContaining("must start with");
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/x")).hasMessageContaining("dstcode");
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/../../admin?dstcode=a&providerurl=b")).hasMessageContaining("..");
    }

    /** Every way of writing a dot segment that a security server, servlet container or proxy may resolve. */
    @ParameterizedTest
    @ValueSource(strings = {"/%2e%2e/%2e%2e/admin", "/%2E%2e/admin", "/.%2e/admin", "/%2e./admin", "/download/..;/..;/admin",
            "/download/..;jsessionid=1/admin", "/%252e%252e/admin", "/%25252e%25252e/admin", "/download%2f..%2fadmin",
            "/download%2F%2E%2E%2Fadmin", "/download\\..\\admin", "/download/%5c..%5cadmin", "/./download/124.pdf",
            "/download/%2e/124.pdf", "/download/..", "/download/%2e%2e"})
    void dotSegmentsAreRefusedHoweverTheyAreWritten(String path) {
        DownloadLinks l = links("http://10.0.0.5:8080");
        l.build(SEED_CASE1_INPUT, "000.00.00.H22"); // the pair is known: only the path is wrong
        assertThatThrownBy(() -> l.proxyTarget(OWN + path + "?dstcode=" + TestCatalogues.HAGIANG_DSTCODE
                + "&providerurl=" + HAGIANG_PROVIDER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'..' segments");
    }

    @Test
    void controlCharactersAndBrokenEscapesInThePathAreRefused() {
        DownloadLinks l = links("http://10.0.0.5:8080");
        l.build(SEED_CASE1_INPUT, "000.00.00.H22");
        String q = "?dstcode=" + TestCatalogues.HAGIANG_DSTCODE + "&providerurl=" + HAGIANG_PROVIDER;
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/a%00.pdf" + q)).hasMessageContaining("control characters");
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/a%0d%0aX-Injected:1" + q)).hasMessageContaining("control characters");
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/a%zz.pdf" + q)).hasMessageContaining("percent-escape");
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/%252525252e%252525252e/x" + q)).hasMessageContaining("too many times");
        // an ordinary encoded name is fine
        assertThat(l.proxyTarget(OWN + "/download/124%20b%E1%BA%A3n.pdf" + q).uri()).isEqualTo(OWN + "/download/124%20b%E1%BA%A3n.pdf");
    }

    @Test
    void onlyCatalogueMembersAndTheProvidersAPapersAnswerGaveForThemAreFollowed() {
        DownloadLinks l = links("http://10.0.0.5:8080");
        // a member code, but no papers answer named this provider for it: the security server would forward anywhere
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?dstcode=" + TestCatalogues.HAGIANG_DSTCODE
                + "&providerurl=http://10.1.2.3:8080")).hasMessageContaining("providerurl was not given for this dstcode");
        // not a member of the catalogue at all
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?dstcode=VN:GOV:000.00.00.X99:evil&providerurl="
                + HAGIANG_PROVIDER)).hasMessageContaining("not a member of the security-server catalogue");
        l.build(SEED_CASE1_INPUT, "000.00.00.H22");
        assertThat(l.proxyTarget(OWN + "/download/124.pdf?dstcode=" + TestCatalogues.HAGIANG_DSTCODE + "&providerurl="
                + HAGIANG_PROVIDER + "/").uri()).endsWith("/download/124.pdf");
        // the provider is known for Hà Giang, not for another member
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?dstcode=" + MOIT_DSTCODE + "&providerurl="
                + HAGIANG_PROVIDER)).hasMessageContaining("providerurl was not given for this dstcode");
        // the catalogue's own DSTCODE is matched exactly, not its agency code or another case
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?dstcode=000.00.00.H22&providerurl=" + HAGIANG_PROVIDER))
                .hasMessageContaining("not a member");
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?dstcode=" + TestCatalogues.HAGIANG_DSTCODE.toLowerCase()
                + "&providerurl=" + HAGIANG_PROVIDER)).hasMessageContaining("not a member");
    }

    @Test
    void aSecondOrDisguisedRoutingParameterIsRefused() {
        DownloadLinks l = links("http://10.0.0.5:8080");
        l.build(SEED_CASE1_INPUT, "000.00.00.H22");
        String good = "dstcode=" + TestCatalogues.HAGIANG_DSTCODE + "&providerurl=" + HAGIANG_PROVIDER;
        for (String extra : new String[] {"&providerurl=http://10.1.2.3", "&PROVIDERURL=http://10.1.2.3", "&provider%75rl=http://10.1.2.3",
                "&x=1;providerurl=http://10.1.2.3", "&dstcode=VN:GOV:000.00.00.X99:evil", "&DstCode=x"}) {
            assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?" + good + extra)).as(extra)
                    .hasMessageContaining("once");
            assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?" + extra.substring(1) + "&" + good)).as(extra)
                    .hasMessageContaining("once");
        }
        assertThatThrownBy(() -> l.proxyTarget(OWN + "/download/124.pdf?dstcode=" + TestCatalogues.HAGIANG_DSTCODE
                + "&providerurl=https://dichvucong.hagiang.gov.vn+x")).hasMessageContaining("'+'");
        // percent-encoded values are compared decoded, as the security server reads them
        assertThat(l.proxyTarget(OWN + "/download/124.pdf?dstcode=" + TestCatalogues.HAGIANG_DSTCODE.replace(":", "%3A")
                + "&providerurl=https%3A%2F%2Fdichvucong.hagiang.gov.vn").uri()).endsWith("/download/124.pdf");
    }

    @Test
    void case2LinksNeedACatalogueMemberAndTheirProviderIsRememberedForItOnly() {
        DownloadLinks l = links("http://10.0.0.5:8080");
        DownloadLinks.FileLink foreign = l.build("http://IP-SS-BNĐP:8080/VXPAdapter/RestService/forward/download/9.pdf"
                + "?dstcode=VN:GOV:000.00.00.X99:elsewhere&providerurl=http://10.1.2.3", null);
        assertThat(foreign.downloadable()).isFalse();
        assertThat(foreign.reason()).contains("not a member of the security-server catalogue");
        DownloadLinks.FileLink ok = l.build(SEED_CASE2_INPUT.replace("hagiang.gov.vn", "hagiang.gov.vn:8443"), null);
        assertThat(l.proxyTarget(ok.link()).query()).endsWith("providerurl=https://dichvucong.hagiang.gov.vn:8443");
    }

    @Test
    void rememberedProvidersExpireAndAreBounded() {
        MutableClock clock = new MutableClock();
        KnownProviders known = new KnownProviders(clock, 3, Duration.ofHours(24));
        DownloadLinks l = new DownloadLinks(TestCatalogues.settings("http://10.0.0.5:8080"), catalogue, known);
        String link = l.build(SEED_CASE1_INPUT, "000.00.00.H22").link();
        clock.advance(Duration.ofHours(23));
        assertThat(l.proxyTarget(link).uri()).endsWith("/download/124.pdf");
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> l.proxyTarget(link)).hasMessageContaining("last 24 hours");
        // bounded: with room for 3 pairs, the oldest goes first
        for (int i = 1; i <= 5; i++) {
            known.remember("VN:GOV:x" + i, "https://p" + i);
        }
        assertThat(known.size()).isEqualTo(3);
        assertThat(known.knows("VN:GOV:x1", "https://p1")).isFalse();
        assertThat(known.knows("VN:GOV:x5", "https://p5")).isTrue();
        KnownProviders big = new KnownProviders(clock);
        for (int i = 0; i < 50_000; i++) {
            big.remember("VN:GOV:x" + i, "https://p" + i);
        }
        assertThat(big.size()).isEqualTo(KnownProviders.DEFAULT_MAX_PAIRS);
    }
}
