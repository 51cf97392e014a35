package io.leadpool.intake.imports;

import io.leadpool.events.LeadDetails;
import io.leadpool.platform.text.ContactNormalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one row into a lead, or into the reasons it is refused, each naming its column: a row needs a
 * valid phone or a valid e-mail, and a name or a company. Phones are read with libphonenumber in the
 * tenant's default region, the same way dedup reads them.
 */
public final class ImportRowMapper {

    /** The outcome for one row: a lead, or the problems (never both). */
    public record Mapped(LeadDetails lead, List<Rejection> rejections) {
    }

    /** A refused row's problem: which column, why, and the value found there (may be null). */
    public record Rejection(String column, String reason, String value) {
    }

    public static final String IMPORT_CHANNEL = "import";

    private final ImportColumns columns;
    private final ContactNormalizer normalizer;
    private final int maxFieldLength;

    public ImportRowMapper(ImportColumns columns, ContactNormalizer normalizer, int maxFieldLength) {
        this.columns = columns;
        this.normalizer = normalizer;
        this.maxFieldLength = maxFieldLength;
    }

    public Mapped map(List<String> cells) {
        List<Rejection> rejections = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (ImportColumns.Column c : columns.columns()) {
            String value = c.index() < cells.size() ? cells.get(c.index()).trim() : "";
            if (c.field() == null || value.isEmpty()) {
                continue;
            }
            if (value.length() > maxFieldLength) {
                rejections.add(new Rejection(c.header(), "longer than " + maxFieldLength + " characters",
                        value.substring(0, 40) + "…"));
                continue;
            }
            if (c.field().startsWith(ImportColumns.ATTRIBUTE_PREFIX)) {
                attributes.put(c.field().substring(ImportColumns.ATTRIBUTE_PREFIX.length()), value);
            } else {
                fields.put(c.field(), value);
            }
        }
        String phone = fields.get("phone");
        String email = fields.get("email");
        boolean validPhone = phone != null && normalizer.phone(phone).isPresent();
        boolean validEmail = email != null && normalizer.email(email).isPresent();
        if (!validPhone && !validEmail) {
            if (phone != null) {
                rejections.add(new Rejection(columns.headerOf("phone"), "not a valid phone number", phone));
            }
            if (email != null) {
                rejections.add(new Rejection(columns.headerOf("email"), "not a valid e-mail address", email));
            }
            if (phone == null && email == null) {
                rejections.add(new Rejection(columns.headerOf(columns.indexOf("phone") >= 0 ? "phone" : "email"),
                        "a valid phone or e-mail is required", null));
            }
        }
        String name = ContactNormalizer.name(fields.get("name")).orElse(null);
        String company = ContactNormalizer.name(fields.get("company")).orElse(null);
        if (name == null && company == null) {
            rejections.add(new Rejection(columns.headerOf(columns.indexOf("name") >= 0 ? "name" : "company"),
                    "a name or a company is required", null));
        }
        if (!rejections.isEmpty()) {
            return new Mapped(null, List.copyOf(rejections));
        }
        String channel = fields.getOrDefault("channel", IMPORT_CHANNEL);
        return new Mapped(new LeadDetails(name, company, validPhone ? phone : null, validEmail ? email : null,
                fields.get("region"), fields.get("industry"), fields.get("product"),
                new LeadDetails.LeadSource(channel, fields.get("campaign")), attributes), List.of());
    }
}
