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

    /** Where a lead came from: a channel (web, import, api, form…) and an optional campaign. */
    public record LeadSource(String channel, String campaign) {
    }
}
