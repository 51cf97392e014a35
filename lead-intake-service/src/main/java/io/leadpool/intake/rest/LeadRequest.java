package io.leadpool.intake.rest;

import io.leadpool.events.LeadDetails;
import java.util.Map;

/** The body of {@code POST /api/v1/leads}. Unknown fields are refused. */
public record LeadRequest(String name, String company, String phone, String email, String region, String industry,
        String product, Source source, Map<String, String> attributes) {

    public record Source(String channel, String campaign) {
    }

    LeadDetails toDetails() {
        return new LeadDetails(trim(name), trim(company), trim(phone), trim(email), trim(region), trim(industry),
                trim(product), source == null ? new LeadDetails.LeadSource("api", null)
                        : new LeadDetails.LeadSource(trim(source.channel()) == null ? "api" : trim(source.channel()),
                                trim(source.campaign())),
                attributes);
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
