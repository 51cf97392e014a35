package io.leadpool.intake.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Files for import tests: CSV in a charset, and XLSX workbooks with shared strings and numeric cells. */
public final class TestFiles {

    private TestFiles() {
    }

    public static byte[] csv(Charset charset, String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(charset);
    }

    public static byte[] utf8BomCsv(String... lines) {
        byte[] body = csv(StandardCharsets.UTF_8, lines);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }

    /**
     * A workbook whose first sheet holds these rows: text cells go to the shared-strings table, cells that
     * look like whole numbers are written as numbers (as Excel stores typed phone numbers).
     */
    public static byte[] xlsx(List<List<String>> rows) {
        Map<String, Integer> strings = new LinkedHashMap<>();
        StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        for (int r = 0; r < rows.size(); r++) {
            sheet.append("<row r=\"").append(r + 1).append("\">");
            List<String> cells = rows.get(r);
            for (int c = 0; c < cells.size(); c++) {
                String v = cells.get(c);
                String ref = (char) ('A' + c) + String.valueOf(r + 1);
                if (v.isEmpty()) {
                    continue; // Excel leaves empty cells out
                }
                if (v.matches("\\d{5,15}")) {
                    sheet.append("<c r=\"").append(ref).append("\"><v>").append(Double.parseDouble(v)).append("</v></c>");
                } else {
                    int index = strings.computeIfAbsent(v, k -> strings.size());
                    sheet.append("<c r=\"").append(ref).append("\" t=\"s\"><v>").append(index).append("</v></c>");
                }
            }
            sheet.append("</row>");
        }
        sheet.append("</sheetData></worksheet>");
        StringBuilder shared = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        for (String s : strings.keySet()) {
            // Rich text runs and a phonetic guide, as Excel writes them for Chinese names.
            shared.append("<si><r><t>").append(escape(s)).append("</t></r><rPh><t>pinyin</t></rPh></si>");
        }
        shared.append("</sst>");
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas"
                + ".openxmlformats.org/package/2006/content-types\"/>");
        parts.put("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas"
                + ".openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/"
                + "officeDocument/2006/relationships\"><sheets><sheet name=\"Leads\" sheetId=\"1\" r:id=\"rId7\"/>"
                + "</sheets></workbook>");
        parts.put("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns="
                + "\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId7\" Type="
                + "\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target="
                + "\"worksheets/leads.xml\"/></Relationships>");
        parts.put("xl/sharedStrings.xml", shared.toString());
        parts.put("xl/worksheets/leads.xml", sheet.toString());
        return zip(parts);
    }

    static byte[] zip(Map<String, String> parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> p : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(p.getKey()));
                zip.write(p.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static List<List<String>> rows(String... csvLines) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : csvLines) {
            rows.add(List.of(line.split(",", -1)));
        }
        return rows;
    }
}
