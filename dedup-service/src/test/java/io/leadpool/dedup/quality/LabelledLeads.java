package io.leadpool.dedup.quality;

import io.leadpool.events.LeadDetails;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A labelled data set of incoming leads, reproducible from a seed: companies with Chinese or English
 * names and a first contact each; then the same people again, written differently (phone formats,
 * e-mail case, full-width forms: exact-normalisable duplicates), and other people of the same companies,
 * the company written differently (legal-suffix variants, full- and half-width, case and punctuation,
 * place prefixes and brackets, filler words, and typos in English names: fuzzy company duplicates).
 * Companies of one city and industry whose brands share characters are the hard negatives.
 *
 * <p>{@code main} writes the set as CSV (label, entity, variant, then the lead) for inspection.
 */
public final class LabelledLeads {

    public enum Label {
        /** A new person at a new company. */
        NEW,
        /** A person already seen, contact data written differently. */
        PERSON_DUPLICATE,
        /** Another person at a company already seen, its name written differently. */
        COMPANY_DUPLICATE
    }

    /** One incoming lead and the truth about it: which base company (entity) it belongs to, and how it varies. */
    public record Row(LeadDetails lead, Label label, int entity, String variant) {
    }

    private static final String[] CITIES = { "上海", "北京", "深圳", "广州", "杭州", "成都" };
    private static final String[] CITIES_EN = { "Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Chengdu" };
    private static final String BRAND_CHARS = "星辰河海云天华恒泰安瑞丰鼎盛嘉信达宏远通博源金鑫隆兴德明辉晨光合众新锐科创智联";
    private static final String[] INDUSTRIES = { "科技", "贸易", "物流", "食品", "软件", "医药", "建材", "传媒" };
    private static final String[] INDUSTRIES_EN = { "Trading", "Foods", "Logistics", "Software", "Textiles", "Medical",
            "Materials", "Media" };
    private static final String[] SUFFIXES = { "有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "" };
    private static final String[] SUFFIXES_EN = { "Co., Ltd.", "Inc.", "Limited", "LLC", "Corp.", "" };
    private static final String[] SYLLABLES = { "ka", "ro", "ven", "tal", "mir", "do", "lux", "sen", "bra", "qui", "nor",
            "pel", "zan", "tor", "vi", "ax", "mon", "cre", "sta", "lin" };
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英";
    private static final String[] FIRST_EN = { "Anna", "Ben", "Clara", "David", "Emma", "Felix", "Grace", "Henry", "Iris",
            "Jack", "Lily", "Mark", "Nora", "Oscar", "Paul", "Rose" };
    private static final String[] LAST_EN = { "Smith", "Brown", "Wilson", "Taylor", "Clarke", "Wright", "Hall", "Young" };

    /** A base company and its first contact. */
    private record Company(boolean chinese, int city, String brand, int industry, String phone, String email,
            String person) {
    }

    private LabelledLeads() {
    }

    /**
     * @param companies        how many base companies (each brings one NEW row)
     * @param personDuplicates how many exact-normalisable person duplicates
     * @param companyDuplicates how many fuzzy company duplicates
     */
    public static List<Row> generate(long seed, int companies, int personDuplicates, int companyDuplicates) {
        Random random = new Random(seed);
        List<Company> bases = new ArrayList<>();
        Set<String> brands = new HashSet<>();
        List<Row> rows = new ArrayList<>();
        int phones = 0;
        while (bases.size() < companies) {
            boolean chinese = random.nextDouble() < 0.6;
            int city = random.nextInt(CITIES.length);
            int industry = random.nextInt(INDUSTRIES.length);
            String brand = chinese ? "" + pick(random, BRAND_CHARS) + pick(random, BRAND_CHARS)
                    : cap(SYLLABLES[random.nextInt(SYLLABLES.length)] + SYLLABLES[random.nextInt(SYLLABLES.length)]
                            + SYLLABLES[random.nextInt(SYLLABLES.length)]);
            // One company per brand and industry, wherever it is: two firms of one name in two cities would
            // be one company to a reader who does not know where the lead is.
            if (!brands.add(industry + "/" + brand.toLowerCase(Locale.ROOT))) {
                continue;
            }
            String phone = "139%08d".formatted(++phones);
            String person = chinese ? "" + pick(random, SURNAMES) + pick(random, GIVEN) + (random.nextBoolean() ? pick(random, GIVEN) : "")
                    : FIRST_EN[random.nextInt(FIRST_EN.length)] + " " + LAST_EN[random.nextInt(LAST_EN.length)];
            Company c = new Company(chinese, city, brand, industry, phone, "contact" + phones + "@" + mailDomain(brand, phones),
                    person);
            bases.add(c);
            rows.add(new Row(lead(person, baseName(c, random), "+86 " + phone, c.email(), region(c, random)), Label.NEW,
                    bases.size() - 1, "base"));
        }
        List<Row> variants = new ArrayList<>();
        for (int i = 0; i < personDuplicates; i++) {
            int e = random.nextInt(bases.size());
            Company c = bases.get(e);
            String[] variant = personVariant(c, random);
            variants.add(new Row(lead(c.person(), baseName(c, random), variant[0], variant[1], region(c, random)),
                    Label.PERSON_DUPLICATE, e, variant[2]));
        }
        for (int i = 0; i < companyDuplicates; i++) {
            int e = random.nextInt(bases.size());
            Company c = bases.get(e);
            String[] name = companyVariant(c, random);
            String phone = "+86 137%08d".formatted(++phones);
            variants.add(new Row(lead(c.chinese() ? "新同事" + i : "Colleague " + i, name[0], phone,
                    random.nextBoolean() ? "colleague" + phones + "@example.org" : null, region(c, random)),
                    Label.COMPANY_DUPLICATE, e, name[1]));
        }
        Collections.shuffle(variants, random);
        rows.addAll(variants);
        return rows;
    }

    private static String baseName(Company c, Random random) {
        if (c.chinese()) {
            return CITIES[c.city()] + c.brand() + INDUSTRIES[c.industry()] + SUFFIXES[random.nextInt(2)];
        }
        return c.brand() + " " + INDUSTRIES_EN[c.industry()] + " " + SUFFIXES_EN[random.nextInt(2)];
    }

    /** [phone, email, variant]: the person's own contact data, written another way. */
    private static String[] personVariant(Company c, Random random) {
        String p = c.phone();
        return switch (random.nextInt(6)) {
            case 0 -> new String[] { "0086-" + p.substring(0, 3) + "-" + p.substring(3, 7) + "-" + p.substring(7), null,
                    "phone 0086 with dashes" };
            case 1 -> new String[] { p, null, "phone without country code" };
            case 2 -> new String[] { "(+86) " + p.substring(0, 3) + " " + p.substring(3, 7) + " " + p.substring(7), null,
                    "phone in brackets and spaces" };
            case 3 -> new String[] { fullWidth(p), null, "phone in full-width digits" };
            case 4 -> new String[] { null, " " + c.email().toUpperCase(Locale.ROOT) + " ", "e-mail upper case with spaces" };
            default -> new String[] { null, fullWidth(c.email()), "e-mail in full-width forms" };
        };
    }

    /** [company name, variant]: the company written another way. */
    private static String[] companyVariant(Company c, Random random) {
        if (c.chinese()) {
            String core = c.brand() + INDUSTRIES[c.industry()];
            return switch (random.nextInt(5)) {
                case 0 -> new String[] { CITIES[c.city()] + core + SUFFIXES[2 + random.nextInt(3)], "legal suffix" };
                case 1 -> new String[] { core + "（" + CITIES[c.city()] + "）有限公司", "place in brackets" };
                case 2 -> new String[] { CITIES[c.city()] + "市" + core, "place with 市, no suffix" };
                case 3 -> new String[] { fullWidth(CITIES[c.city()] + core + " Co., Ltd."), "full-width forms" };
                default -> new String[] { CITIES[c.city()] + core + "发展有限公司", "filler word 发展" };
            };
        }
        String industry = INDUSTRIES_EN[c.industry()];
        return switch (random.nextInt(5)) {
            case 0 -> new String[] { c.brand().toUpperCase(Locale.ROOT) + " " + industry.toUpperCase(Locale.ROOT) + " "
                    + SUFFIXES_EN[2 + random.nextInt(4)], "case and legal suffix" };
            case 1 -> new String[] { c.brand() + "-" + industry + ", " + SUFFIXES_EN[random.nextInt(3)], "punctuation" };
            case 2 -> new String[] { c.brand() + " " + industry + " (" + CITIES_EN[c.city()] + ") Co., Ltd.", "place in brackets" };
            case 3 -> new String[] { fullWidth(c.brand() + " " + industry) + " Ltd.", "full-width forms" };
            default -> new String[] { typo(c.brand(), random) + " " + industry + " " + SUFFIXES_EN[random.nextInt(2)],
                    "typo in the name" };
        };
    }

    /** One edit: a letter dropped, doubled, swapped with the next, or replaced. */
    static String typo(String word, Random random) {
        int i = 1 + random.nextInt(word.length() - 2);
        return switch (random.nextInt(4)) {
            case 0 -> word.substring(0, i) + word.substring(i + 1);
            case 1 -> word.substring(0, i) + word.charAt(i) + word.substring(i);
            case 2 -> word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2);
            default -> word.substring(0, i) + (char) ('a' + random.nextInt(26)) + word.substring(i + 1);
        };
    }

