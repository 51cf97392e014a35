package io.leadpool.intake.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the first sheet of an XLSX workbook with a streaming XML parser, defended against what hostile
 * workbooks carry: any DOCTYPE is refused (no XXE, no billion laughs, no external fetch), every part's
 * inflated size and its expansion ratio are capped while it is read (zip bombs lie about sizes in their
 * headers), and the shared-strings table, the one part held in memory, has its own character budget.
 */
public final class XlsxRowReader implements RowReader {

    /** What the reader may inflate; see the constructor. */
    public record Limits(int maxEntries, long maxPartBytes, long maxRatio, long maxSharedStringChars, int maxColumns,
            int maxCellChars) {
    }

    private static final String REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private final ZipFile zip;
    private final Limits limits;
    private final List<String> sharedStrings;
    private final XMLStreamReader sheet;
    private long row;

    public XlsxRowReader(Path file, Limits limits) throws IOException {
        this.limits = limits;
        try {
            this.zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw FileProblem.unsupported("NOT_A_SPREADSHEET", "the file is not a readable XLSX (zip) archive");
        }
        try {
            if (zip.size() > limits.maxEntries()) {
                throw FileProblem.tooLarge("ZIP_BOMB", "the workbook has more than " + limits.maxEntries() + " parts");
            }
            if (zip.getEntry("[Content_Types].xml") == null || zip.getEntry("xl/workbook.xml") == null) {
                throw FileProblem.unsupported("NOT_A_SPREADSHEET", "the archive is not an XLSX workbook");
            }
            scanForDoctype();
            this.sharedStrings = readSharedStrings();
            this.sheet = open(firstSheet());
        } catch (RuntimeException | IOException e) {
            zip.close();
            throw e;
        }
    }

    @Override
    public List<String> next() throws IOException {
        try {
            while (sheet.hasNext()) {
                int event = sheet.next();
                if (event == XMLStreamConstants.START_ELEMENT && "row".equals(sheet.getLocalName())) {
                    String r = sheet.getAttributeValue(null, "r");
                    row = r == null ? row + 1 : Long.parseLong(r);
                    List<String> cells = readRow();
                    if (cells.stream().anyMatch(c -> !c.isBlank())) {
                        return cells;
                    }
                }
            }
            return null;
        } catch (XMLStreamException | NumberFormatException e) {
            throw FileProblem.invalidAt("MALFORMED_XLSX", row, "the sheet's XML cannot be read: " + e.getMessage());
        }
    }

    @Override
    public long position() {
        return row;
    }

    private List<String> readRow() throws XMLStreamException {
        List<String> cells = new ArrayList<>();
        while (sheet.hasNext()) {
            int event = sheet.next();
            if (event == XMLStreamConstants.END_ELEMENT && "row".equals(sheet.getLocalName())) {
                return cells;
            }
            if (event == XMLStreamConstants.START_ELEMENT && "c".equals(sheet.getLocalName())) {
                String ref = sheet.getAttributeValue(null, "r");
                String type = sheet.getAttributeValue(null, "t");
                int column = ref == null ? cells.size() : columnOf(ref);
                if (column >= limits.maxColumns()) {
                    throw FileProblem.invalidAt("TOO_MANY_COLUMNS", row, "a row has more than " + limits.maxColumns()
                            + " columns");
                }
                String value = readCell(type);
                while (cells.size() < column) {
                    cells.add("");
                }
                cells.add(value);
            }
        }
        return cells;
    }

