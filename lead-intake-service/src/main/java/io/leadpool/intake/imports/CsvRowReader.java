package io.leadpool.intake.imports;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader with hard limits: a cell longer than {@code maxCellChars} or a row wider
 * than {@code maxColumns} fails at once, so a 10 MB cell or a 10,000-column row never sits in memory.
 * Quoted cells may hold delimiters, quotes ({@code ""}) and line breaks; a quote inside an unquoted cell
 * is kept as written (as spreadsheets do). Rows whose cells are all blank are skipped.
 */
public final class CsvRowReader implements RowReader {

    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final int maxColumns;
    private final int maxCellChars;
    private final String charsetName;
    private long line = 1;
    private long rowStart;
    private final char[] buffer = new char[65536];
    private int buffered;
    private int next;
    private int pushedBack = -2;
    private boolean done;

    public CsvRowReader(Reader in, char delimiter, int maxColumns, int maxCellChars, String charsetName) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxColumns = maxColumns;
        this.maxCellChars = maxCellChars;
        this.charsetName = charsetName;
    }

    @Override
    public List<String> next() throws IOException {
        while (!done) {
            List<String> row = readRecord();
            if (row != null && row.stream().anyMatch(c -> !c.isBlank())) {
                return row;
            }
        }
        return null;
    }

    @Override
    public long position() {
        return rowStart;
    }

    private List<String> readRecord() throws IOException {
        rowStart = line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        int c = read();
        if (c == EOF) {
            done = true;
            return null;
        }
        while (true) {
            if (quoted) {
                if (c == EOF) {
                    throw FileProblem.invalidAt("MALFORMED_CSV", rowStart, "a quoted cell is never closed");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        append(cell, '"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    append(cell, (char) c);
                }
                c = read();
                continue;
            }
            if (c == EOF || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        unread(n);
                    }
                }
                if (c != EOF) {
                    line++;
                } else {
                    done = true;
                }
                addCell(cells, cell);
                return cells;
            }
            if (c == delimiter) {
                addCell(cells, cell);
                cell.setLength(0);
                afterQuote = false;
            } else if (afterQuote) {
                throw FileProblem.invalidAt("MALFORMED_CSV", line,
                        "unexpected character '" + (char) c + "' after a closing quote");
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else {
                append(cell, (char) c);
            }
            c = read();
        }
    }

    private void addCell(List<String> cells, StringBuilder cell) {
        if (cells.size() >= maxColumns) {
            throw FileProblem.invalidAt("TOO_MANY_COLUMNS", rowStart, "a row has more than " + maxColumns + " columns");
        }
        cells.add(cell.toString());
    }

    private void append(StringBuilder cell, char c) {
        if (cell.length() >= maxCellChars) {
            throw FileProblem.invalidAt("CELL_TOO_LARGE", rowStart, "a cell is longer than " + maxCellChars
                    + " characters");
        }
        cell.append(c);
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        if (next < buffered) {
            return buffer[next++];
        }
        try {
            buffered = in.read(buffer, 0, buffer.length);
            next = 0;
            return buffered <= 0 ? EOF : buffer[next++];
        } catch (CharacterCodingException e) {
            throw FileProblem.invalidAt("CHARSET_MISMATCH", line, "the file is not valid " + charsetName
                    + "; declare its charset (UTF-8, GBK or GB18030)");
        }
    }

    private void unread(int c) {
        pushedBack = c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
