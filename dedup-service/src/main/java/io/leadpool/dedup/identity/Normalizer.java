package io.leadpool.dedup.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns contact data into identity keys: phones to E.164 (read in the tenant's default region, so
 * {@code 0086-138…}, {@code +86 138…} and {@code 138…} are one number), e-mails to trimmed lower case.
 */
public final class Normalizer {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final String defaultRegion;

    public Normalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public Optional<String> phone(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = PHONES.parse(toHalfWidth(raw), defaultRegion);
            return PHONES.isValidNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public Optional<String> email(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String e = toHalfWidth(raw).replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        return EMAIL.matcher(e).matches() ? Optional.of(e) : Optional.empty();
    }

    /** Full-width ASCII forms (common in Chinese input) to their ordinary characters. */
    static String toHalfWidth(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\u3000') {
                b.append(' ');
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                b.append((char) (c - 0xFEE0));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