    private String readCell(String type) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        boolean inValue = false;
        while (sheet.hasNext()) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = sheet.getLocalName();
                inValue = "v".equals(name) || "t".equals(name);
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if ("c".equals(sheet.getLocalName())) {
                    break;
                }
                inValue = false;
            } else if (inValue && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                if (text.length() + sheet.getTextLength() > limits.maxCellChars()) {
                    throw FileProblem.invalidAt("CELL_TOO_LARGE", row, "a cell is longer than "
                            + limits.maxCellChars() + " characters");
                }
                text.append(sheet.getTextCharacters(), sheet.getTextStart(), sheet.getTextLength());
            }
        }
        String raw = text.toString();
        if ("s".equals(type)) {
            try {
                return sharedStrings.get(Integer.parseInt(raw.trim()));
            } catch (RuntimeException e) {
                throw FileProblem.invalidAt("MALFORMED_XLSX", row, "a cell refers to a shared string that is not there");
            }
        }
        if ("b".equals(type)) {
            return "1".equals(raw) ? "TRUE" : "FALSE";
        }
        if (type == null || "n".equals(type)) {
            return plainNumber(raw);
        }
        return raw;
    }

    /** Phone numbers typed into Excel come back as 1.3800138E10 or 13800138000.0: give the digits. */
    static String plainNumber(String raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        try {
            return new BigDecimal(raw).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    static int columnOf(String ref) {
        int column = 0;
        for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
            column = column * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
            if (column > 1_000_000) {
                break;
            }
        }
        return column - 1;
    }

    private void scanForDoctype() throws IOException {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (entry.getName().endsWith(".xml") || entry.getName().endsWith(".rels")) {
                XMLStreamReader xml = open(entry.getName());
                try {
                    // A DOCTYPE can only come before the root element: reading up to it is enough.
                    while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
                        // skip the prolog
                    }
                } catch (XMLStreamException e) {
                    throw FileProblem.invalid("MALFORMED_XLSX", "part " + entry.getName() + " is not well-formed XML");
                } finally {
                    close(xml);
                }
            }
        }
    }

    private List<String> readSharedStrings() throws IOException {
        List<String> strings = new ArrayList<>();
        if (zip.getEntry("xl/sharedStrings.xml") == null) {
            return strings;
        }
        XMLStreamReader xml = open("xl/sharedStrings.xml");
        long chars = 0;
        try {
            StringBuilder current = null;
            int depthInPhonetic = 0;
            boolean inText = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "si" -> current = new StringBuilder();
                        case "rPh" -> depthInPhonetic++;
                        case "t" -> inText = depthInPhonetic == 0;
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "si" -> {
                            strings.add(current == null ? "" : current.toString());
                            current = null;
                        }
                        case "rPh" -> depthInPhonetic--;
                        case "t" -> inText = false;
                        default -> {
                        }
                    }
                } else if (inText && current != null
                        && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                    chars += xml.getTextLength();
                    if (chars > limits.maxSharedStringChars()) {
                        throw FileProblem.tooLarge("XLSX_TOO_LARGE", "the workbook's shared strings exceed "
                                + limits.maxSharedStringChars() + " characters; save the sheet as CSV");
                    }
                    current.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                }
            }
            return strings;
        } catch (XMLStreamException e) {
            throw FileProblem.invalid("MALFORMED_XLSX", "the shared strings cannot be read: " + e.getMessage());
        } finally {
            close(xml);
        }
    }

    /** The part of the workbook's first sheet, through the workbook's relationships. */
    private String firstSheet() throws IOException {
        String relId = null;
        XMLStreamReader workbook = open("xl/workbook.xml");
        try {
            while (workbook.hasNext() && relId == null) {
                if (workbook.next() == XMLStreamConstants.START_ELEMENT && "sheet".equals(workbook.getLocalName())) {
                    relId = workbook.getAttributeValue(REL_NS, "id");
                }
            }
        } catch (XMLStreamException e) {
            throw FileProblem.invalid("MALFORMED_XLSX", "the workbook part cannot be read");
        } finally {
            close(workbook);
        }
        Map<String, String> targets = new HashMap<>();
        if (zip.getEntry("xl/_rels/workbook.xml.rels") != null) {
            XMLStreamReader rels = open("xl/_rels/workbook.xml.rels");
            try {
                while (rels.hasNext()) {
                    if (rels.next() == XMLStreamConstants.START_ELEMENT
                            && "Relationship".equals(rels.getLocalName())) {
                        targets.put(rels.getAttributeValue(null, "Id"), rels.getAttributeValue(null, "Target"));
                    }
                }
            } catch (XMLStreamException e) {
                throw FileProblem.invalid("MALFORMED_XLSX", "the workbook relationships cannot be read");
            } finally {
                close(rels);
            }
        }
        String target = relId == null ? null : targets.get(relId);
        String part = target == null ? "xl/worksheets/sheet1.xml"
                : target.startsWith("/") ? target.substring(1) : "xl/" + target;
        if (zip.getEntry(part) == null) {
            throw FileProblem.invalid("MALFORMED_XLSX", "the workbook has no first sheet");
        }
        return part;
    }

    private XMLStreamReader open(String part) throws IOException {
        ZipEntry entry = zip.getEntry(part);
        if (entry == null) {
            throw FileProblem.invalid("MALFORMED_XLSX", "the workbook lacks " + part);
        }
        InputStream in = new Inflated(zip.getInputStream(entry), part, Math.max(1, entry.getCompressedSize()));
        try {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
            factory.setXMLResolver((publicId, systemId, base, ns) -> {
                throw new XMLStreamException("external entities are not read");
            });
            XMLStreamReader reader = factory.createXMLStreamReader(in, "UTF-8");
            return new DoctypeRefusing(reader, part);
        } catch (XMLStreamException e) {
            in.close();
            throw FileProblem.invalid("MALFORMED_XLSX", "part " + part + " is not XML");
        }
    }

    private static void close(XMLStreamReader xml) {
        try {
            xml.close();
        } catch (XMLStreamException ignored) {
            // nothing left to release
        }
    }

    @Override
    public void close() throws IOException {
        close(sheet);
        zip.close();
    }

    /** Counts inflated bytes; refuses more than the part budget or an expansion beyond the ratio. */
    private final class Inflated extends FilterInputStream {
        private final String part;
        private final long compressed;
        private long inflated;

        Inflated(InputStream in, String part, long compressed) {
            super(in);
            this.part = part;
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            inflated += n;
            if (inflated > limits.maxPartBytes()) {
                throw FileProblem.tooLarge("ZIP_BOMB", "part " + part + " inflates beyond " + limits.maxPartBytes()
                        + " bytes");
            }
            if (inflated > 1_048_576 && inflated / compressed > limits.maxRatio()) {
                throw FileProblem.tooLarge("ZIP_BOMB", "part " + part + " inflates more than " + limits.maxRatio()
                        + " times its compressed size");
            }
        }
    }

    /** Fails on the first DOCTYPE: workbooks never need one, attacks always do. */
    private static final class DoctypeRefusing extends javax.xml.stream.util.StreamReaderDelegate {
        private final String part;

        DoctypeRefusing(XMLStreamReader reader, String part) {
            super(reader);
            this.part = part;
        }

        @Override
        public int next() throws XMLStreamException {
            int event = super.next();
            if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                throw FileProblem.invalid("XML_DOCTYPE_FORBIDDEN", "part " + part
                        + " declares a DOCTYPE or entities; workbooks do not need them");
            }
            return event;
        }
    }
}
