package io.leadpool.testing.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;

/** A response as it came off the wire. */
public record Answer(String method, String target, int status, Map<String, String> headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String contentType() {
        return headers.getOrDefault("content-type", "");
    }

    /** The body as JSON; a missing node when it is not JSON. */
    public JsonNode json() {
        try {
            return body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }

    /** The problem {@code code}, or null. */
    public String code() {
        JsonNode code = json().path("code");
        return code.isTextual() ? code.asText() : null;
    }

    public boolean success() {
        return status >= 200 && status < 300;
    }

    /** One line for a report: status, code and the start of the body. */
    public String summary() {
        String b = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        return status + (code() == null ? "" : " " + code()) + " " + b.replace('\n', ' ');
    }
}
