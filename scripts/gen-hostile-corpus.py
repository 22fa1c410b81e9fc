#!/usr/bin/env python3
"""Writes the committed corpus of hostile civil-dossier inputs (src/test/resources/hostile/).
Every file must end as an HTTP 4xx or an entry in civil.dossier.invalid with a reason (HostileInputTest)."""
import base64, json, os, shutil

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "hostile")
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
n = 0

def write(name, content):
    global n
    n += 1
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    with open(os.path.join(OUT, f"{n:03d}-{name}"), "wb") as f:
        f.write(data)

def base(code):
    return {"maHoSo": code, "maTTHC": "1.001193", "maDonVi": "00004", "module": "KS",
            "ngayTiepNhan": "13/07/2026 08:30:00",
            "data": {"nksHoTen": "Nguyen Van A", "nksGioiTinh": "1", "nksNgaySinh": "05.07.2026",
                     "nksNoiSinh": "Phuong Ba Dinh, Ha Noi", "meHoTen": "Tran Thi B", "nycHoTen": "Tran Thi B"},
            "fileDinhKem": []}

def code(i):
    return f"HX.{i:04d}-260713-0001"

# 1. XML external entities, DTDs, entity expansion in DVCLT's XML data
xxe = [
    '<?xml version="1.0"?><!DOCTYPE hoTich [<!ENTITY x SYSTEM "file:///etc/passwd">]><hoTich><nksHoTen>&x;</nksHoTen></hoTich>',
    '<!DOCTYPE hoTich [<!ENTITY x SYSTEM "http://127.0.0.1:1/evil">]><hoTich><nksHoTen>&x;</nksHoTen></hoTich>',
    '<!DOCTYPE hoTich [<!ENTITY % p SYSTEM "file:///etc/hostname"> %p;]><hoTich/>',
    '<!DOCTYPE hoTich SYSTEM "http://127.0.0.1:1/x.dtd"><hoTich/>',
    '<?xml version="1.0"?><!DOCTYPE hoTich [<!ENTITY x SYSTEM "jar:file:///tmp/x.zip!/a">]><hoTich>&x;</hoTich>',
    '<hoTich xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></hoTich>',
    '<?xml version="1.0"?><!DOCTYPE hoTich [<!ENTITY x SYSTEM "netdoc:///etc/passwd">]><hoTich>&x;</hoTich>',
    '<!DOCTYPE hoTich [<!ELEMENT hoTich ANY><!ENTITY x "y">]><hoTich>&x;</hoTich>',
    '<?xml version="1.0" encoding="UTF-7"?><hoTich>+ADw-script+AD4-</hoTich>',
    '<?xml-stylesheet type="text/xsl" href="file:///etc/passwd"?><hoTich/>',
]
laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + ']><hoTich><nksHoTen>&lol9;</nksHoTen></hoTich>'
quadratic = '<!DOCTYPE hoTich [<!ENTITY a "' + "x" * 50000 + '">]><hoTich>' + "&a;" * 2000 + '</hoTich>'
for i, x in enumerate(xxe + [laughs, quadratic]):
    d = base(code(100 + i)); d["data"] = x
    write(f"xml-entity-{i}.json", json.dumps(d))
# malformed / hostile XML without DTD
bad_xml = ["<hoTich>", "<hoTich><a></b></hoTich>", "<notHoTich/>", "<hoTich>" + "<a>" * 5000 + "</a>" * 5000 + "</hoTich>",
           "<hoTich attr='" + "x" * 100000 + "'/>", "\u0000<hoTich/>", "<hoTich>\x01\x02</hoTich>", "<?xml version='1.0'?>", "<![CDATA[x]]>",
           "<hoTich><nksHoTen>" + "A" * 1_500_000 + "</nksHoTen></hoTich>"]
for i, x in enumerate(bad_xml):
    d = base(code(120 + i)); d["data"] = x
    write(f"xml-malformed-{i}.json", json.dumps(d))

# 2. JSON structure attacks
for depth in (50, 100, 1000, 5000, 20000):
    write(f"json-deep-array-{depth}.json", "[" * depth + "]" * depth)
    write(f"json-deep-object-{depth}.json", '{"a":' * depth + "1" + "}" * depth)
    d = base(code(140 + depth % 97)); d["data"] = {"x": json.loads("[" * min(depth, 900) + "]" * min(depth, 900))}
    write(f"json-deep-in-data-{depth}.json", json.dumps(d))
write("json-huge-string.json", json.dumps(dict(base(code(150)), maHoSo="A" * 2_200_000)))
write("json-huge-number.json", '{"maHoSo": 1' + "0" * 2000 + "}")
write("json-many-keys.json", "{" + ",".join(f'"k{i}":{i}' for i in range(100000)) + "}")
write("json-duplicate-keys.json", '{"maHoSo":"A-1","maHoSo":"B-2","module":"KS"}')
write("json-trailing.json", json.dumps(base(code(151))) + "garbage")
write("json-two-docs.json", json.dumps(base(code(152))) + json.dumps(base(code(153))))
write("json-empty.json", "")
write("json-whitespace.json", "   \n\t ")
write("json-null.json", "null")
write("json-array.json", "[]")
write("json-string.json", '"just a string"')
write("json-number.json", "42")
write("json-true.json", "true")
write("json-comment.json", '/* c */ {"maHoSo": "A"}')
write("json-single-quotes.json", "{'maHoSo': 'A'}")
write("json-nan.json", '{"maHoSo": NaN}')
write("json-bom.json", "\ufeff" + json.dumps(base(code(154)))[:-1])
write("json-truncated.json", json.dumps(base(code(155)))[:-10])

