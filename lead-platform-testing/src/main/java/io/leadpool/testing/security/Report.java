package io.leadpool.testing.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts and failures of one run, printed as one headline and the details. */
public final class Report {

    private final String title;
    private final String service;
    private final String problemWord;
    private final Map<String, Integer> byKind = new TreeMap<>();
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> details = new ArrayList<>();
    private final long startedAt = System.nanoTime();
    private int cases;
    private int problems;

    /** {@code problemWord} names what must stay at zero: leaks, writes, bypasses. */
    public Report(String title, String service, String problemWord) {
        this.title = title;
        this.service = service;
        this.problemWord = problemWord;
    }

    void count(String kind, Answer a) {
        cases++;
        byKind.merge(kind, 1, Integer::sum);
        if (a != null) {
            byStatus.merge(a.status(), 1, Integer::sum);
        }
    }

    void fail(String message) {
        failures.add(message);
    }

    /** A leak, a write or a bypass: counted in the headline, and a failure. */
    void problem(String message) {
        problems++;
        failures.add(message);
    }

    void detail(String line) {
        details.add(line);
    }

    public int cases() {
        return cases;
    }

    public int problems() {
        return problems;
    }

    public List<String> failures() {
        return failures;
    }

    public String headline() {
        return title + " " + service + ": " + cases + " cases, " + problems + " " + problemWord;
    }

    public void print() {
        StringBuilder s = new StringBuilder("\n").append(headline())
                .append(String.format(java.util.Locale.ROOT, " (%.1f s)", (System.nanoTime() - startedAt) / 1e9))
                .append('\n');
        s.append("  by kind: ").append(byKind).append('\n');
        s.append("  by status: ").append(byStatus).append('\n');
        details.forEach(d -> s.append("  ").append(d).append('\n'));
        if (!failures.isEmpty()) {
            s.append("  FAILURES (").append(failures.size()).append("):\n");
            failures.forEach(f -> s.append("   - ").append(f).append('\n'));
        }
        System.out.println(s);
    }

    /** Prints, then fails the test with every failure listed. */
    public void assertClean() {
        print();
        if (!failures.isEmpty()) {
            throw new AssertionError(headline() + "; " + failures.size() + " failure(s):\n - "
                    + String.join("\n - ", failures));
        }
    }
}
