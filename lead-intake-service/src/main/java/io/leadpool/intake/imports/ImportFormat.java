package io.leadpool.intake.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What an uploaded file really is, read from its bytes rather than trusted from its name: a CSV (in
 * UTF-8, UTF-8 with BOM, or GBK/GB18030: declared, or detected by whether the whole file is valid
 * UTF-8) or an XLSX workbook. A name that says one and bytes that say another is refused.
 */
public record ImportFormat(Kind kind, Charset charset, boolean bom, char delimiter) {

    public enum Kind {
        CSV, XLSX
    }

    private static final Set<String> CHARSETS = Set.of("UTF-8", "GBK", "GB18030", "GB2312");
    private static final byte[] ZIP = { 'P', 'K', 3, 4 };
    private static final byte[] OLE2 = { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0 };
    private static final byte[] UTF8_BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

    public static ImportFormat detect(Path file, String fileName, String declaredCharset) throws IOException {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        byte[] head = new byte[65536];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n == 0) {
            throw FileProblem.invalid("EMPTY_FILE", "the file is empty");
        }
        if (!Set.of("", "csv", "txt", "xlsx").contains(extension)) {
            throw FileProblem.unsupported("UNSUPPORTED_FILE_TYPE", "." + extension
                    + " files are not imported; upload CSV (.csv, .txt) or XLSX");
        }
        if (startsWith(head, n, OLE2)) {
            throw FileProblem.unsupported("UNSUPPORTED_FILE_TYPE",
                    "legacy .xls workbooks are not read; save the sheet as .xlsx or CSV");
        }
        boolean zip = startsWith(head, n, ZIP);
        if (zip) {
            if (!extension.equals("xlsx") && !extension.isEmpty()) {
                throw FileProblem.unsupported("FILE_TYPE_MISMATCH", "the file is named ." + extension
                        + " but is a zip archive (an XLSX?)");
            }
            return new ImportFormat(Kind.XLSX, StandardCharsets.UTF_8, false, ',');
        }
        if (extension.equals("xlsx")) {
            throw FileProblem.unsupported("FILE_TYPE_MISMATCH", "the file is named .xlsx but is not an XLSX workbook");
        }
        if ((n >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE) || (head[0] == (byte) 0xFE
                && head[1] == (byte) 0xFF)))) {
            throw FileProblem.invalid("UNSUPPORTED_CHARSET", "UTF-16 text is not read; save the file as UTF-8 or GBK");
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                throw FileProblem.unsupported("NOT_TEXT", "the file holds binary data, not CSV text");
            }
        }
        boolean bom = startsWith(head, n, UTF8_BOM);
        Charset charset = bom ? StandardCharsets.UTF_8
                : declaredCharset != null && !declaredCharset.isBlank() ? declared(declaredCharset)
                : isUtf8(file) ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        return new ImportFormat(Kind.CSV, charset, bom, delimiter(head, n, charset, bom));
    }

    /** Opens the rows of a file of this format. */
    public RowReader open(Path file, ImportLimits limits) throws IOException {
        if (kind == Kind.XLSX) {
            return new XlsxRowReader(file, new XlsxRowReader.Limits(limits.xlsxMaxParts(), limits.xlsxMaxPartBytes(),
                    limits.xlsxMaxRatio(), limits.xlsxMaxSharedStringChars(), limits.maxColumns(),
                    limits.maxCellChars()));
        }
        InputStream in = Files.newInputStream(file);
        if (bom) {
            in.skipNBytes(UTF8_BOM.length);
        }
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new CsvRowReader(new InputStreamReader(in, decoder), delimiter, limits.maxColumns(),
                limits.maxCellChars(), charset.name());
    }

    private static Charset declared(String name) {
        String upper = name.trim().toUpperCase(Locale.ROOT).replace("UTF8", "UTF-8");
        if (!CHARSETS.contains(upper)) {
            throw FileProblem.invalid("UNSUPPORTED_CHARSET", "charset " + name + " is not read; use UTF-8, GBK or GB18030");
        }
        try {
            // GB18030 decodes everything GBK and GB2312 do, and more.
            return upper.equals("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName("GB18030");
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw FileProblem.invalid("UNSUPPORTED_CHARSET", "charset " + name + " is not available");
        }
    }

    /** Whether the whole file decodes as UTF-8 (streamed, so a 100 MB file costs one pass and 64 KB). */
    private static boolean isUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(65536);
        CharBuffer chars = CharBuffer.allocate(65536);
        try (var channel = Files.newByteChannel(file)) {
            while (true) {
                int read = channel.read(bytes);
                bytes.flip();
                CoderResult result = decoder.decode(bytes, chars, read < 0);
                if (result.isError()) {
                    return false;
                }
                chars.clear();
                bytes.compact();
                if (read < 0) {
                    return !decoder.flush(chars).isError() && bytes.position() == 0;
                }
            }
        }
    }

    /** The separator the header line uses most: comma, semicolon or tab. */
    private static char delimiter(byte[] head, int n, Charset charset, boolean bom) throws IOException {
        int from = bom ? UTF8_BOM.length : 0;
        String first;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new java.io.ByteArrayInputStream(head, from, n - from), charset))) {
            first = r.readLine();
        }
        if (first == null) {
            return ',';
        }
        char best = ',';
        long most = first.chars().filter(c -> c == ',').count();
        for (char c : new char[] { ';', '\t' }) {
            long count = first.chars().filter(x -> x == c).count();
            if (count > most) {
                most = count;
                best = c;
            }
        }
        return best;
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
