package io.leadpool.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.text.ContactNormalizer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files without the service: formats, charsets, CSV quoting, headers, row mapping, limits. */
class ImportReadingTest {

    private static final Charset GBK = Charset.forName("GBK");

    @TempDir
    Path dir;

    private final ImportLimits limits = limits(200, 32767);

    @Test
    void gbk_is_detected_and_read_with_its_chinese_header() throws IOException {
        Path file = write("leads.csv", TestFiles.csv(GBK, "姓名,公司名称,手机,邮箱,城市,备注", "李雷,上海某某科技有限公司,138 0013 8000,,上海,展会"));
        ImportFormat format = ImportFormat.detect(file, "leads.csv", null);
        assertThat(format.kind()).isEqualTo(ImportFormat.Kind.CSV);
        assertThat(format.charset().name()).isEqualTo("GB18030");
        List<List<String>> rows = readAll(format, file);
        ImportColumns columns = ImportColumns.of(rows.get(0), Map.of(), 50);
        assertThat(columns.indexOf("name")).isEqualTo(0);
        assertThat(columns.indexOf("company")).isEqualTo(1);
        assertThat(columns.indexOf("phone")).isEqualTo(2);
        assertThat(columns.indexOf("email")).isEqualTo(3);
        assertThat(columns.indexOf("region")).isEqualTo(4);
        assertThat(columns.indexOf("attributes.备注")).isEqualTo(5);
        assertThat(rows.get(1)).containsExactly("李雷", "上海某某科技有限公司", "138 0013 8000", "", "上海", "展会");
    }

    @Test
    void utf8_with_and_without_bom_and_a_declared_charset() throws IOException {
        Path bom = write("bom.csv", TestFiles.utf8BomCsv("Name,Mobile", "Li Lei,13800138000"));
        ImportFormat f = ImportFormat.detect(bom, "bom.csv", null);
        assertThat(f.bom()).isTrue();
        assertThat(readAll(f, bom).get(0)).containsExactly("Name", "Mobile");
        Path plain = write("plain.csv", TestFiles.csv(StandardCharsets.UTF_8, "姓名,手机", "韩梅梅,13900139000"));
        assertThat(ImportFormat.detect(plain, "plain.csv", null).charset()).isEqualTo(StandardCharsets.UTF_8);
        Path gbk = write("gbk.csv", TestFiles.csv(GBK, "姓名,手机", "韩梅梅,13900139000"));
        ImportFormat declared = ImportFormat.detect(gbk, "gbk.csv", "gbk");
        assertThat(readAll(declared, gbk).get(1).get(0)).isEqualTo("韩梅梅");
        assertThatThrownBy(() -> readAll(ImportFormat.detect(gbk, "gbk.csv", "UTF-8"), gbk))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("CHARSET_MISMATCH"));
        assertThatThrownBy(() -> ImportFormat.detect(gbk, "gbk.csv", "latin-1"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("UNSUPPORTED_CHARSET"));
    }

    @Test
    void quoted_cells_hold_commas_quotes_and_line_breaks() throws IOException {
        CsvRowReader reader = new CsvRowReader(new StringReader("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n"
                + "last,row,\n"), ',', 10, 100, "UTF-8");
        assertThat(reader.next()).containsExactly("a", "b", "c");
        assertThat(reader.next()).containsExactly("x, y", "say \"hi\"", "two\nlines");
        assertThat(reader.position()).isEqualTo(2);
        assertThat(reader.next()).containsExactly("last", "row", "");
        assertThat(reader.position()).isEqualTo(5);
        assertThat(reader.next()).isNull();
    }

    @Test
    void semicolons_and_tabs_are_recognised_as_separators() throws IOException {
        Path file = write("semi.csv", TestFiles.csv(StandardCharsets.UTF_8, "name;phone;city", "Li;13800138000;Shanghai"));
        assertThat(ImportFormat.detect(file, "semi.csv", null).delimiter()).isEqualTo(';');
        Path tab = write("tab.txt", TestFiles.csv(StandardCharsets.UTF_8, "name\tphone", "Li\t13800138000"));
        assertThat(readAll(ImportFormat.detect(tab, "tab.txt", null), tab).get(1)).containsExactly("Li", "13800138000");
    }

