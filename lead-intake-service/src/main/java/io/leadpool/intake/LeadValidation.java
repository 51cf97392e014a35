package io.leadpool.intake;

import io.leadpool.events.LeadDetails;
import io.leadpool.platform.problem.ProblemException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a lead needs to be taken in at all: someone to talk to (a name or a company) and a way to reach
 * them (a phone or an e-mail), within explicit size limits. Whether the phone is a real number is
 * decided by dedup's normalisation.
 */
public final class LeadValidation {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE_CHARS = Pattern.compile("^[0-9+()\\-.\\s]{5,40}$");

    private final int maxFieldLength;
    private final int maxAttributes;

    public LeadValidation(int maxFieldLength, int maxAttributes) {
        this.maxFieldLength = maxFieldLength;
        this.maxAttributes = maxAttributes;
    }

    public List<FieldError> check(LeadDetails lead) {
        List<FieldError> errors = new ArrayList<>();
        if (lead == null) {
            return List.of(new FieldError("body", "a lead is required"));
        }
        if (blank(lead.name()) && blank(lead.company())) {
            errors.add(new FieldError("name", "a name or a company is required"));
        }
        if (blank(lead.phone()) && blank(lead.email())) {
            errors.add(new FieldError("phone", "a phone or an e-mail is required"));
        }
        if (!blank(lead.email()) && !EMAIL.matcher(lead.email().trim()).matches()) {
            errors.add(new FieldError("email", "not an e-mail address"));
        }
        if (!blank(lead.phone()) && !PHONE_CHARS.matcher(lead.phone().trim()).matches()) {
            errors.add(new FieldError("phone", "not a phone number"));
        }
        length(errors, "name", lead.name());
        length(errors, "company", lead.company());
        length(errors, "phone", lead.phone());
        length(errors, "email", lead.email());
        length(errors, "region", lead.region());
        length(errors, "industry", lead.industry());
        length(errors, "product", lead.product());
        if (lead.source() != null) {
            length(errors, "source.channel", lead.source().channel());
            length(errors, "source.campaign", lead.source().campaign());
        }
        if (lead.attributes().size() > maxAttributes) {
            errors.add(new FieldError("attributes", "at most " + maxAttributes + " attributes"));
        }
        for (Map.Entry<String, String> a : lead.attributes().entrySet()) {
            length(errors, "attributes." + a.getKey(), a.getKey());
            length(errors, "attributes." + a.getKey(), a.getValue());
        }
        return errors;
    }

    private void length(List<FieldError> errors, String field, String value) {
        if (value != null && value.length() > maxFieldLength) {
            errors.add(new FieldError(field, "at most " + maxFieldLength + " characters"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
