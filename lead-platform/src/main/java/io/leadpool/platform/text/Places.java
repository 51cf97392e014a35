package io.leadpool.platform.text;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * China's provinces, municipalities and large cities (and a few hubs abroad), in Chinese and in pinyin,
 * so that 上海, 上海市 and "Shanghai City" are one place wherever a place is read: a lead's region, or a
 * place name in a company's name.
 */
public final class Places {

    private static final Map<String, String> PINYIN = new LinkedHashMap<>();
    private static final List<String> CHINESE = List.of("内蒙古", "黑龙江", "石家庄", "哈尔滨", "乌鲁木齐", "上海", "北京", "天津",
            "重庆", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安", "厦门", "青岛", "大连", "宁波", "长沙", "郑州", "济南",
            "合肥", "福州", "沈阳", "长春", "昆明", "南宁", "贵阳", "太原", "南昌", "无锡", "佛山", "东莞", "珠海", "香港", "澳门", "台北",
            "广东", "江苏", "浙江", "山东", "河南", "河北", "湖北", "湖南", "四川", "福建", "安徽", "辽宁", "陕西", "江西", "云南", "广西",
            "山西", "贵州", "吉林", "新疆", "甘肃", "海南", "宁夏", "青海", "西藏");

    static {
        String[][] pairs = { { "shanghai", "上海" }, { "beijing", "北京" }, { "tianjin", "天津" }, { "chongqing", "重庆" },
                { "guangzhou", "广州" }, { "shenzhen", "深圳" }, { "hangzhou", "杭州" }, { "nanjing", "南京" },
                { "suzhou", "苏州" }, { "chengdu", "成都" }, { "wuhan", "武汉" }, { "xian", "西安" }, { "xi an", "西安" },
                { "xiamen", "厦门" }, { "qingdao", "青岛" }, { "dalian", "大连" }, { "ningbo", "宁波" }, { "changsha", "长沙" },
                { "zhengzhou", "郑州" }, { "jinan", "济南" }, { "hefei", "合肥" }, { "fuzhou", "福州" }, { "shenyang", "沈阳" },
                { "kunming", "昆明" }, { "dongguan", "东莞" }, { "foshan", "佛山" }, { "zhuhai", "珠海" }, { "wuxi", "无锡" },
                { "hong kong", "香港" }, { "hongkong", "香港" }, { "macau", "澳门" }, { "taipei", "台北" },
                { "guangdong", "广东" }, { "jiangsu", "江苏" }, { "zhejiang", "浙江" }, { "shandong", "山东" },
                { "sichuan", "四川" }, { "fujian", "福建" }, { "singapore", "singapore" } };
        for (String[] p : pairs) {
            PINYIN.put(p[0], p[1]);
        }
    }

    private Places() {
    }

    /** Every spelling of a place that may lead a company name, longest first within each script. */
    static List<String> spellings() {
        List<String> all = new java.util.ArrayList<>(CHINESE);
        all.addAll(PINYIN.keySet());
        return all;
    }

    /**
     * The one name of a place written in any of its ways (上海市, "Shanghai City", "shanghai" → 上海), or
     * the tidied text when it is no place we know.
     */
    public static Optional<String> canonical(String place) {
        if (place == null) {
            return Optional.empty();
        }
        String p = java.text.Normalizer.normalize(place, java.text.Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{Nd}]+", " ").trim();
        for (String suffix : new String[] { "特别行政区", "自治区", "省", "市", "区", " city", " province", " shi" }) {
            if (p.length() > suffix.length() && p.endsWith(suffix)) {
                p = p.substring(0, p.length() - suffix.length()).trim();
                break;
            }
        }
        String chinese = PINYIN.get(p);
        if (chinese != null) {
            return Optional.of(chinese);
        }
        p = p.replace(" ", "");
        return p.isEmpty() ? Optional.empty() : Optional.of(p);
    }

    /** Whether this text names a place we know. */
    static boolean isPlace(String text) {
        return canonical(text).map(c -> CHINESE.contains(c) || PINYIN.containsValue(c)).orElse(false);
    }
}
