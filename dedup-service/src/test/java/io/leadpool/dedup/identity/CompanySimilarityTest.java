package io.leadpool.dedup.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.dedup.quality.LabelledLeads;
import io.leadpool.platform.text.CompanyKey;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompanySimilarityTest {

    @Test
    void generic_words_at_the_end_are_cut_longest_first_and_the_core_keeps_two_characters() {
        assertThat(CompanySimilarity.parts("星辰科技发展")).satisfies(p -> {
            assertThat(p.core()).isEqualTo("星辰");
            assertThat(p.generic()).containsExactlyInAnyOrder("科技", "发展");
        });
        assertThat(CompanySimilarity.parts("星辰供应链").generic()).containsExactly("供应链");
        assertThat(CompanySimilarity.parts("brataldologistics").core()).isEqualTo("brataldo");
        assertThat(CompanySimilarity.parts("科技").core()).as("nothing left to be a core").isEqualTo("科技");
        assertThat(CompanySimilarity.parts("星科技").core()).isEqualTo("星科技");
        assertThat(CompanySimilarity.parts("acme").generic()).isEmpty();
    }

    @Test
    void every_company_of_the_labelled_set_is_cut_as_a_scan_of_every_generic_word_cuts_it() {
        LabelledLeads.generate(7, 2000, 200, 600).stream().map(r -> r.lead().company()).filter(Objects::nonNull)
                .map(c -> CompanyKey.of(c).orElse(null)).filter(Objects::nonNull).forEach(key -> {
                    CompanySimilarity.Parts parts = CompanySimilarity.parts(key);
                    Scanned expected = scan(key);
                    assertThat(parts.core()).as(key).isEqualTo(expected.core());
                    assertThat(parts.generic()).as(key).isEqualTo(expected.generic());
                });
    }

    private record Scanned(String core, Set<String> generic) {
    }

    /** The plain definition: at each step, the first generic word of the list that ends the key and leaves two characters. */
    private static Scanned scan(String key) {
        String core = key;
        Set<String> generic = new java.util.HashSet<>();
        boolean cut = true;
        while (cut) {
            cut = false;
            for (String g : CompanySimilarity.GENERIC) {
                if (core.endsWith(g) && core.codePointCount(0, core.length()) - g.codePointCount(0, g.length()) >= 2) {
                    core = core.substring(0, core.length() - g.length());
                    generic.add(g);
                    cut = true;
                    break;
                }
            }
        }
        return new Scanned(core, generic);
    }
}
