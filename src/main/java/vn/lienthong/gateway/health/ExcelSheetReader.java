package vn.lienthong.gateway.health;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

import vn.lienthong.gateway.catalog.NameFolding;

/**
 * Reads the rows of an HIS Excel export (.xlsx) as records with wire field names, streaming (SAX), so a big sheet
 * never becomes a big DOM and the row limit stops the read early. A sheet is recognized by a header row (in its
 * first {@value #HEADER_SEARCH_ROWS} rows) naming maGCS (birth certificates) or maGBT (death notices), by wire
 * name or the usual Vietnamese column title. Zip-bomb limits are POI's ZipSecureFile, set by {@link ExcelImport}.
 * Throws {@link Refused} when the file cannot be imported as a whole.
 */
final class ExcelSheetReader {

    static final int HEADER_SEARCH_ROWS = 10;
    static final int MAX_SHEETS = 20;

    /** The whole file is refused, with the reason for the sender. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    record Row(String sheet, int rowNumber, EvidenceKind kind, Map<String, String> values) {
    }

    /** Folded column title -> wire name, per kind. */
    private static final Map<EvidenceKind, Map<String, String>> HEADERS = new EnumMap<>(EvidenceKind.class);

    static {
        for (EvidenceKind kind : EvidenceKind.values()) {
            Map<String, String> m = new HashMap<>();
            for (String field : EvidenceRules.fieldNames(kind)) {
                m.put(NameFolding.fold(field), field);
            }
            HEADERS.put(kind, m);
        }
        alias(EvidenceKind.BIRTH, "maGCS", "so giay chung sinh", "so gcs", "ma gcs", "so chung sinh");
        alias(EvidenceKind.BIRTH, "quyenSo", "quyen so");
        alias(EvidenceKind.BIRTH, "ngayCapGCS", "ngay cap", "ngay cap gcs", "ngay cap giay chung sinh");
        alias(EvidenceKind.BIRTH, "maCoSoKCB", "ma co so kcb", "ma co so kham chua benh", "ma co so", "ma benh vien");
        alias(EvidenceKind.BIRTH, "tenCoSoKCB", "ten co so kcb", "co so kham chua benh", "ten benh vien", "noi cap");
        alias(EvidenceKind.BIRTH, "meHoTen", "ho ten me", "ho va ten me");
        alias(EvidenceKind.BIRTH, "meNgaySinh", "ngay sinh me", "ngay sinh cua me", "nam sinh me");
        alias(EvidenceKind.BIRTH, "meSoGiayToTuyThan", "so cccd me", "cccd me", "so dinh danh me", "so dinh danh ca nhan cua me",
                "so giay to tuy than me");
        alias(EvidenceKind.BIRTH, "meDanToc", "dan toc me", "dan toc");
        alias(EvidenceKind.BIRTH, "meNoiCuTru", "noi cu tru me", "noi cu tru", "dia chi");
        alias(EvidenceKind.BIRTH, "chaHoTen", "ho ten cha", "ho va ten cha");
        alias(EvidenceKind.BIRTH, "nksGioiTinh", "gioi tinh", "gioi tinh tre");
        alias(EvidenceKind.BIRTH, "nksNgaySinh", "ngay sinh", "ngay sinh tre", "ngay sinh con");
        alias(EvidenceKind.BIRTH, "nksGioSinh", "gio sinh");
        alias(EvidenceKind.BIRTH, "nksCanNang", "can nang", "can nang gram", "can nang g");
        alias(EvidenceKind.BIRTH, "nksNoiSinh", "noi sinh");
        alias(EvidenceKind.BIRTH, "nksHoTenDuKien", "ten du kien", "du kien dat ten", "ho ten du kien");
        alias(EvidenceKind.DEATH, "maGBT", "so giay bao tu", "so gbt", "ma gbt", "so bao tu");
        alias(EvidenceKind.DEATH, "quyenSo", "quyen so");
        alias(EvidenceKind.DEATH, "ngayCapGBT", "ngay cap", "ngay cap gbt", "ngay cap giay bao tu");
        alias(EvidenceKind.DEATH, "maCoSoKCB", "ma co so kcb", "ma co so kham chua benh", "ma co so", "ma benh vien");
        alias(EvidenceKind.DEATH, "tenCoSoKCB", "ten co so kcb", "co so kham chua benh", "ten benh vien", "noi cap");
        alias(EvidenceKind.DEATH, "nktHoTen", "ho ten", "ho ten nguoi chet", "ho va ten", "ho ten nguoi tu vong");
        alias(EvidenceKind.DEATH, "nktGioiTinh", "gioi tinh");
        alias(EvidenceKind.DEATH, "nktNgaySinh", "ngay sinh");
        alias(EvidenceKind.DEATH, "nktSoGiayToTuyThan", "so cccd", "cccd", "so dinh danh", "so dinh danh ca nhan",
                "so giay to tuy than");
        alias(EvidenceKind.DEATH, "nktNoiCuTru", "noi cu tru", "dia chi");
        alias(EvidenceKind.DEATH, "nktNgayChet", "ngay chet", "ngay tu vong", "ngay mat");
        alias(EvidenceKind.DEATH, "nktGioPhutChet", "gio chet", "gio tu vong", "gio phut chet");
        alias(EvidenceKind.DEATH, "nktNoiChet", "noi chet", "noi tu vong");
        alias(EvidenceKind.DEATH, "nktNguyenNhanChet", "nguyen nhan chet", "nguyen nhan tu vong", "nguyen nhan");
    }

