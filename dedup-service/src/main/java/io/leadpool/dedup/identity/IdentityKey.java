package io.leadpool.dedup.identity;

/** One normalised way to recognise a person: a phone in E.164 or an e-mail. */
public record IdentityKey(Kind kind, String value) {

    public enum Kind {
        PHONE, EMAIL
    }
}
