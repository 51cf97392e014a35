package io.leadpool.intake.security;

import static io.leadpool.testing.security.Cast.ADMIN;
import static io.leadpool.testing.security.Cast.FOREIGN;
import static io.leadpool.testing.security.Cast.MANAGER;
import static io.leadpool.testing.security.Cast.OWN;
import static io.leadpool.testing.security.Cast.REP;
import static io.leadpool.testing.security.Cast.SOURCE;

import io.leadpool.events.EventCodec;
import io.leadpool.events.EventEnvelope;
import io.leadpool.events.LeadReceived;
import io.leadpool.events.Topics;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestTopics;
import io.leadpool.testing.security.Answer;
import io.leadpool.testing.security.Body;
import io.leadpool.testing.security.Body.Part;
import io.leadpool.testing.security.Cast;
import io.leadpool.testing.security.Expect;
import io.leadpool.testing.security.RawHttp;
import io.leadpool.testing.security.SecurityMatrixTests;
import io.leadpool.testing.security.ServiceSpec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The security matrix of intake (see docs/security-tests.md). Intakes, imports and channels are made in
 * both tenants through intake's own API; the public web-form endpoint is checked on its own terms: the
 * channel key names the tenant, whatever token, header or field comes with the post.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class SecurityMatrixTest extends SecurityMatrixTests {

    private static final AtomicInteger N = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);




    static String lead(String name) {
        return """
                {"name":"%s","company":"Matrix Trading","phone":"+86 139 %04d %04d","region":"Shanghai",
                 "source":{"channel":"web","campaign":"matrix"}}""".formatted(name, N.incrementAndGet() % 10000,
                Math.abs(RUN.hashCode()) % 10000);
    }

    static Body csv(String fileName) {
        byte[] file = ("name,phone\r\nMatrix Row," + "1390000" + String.format("%04d", N.incrementAndGet() % 10000) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return Body.multipart(Part.file("file", fileName, file));
    }

    private static Answer expect(Answer a, int status) {
        if (a.status() != status) {
            throw new AssertionError("fixture: " + a.method() + " " + a.target() + " answered " + a.summary());
        }
        return a;
    }

    private static String intake(RawHttp http, String tenant, String name) {
        return expect(http.send("POST", "/api/v1/leads", Cast.token(tenant, REP), Body.json(lead(name))), 202)
                .json().path("intakeId").asText();
    }

    private static String upload(RawHttp http, String tenant, String fileName) {
        return expect(http.send("POST", "/api/v1/imports", Cast.token(tenant, ADMIN), csv(fileName)), 202)
                .json().path("importId").asText();
    }

    private static Answer channel(RawHttp http, String tenant, String name) {
        return expect(http.send("POST", "/api/v1/channels", Cast.token(tenant, ADMIN),
                Body.json("{\"name\":\"" + name + "\",\"campaign\":\"matrix\",\"ratePerMinute\":6000}")), 201);
    }

    /** The tenant a form's lead went to, read from the LeadReceived event its intake published. */
    private static EventEnvelope received(Answer a) {
        String intakeId = a.json().path("intakeId").asText();
        return TestTopics.await(Topics.LEAD_RECEIVED, e -> intakeId.equals(e.subject()), Duration.ofSeconds(20));
    }

    @Override
    protected ServiceSpec fixtures(RawHttp http) {
        String myIntake = intake(http, OWN, "Matrix Acme Person");
        String theirIntake = intake(http, FOREIGN, "Globex Secret Person " + RUN);
        String myImport = upload(http, OWN, "acme-matrix-" + RUN + ".csv");
        String myImportToCancel = upload(http, OWN, "acme-matrix-cancel-" + RUN + ".csv");
        String theirFile = "globex-secret-import-" + RUN + ".csv";
        String theirImport = upload(http, FOREIGN, theirFile);
        Answer myChannel = channel(http, OWN, "acme-matrix-form-" + RUN);
        String myKey = myChannel.json().path("key").asText();
        String myChannelId = myChannel.json().path("id").asText();
        String toRetire = channel(http, OWN, "acme-matrix-retire-" + RUN).json().path("id").asText();
        Answer retired = channel(http, OWN, "acme-matrix-retired-" + RUN);
        expect(http.send("DELETE", "/api/v1/channels/" + retired.json().path("id").asText(), Cast.token(OWN, ADMIN), null), 204);
        String theirName = "globex-secret-form-" + RUN;
        Answer theirChannel = channel(http, FOREIGN, theirName);
        String theirKey = theirChannel.json().path("key").asText();
        String theirChannelId = theirChannel.json().path("id").asText();

        ServiceSpec spec = ServiceSpec.of("lead-intake-service", "service")
                .ownMarkers(myIntake, myImport, myKey, myChannelId, "acme-matrix-form-" + RUN)
                .foreignMarkers(theirIntake, theirImport, theirFile, theirKey, theirChannelId, theirName,
                        "Globex Secret Person " + RUN)
                .note("intakes are the tenant's: any role of the tenant reads any intake by id (README); an intake"
                        + " view carries status and lead ids, no contact data, so there is no other-rep rule")
                .note("multipart and form fields are not JSON: unknown parts of an upload and unknown fields of an"
                        + " HTML form are ignored or become attributes; the extras prove the tenant still comes from"
                        + " the token or the channel");

        spec.op("POST /api/v1/leads", ADMIN, MANAGER, REP, SOURCE)
                .json(r -> lead("Matrix Control"))
                .control(REP, Expect.status(202))
            .op("GET /api/v1/intake/{intakeId}", ADMIN, MANAGER, REP, SOURCE)
                .ref("intakeId", myIntake, theirIntake, null)
                .noOtherRep("an intake is the tenant's, read by any role (README: any role); it holds no contact data")
                .control(REP, Expect.status(200).json("/intakeId", myIntake))
            .op("POST /api/v1/imports", ADMIN, MANAGER, SOURCE)
                .body(r -> csv("acme-matrix-control-" + RUN + ".csv"))
                .control(ADMIN, Expect.status(202))
            .op("GET /api/v1/imports", ADMIN, MANAGER, SOURCE)
                .control(ADMIN, Expect.status(200).contains(myImport))
            .op("GET /api/v1/imports/{id}", ADMIN, MANAGER, SOURCE)
                .ref("id", myImport, theirImport, null)
                .control(SOURCE, Expect.status(200).json("/importId", myImport))
            .op("GET /api/v1/imports/{id}/errors", ADMIN, MANAGER, SOURCE)
                .ref("id", myImport, theirImport, null)
                .control(MANAGER, Expect.status(200).contains("row,column,reason,value"))
            .op("DELETE /api/v1/imports/{id}", ADMIN, MANAGER, SOURCE)
                .ref("id", myImportToCancel, theirImport, null)
                .control(ADMIN, Expect.status(200).json("/status", "CANCELLED"))
            .op("POST /api/v1/channels", ADMIN)
                .json(r -> "{\"name\":\"acme-matrix-control-" + RUN + "\"}")
                .control(ADMIN, Expect.status(201))
            .op("GET /api/v1/channels", ADMIN)
                .control(ADMIN, Expect.status(200).contains(myKey))
            .op("DELETE /api/v1/channels/{id}", ADMIN)
                .ref("id", toRetire, theirChannelId, null)
                .control(ADMIN, Expect.status(204))
            .op("GET /api/v1/audit", ADMIN)
                .control(ADMIN, Expect.status(200))
            .op("POST /api/v1/forms/{channelKey}/leads")
                .ref("channelKey", myKey, theirKey, null)
                .json(r -> "{\"name\":\"Matrix Form\",\"phone\":\"13900139000\"}")
                .noControl("public: checked by the extras");
        spec.publicOperation("POST /api/v1/forms/{channelKey}/leads",
                "web forms post without a user token; the channel key (24 random bytes) is the credential and names"
                        + " the tenant");

        Set<String> everything = new java.util.LinkedHashSet<>(spec.ownMarkers());
        everything.addAll(spec.foreignMarkers());
        String form = "/api/v1/forms/%s/leads";
        String json = "{\"name\":\"Matrix Form\",\"phone\":\"13900139001\"}";
        spec.extra("public", "form post with an unknown key: 404 UNKNOWN_CHANNEL, nothing shown",
                () -> http.send("POST", form.formatted("wf_unknown" + RUN), null, Body.json(json)),
                Expect.status(404).code("UNKNOWN_CHANNEL"), everything, "");
        spec.extra("public", "form post with a retired key: 404 UNKNOWN_CHANNEL",
                () -> http.send("POST", form.formatted(retired.json().path("key").asText()), null, Body.json(json)),
                Expect.status(404).code("UNKNOWN_CHANNEL"), everything, "");
        spec.extra("public", "form post to globex's key carrying an acme admin token: the lead is globex's",
                () -> http.send("POST", form.formatted(theirKey), Cast.token(OWN, ADMIN), Body.json(json)),
                Expect.status(202).and("and its LeadReceived is globex's", a -> FOREIGN.equals(received(a).tenantid())),
                Set.of(theirChannelId, theirName, myChannelId), "");
        Map<String, String> smuggled = new LinkedHashMap<>();
        smuggled.put("name", "Matrix Form");
        smuggled.put("phone", "13900139002");
        smuggled.put("tenantId", FOREIGN);
        smuggled.put("ownerId", Cast.subject(FOREIGN, REP));
        spec.extra("public", "HTML form to acme's key with tenantId=globex and ownerId: an acme lead, those are attributes",
                () -> http.send("POST", form.formatted(myKey), null, Body.form(smuggled)),
                Expect.status(202).and("and its LeadReceived is acme's with tenantId only an attribute", a -> {
                    EventEnvelope e = received(a);
                    LeadReceived r = EventCodec.payload(e, LeadReceived.class);
                    return OWN.equals(e.tenantid()) && FOREIGN.equals(r.lead().attributes().get("tenantId"));
                }), Set.of(myChannelId, theirChannelId), "");
        spec.extra("public", "a form's answer names the intake, not the channel or its tenant",
                () -> http.send("POST", form.formatted(myKey), null, Body.json(json)),
                Expect.status(202).absent("/tenantId").absent("/channelId"), Set.of(myChannelId, OWN + "\""), "");
        spec.extra("mass-assignment", "POST /api/v1/leads with attributes.tenantId=globex: an attribute, the lead is acme's",
                () -> http.send("POST", "/api/v1/leads", Cast.token(OWN, REP), Body.json(
                        "{\"name\":\"Matrix Attr\",\"phone\":\"13900139003\",\"attributes\":{\"tenantId\":\"globex\"}}")),
                Expect.status(202).and("and its LeadReceived is acme's", a -> OWN.equals(received(a).tenantid())),
                spec.foreignMarkers(), "");
        spec.extra("mass-assignment", "POST /api/v1/imports with parts tenantId=globex, status, total: ignored",
                () -> http.send("POST", "/api/v1/imports", Cast.token(OWN, ADMIN), Body.multipart(
                        Part.file("file", "acme-matrix-parts.csv", "name,phone\r\nParts Row,13900139004\r\n".getBytes(StandardCharsets.UTF_8)),
                        Part.field("tenantId", FOREIGN), Part.field("status", "COMPLETED"), Part.field("total", "0"),
                        Part.field("createdBy", Cast.subject(FOREIGN, ADMIN)))),
                Expect.status(202).json("/status", "RUNNING").json("/total", 1)
                        .and("and only acme sees it", a -> {
                            String id = a.json().path("importId").asText();
                            return http.send("GET", "/api/v1/imports/" + id, Cast.token(OWN, ADMIN), null).status() == 200
                                    && http.send("GET", "/api/v1/imports/" + id, Cast.token(FOREIGN, ADMIN), null).status() == 404;
                        }),
                spec.foreignMarkers(), "");
        return spec;
    }
}
