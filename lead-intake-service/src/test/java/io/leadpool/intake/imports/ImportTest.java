package io.leadpool.intake.imports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.EventType;
import io.leadpool.events.ImportBatchDecided;
import io.leadpool.events.ImportBatchReceived;
import io.leadpool.events.LeadAccepted;
import io.leadpool.events.LeadDuplicateDetected;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.LeadRejected;
import io.leadpool.events.Topics;
import io.leadpool.events.Uuid7;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.MultiPartConfig;
import org.apache.http.entity.mime.HttpMultipartMode;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Imports through HTTP and Kafka: rows out as events, decisions back as counts, errors as CSV. */
@QuarkusTest
@WithTestResource(RealServers.class)
public class ImportTest {

    static final String ADMIN = TestTokens.token("acme", "alice", "lead-admin");
    static final String REP = TestTokens.token("acme", "bob", "sales-rep");
    /** How long a backend may keep its statistics before reporting them: PostgreSQL's idle flush, 10 s, and a margin. */
    static final Duration STATS_FLUSH = Duration.ofSeconds(11);
    /** Browsers send form fields and file names in UTF-8; RestAssured's default is ISO-8859-1. */
    static final RestAssuredConfig UTF8_PARTS = RestAssuredConfig.config()
            .multiPartConfig(MultiPartConfig.multiPartConfig().defaultCharset(StandardCharsets.UTF_8))
            .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE));

    public static ValidatableResponse upload(String token, String name, byte[] bytes, String key, String... form) {
        var request = given().config(UTF8_PARTS).auth().oauth2(token)
                .multiPart("file", name, bytes, "application/octet-stream");
        for (int i = 0; i + 1 < form.length; i += 2) {
            request = request.multiPart(new MultiPartSpecBuilder(form[i + 1]).controlName(form[i])
                    .mimeType("text/plain").charset(StandardCharsets.UTF_8).build());
        }
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.when().post("/api/v1/imports").then();
    }

    /** The rows of an import handed on to dedup, in their order: the rows of its {@code ImportBatchReceived}s. */
    static List<LeadReceived> rowsOut(String importId, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> handedOn(importId, Duration.ofMillis(200)).size() >= expected);
        return handedOn(importId, Duration.ofMillis(500));
    }

    private static List<LeadReceived> handedOn(String importId, Duration wait) {
        return TestTopics.all(Topics.LEAD_RECEIVED, e -> e.eventType().orElse(null) == EventType.IMPORT_BATCH_RECEIVED
                && importId.equals(EventCodec.payload(e, ImportBatchReceived.class).importId().toString()), wait)
                .stream().flatMap(e -> EventCodec.payload(e, ImportBatchReceived.class).received().stream())
                .sorted(Comparator.comparingLong(r -> r.importRow().row())).toList();
    }

    @Test
    void a_gbk_file_with_chinese_headers_goes_row_by_row_to_dedup_and_its_decisions_complete_it() {
        byte[] file = TestFiles.csv(Charset.forName("GBK"), "姓名,公司名称,手机,邮箱,城市,备注",
                "李雷,上海某某科技有限公司,138 0013 8000,,上海,展会",
                "韩梅梅,,,Han.MeiMei@Example.com,北京,",
                "张三,,13900139000,,深圳,",
                "=HYPERLINK(\"http://evil\"),,+1-cmd,,,",
                ",,13700137000,,,");
        String importId = upload(ADMIN, "展会线索.csv", file, null).statusCode(202).body("fileName", equalTo("展会线索.csv"))
                .body("status", equalTo("RUNNING")).body("format", equalTo("CSV")).body("charset", equalTo("GB18030"))
                .body("total", equalTo(5)).body("columns.手机", equalTo("phone")).body("columns.备注", equalTo("attributes.备注"))
                .extract().path("importId");

        List<LeadReceived> out = rowsOut(importId, 3);
        assertThat(out).extracting(r -> r.importRow().row()).containsExactly(1L, 2L, 3L);
        assertThat(out.get(0).lead().name()).isEqualTo("李雷");
        assertThat(out.get(0).lead().attributes()).containsEntry("备注", "展会");
        assertThat(out.get(1).lead().email()).isEqualTo("Han.MeiMei@Example.com");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/imports/{id}", importId).then().body("processed", equalTo(5))
                .body("rejected", equalTo(2)).body("status", equalTo("RUNNING")));

        // Dedup decides the three rows handed on, together; the same decisions twice count once.
        ImportBatchDecided decided = ImportBatchDecided.of(UUID.fromString(importId), List.of(
                new LeadAccepted(out.get(0).intakeId(), Uuid7.next(), out.get(0).lead(), "+8613800138000", null,
                        out.get(0).importRow(), null),
                new LeadDuplicateDetected(out.get(1).intakeId(), Uuid7.next(), List.of("EMAIL"), out.get(1).lead(), 1.0,
                        out.get(1).importRow()),
                new LeadRejected(out.get(2).intakeId(), List.of(new LeadRejected.Violation("phone",
                        "not a valid phone number")), out.get(2).importRow()))).get(0);
        EventEnvelope sent = TestTopics.publish("acme", decided.batchId(), decided);
        TestTopics.send(Topics.DEDUP_OUTCOMES, Topics.key("acme", decided.batchId()), EventCodec.toJson(sent));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/imports/{id}", importId).then().body("status", equalTo("COMPLETED"))
                .body("accepted", equalTo(1)).body("duplicates", equalTo(1)).body("rejected", equalTo(3))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue()));

        String errors = given().auth().oauth2(ADMIN).get("/api/v1/imports/{id}/errors", importId).then()
                .statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        List<String> lines = errors.lines().toList();
        assertThat(lines.get(0)).isEqualTo("\uFEFFrow,column,reason,value");
        assertThat(lines).contains("3,手机,not a valid phone number,", "4,手机,not a valid phone number,'+1-cmd",
                "5,姓名,a name or a company is required,");
        assertThat(lines).noneMatch(l -> l.contains(",=") || l.contains(",+") || l.contains(",@"));
    }

    @Test
    void an_xlsx_workbook_is_imported() {
        byte[] file = TestFiles.xlsx(TestFiles.rows("联系人,公司,电话", "王五,某某科技,13800138123", "赵六,Acme,13800138124"));
        String importId = upload(ADMIN, "leads.xlsx", file, null).statusCode(202).body("format", equalTo("XLSX"))
                .body("total", equalTo(2)).extract().path("importId");
        List<LeadReceived> out = rowsOut(importId, 2);
        assertThat(out).extracting(r -> r.lead().phone()).containsExactly("13800138123", "13800138124");
    }

    @Test
    void the_same_file_with_the_same_key_is_the_same_import_and_another_file_is_refused() {
        byte[] file = TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Li Lei,13800138200");
        String first = upload(ADMIN, "a.csv", file, "import-key-1").statusCode(202).extract().path("importId");
        upload(ADMIN, "a.csv", file, "import-key-1").statusCode(200).body("importId", equalTo(first));
        upload(ADMIN, "b.csv", TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Han,13800138201"), "import-key-1")
                .statusCode(409).contentType("application/problem+json").body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void a_running_import_can_be_cancelled_once() {
        byte[] file = TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Li Lei,13800138300", "Han,13800138301");
        String importId = upload(ADMIN, "c.csv", file, null).statusCode(202).extract().path("importId");
        given().auth().oauth2(ADMIN).delete("/api/v1/imports/{id}", importId).then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        given().auth().oauth2(ADMIN).delete("/api/v1/imports/{id}", importId).then().statusCode(409)
                .body("code", equalTo("IMPORT_FINISHED"));
    }

    /**
     * A cancel that meets the worker's last batch is answered 200 or 409, never 500: both take the import's bytes before
     * its row (a cancel that took the row first deadlocked with that batch, found by a CI run on 2026-12-02).
     */
    @Test
    void a_cancel_racing_the_last_batch_is_answered_200_or_409() throws Exception {
        long deadlocksBefore = deadlocks();
        for (int i = 0; i < 60; i++) {
            byte[] file = TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Race " + i + ",1380013" + (8500 + i));
            String importId = upload(ADMIN, "race-" + i + ".csv", file, null).statusCode(202).extract().path("importId");
            int status = given().auth().oauth2(ADMIN).delete("/api/v1/imports/{id}", importId).then().extract()
                    .statusCode();
            assertThat(status).as("cancel %d", i).isIn(200, 409);
        }
        // PostgreSQL's victim may have been the worker's batch (retried later), so the answers alone do not show there
        // was no deadlock: the server's count does, once the backends have reported it.
        Thread.sleep(STATS_FLUSH.toMillis());
        assertThat(deadlocks()).as("deadlocks in the service's database").isEqualTo(deadlocksBefore);
    }

    private static long deadlocks() throws SQLException {
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement()
                .executeQuery("select deadlocks from pg_stat_database where datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void imports_belong_to_their_tenant_and_reps_do_not_import() {
        byte[] file = TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Li Lei,13800138400");
        String importId = upload(ADMIN, "d.csv", file, null).statusCode(202).extract().path("importId");
        given().auth().oauth2(TestTokens.token("globex", "alice", "lead-admin")).get("/api/v1/imports/{id}", importId)
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        upload(REP, "d.csv", file, null).statusCode(403);
    }
}
