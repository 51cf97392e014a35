package io.leadpool.testing.security;

/**
 * A value a request names — a path parameter or an id or key in its body — as three fixtures:
 * {@code own} (the caller's tenant, usable by the operation's control), {@code foreign} (the same kind
 * of object in the other tenant) and {@code otherRep} (an object of the own tenant that belongs to
 * another rep; null where reps do not own such objects).
 */
public record Ref(String own, String foreign, String otherRep) {

    public Ref withOwn(String value) {
        return new Ref(value, foreign, otherRep);
    }
}
