package io.leadpool.platform.text;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The key under which two spellings of one company meet: "Acme Co., Ltd.", "ACME" and "acme inc" are one
 * company, and so are "上海某某科技有限公司" and "上海某某科技". Full-width characters become half-width
 * (NFKC), case and punctuation go, and legal-form suffixes in Chinese and English are cut from the end,
 * repeatedly. A name that is nothing but a legal form has no key (it matches nothing).
 */
public final class CompanyKey {

    /** Longest first, so that 股份有限公司 is cut whole rather than as 有限公司. */
    private static final List<String> SUFFIXES = List.of("股份有限公司", "有限责任公司", "集团有限公司", "有限公司",
            "集团公司", "分公司", "公司", "集团", "corporation", "incorporated", "company", "limited", "holdings",
            "group", "gmbh", "corp", "ltd", "llc", "inc", "plc", "sarl", "ag", "sa", "bv", "co");

    private CompanyKey() {
    }

    public static Optional<String> of(String companyName) {
        if (companyName == null) {
            return Optional.empty();
        }
        String s = Normalizer.normalize(companyName, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
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

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }
}
