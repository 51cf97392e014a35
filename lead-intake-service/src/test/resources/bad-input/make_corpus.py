#!/usr/bin/env python3
"""Writes the bad-input corpus of the import tests (run from this folder; the files are committed).

Every file here must be refused with a 400/413/415 problem+json and a stable code; ImportBadInputTest
lists which code each one gets. Big hostile inputs (a 10,000-column row, a 10 MB cell) are made by the
test itself, so that the repository stays small.
"""
import io
import zipfile

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""
SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>手机</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>%s</t></is></c><c r="B2"><v>13800138000</v></c></row>
</sheetData></worksheet>"""


def workbook(path, sheet, extra=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, data in (extra or {}).items():
            z.writestr(name, data)


# XXE: an external entity that would read a local file.
workbook("xxe.xlsx", SHEET.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                                   '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
         % "&xxe;")
# Billion laughs: nested entities that expand exponentially.
laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    '<!ENTITY lol%d "%s">' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10) for i in range(1, 10)) + "]>"
workbook("billion-laughs.xlsx", SHEET.replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
                                              '<?xml version="1.0"?>\n' + laughs) % "&lol9;")
# Zip bomb: a sheet that inflates to 200 MB from a few hundred KB.
with zipfile.ZipFile("zip-bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    z.writestr("xl/workbook.xml", WORKBOOK)
    z.writestr("xl/_rels/workbook.xml.rels", RELS)
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
        w.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
        block = b" " * (1 << 20)
        for _ in range(200):
            w.write(block)
        w.write(b"</sheetData></worksheet>")
# A zip that is not a workbook, and a workbook named as CSV.
with zipfile.ZipFile("not-a-workbook.xlsx", "w") as z:
    z.writestr("readme.txt", "hello")
workbook("workbook-named.csv", SHEET % "李雷")
# Text named .xlsx; a legacy .xls (OLE2 header); a PDF named .csv; a program.
open("text-named.xlsx", "w").write("姓名,手机\n李雷,13800138000\n")
open("legacy.xls", "wb").write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
open("pdf-named.csv", "wb").write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x00\x00")
open("program.exe", "wb").write(b"MZ\x90\x00\x03\x00\x00\x00")
# Malformed CSV: a quote never closed; text after a closing quote.
open("unclosed-quote.csv", "w", encoding="utf-8").write('姓名,手机\n"李雷,13800138000\n韩梅梅,13900139000\n')
open("after-quote.csv", "w", encoding="utf-8").write('name,phone\n"Li"x,13800138000\n')
# GBK bytes declared as UTF-8 (the test sends charset=UTF-8).
open("gbk-declared-utf8.csv", "wb").write("姓名,手机\n李雷,13800138000\n".encode("gbk"))
# UTF-16, which Excel can write but we do not read.
open("utf16.csv", "wb").write("姓名,手机\n李雷,13800138000\n".encode("utf-16"))
# A header with nothing we can use, and a header without rows, and nothing at all.
open("no-contact-columns.csv", "w").write("colour,size\nred,XL\n")
open("header-only.csv", "w").write("name,phone\n")
open("empty.csv", "w").write("")
