package io.leadpool.testing.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.function.Predicate;

/** What an answer must be, with a description for the report. */
public record Expect(String description, Predicate<Answer> test) {

    public static Expect status(int... statuses) {
        return new Expect(statuses.length == 1 ? String.valueOf(statuses[0]) : Arrays.toString(statuses),
                a -> Arrays.stream(statuses).anyMatch(s -> s == a.status()));
    }

    /** Any 2xx. */
    public static Expect success() {
        return new Expect("2xx", Answer::success);
    }

    /** The same, and the problem's {@code code}. */
    public Expect code(String code) {
        return and(code, a -> code.equals(a.code()));
    }

    /** The same, and the JSON value at a pointer ({@code /results/0/status}) written as text. */
    public Expect json(String pointer, Object value) {
        return and(pointer + "=" + value, a -> {
            JsonNode n = a.json().at(pointer);
            return !n.isMissingNode() && n.asText().equals(String.valueOf(value));
        });
    }

    /** The same, and nothing at a pointer. */
    public Expect absent(String pointer) {
        return and("no " + pointer, a -> a.json().at(pointer).isMissingNode() || a.json().at(pointer).isNull());
    }

    /** The same, and the body contains the text. */
    public Expect contains(String text) {
        return and("contains " + text, a -> a.body().contains(text));
    }

    public Expect and(String what, Predicate<Answer> more) {
        return new Expect(description + " " + what, test.and(more));
    }

    public boolean matches(Answer a) {
        return test.test(a);
    }

    @Override
    public String toString() {
        return description;
    }
}
