package io.leadpool.platform.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompanyKeyTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Acme Co., Ltd.|acme",
            "ACME|acme",
            "acme inc|acme",
            "Acme, Inc.|acme",
            "ＡＣＭＥ　Ｌｔｄ．|acme",
            "Acme Holdings Group Limited|acme",
            "Müller GmbH|müller",
            "上海某某科技有限公司|某某科技",
            "上海某某科技|某某科技",
            "上海市某某科技股份有限公司|某某科技",
            "某某科技（上海）有限公司|某某科技",
            "某某科技(上海市)有限公司|某某科技",
            "Shanghai Acme Trading Co., Ltd.|acmetrading",
            "Shanghaiwang Foods|shanghaiwangfoods",
            "上海银行|上海银行",
            "Acme (Asia Pacific) Ltd|acmeasiapacific",
            "华为技术有限责任公司|华为技术",
            "阿里巴巴集团|阿里巴巴",
            "Globe Foods (Beijing) Co. Ltd|globefoods",
            "Coca-Cola Company|cocacola",
            "Incom|incom",
            "Cola|cola" })
    void spellings_of_one_company_share_a_key(String name, String key) {
        assertThat(CompanyKey.of(name)).contains(key);
    }

    @ParameterizedTest
    @CsvSource({ "'Co., Ltd.'", "'  '", "有限公司", "'-'" })
    void a_name_that_is_only_a_legal_form_has_no_key(String name) {
        assertThat(CompanyKey.of(name)).isEmpty();
    }
}
