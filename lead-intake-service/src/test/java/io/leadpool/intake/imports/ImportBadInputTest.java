package io.leadpool.intake.imports;

import static io.leadpool.intake.imports.ImportTest.ADMIN;
import static io.leadpool.intake.imports.ImportTest.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.leadpool.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input}, written by its make_corpus.py) and the
 * big hostile inputs made here: each is refused with its status and code, and the service stays
 * healthy and keeps importing.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class ImportBadInputTest {

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
            "unclosed-quote.csv,      400, MALFORMED_CSV,",
            "after-quote.csv,         400, MALFORMED_CSV,",
            "gbk-declared-utf8.csv,   400, CHARSET_MISMATCH, UTF-8",
            "utf16.csv,               400, UNSUPPORTED_CHARSET,",
            "no-contact-columns.csv,  400, UNRECOGNISED_HEADER,",
            "header-only.csv,         400, NO_ROWS,",
            "empty.csv,               400, EMPTY_FILE,",
            "xxe.xlsx,                400, XML_DOCTYPE_FORBIDDEN,",
            "billion-laughs.xlsx,     400, XML_DOCTYPE_FORBIDDEN,",
            "zip-bomb.xlsx,           413, ZIP_BOMB,",
            "not-a-workbook.xlsx,     415, NOT_A_SPREADSHEET,",
            "workbook-named.csv,      415, FILE_TYPE_MISMATCH,",
            "text-named.xlsx,         415, FILE_TYPE_MISMATCH,",
            "legacy.xls,              415, UNSUPPORTED_FILE_TYPE,",
            "pdf-named.csv,           415, NOT_TEXT,",
            "program.exe,             415, UNSUPPORTED_FILE_TYPE," })
    void each_bad_file_gets_its_problem(String file, int status, String code, String charset) throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/bad-input/" + file)) {
            bytes = in.readAllBytes();
        }
        String[] form = charset == null ? new String[0] : new String[] { "charset", charset };
        upload(ADMIN, file, bytes, null, form).statusCode(status).contentType("application/problem+json")
                .body("code", equalTo(code));
    }

    @Test
    void a_row_of_ten_thousand_columns_is_refused() {
        String wide = "name,phone\n" + "x,".repeat(10_000) + "13800138000\n";
        upload(ADMIN, "wide.csv", wide.getBytes(StandardCharsets.UTF_8), null).statusCode(400)
                .body("code", equalTo("TOO_MANY_COLUMNS")).body("line", equalTo(2));
    }

    @Test
    void a_ten_megabyte_cell_is_refused() {
        String huge = "name,phone\n\"" + "x".repeat(10 * 1024 * 1024) + "\",13800138000\n";
        upload(ADMIN, "huge-cell.csv", huge.getBytes(StandardCharsets.UTF_8), null).statusCode(400)
                .body("code", equalTo("CELL_TOO_LARGE"));
    }

    @Test
    void a_file_over_the_byte_limit_is_refused() {
        // The test profile sets the limit to 20 MB (production: 100 MB).
        byte[] big = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        upload(ADMIN, "big.csv", big, null).statusCode(413).body("code", equalTo("FILE_TOO_LARGE"));
    }

    @Test
    void a_file_over_the_row_limit_is_refused() {
        // The test profile sets the limit to 100,000 rows (production: 1,048,576).
        StringBuilder rows = new StringBuilder("name,phone\n");
        for (int i = 0; i <= 100_000; i++) {
            rows.append("n").append(i).append(",1380013").append(String.format("%04d", i % 10_000)).append('\n');
        }
        upload(ADMIN, "many.csv", rows.toString().getBytes(StandardCharsets.UTF_8), null).statusCode(413)
                .body("code", equalTo("TOO_MANY_ROWS"));
    }

    @Test
    void a_bad_mapping_names_its_entries() {
        byte[] file = TestFiles.csv(StandardCharsets.UTF_8, "客户,号码", "Acme,13800138000");
        upload(ADMIN, "m.csv", file, null, "mapping", "{\"客户\":\"company\",\"号码\":\"salary\"}").statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("mapping.号码"));
        upload(ADMIN, "m.csv", file, null, "mapping", "not json").statusCode(400).body("errors[0].field", equalTo("mapping"));
        upload(ADMIN, "m.csv", file, null, "mapping", "{\"客户\":\"company\",\"号码\":\"phone\"}").statusCode(202);
    }

    @AfterEach
    void still_healthy_and_importing() {
        given().get("/q/health/ready").then().statusCode(200);
        upload(ADMIN, "ok.csv", TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Li Lei,13800138999"), null)
                .statusCode(202);
    }
}
