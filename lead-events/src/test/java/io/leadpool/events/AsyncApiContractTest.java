package io.leadpool.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Keeps asyncapi.yaml true to the event records: same types, topics and payload fields. */
class AsyncApiContractTest {

    private static JsonNode doc;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = AsyncApiContractTest.class.getResourceAsStream("/asyncapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_is_a_message_with_its_cloud_events_type(EventType type) {
        JsonNode message = doc.at("/components/messages/" + type.payloadType().getSimpleName());
        assertThat(message.isMissingNode()).as("message for %s", type).isFalse();
        assertThat(message.path("name").asText()).isEqualTo(type.type());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void every_event_travels_on_the_channel_of_its_topic(EventType type) {
        String name = type.payloadType().getSimpleName();
        List<String> addresses = channelsCarrying(name);
        assertThat(addresses).containsExactly(type.topic());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void payload_schema_lists_exactly_the_record_fields(EventType type) {
        assertSchemaMatches(type.payloadType());
    }

    @Test
    void nested_records_match_their_schemas() {
        assertSchemaMatches(LeadDetails.class);
        assertSchemaMatches(LeadDetails.LeadSource.class);
        assertSchemaMatches(LeadRejected.Violation.class);
        assertSchemaMatches(LeadDeadlines.class);
        assertSchemaMatches(ImportRow.class);
        assertSchemaMatches(ImportBatchReceived.ImportedLead.class);
    }

    @Test
    void the_envelope_schema_lists_exactly_the_envelope_fields() {
        assertThat(fieldNames(doc.at("/components/schemas/CloudEvent/properties")))
                .isEqualTo(componentNames(EventEnvelope.class));
    }

    @Test
    void no_message_is_documented_that_the_code_does_not_know() {
        Set<String> documented = fieldNames(doc.at("/components/messages"));
        Set<String> known = Arrays.stream(EventType.values()).map(t -> t.payloadType().getSimpleName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(known);
    }

    private static void assertSchemaMatches(Class<? extends Record> type) {
        JsonNode schema = doc.at("/components/schemas/" + type.getSimpleName());
        assertThat(schema.isMissingNode()).as("schema for %s", type.getSimpleName()).isFalse();
        assertThat(fieldNames(schema.path("properties"))).as("fields of %s", type.getSimpleName())
                .isEqualTo(componentNames(type));
        for (JsonNode required : schema.path("required")) {
            assertThat(componentNames(type)).contains(required.asText());
        }
    }

    private static List<String> channelsCarrying(String messageName) {
        List<String> addresses = new java.util.ArrayList<>();
        doc.path("channels").forEach(channel -> {
            if (channel.path("messages").has(messageName)) {
                addresses.add(channel.path("address").asText());
            }
        });
        return addresses;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static Set<String> componentNames(Class<? extends Record> type) {
        Set<String> names = new HashSet<>();
        for (RecordComponent c : type.getRecordComponents()) {
            names.add(c.getName());
        }
        return new TreeSet<>(names);
    }
}
