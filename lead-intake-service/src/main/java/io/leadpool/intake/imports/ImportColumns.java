package io.leadpool.intake.imports;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.text.ContactNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which column of a file feeds which field of a lead. Headers in Chinese or English are recognised
 * (姓名/联系人 → name, 公司/公司名称 → company, 手机/电话 → phone, …); an explicit {@code mapping} of
 * header to field wins over recognition; other columns become attributes (up to the attribute limit)
 * under their header.
 */
public record ImportColumns(List<Column> columns) {

    /** One column: its position, its header as written, and the field it feeds (null: ignored). */
    public record Column(int index, String header, String field) {
    }

    public static final Set<String> FIELDS = Set.of("name", "company", "phone", "email", "region", "industry",
            "product", "channel", "campaign");
    public static final String ATTRIBUTE_PREFIX = "attributes.";
    public static final String IGNORE = "ignore";

    private static final Map<String, String> SYNONYMS = new HashMap<>();

    static {
        synonyms("name", "name", "full name", "contact", "contact name", "contact person", "姓名", "联系人", "客户姓名",
                "联系人姓名", "名字");
        synonyms("company", "company", "company name", "organization", "organisation", "account", "公司", "公司名称",
                "企业", "企业名称", "客户名称", "单位", "单位名称");
        synonyms("phone", "phone", "mobile", "mobile phone", "cell", "tel", "telephone", "phone number", "手机", "手机号",
                "手机号码", "电话", "电话号码", "联系电话", "联系方式");
        synonyms("email", "email", "e-mail", "mail", "email address", "邮箱", "电子邮箱", "电子邮件", "邮件", "邮箱地址");
        synonyms("region", "region", "city", "province", "area", "location", "地区", "城市", "省份", "所在地", "所在地区",
                "区域", "省市");
        synonyms("industry", "industry", "sector", "行业", "所属行业");
        synonyms("product", "product", "interest", "产品", "意向产品", "感兴趣产品");
        synonyms("channel", "source", "channel", "lead source", "来源", "渠道", "线索来源");
        synonyms("campaign", "campaign", "活动", "市场活动");
    }

    private static void synonyms(String field, String... headers) {
        for (String h : headers) {
            SYNONYMS.put(h, field);
        }
    }

    /**
     * @param header        the file's header row
     * @param mapping       header → field, from the request (may be empty)
     * @param maxAttributes how many unmapped columns may become attributes
     */
    public static ImportColumns of(List<String> header, Map<String, String> mapping, int maxAttributes) {
        Map<String, String> explicit = new HashMap<>();
        List<ProblemException.FieldError> errors = new ArrayList<>();
        Set<String> headers = new LinkedHashSet<>();
        header.forEach(h -> headers.add(h.trim()));
        mapping.forEach((h, field) -> {
            String f = field == null ? "" : field.trim();
            if (!FIELDS.contains(f) && !f.equals(IGNORE)
                    && !(f.startsWith(ATTRIBUTE_PREFIX) && f.length() > ATTRIBUTE_PREFIX.length())) {
                errors.add(new ProblemException.FieldError("mapping." + h, "unknown field " + field + "; use one of "
                        + FIELDS + ", attributes.<name> or ignore"));
            } else if (!headers.contains(h.trim())) {
                errors.add(new ProblemException.FieldError("mapping." + h, "the file has no column " + h));
            } else {
                explicit.put(h.trim(), f);
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        List<Column> columns = new ArrayList<>();
        Set<String> taken = new java.util.HashSet<>();
        int attributes = 0;
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i).trim();
            String field = explicit.getOrDefault(h, recognise(h));
            if (field != null && FIELDS.contains(field) && !taken.add(field)) {
                field = null; // a second "phone" column: keep the first, the second becomes an attribute
            }
            if (field == null && !h.isEmpty() && attributes < maxAttributes) {
                field = ATTRIBUTE_PREFIX + h;
                attributes++;
            }
            columns.add(new Column(i, h, IGNORE.equals(field) ? null : field));
        }
        ImportColumns result = new ImportColumns(List.copyOf(columns));
        if (result.indexOf("phone") < 0 && result.indexOf("email") < 0) {
            throw FileProblem.invalid("UNRECOGNISED_HEADER", "no column holds a phone or an e-mail; the header is "
                    + header + ". Name the columns (手机/phone, 邮箱/email, …) or send a mapping");
        }
        if (result.indexOf("name") < 0 && result.indexOf("company") < 0) {
            throw FileProblem.invalid("UNRECOGNISED_HEADER", "no column holds a name or a company; the header is "
                    + header + ". Name the columns (姓名/name, 公司/company, …) or send a mapping");
        }
        return result;
    }

    static String recognise(String header) {
        String h = ContactNormalizer.halfWidth(header).trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_*:：]+", " ")
                .trim();
        return SYNONYMS.get(h);
    }

    public int indexOf(String field) {
        for (Column c : columns) {
            if (field.equals(c.field())) {
                return c.index();
            }
        }
        return -1;
    }

    /** The header of the column feeding a field, or the field's own name when no column does. */
    public String headerOf(String field) {
        for (Column c : columns) {
            if (field.equals(c.field())) {
                return c.header();
            }
        }
        return field;
    }
}
