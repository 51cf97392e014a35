package io.leadpool.platform.text;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One way, shared by intake and dedup, to read contact data: phones to E.164 (read in the tenant's
 * default region, so {@code 0086-138…}, {@code +86 138…} and {@code 138…} are one number), e-mails to
 * trimmed lower case, names to single-spaced NFKC text. Full-width input (common in Chinese forms)
 * reads as its half-width form everywhere.
 */
public final class ContactNormalizer {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final String defaultRegion;

    public ContactNormalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public Optional<String> phone(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 64) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = PHONES.parse(halfWidth(raw), defaultRegion);
            return PHONES.isValidNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    public Optional<String> email(String raw) {
        if (raw == null || raw.length() > 254) {
            return Optional.empty();
        }
        String e = SPACES.matcher(halfWidth(raw)).replaceAll("").toLowerCase(Locale.ROOT);
        return EMAIL.matcher(e).matches() ? Optional.of(e) : Optional.empty();
    }

    /** A person's name as written, with full-width forms, runs of spaces and outer spaces tidied; empty if none. */
    public static Optional<String> name(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String n = SPACES.matcher(Normalizer.normalize(raw, Normalizer.Form.NFKC)).replaceAll(" ").trim();
        return n.isEmpty() ? Optional.empty() : Optional.of(n);
    }

    /** Full-width ASCII forms and the ideographic space to their ordinary characters. */
    public static String halfWidth(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
