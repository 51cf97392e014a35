package io.leadpool.e2e;

import io.restassured.response.Response;
import java.time.Instant;

/**
 * What a chaos client got back from a call: the HTTP status (-1: no answer, the service was down), the
 * content type and problem code of the body, and when.
 */
record Answer(int status, String contentType, String code, Instant at) {

    static Answer of(Response response) {
        String code;
        try {
            code = response.jsonPath().getString("code");
        } catch (RuntimeException notJson) {
            code = null;
        }
        return new Answer(response.statusCode(), response.contentType(), code, Instant.now());
    }

    static Answer none(Exception failure) {
        return new Answer(-1, null, failure.toString(), Instant.now());
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    boolean isServerError() {
        return status >= 500;
    }

    /** How a service says it cannot serve for now: 503 problem+json that names why. */
    boolean isServiceUnavailableProblem() {
        return status == 503 && contentType != null && contentType.startsWith("application/problem+json") && code != null;
    }
}
