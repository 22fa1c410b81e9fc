package vn.lienthong.gateway.dvcqg;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import vn.lienthong.gateway.platform.Database;

/** A migrated in-memory database and a catalogue on it, for the DVCQG unit tests. */
final class TestCatalogues {

    static final String HAGIANG_DSTCODE = "VN:GOV:000.00.00.H22:hagiangvdxpsvc01";
    /** The seed's LayDanhMucSSTaiTep example (V.1, made valid JSON) plus Hà Giang, whose links are the seed's V.3 examples. */
    static final String SEED_CATALOGUE = """
            {"result": [
              {"MACOQUAN": "000.00.00.G01", "TENCOQUAN": "Bộ Công an", "DSTCODE": "VN:COM:0108212803:DVCTYBXDNTL"},
              {"MACOQUAN": "000.00.00.G02", "TENCOQUAN": "Bộ Công thương", "DSTCODE": "VN:GOV:000.00.00.G02:tmdtktsbctss01"},
              {"MACOQUAN": "000.00.00.G04", "TENCOQUAN": "Bộ Giao thông vận tải", "DSTCODE": "VN:GOV:000.00.00.G04:g04ss01"},
              {"MACOQUAN": "000.00.00.G03", "TENCOQUAN": "Bộ Giáo dục và Đào tạo", "DSTCODE": "VN:GOV:000.00.00.G03:g03ss01"},
              {"MACOQUAN": "000.00.00.G06", "TENCOQUAN": "Bộ Khoa học và Công nghệ", "DSTCODE": "VN:GOV:000.00.00.G06:g06ss01"},
              {"MACOQUAN": "000.00.00.G07", "TENCOQUAN": "Bộ Lao động - Thương binh và Xã hội", "DSTCODE": "VN:GOV:000.00.00.G07:g07svc01"},
              {"MACOQUAN": "000.00.00.G08", "TENCOQUAN": "Bộ Ngoại giao", "DSTCODE": "VN:GOV:000.00.00.G08:g08ss01"},
              {"MACOQUAN": "000.00.00.H22", "TENCOQUAN": "UBND tỉnh Hà Giang", "DSTCODE": "VN:GOV:000.00.00.H22:hagiangvdxpsvc01"}
            ]}""";

    private TestCatalogues() {
    }

    static Database database() {
        return new Database("jdbc:hsqldb:mem:dvcqg" + UUID.randomUUID().toString().substring(0, 8) + ";hsqldb.tx=mvcc", "SA", "", 2);
    }

    static SsCatalogue seeded(Database db, Clock clock) {
        SsCatalogue c = new SsCatalogue(db.dataSource(), clock, "H46");
        c.store("test", 200, SEED_CATALOGUE);
        return c;
    }

    static DvcqgSettings settings(String ss) {
        return new DvcqgSettings(ss, null, DvcqgSettings.DEFAULT_DSTCODE, DvcqgSettings.DEFAULT_PROVIDER_URL, "u", "p", "H46",
                Duration.ofMinutes(30), DvcqgSettings.DEFAULT_LOGIN_PATH, DvcqgSettings.DEFAULT_CALL_PATH,
                DvcqgSettings.DEFAULT_PAPERS_PATH);
    }
}
