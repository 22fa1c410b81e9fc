package vn.lienthong.gateway.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A small valid one-page PDF (catalog, page tree, page, Helvetica text, xref with real offsets). */
public final class MinimalPdf {

    private MinimalPdf() {
    }

    /** {@code lines} are ASCII; anything else is replaced so the content stream stays valid. */
    public static byte[] of(String... lines) {
        return build(false, lines);
    }

    /**
     * The same page with the shape of a signed PDF, as PMHT issues once the officer has signed: a signature dictionary
     * whose /ByteRange covers the whole file but its /Contents. The "signature" is filler (the sandbox has no CA).
     */
    public static byte[] signed(String... lines) {
        return build(true, lines);
    }

    private static byte[] build(boolean signed, String... lines) {
        StringBuilder text = new StringBuilder("BT /F1 12 Tf 50 780 Td 16 TL\n");
        for (String line : lines) {
            String ascii = line.replaceAll("[^\\x20-\\x7E]", "?").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
            text.append('(').append(ascii).append(") Tj T*\n");
        }
        text.append("ET\n");
        String stream = text.toString();
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                        + " /Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + stream.getBytes(StandardCharsets.US_ASCII).length + " >>\nstream\n" + stream + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        if (signed) {
            objects = new ArrayList<>(objects);
            objects.add("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Name (Sandbox officer)"
                    + " /ByteRange " + BYTE_RANGE_PLACEHOLDER + " /Contents <" + "3082".concat("00".repeat(254)) + "> >>");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder x = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int off : offsets) {
            x.append(String.format("%010d 00000 n \n", off));
        }
        x.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref)
                .append("\n%%EOF\n");
        write(out, x.toString());
        byte[] pdf = out.toByteArray();
        return signed ? withByteRange(pdf) : pdf;
    }

    private static final String BYTE_RANGE_PLACEHOLDER = "[0 0000000000 0000000000 0000000000]";

    /** Fills the placeholder in place (same width): [0, start of /Contents' hex string, its end, the rest]. */
    private static byte[] withByteRange(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        int range = text.indexOf(BYTE_RANGE_PLACEHOLDER);
        int start = text.indexOf("/Contents <", range) + "/Contents ".length();
        int end = text.indexOf('>', start) + 1;
        String filled = String.format("[0 %010d %010d %010d]", start, end, pdf.length - end);
        byte[] bytes = filled.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, pdf, range, bytes.length);
        return pdf;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
