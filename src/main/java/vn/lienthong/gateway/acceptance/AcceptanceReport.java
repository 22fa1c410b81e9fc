package vn.lienthong.gateway.acceptance;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The Ministry's table filled in (seed 000: Mã tình huống | Tên tình huống | Các bước thực hiện | Kết quả mong muốn |
 * Kết quả test | Note), as ket-qua-kiem-thu.xlsx and .html, with the dossier codes to delete after the run.
 */
final class AcceptanceReport {

    static final String XLSX = "ket-qua-kiem-thu.xlsx";
    static final String HTML = "ket-qua-kiem-thu.html";
    static final List<String> HEADER = List.of("Mã tình huống", "Tên tình huống", "Các bước thực hiện",
            "Kết quả mong muốn", "Kết quả test", "Note");

    /** One filled row; {@code note} holds the maHoSo and, when failed, the reason. */
    record Line(String code, String title, String steps, String expected, String result, String note) {

        List<String> cells() {
            return List.of(code, title, steps, expected, result, note);
        }
    }

    private AcceptanceReport() {
    }

    static Line line(AcceptanceCases.Case c, AcceptanceStore.CaseRow row) {
        String result = "PASSED".equals(row.result()) ? "Passed" : "Failed";
        StringBuilder note = new StringBuilder("maHoSo: " + row.maHoSo());
        if (!"PASSED".equals(row.result())) {
            note.append("; ").append(row.reason() == null ? "not judged" : row.reason());
        }
        note.append("; PMHT: ").append(row.pmhtState() == null ? "-" : row.pmhtState())
                .append("; DVCLT told: ").append(row.dvcltTold() == null || row.dvcltTold().isEmpty() ? "-" : row.dvcltTold());
        return new Line(c.code(), c.title(), c.steps(), c.expected(), result, note.toString());
    }

    /** Writes both files into {@code dir}; {@code toDelete} lists the run's dossier codes (deleted afterwards). */
    static void write(Path dir, AcceptanceStore.Run run, List<Line> lines, List<String> toDelete) throws IOException {
        Files.createDirectories(dir);
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(dir.resolve(XLSX))) {
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle wrap = wb.createCellStyle();
            wrap.setWrapText(true);
            Sheet sheet = wb.createSheet("Kết quả kiểm thử");
            Row title = sheet.createRow(0);
            title.createCell(0).setCellValue(title(run));
            title.getCell(0).setCellStyle(bold);
            Row header = sheet.createRow(2);
            for (int i = 0; i < HEADER.size(); i++) {
                header.createCell(i).setCellValue(HEADER.get(i));
                header.getCell(i).setCellStyle(bold);
            }
            int r = 3;
            for (Line line : lines) {
                Row row = sheet.createRow(r++);
                List<String> cells = line.cells();
                for (int i = 0; i < cells.size(); i++) {
                    row.createCell(i).setCellValue(cells.get(i));
                    row.getCell(i).setCellStyle(wrap);
                }
            }
            int[] widths = {16, 40, 60, 60, 12, 60};
            for (int i = 0; i < widths.length; i++) {
                sheet.setColumnWidth(i, widths[i] * 256);
            }
            Sheet codes = wb.createSheet("Mã hồ sơ cần xóa");
            codes.createRow(0).createCell(0).setCellValue("Mã hồ sơ (dữ liệu kiểm thử, xóa sau khi kiểm thử)");
            for (int i = 0; i < toDelete.size(); i++) {
                codes.createRow(i + 1).createCell(0).setCellValue(toDelete.get(i));
            }
            codes.setColumnWidth(0, 50 * 256);
            wb.write(out);
        }
        Files.writeString(dir.resolve(HTML), html(run, lines, toDelete), StandardCharsets.UTF_8);
    }

    static String html(AcceptanceStore.Run run, List<Line> lines, List<String> toDelete) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title(run))).append("</title><style>table{border-collapse:collapse}td,th{border:1px solid #999;"
                        + "padding:4px;vertical-align:top}.Passed{color:#060}.Failed{color:#b00;font-weight:bold}</style>"
                        + "</head><body><h1>").append(esc(title(run))).append("</h1><table><tr>");
        HEADER.forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>\n");
        for (Line line : lines) {
            h.append("<tr>");
            List<String> cells = line.cells();
            for (int i = 0; i < cells.size(); i++) {
                h.append(i == 4 ? "<td class=\"" + esc(line.result()) + "\">" : "<td>").append(esc(cells.get(i))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table><h2>Mã hồ sơ cần xóa (dữ liệu kiểm thử)</h2><ul>");
        toDelete.forEach(c -> h.append("<li><code>").append(esc(c)).append("</code></li>"));
        return h.append("</ul></body></html>\n").toString();
    }

    private static String title(AcceptanceStore.Run run) {
        Map<String, String> env = Map.of("test", "môi trường thử nghiệm", "production", "môi trường chính thức",
                "sandbox", "sandbox (giả lập)");
        return "Kiểm thử kết nối với Phần mềm ĐKQL hộ tịch điện tử - " + env.getOrDefault(run.environment(), run.environment())
                + " - lần chạy " + run.id() + " (" + run.mode() + ", đơn vị " + run.unit() + ")";
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
