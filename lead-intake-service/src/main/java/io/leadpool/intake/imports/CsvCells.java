package io.leadpool.intake.imports;

/** Writing cells of CSV that people open in spreadsheets. */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * A cell quoted as CSV needs it, and neutralised against formula injection: a value starting with
     * {@code = + - @}, a tab or a carriage return is prefixed with an apostrophe, so a spreadsheet shows it
     * as text instead of running it.
     */
    public static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        String v = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + value : value;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
