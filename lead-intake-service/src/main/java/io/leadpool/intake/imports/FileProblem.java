package io.leadpool.intake.imports;

import io.leadpool.platform.problem.ProblemException;
import java.util.Map;

/** Why an uploaded file cannot be imported at all, with the stable code a client can act on. */
public final class FileProblem {

    private FileProblem() {
    }

    /** 400: the file is what it says, but broken (malformed CSV, wrong charset, too many columns…). */
    public static ProblemException invalid(String code, String detail) {
        return new ProblemException(400, code, "The file cannot be imported", detail, null);
    }

    /** 400 naming where in the file (1-based line of a CSV, row of a sheet). */
    public static ProblemException invalidAt(String code, long line, String detail) {
        return new ProblemException(400, code, "The file cannot be imported", detail + " (line " + line + ")",
                Map.of("line", line));
    }

    /** 413: beyond an explicit limit (bytes, rows, expansion of a compressed file). */
    public static ProblemException tooLarge(String code, String detail) {
        return new ProblemException(413, code, "The file is too large", detail, null);
    }

    /** 415: not a file type we read, or not the type its name says. */
    public static ProblemException unsupported(String code, String detail) {
        return new ProblemException(415, code, "Unsupported file type", detail, null);
    }
}