    private static String region(Company c, Random random) {
        double r = random.nextDouble();
        return r < 0.15 ? null : r < 0.3 ? CITIES[c.city()] + "市" : c.chinese() || r < 0.6 ? CITIES[c.city()] : CITIES_EN[c.city()];
    }

    private static LeadDetails lead(String name, String company, String phone, String email, String region) {
        return new LeadDetails(name, company, phone, email, region, null, null, new LeadDetails.LeadSource("quality", null),
                null);
    }

    private static String mailDomain(String brand, int n) {
        String ascii = brand.chars().allMatch(ch -> ch < 128) ? brand.toLowerCase(Locale.ROOT) : "co" + n;
        return ascii + ".example.cn";
    }

    static String fullWidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(ch == ' ' ? '\u3000' : ch > 0x20 && ch < 0x7F ? (char) (ch + 0xFEE0) : ch);
        }
        return b.toString();
    }

    private static char pick(Random random, String chars) {
        return chars.charAt(random.nextInt(chars.length()));
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Writes a labelled set as CSV: {@code java ... LabelledLeads out.csv [seed] [companies]}. */
    public static void main(String[] args) throws IOException {
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        int companies = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        try (Writer w = Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8)) {
            w.write("label,entity,variant,name,company,phone,email,region\n");
            for (Row r : generate(seed, companies, companies / 3, companies / 3)) {
                w.write(String.join(",", r.label().name(), String.valueOf(r.entity()), csv(r.variant()), csv(r.lead().name()),
                        csv(r.lead().company()), csv(r.lead().phone()), csv(r.lead().email()), csv(r.lead().region())) + "\n");
            }
        }
    }

    private static String csv(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