    private static void alias(EvidenceKind kind, String field, String... titles) {
        for (String t : titles) {
            HEADERS.get(kind).put(NameFolding.fold(t), field);
        }
    }

    private final int maxRows;

    ExcelSheetReader(int maxRows) {
        this.maxRows = maxRows;
    }

    /** Every data row of every recognized sheet, or Refused. */
    List<Row> read(Path file) {
        List<Row> rows = new ArrayList<>();
        List<String> recognized = new ArrayList<>();
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            int sheetCount = 0;
            while (sheets.hasNext()) {
                try (InputStream in = sheets.next()) {
                    if (++sheetCount > MAX_SHEETS) {
                        throw new Refused("the workbook has more than " + MAX_SHEETS + " sheets");
                    }
                    SheetRows handler = new SheetRows(sheets.getSheetName(), rows);
                    XMLReader xml = XMLHelper.newXMLReader();
                    xml.setContentHandler(new XSSFSheetXMLHandler(styles, strings, handler, new IsoDates(), false));
                    xml.parse(new InputSource(in));
                    handler.checkHeader();
                    if (handler.kind != null) {
                        recognized.add(handler.sheet);
                    }
                }
            }
        } catch (Refused e) {
            throw e;
        } catch (Exception e) {
            throw new Refused(describe(e));
        } catch (StackOverflowError | OutOfMemoryError e) {
            throw new Refused("the file is too complex to read (" + e.getClass().getSimpleName() + ")");
        }
        if (recognized.isEmpty()) {
            throw new Refused("no sheet has a header row naming maGCS (birth certificates) or maGBT (death notices)"
                    + " in its first " + HEADER_SEARCH_ROWS + " rows");
        }
        return rows;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof Refused r) {
            return r.getMessage();
        }
        String msg = String.valueOf(root.getMessage());
        if (msg.contains("Zip bomb") || msg.contains("max. ratio") || msg.contains("exceeds the max")) {
            return "the file looks like a zip bomb (it expands far beyond its size); refused";
        }
        String cls = root.getClass().getSimpleName();
        if (cls.contains("OLE2") || cls.contains("OldExcel") || msg.contains("OLE2")) {
            return "not an .xlsx file (an old .xls or an encrypted workbook): save it as Excel Workbook (.xlsx)";
        }
        if (cls.contains("NotOfficeXml") || cls.contains("InvalidFormat") || cls.contains("Zip") || msg.contains("zip")
                || msg.contains("Zip") || cls.contains("ODF")) {
            return "not a readable .xlsx file (not a zip of Office XML parts)";
        }
        // the parser's exception is not named to the uploader (answers carry no exception text)
        return "the file cannot be read as an .xlsx workbook";
    }

    /** Collects one sheet's rows once its header row is found. */
    private final class SheetRows implements XSSFSheetXMLHandler.SheetContentsHandler {
        final String sheet;
        final List<Row> out;
        EvidenceKind kind;
        Map<Integer, String> columns;
        TreeMap<Integer, String> cells = new TreeMap<>();
        int lastColumn = -1;

        SheetRows(String sheet, List<Row> out) {
            this.sheet = sheet;
            this.out = out;
        }

        @Override
        public void startRow(int rowNum) {
            cells = new TreeMap<>();
            lastColumn = -1;
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int col = reference == null ? lastColumn + 1 : new CellReference(reference).getCol();
            lastColumn = col;
            if (value != null && !value.isBlank()) {
                cells.put(col, value);
            }
        }

        @Override
        public void endRow(int rowNum) {
            if (cells.isEmpty()) {
                return;
            }
            if (kind == null) {
                if (rowNum < HEADER_SEARCH_ROWS) {
                    header(cells);
                }
                return;
            }
            Map<String, String> values = new LinkedHashMap<>();
            cells.forEach((col, v) -> {
                String field = columns.get(col);
                if (field != null) {
                    values.put(field, v);
                }
            });
            if (values.isEmpty()) {
                return;
            }
            out.add(new Row(sheet, rowNum + 1, kind, values));
            if (out.size() > maxRows) {
                throw new Refused("the file has more than " + maxRows + " data rows (HEALTH_IMPORT_MAX_ROWS); split it");
            }
        }

        private void header(Map<Integer, String> row) {
            for (EvidenceKind k : EvidenceKind.values()) {
                Map<String, String> titles = HEADERS.get(k);
                Map<Integer, String> mapped = new LinkedHashMap<>();
                row.forEach((col, title) -> {
                    String field = titles.get(NameFolding.fold(title));
                    if (field != null && !mapped.containsValue(field)) {
                        mapped.put(col, field);
                    }
                });
                if (mapped.containsValue(k.keyField())) {
                    kind = k;
                    columns = mapped;
                    return;
                }
            }
        }

        /** A recognized sheet must have a column for every required field, or every row would be rejected. */
        void checkHeader() {
            if (kind == null) {
                return;
            }
            List<String> missing = EvidenceRules.spec(kind).stream().filter(EvidenceRules.Field::required)
                    .map(EvidenceRules.Field::name).filter(f -> !columns.containsValue(f)).toList();
            if (!missing.isEmpty()) {
                throw new Refused("sheet '" + sheet + "' has no column for the required field(s) " + String.join(", ", missing));
            }
        }
    }

    /**
     * Date cells as ISO text (a date, a time of day, or both) and whole numbers in General format without
     * exponent, whatever the workbook's locale formats say.
     */
    static final class IsoDates extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return formatRawCellContents(value, formatIndex, formatString, false);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime t = DateUtil.getLocalDateTime(value, use1904);
                if (value < 1) {
                    return t.toLocalTime().withSecond(0).withNano(0).toString();
                }
                if (t.toLocalTime().toSecondOfDay() == 0) {
                    return t.toLocalDate().toString();
                }
                return t.withNano(0).toString();
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15
                    && (formatString == null || "General".equalsIgnoreCase(formatString) || "0".equals(formatString))) {
                return Long.toString((long) value);
            }
            return super.formatRawCellContents(value, formatIndex, formatString, use1904);
        }
    }
}
