package io.leadpool.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.leadpool.events.EventCodec;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Topics;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.TestTopics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Web-form channels: created by an admin, posted to without a token, tagged, rate-limited per key. */
@QuarkusTest
@WithTestResource(RealServers.class)
class ChannelFormTest {

    private static final String ADMIN = TestTokens.token("acme", "alice", "lead-admin");

    static String channel(String name, int rate) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"campaign\":\"双十一\",\"ratePerMinute\":" + rate + "}")
                .post("/api/v1/channels").then().statusCode(201).body("key", startsWith("wf_"))
                .body("formUrl", startsWith("/api/v1/forms/wf_")).extract().path("key");
    }

    @Test
    void a_form_posts_without_a_token_and_its_lead_is_tagged_with_the_channel_and_campaign() {
        String key = channel("官网表单", 60);
        String intakeId = given().contentType(ContentType.URLENC).formParam("name", "李雷")
                .formParam("phone", "13800138777").formParam("company", "某某科技").formParam("utm_source", "baidu")
                .post("/api/v1/forms/{key}/leads", key).then().statusCode(202).body("intakeId", notNullValue())
                .extract().path("intakeId");
        LeadReceived received = EventCodec.payload(TestTopics.await(Topics.LEAD_RECEIVED,
                e -> intakeId.equals(e.subject()), Duration.ofSeconds(20)), LeadReceived.class);
        assertThat(received.lead().source().channel()).isEqualTo("官网表单");
        assertThat(received.lead().source().campaign()).isEqualTo("双十一");
        assertThat(received.lead().attributes()).containsEntry("utm_source", "baidu");
        assertThat(received.receivedBy()).startsWith("channel:");

        given().contentType(ContentType.JSON).body("{\"name\":\"Han\",\"email\":\"han@example.com\"}")
                .post("/api/v1/forms/{key}/leads", key).then().statusCode(202);
        given().contentType(ContentType.JSON).body("{\"name\":\"Han\"}")
                .post("/api/v1/forms/{key}/leads", key).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().contentType(ContentType.JSON).body("{\"name\":\"Han\",\"email\":\"h@example.com\",\"source\":{}}")
                .post("/api/v1/forms/{key}/leads", key).then().statusCode(400).body("code", equalTo("UNKNOWN_FIELD"));
    }

    @Test
    void each_key_has_its_rate_and_a_retired_or_unknown_key_is_not_found() {
        String key = channel("Landing page", 3);
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body("{\"name\":\"N" + i + "\",\"phone\":\"1380013850" + i + "\"}")
                    .post("/api/v1/forms/{key}/leads", key).then().statusCode(202);
        }
        given().contentType(ContentType.JSON).body("{\"name\":\"N9\",\"phone\":\"13800138509\"}")
                .post("/api/v1/forms/{key}/leads", key).then().statusCode(429)
                .contentType("application/problem+json").body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", notNullValue());
        String other = channel("Other page", 60);
        given().contentType(ContentType.JSON).body("{\"name\":\"N9\",\"phone\":\"13800138509\"}")
                .post("/api/v1/forms/{key}/leads", other).then().statusCode(202);

        given().contentType(ContentType.JSON).body("{\"name\":\"X\",\"phone\":\"13800138600\"}")
                .post("/api/v1/forms/{key}/leads", "wf_nope").then().statusCode(404).body("code", equalTo("UNKNOWN_CHANNEL"));
        String id = given().auth().oauth2(ADMIN).get("/api/v1/channels").then().statusCode(200)
                .extract().path("find { it.key == '" + other + "' }.id");
        given().auth().oauth2(ADMIN).delete("/api/v1/channels/{id}", id).then().statusCode(204);
        given().contentType(ContentType.JSON).body("{\"name\":\"X\",\"phone\":\"13800138601\"}")
                .post("/api/v1/forms/{key}/leads", other).then().statusCode(404);
    }

    @Test
    void only_lead_admins_manage_channels_and_names_are_unique() {
        given().auth().oauth2(TestTokens.token("acme", "mia", "sales-manager")).contentType(ContentType.JSON)
                .body("{\"name\":\"x\"}").post("/api/v1/channels").then().statusCode(403);
        channel("Expo", 10);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"Expo\"}").post("/api/v1/channels")
                .then().statusCode(409).body("code", equalTo("CHANNEL_NAME_TAKEN"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"\",\"ratePerMinute\":0}")
                .post("/api/v1/channels").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("name", "ratePerMinute"));
    }
}