    @Test
    void a_wide_row_and_a_huge_cell_fail_at_once_without_being_held() {
        StringBuilder wide = new StringBuilder("name,phone\n");
        wide.append("x,".repeat(10_000)).append("\n");
        CsvRowReader reader = new CsvRowReader(new StringReader(wide.toString()), ',', 200, 32767, "UTF-8");
        assertThatThrownBy(() -> {
            while (reader.next() != null) {
                // read on
            }
        }).isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("TOO_MANY_COLUMNS"));
        CsvRowReader cell = new CsvRowReader(new StringReader("name\n\"" + "x".repeat(40_000) + "\"\n"), ',', 200, 32767,
                "UTF-8");
        assertThatThrownBy(() -> {
            while (cell.next() != null) {
                // read on
            }
        }).isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("CELL_TOO_LARGE"));
    }

    @Test
    void an_xlsx_reads_shared_strings_rich_text_and_numbers_typed_as_phone_numbers() throws IOException {
        Path file = write("leads.xlsx", TestFiles.xlsx(TestFiles.rows("联系人,公司,电话,Email", "李雷,某某科技,13800138000,",
                ",Acme Co. Ltd.,,sales@acme.example")));
        ImportFormat format = ImportFormat.detect(file, "leads.xlsx", null);
        assertThat(format.kind()).isEqualTo(ImportFormat.Kind.XLSX);
        List<List<String>> rows = readAll(format, file);
        assertThat(rows.get(0)).containsExactly("联系人", "公司", "电话", "Email");
        assertThat(rows.get(1)).containsExactly("李雷", "某某科技", "13800138000");
        assertThat(rows.get(2)).containsExactly("", "Acme Co. Ltd.", "", "sales@acme.example");
    }

    @Test
    void rows_are_rejected_naming_the_column_and_good_rows_become_leads() {
        ImportColumns columns = ImportColumns.of(List.of("姓名", "公司", "手机", "邮箱", "来源", "活动"), Map.of(), 50);
        ImportRowMapper mapper = new ImportRowMapper(columns, new ContactNormalizer("CN"), 500);
        ImportRowMapper.Mapped good = mapper.map(List.of("李雷", "", "138-0013-8000", "", "", "春季展"));
        assertThat(good.lead().phone()).isEqualTo("138-0013-8000");
        assertThat(good.lead().source().channel()).isEqualTo("import");
        assertThat(good.lead().source().campaign()).isEqualTo("春季展");
        ImportRowMapper.Mapped badPhone = mapper.map(List.of("李雷", "", "12345", "", "", ""));
        assertThat(badPhone.rejections()).extracting(ImportRowMapper.Rejection::column).containsExactly("手机");
        assertThat(badPhone.rejections().get(0).value()).isEqualTo("12345");
        ImportRowMapper.Mapped nobody = mapper.map(List.of("", "", "13800138000", "", "", ""));
        assertThat(nobody.rejections()).extracting(ImportRowMapper.Rejection::column).containsExactly("姓名");
        ImportRowMapper.Mapped emailOnly = mapper.map(List.of("", "Acme", "oops", "Sales@Acme.example", "", ""));
        assertThat(emailOnly.lead()).isNotNull();
        assertThat(emailOnly.lead().phone()).isNull();
    }

    @Test
    void an_explicit_mapping_wins_and_bad_mappings_name_the_entry() {
        ImportColumns columns = ImportColumns.of(List.of("客户", "号码", "note"),
                Map.of("客户", "company", "号码", "phone", "note", "ignore"), 50);
        assertThat(columns.indexOf("company")).isZero();
        assertThat(columns.indexOf("phone")).isEqualTo(1);
        assertThat(columns.columns().get(2).field()).isNull();
        assertThatThrownBy(() -> ImportColumns.of(List.of("a", "b"), Map.of("a", "salary", "zz", "phone"), 50))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.fieldErrors())
                        .extracting(ProblemException.FieldError::field)
                        .containsExactlyInAnyOrder("mapping.a", "mapping.zz"));
        assertThatThrownBy(() -> ImportColumns.of(List.of("colour", "size"), Map.of(), 50))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("UNRECOGNISED_HEADER"));
    }

    @Test
    void formula_cells_are_neutralised_in_reports() {
        assertThat(CsvCells.safe("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(CsvCells.safe("+86 138")).isEqualTo("'+86 138");
        assertThat(CsvCells.safe("-1")).isEqualTo("'-1");
        assertThat(CsvCells.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvCells.safe("\tx")).isEqualTo("'\tx");
        assertThat(CsvCells.safe("\rx")).isEqualTo("\"'\rx\"");
        assertThat(CsvCells.safe("李雷")).isEqualTo("李雷");
    }

    private List<List<String>> readAll(ImportFormat format, Path file) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (RowReader reader = format.open(file, limits)) {
            for (List<String> row; (row = reader.next()) != null;) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static ImportLimits limits(int maxColumns, int maxCellChars) {
        return new ImportLimits() {
            public long maxBytes() {
                return 104857600;
            }

            public long maxRows() {
                return 1048576;
            }

            public int maxColumns() {
                return maxColumns;
            }

            public int maxCellChars() {
                return maxCellChars;
            }

            public int batchRows() {
                return 1000;
            }

            public int xlsxMaxParts() {
                return 1000;
            }

            public long xlsxMaxPartBytes() {
                return 1L << 30;
            }

            public long xlsxMaxRatio() {
                return 200;
            }

            public long xlsxMaxSharedStringChars() {
                return 1L << 25;
            }

            public int storeChunkBytes() {
                return 1 << 20;
            }

            public java.time.Duration lease() {
                return java.time.Duration.ofSeconds(30);
            }
        };
    }
}
