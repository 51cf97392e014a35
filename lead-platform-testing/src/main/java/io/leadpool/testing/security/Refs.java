package io.leadpool.testing.security;

/** The values of one case: a body is written from them, as a path is filled from them. */
@FunctionalInterface
public interface Refs {

    String get(String name);
}
