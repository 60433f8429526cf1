package org.gatehouse.content;

import java.util.Locale;

/**
 * The coarse kind of a file that tenant rules allow or deny ("no executables, at any depth"), derived from its true
 * type by the table in {@code type-families.properties} (docs/content.md reproduces it).
 */
public enum TypeFamily {
    /** Native programs and installers: PE (exe, dll, scr), ELF, Mach-O, MSI, Java and Android archives, CHM, Flash. */
    EXECUTABLE,
    /** Text the operating system runs when opened: batch, shell, JavaScript, VBScript, PowerShell, HTA, WSF. */
    SCRIPT,
    /** Office documents that carry runnable content: macro-enabled OOXML, OLE2 documents with a VBA project, OneNote. */
    MACRO_DOCUMENT,
    /** Archives and compressed streams: zip, tar, gzip, bzip2, xz, 7z, RAR, CAB, zstd... */
    ARCHIVE,
    /** Disk and volume images, mounted by a double click: ISO, IMG, VHD(X), VMDK, DMG. */
    DISK_IMAGE,
    /** Audio and video. */
    MEDIA,
    /** Still images, SVG included. */
    IMAGE,
    /** Office documents without macros: Word, Excel, PowerPoint (OLE2 and OOXML), OpenDocument, RTF, iWork, Access. */
    OFFICE,
    /** PDF. */
    PDF,
    /** Plain text, CSV, XML, calendars. */
    TEXT,
    /** HTML and web archives: often phishing pages or smuggled payloads. */
    HTML,
    /** Mail messages: message/rfc822, mbox, Outlook .msg. */
    MESSAGE,
    /** Envelopes that are nothing but ciphertext: OpenPGP messages, S/MIME enveloped data. */
    ENCRYPTED,
    /** Anything else, unknown binary content included. */
    OTHER;

    /** The lower-case name used in policies and explanations, e.g. {@code macro_document}. */
    public String asString() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TypeFamily parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
