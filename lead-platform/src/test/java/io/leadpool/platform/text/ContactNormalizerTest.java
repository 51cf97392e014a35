package io.leadpool.platform.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactNormalizerTest {

    private final ContactNormalizer normalizer = new ContactNormalizer("CN");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+86 138 0013 8000   | +8613800138000",
            "0086-138-0013-8000  | +8613800138000",
            "13800138000         | +8613800138000",
            "(+86) 138 0013 8000 | +8613800138000",
            "１３８００１３８０００   | +8613800138000",
            "+1 650 253 0000     | +16502530000",
            "010-12345678        | +861012345678" })
    void phones_written_differently_are_one_number(String raw, String e164) {
        assertThat(normalizer.phone(raw)).contains(e164);
    }

    @ParameterizedTest
    @CsvSource({ "12345", "abc", "'+86 999'", "''" })
    void things_that_are_not_phone_numbers_have_no_key(String raw) {
        assertThat(normalizer.phone(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Li.Lei@Example.COM | li.lei@example.com",
            "' li.lei@example.com ' | li.lei@example.com",
            "ＬＩ@example.com | li@example.com" })
    void emails_ignore_case_spaces_and_full_width(String raw, String normal) {
        assertThat(normalizer.email(raw)).contains(normal);
    }

    @ParameterizedTest
    @CsvSource({ "not-an-email", "a@b", "'@example.com'" })
    void broken_emails_have_no_key(String raw) {
        assertThat(normalizer.email(raw)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "'  Li   Lei '    | Li Lei",
            "'李　雷'          | 李 雷",
            "ＬＩ Ｌｅｉ        | LI Lei" })
    void names_are_tidied_not_changed(String raw, String tidy) {
        assertThat(ContactNormalizer.name(raw)).contains(tidy);
    }
}
