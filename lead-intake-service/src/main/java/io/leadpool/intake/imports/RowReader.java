package io.leadpool.intake.imports;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Rows of an uploaded file, one at a time, the header first; memory does not grow with the file. */
public interface RowReader extends Closeable {

    /** The next non-empty row's cells, or null at the end. Fails with a {@link FileProblem} on a broken file. */
    List<String> next() throws IOException;

    /** Where the last row returned starts, for messages: the CSV line or the sheet row. */
    long position();
}
