package io.leadpool.platform.text;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The key under which two spellings of one company meet: "Acme Co., Ltd.", "ACME" and "acme inc" are one
 * company, and so are "上海某某科技有限公司" and "上海某某科技". Full-width characters become half-width
 * (NFKC), case and punctuation go, and legal-form suffixes in Chinese and English are cut from the end,
 * repeatedly. Where a company is (上海星辰科技, 星辰科技（上海）, Acme Trading (Shanghai)) is not who it is: a
 * leading or bracketed place name is cut too, since the lead's region already says where, and dedup
 * compares companies within a region. A name that is nothing but a legal form (or a place) has no key.
 */
public final class CompanyKey {

    /** Longest first, so that 股份有限公司 is cut whole rather than as 有限公司. */
    private static final List<String> SUFFIXES = List.of("股份有限公司", "有限责任公司", "集团有限公司", "有限公司",
            "集团公司", "分公司", "公司", "集团", "corporation", "incorporated", "company", "limited", "holdings",
            "group", "gmbh", "corp", "ltd", "llc", "inc", "plc", "sarl", "ag", "sa", "bv", "co");

    private static final Pattern BRACKETED = Pattern.compile("\\(([^()]*)\\)");

    private CompanyKey() {
    }

    public static Optional<String> of(String companyName) {
        if (companyName == null) {
            return Optional.empty();
        }
        String s = Normalizer.normalize(companyName, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = BRACKETED.matcher(s).replaceAll(m -> Places.isPlace(m.group(1)) ? " " : " " + m.group(1) + " ");
        s = withoutLeadingPlace(s.trim());
        // Punctuation and spaces separate words; keep letters (any script) and digits only.
        s = s.replaceAll("[^\\p{L}\\p{Nd}]+", " ").trim();
        boolean cut = true;
        while (cut && !s.isEmpty()) {
            cut = false;
            for (String suffix : SUFFIXES) {
                if (isAscii(suffix)) {
                    if (s.equals(suffix) || s.endsWith(" " + suffix)) {
                        s = s.substring(0, s.length() - suffix.length()).trim();
                        cut = true;
                        break;
                    }
                } else if (s.endsWith(suffix)) {
                    s = s.substring(0, s.length() - suffix.length()).trim();
                    cut = true;
                    break;
                }
            }
        }
        String key = s.replace(" ", "");
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    /** 上海星辰科技 → 星辰科技, "Shanghai Acme Trading" → "acme trading"; a place with two characters after it (上海银行) stays whole. */
    private static String withoutLeadingPlace(String s) {
        for (String place : Places.spellings()) {
            if (s.startsWith(place)) {
                String rest = s.substring(place.length());
                rest = rest.startsWith("市") || rest.startsWith("省") ? rest.substring(1) : rest;
                boolean ascii = isAscii(place);
                if (ascii && !rest.startsWith(" ")) {
                    continue; // "shanghaiwang" is a name, not a place and a name
                }
                String trimmed = rest.replaceAll("^[\\s\\p{Punct}]+", "");
                if (trimmed.codePointCount(0, trimmed.length()) >= 3) {
                    return trimmed;
                }
            }
        }
        return s;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}
