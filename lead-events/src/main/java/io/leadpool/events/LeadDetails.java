package io.leadpool.events;

import java.util.Map;

/** A lead's contact and classification data as it travels between services. */
public record LeadDetails(
        String name,
        String company,
        String phone,
        String email,
        String region,
        String industry,
        String product,
        LeadSource source,
        Map<String, String> attributes) {

    public LeadDetails {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * An upper bound of the bytes the lead takes in an event's JSON: six per character (a control character is written
     * as a six-character escape), plus 400 for the names and punctuation around the values and the ids an event puts
     * beside it. For events that carry many leads and must stay below a Kafka record's size.
     */
    public long maxJsonBytes() {
        long chars = length(name) + length(company) + length(phone) + length(email) + length(region) + length(industry)
                + length(product);
        if (source != null) {
            chars += length(source.channel()) + length(source.campaign());
        }
        long bytes = 400;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            chars += length(a.getKey()) + length(a.getValue());
            bytes += 6;
        }
        return bytes + 6 * chars;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Where a lead came from: a channel (web, import, api, form…) and an optional campaign. */
    public record LeadSource(String channel, String campaign) {
    }
}
