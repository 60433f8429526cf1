#!/usr/bin/env python3
"""Writes the generated seed inputs of core's fuzz targets (docs/fuzzing.md).

The seeds copied from core's own test corpora are copied here too, byte for byte, so that this script is the whole
provenance of every seed: run it from anywhere, then commit what changed. Only the standard library is used.
"""
import base64
import io
import json
import pathlib
import shutil
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "core/src/test/resources"
CORPORA = RESOURCES / "corpora"


def inputs(package, test_class, method):
    directory = RESOURCES / package.replace(".", "/") / (test_class + "Inputs") / method
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


PLAIN = crlf("""From: Alice <alice@example.com>
To: bob@example.net
Subject: =?UTF-8?Q?caf=C3=A9?= hours
Date: Wed,  4 Sep 2002 16:51:20 +0200 (CEST)
Message-ID: <abc@example.com>
Received: from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.net with ESMTPS; Wed, 4 Sep 2002 16:51:21 +0200

Hello Bob, see https://www.example.com/path?q=1 and www.example.org.
""")


def nested_multipart(depth):
    lines = ["From: a@example.com", "To: b@example.com", "Subject: nested %d" % depth, "MIME-Version: 1.0"]
    lines.append('Content-Type: multipart/mixed; boundary="b0"')
    lines.append("")
    for level in range(1, depth + 1):
        lines.append("--b%d" % (level - 1))
        lines.append('Content-Type: multipart/mixed; boundary="b%d"' % level)
        lines.append("")
    lines.append("--b%d" % depth)
    lines.append("Content-Type: text/plain")
    lines.append("")
    lines.append("the innermost part")
    for level in range(depth, -1, -1):
        lines.append("--b%d--" % level)
    return crlf("\n".join(lines) + "\n")


def nested_messages(depth):
    body = "From: inner@example.com\nSubject: innermost\n\nhttp://deep.example.com/x\n"
    for level in range(depth):
        body = "From: level%d@example.com\nSubject: fwd %d\nContent-Type: message/rfc822\n\n%s" % (level, level, body)
    return crlf(body)


LONG_HEADER = crlf("From: a@example.com\nSubject: " + "A" * 20000 + "\nX-Folded: " + "\n ".join(["word"] * 1000)
                   + "\n\nbody\n")

MISSING_BOUNDARY = crlf("""From: a@example.com
Subject: no boundary
Content-Type: multipart/mixed

--nowhere
Content-Type: text/plain

text
--nowhere--
""")

BOUNDARY_NEVER_FOUND = crlf("""From: a@example.com
Subject: boundary never found
Content-Type: multipart/alternative; boundary="declared"

--other
Content-Type: text/html

<p>hi <a href="http://evil.example/">click</a></p>
""")

BAD_CHARSETS = crlf("""From: =?x-unknown?B?w6k=?= <a@example.com>
Subject: =?utf-8?Q?bad=FF=FE?= =?utf-7?B?K1pnQi0=?= =?utf-8*en?q?lang?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="cs"

--cs
Content-Type: text/plain; charset="x-no-such-charset-\u00e9"

caf\u00e9
--cs
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

invalid =FF=FE=C3 utf-8 and a soft break=
here
--cs
Content-Type: text/html; charset=utf-16
Content-Transfer-Encoding: base64

PABwAD4AaABpADwALwBwAD4A
--cs
Content-Type: text/plain; charset=
Content-Transfer-Encoding: base64

not base64 at all !!!
--cs--
""")

HUGE_PARAMETERS = crlf("From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
                       + "; ".join("p%d=v%d" % (i, i) for i in range(1000))
                       + '; boundary="x"\n\n--x\nContent-Type: application/octet-stream; '
                       + "; ".join("name*%d*=UTF-8''part%d" % (i, i) for i in range(200))
                       + '\nContent-Disposition: attachment; filename*0="a"; filename*1="b.exe"\n\nMZ\n--x--\n')

MANY_HOPS = crlf("".join("Received: from h%d.example.com (h%d.example.com [192.0.2.%d]) by mx; Wed, 4 Sep 2002 16:51:%02d +0200\n"
                         % (i, i, i % 250, i % 60) for i in range(60))
                 + "From: a@example.com\n\nbody\n")

HTML = crlf("""From: "PayPal" <service@paypa1.example>
Reply-To: other@example.net
Subject: Verify your account
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><head><base href="http://base.example/dir/">
<meta http-equiv="refresh" content="0; url=http://refresh.example/">
<style>.x{font-size:0px}</style></head>
<body><a href="https://evil.example/login">https://www.paypal.com/</a>
<a href="relative/path">rel</a><area href="//proto.example/x" alt="a">
<img src="cid:logo"><iframe src="javascript:alert(1)"></iframe>
<form action="data:text/html;base64,PGI+"><input formaction="ftp://files.example/"></form>
<span style="display:none">hidden text</span><font size="1" style="color:#fff;background:#fff">white</font>
v<!-- x -->iagra hxxps://defanged[.]example/path evil(.)example{.}com/p http://[2001:db8::1]:8080/
http://user:pass@xn--pypal-4ve.example/ http://192.0.2.1/ http://0x7f.1/</body></html>
""")

MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def zip_of(name, content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


ZIP_ATTACHMENT = crlf("""From: a@example.com
Subject: archive
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="z"

--z
Content-Type: text/plain

see attached
--z
Content-Type: application/zip; name="invoice.zip"
Content-Disposition: attachment; filename="invoice.zip"
Content-Transfer-Encoding: base64

%s
--z
Content-Type: application/pdf; name="doc.pdf"
Content-Disposition: attachment; filename="doc.pdf"

%s
--z--
""" % (base64.encodebytes(zip_of("invoice.txt", b"amount due: 100 EUR")).decode("ascii"), MINIMAL_PDF.decode("ascii")))


def write(directory, name, content):
    (directory / name).write_bytes(content)


def copy(directory, name, source):
    shutil.copyfile(CORPORA / source, directory / name)


def messages(directory, html=False):
    write(directory, "plain.eml", PLAIN)
    write(directory, "nested-multipart-200.eml", nested_multipart(200))
    write(directory, "nested-message-40.eml", nested_messages(40))
    write(directory, "long-header-lines.eml", LONG_HEADER)
    write(directory, "missing-boundary.eml", MISSING_BOUNDARY)
    write(directory, "boundary-never-found.eml", BOUNDARY_NEVER_FOUND)
    write(directory, "bad-charsets.eml", BAD_CHARSETS)
    write(directory, "huge-parameter-lists.eml", HUGE_PARAMETERS)
    write(directory, "html-links.eml", HTML)
    copy(directory, "spamassassin-nice-mime1.eml", "spamassassin-tdata/nice/mime1")
    if not html:
        write(directory, "many-received.eml", MANY_HOPS)
        write(directory, "zip-and-pdf-attachments.eml", ZIP_ATTACHMENT)


messages(inputs("org.gatehouse.message", "ParsedMessageFuzzTest", "parseShouldNeverThrowWhenTheMessageIsHostile"))
messages(inputs("org.gatehouse.phishing", "MessageUrlsFuzzTest", "extractShouldNeverThrowWhenTheMessageIsHostile"), html=True)

content_messages = inputs("org.gatehouse.content", "ContentInspectorFuzzTest", "inspectMessageShouldNeverThrowWhenTheMessageIsHostile")
messages(content_messages)
copy(content_messages, "tika-rfc822-normal-zip.eml", "tika-test-documents/archives/testRFC822_normal_zip")

files = inputs("org.gatehouse.content", "ContentInspectorFuzzTest", "inspectFileShouldNeverThrowWhenTheAttachmentIsHostile")
for name in ["test-zip-of-zip.zip", "test-nested-tarball.tar", "quine.gz", "testZ_oom.Z", "testLZMA_oom", "test-bz2.txt.bz2",
             "multiple.gz", "testZSTD.zst"]:
    copy(files, "tika-" + name, "tika-test-documents/archives/" + name)
for name in ["testZipEncrypted.zip", "full_encrypted.7z"]:
    copy(files, "tika-" + name, "tika-test-documents/encrypted/" + name)
copy(files, "tika-testTinyPE.exe", "tika-test-documents/executables-macros/testTinyPE.exe")
write(files, "minimal.pdf", MINIMAL_PDF)
write(files, "invoice.zip", zip_of("invoice.txt", b"amount due: 100 EUR"))

dmarc = inputs("org.gatehouse.sender.dmarc", "DmarcRecordFuzzTest", "parseShouldThrowOnlyInvalidDmarcRecordWhenTheRecordIsHostile")
for index, record in enumerate([
        "v=DMARC1; p=reject; sp=quarantine; pct=50; adkim=s; aspf=r; rua=mailto:dmarc@example.com!10m; ruf=mailto:f@example.com; fo=1; rf=afrf; ri=86400",
        "v=DMARC1; p=bogus; rua=mailto:a@example.com,https://report.example/x",
        "v=DMARC1;p=none;p=reject",
        "V = DMARC1 ; pct=101 ; adkim=x ; " + "; ".join("t%d=%d" % (i, i) for i in range(300)),
        "v=DMARC1; sp=none; rua=:::not a uri, mailto:",
        "v=spf1 -all"]):
    write(dmarc, "record-%d.txt" % (index + 1), record.encode("utf-8"))

spf = inputs("org.gatehouse.sender.spf", "SpfRecordFuzzTest", "checkShouldNeverThrowWhenTheRecordIsHostile")
for index, record in enumerate([
        "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx/24 -all",
        "v=spf1 include:include.example.com redirect=example.com exp=exp.example.com ?all",
        "v=spf1 exists:%{ir}.%{l1r-}.%{d2}.example.com a:%{h}.%{o} ptr:%{v}.example.com ~all exp=exp.example.com",
        "%{i} is not one of %{d}'s designated mail servers: %{l} %{s} %{p} %{c} %{r} %{t} %{_} %%",
        "v=spf1 ip4:300.1.1.1/99 ip6:zzzz a:-invalid-. mx:%{z} unknown=%{ -all -all",
        "v=spf1 " + " ".join("ip4:192.0.2.%d" % i for i in range(200)) + " ~all"]):
    write(spf, "record-%d.txt" % (index + 1), record.encode("utf-8"))

policy = inputs("org.gatehouse.policy", "PolicySchemaFuzzTest", "validateShouldThrowOnlyInvalidFieldWhenThePolicyIsHostile")
sender = json.loads((RESOURCES / "sender-policy/example.json").read_text())
whole = {
    "description": "every section, from the examples in docs/",
    "sender": sender,
    "scoring": {"thresholds": {"tagHeader": 20, "tagSubject": 50, "redirect": None, "quarantine": 70, "block": 90},
                "subjectPrefix": "[SPAM]", "redirectTo": "spam@acme.example",
                "categories": {"marketing": "tag", "mailing_list": "deliver", "bulk": "quarantine"},
                "weights": {"HTML_ONLY": 5, "MANY_LINKS": 0}},
    "rate": {"inbound": {"messages": 200, "window": "30m"}, "outbound": {"messages": 1000, "window": "1h"},
             "exempt": [{"type": "ip", "value": "192.0.2.0/24"}, {"type": "domain", "value": "partner.example"}]},
    "tls": {"inbound": {"requireFrom": [{"type": "domain", "value": "bank.example"}]},
            "outbound": {"default": "opportunistic", "domains": {"bank.example": "required_verified"}}},
    "disclaimer": {"text": "Acme Corp. - confidential.", "html": "<p>Acme &ndash; <b>confidential</b> <a href=\"https://acme.example/legal\">Legal</a></p>",
                   "position": "bottom", "signedMessages": "attach",
                   "senderDomains": {"brand.example": {"text": "Brand Ltd", "position": "top"}, "noreply.acme.example": {"enabled": False}}},
    "dlp": {"notifyTo": ["security@acme.example"],
            "patterns": [{"id": "EMPLOYEE_ID", "description": "HR employee numbers", "regex": "\\bEMP-[0-9]{6}\\b"}],
            "keywords": [{"id": "PROJECT_FALCON", "terms": {"project falcon": 5, "confidential": 2}}],
            "rules": [{"id": "PCI_EXTERNAL", "categories": ["PCI"], "minCount": 3, "recipients": "external", "action": "block"},
                      {"id": "FALCON", "detectors": ["PROJECT_FALCON"], "minCount": 5, "action": "block"}]},
    "content": {"denyFamilies": ["executable", "script"], "allowFamilies": None, "maxAttachmentBytes": 26214400,
                "actions": {"denied": "strip", "unscannable": "quarantine"},
                "textRules": [{"id": "WIRE_FRAUD", "target": "subject", "pattern": "urgent.*wire", "caseInsensitive": True, "action": "block"},
                              {"id": "CEO", "target": "any", "threshold": 10, "action": "quarantine",
                               "keywords": [{"phrase": "wire transfer", "weight": 6}]}],
                "language": {"blockLanguages": ["ru"], "minConfidence": 0.9, "blockCharsets": ["koi8-r"], "action": "quarantine"}},
    "phishing": {"action": "quarantine", "threshold": 40, "weight": 1.0, "partnerDomains": ["partner.example"],
                 "protectedPeople": ["Jane Smith"], "brands": True, "urlExemptions": ["tracker.example"], "followShorteners": False},
}
write(policy, "every-section.json", json.dumps(whole, indent=1).encode("utf-8"))
write(policy, "description-only.json", b'{"description": "\\u00e9t\\u00e9 \\ud83d\\ude00"}')
write(policy, "duplicate-keys.json", b'{"description": "a", "description": "b"}')
write(policy, "deeply-nested.json", b'{"sender": ' + b'[' * 2000 + b']' * 2000 + b'}')
write(policy, "huge-numbers.json", b'{"rate": {"inbound": {"messages": 1e400, "window": "99999999999999999999d"}}, '
      b'"scoring": {"thresholds": {"block": -0.0}, "weights": {"HTML_ONLY": 1.7976931348623157E309}}}')
write(policy, "trailing-garbage.json", b'{"tls": {}} {"tls": {}}')