# 3. invalid UTF-8 and odd encodings
invalid_utf8 = [b"\xff\xfe", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xe2\x82\x28", b"\xf0\x28\x8c\xbc",
                b"\xf0\x90\x28\xbc", b"\xf8\xa1\xa1\xa1\xa1", b"\xed\xa0\x80", b"\xc0\xaf"]
for i, bad in enumerate(invalid_utf8):
    d = json.dumps(base(code(160 + i))).encode("utf-8")
    write(f"utf8-invalid-{i}.json", d.replace(b"Nguyen Van A", b"Nguyen " + bad + b" A"))
write("utf16.json", json.dumps(base(code(171))).encode("utf-16"))

# 4. wrong types in every envelope field and in data
wrong = [123, 1.5, True, None, [], {}, ["a"], {"a": "b"}]
for field in ["maHoSo", "maTTHC", "maDonVi", "module", "ngayTiepNhan", "data", "fileDinhKem"]:
    for i, v in enumerate(wrong):
        if field == "data" and isinstance(v, dict):
            continue
        if field == "fileDinhKem" and (v is None or (isinstance(v, list) and not v)):
            continue
        d = base(code(200 + len(field) * 10 + i)); d[field] = v
        write(f"type-{field}-{i}.json", json.dumps(d))
for i, v in enumerate([123, True, ["x"], {"a": 1}]):
    d = base(code(300 + i)); d["data"]["nksHoTen"] = v
    write(f"type-data-nksHoTen-{i}.json", json.dumps(d))
for i, v in enumerate(["x", 1, [1], [{"duLieuTepDinhKem": 5}], [{"tenTepDinhKem": "a.pdf", "duLieuTepDinhKem": "!!!notbase64"}]]):
    d = base(code(310 + i)); d["fileDinhKem"] = v
    write(f"type-attachment-{i}.json", json.dumps(d))

# 5. missing required fields
for field in ["maHoSo", "maTTHC", "maDonVi", "module", "ngayTiepNhan", "data"]:
    d = base(code(320)); del d[field]
    write(f"missing-{field}.json", json.dumps(d))
for field in ["nksHoTen", "nksNgaySinh", "nksNoiSinh", "nycHoTen"]:
    d = base(code(330)); del d["data"][field]
    write(f"missing-data-{field}.json", json.dumps(d))

# 6. injection strings in every field
injections = ["' OR '1'='1", "'; DROP TABLE dossier; --", "<script>alert(1)</script>", "../../../../etc/passwd",
              "${jndi:ldap://127.0.0.1:1/a}", "#{T(java.lang.Runtime).getRuntime().exec('id')}", "%s%s%s%n%n",
              "A\r\nX-Injected: 1", "\u202egnp.exe", "A\u0000B", "{{7*7}}", "${header.CamelHttpUri}",
              "$(id)", "`id`", "\\u0000"]
for field in ["maHoSo", "maTTHC", "maDonVi", "module", "ngayTiepNhan"]:
    for i, inj in enumerate(injections):
        d = base(code(400 + i)); d[field] = inj
        write(f"inject-{field}-{i}.json", json.dumps(d))
for field in ["nksGioiTinh", "nksNgaySinh", "meSoGiayToTuyThan", "nycSoDienThoai", "nksNoiSinh"]:
    for i, inj in enumerate(injections[:8]):
        d = base(code(500 + i)); d["data"][field] = inj
        write(f"inject-data-{field}-{i}.json", json.dumps(d))
for i, inj in enumerate(injections[:5]):
    d = base(code(600 + i)); d["fileDinhKem"] = [{"id": "1", "tenTepDinhKem": "../" + inj, "duLieuTepDinhKem": base64.b64encode(b"%PDF-1.4").decode()}]
    write(f"inject-filename-{i}.json", json.dumps(d))

# 7. oversize attachments and counts
d = base(code(700)); d["fileDinhKem"] = [{"id": "1", "tenTepDinhKem": "big.pdf", "duLieuTepDinhKem": "A" * (1_500_000)}]
write("oversize-attachment.json", json.dumps(d))
d = base(code(701)); d["fileDinhKem"] = [{"id": str(i), "tenTepDinhKem": f"f{i}.pdf", "duLieuTepDinhKem": "JVBERg=="} for i in range(500)]
write("too-many-attachments.json", json.dumps(d))

# 8. bad codes and dates
for i, (k, v) in enumerate([("maDonVi", "99999"), ("maDonVi", "00019"), ("maDonVi", "1"), ("module", "ks"), ("module", "XYZ"),
                             ("ngayTiepNhan", "31/02/2026 08:00:00"), ("ngayTiepNhan", "13/07/2099 08:00:00"),
                             ("ngayTiepNhan", "yesterday"), ("maHoSo", " "), ("maHoSo", "A" * 60)]):
    d = base(code(800 + i)); d[k] = v
    write(f"bad-value-{k}-{i}.json", json.dumps(d))
# 9. found by the fuzzer: numbers that overflow while the JSON tree is built
write("json-huge-exponent.json", "  " + "8" * 80 + "e888" + "8" * 15)
write("json-huge-exponent-in-field.json", '{"maHoSo": "HX.0900-260713-0001", "soLuongBanSao": ' + "8" * 80 + "e88888888}")
print(f"wrote {n} hostile inputs to {os.path.normpath(OUT)}")
