package vn.lienthong.gateway.dvcqg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.platform.ConfigException;
import vn.lienthong.gateway.platform.GatewayConfig;
import vn.lienthong.gateway.support.ProductionEnv;

/**
 * The province's procedure -> result codes file (seed 002 II: result codes kept in step with the national procedure
 * database; V.3: DVCQG refuses codes of another procedure). A bad file is refused whole with its line and reason.
 */
class ProcedureResultsFileTest {

    static final String HEADER = "MaThuTuc,MaKetQua,TenKetQua,CanSoKyHieu,nguon\n";

    @Test
    void everyBadRowIsNamedByItsLineAndReason() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put(HEADER + "1.000001,KQ.A,,0,x\n1.000001,,Tên,0,x\n", new String[] {"line 3", "MaKetQua is empty"});
        bad.put(HEADER + ",KQ.A,,0,x\n", new String[] {"line 2", "MaThuTuc is empty"});
        bad.put(HEADER + "1.000001,KQ.A,,có,x\n", new String[] {"line 2", "CanSoKyHieu must be 0, 1 or empty"});
        bad.put(HEADER + "1.000001,KQ.A,,0,x\n\n1.000001,KQ.A,,1,y\n", new String[] {"line 4", "repeats line 2"});
        bad.put(HEADER + "1.000001,KQ.A,Giấy A, bản sao,0,x\n", new String[] {"line 2", "6 values but the header names 5 columns"});
        bad.put("MaThuTuc;MaKetQua\n1.000001;KQ.A\n", new String[] {"line 1", "the header has no column MaThuTuc"});
        bad.put(HEADER + "1.000001,KQ A,,0,x\n", new String[] {"line 2", "MaKetQua must be a code without spaces"});
        bad.put(HEADER + "1.000001,\"KQ.A,,0,x\n", new String[] {"line 2", "not a CSV row"});
        bad.put("\n\n", new String[] {"line 2", "no header line"});
        for (Map.Entry<String, String[]> b : bad.entrySet()) {
            assertThatThrownBy(() -> ProcedureResults.read(new StringReader(b.getKey()), "test.csv"))
                    .as(b.getKey()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("test.csv " + b.getValue()[0] + ": ").hasMessageContaining(b.getValue()[1]);
        }
    }

    @Test
    void aGoodFileWithQuotesCommentsABomAndManyProceduresIsRead() throws Exception {
        ProcedureResults p = ProcedureResults.read(new StringReader("\uFEFF" + HEADER
                + "# Sở Tư pháp, 2026-07\n"
                + "1.001193,000.00.00.G01-KQ0266,\"Giấy khai sinh, bản điện tử\",0,CSDL TTHC\n"
                + "1.001193,000.00.00.G02-KQ0685,,,CSDL TTHC\n"
                + "\n"
                + "1.000001,KQ.LAND,Giấy chứng nhận quyền sử dụng đất,1,CSDL TTHC\n"), "test.csv");
        assertThat(p.knows("1.000001")).isTrue();
        assertThat(p.resultCodes("1.001193")).containsExactly("000.00.00.G01-KQ0266", "000.00.00.G02-KQ0685");
        assertThat(p.result("1.001193", "000.00.00.G01-KQ0266").orElseThrow().tenKetQua()).isEqualTo("Giấy khai sinh, bản điện tử");
        assertThat(p.result("1.000001", "KQ.LAND").orElseThrow().soKyHieuRequired()).isTrue();
        assertThat(p.knows("9.999999")).isFalse();
    }

    @Test
    void aHeaderOnlyFileMapsNothingSoDvcqgChecksEveryProcedure() throws Exception {
        ProcedureResults p = ProcedureResults.read(new StringReader(HEADER), "test.csv");
        assertThat(p.knows("1.001193")).isFalse();
        PapersLookup lookup = new PapersLookup(p, null, "/f");
        PapersRequest r = lookup.check(PapersLookupTest.SEED_REQUEST);
        assertThat(r.problems()).as("a procedure without a mapping goes to DVCQG").isEmpty();
        assertThat(r.upstreamBody()).contains("000.00.00.G40-KQ0686");
    }

    @Test
    void atStartABadFileStopsTheGatewayAndWithoutAFileOnlyTheSandboxUsesTheSeedsExamples(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("p.csv");
        Files.writeString(bad, HEADER + "1.000001,KQ.A,,0,x\n1.000001,KQ.A,,0,x\n", StandardCharsets.UTF_8);
        Map<String, String> env = ProductionEnv.required();
        env.put("DVCQG_PROCEDURE_RESULTS_FILE", bad.toString());
        assertThatThrownBy(() -> DvcqgModule.procedures(GatewayConfig.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(bad + " line 3: ").hasMessageContaining("repeats line 2");

        env.remove("DVCQG_PROCEDURE_RESULTS_FILE");
        ProcedureResults production = DvcqgModule.procedures(GatewayConfig.of(env));
        assertThat(production.knows("1.001193")).as("the seed's sample refuses no real procedure").isFalse();
        assertThatThrownBy(production::reload).hasMessageContaining("DVCQG_PROCEDURE_RESULTS_FILE is not set");
        assertThat(DvcqgModule.procedures(GatewayConfig.of(Map.of("GATEWAY_ENV", "sandbox"))).knows("1.001193")).isTrue();
    }
}
