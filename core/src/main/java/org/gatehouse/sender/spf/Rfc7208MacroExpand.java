package org.gatehouse.sender.spf;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.MacroData;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.exceptions.PermErrorException;

import com.google.common.net.InetAddresses;

/**
 * jSPF's macro expansion with RFC 7208 §7.3's details right: %{c} of an IPv6 client is in RFC 5952's compressed form,
 * and an upper-case macro in an explanation is expanded as the lower-case one and then URL-escaped with RFC 3986's
 * unreserved set (jSPF escapes before the transformers and uses URLEncoder, which escapes '~' and keeps '*').
 */
final class Rfc7208MacroExpand extends MacroExpand {
    /** A macro-expand, or an escape that must not be mistaken for the start of one. */
    private static final Pattern MACRO_OR_ESCAPE = Pattern.compile("%%|%_|%-|%\\{([A-Z])([^}]*)}");
    private static final String UNRESERVED_SYMBOLS = "-._~";

    Rfc7208MacroExpand(DNSService dns) {
        super(dns);
    }

    @Override
    public String expand(String input, MacroData macroData, boolean isExplanation) throws PermErrorException {
        MacroData rfc7208Data = new CompressedIp6MacroData(macroData);
        String escaped = isExplanation ? expandUpperCaseMacros(input, rfc7208Data) : input;
        return escaped == null ? null : super.expand(escaped, rfc7208Data, isExplanation);
    }

    /**
     * The explanation with each upper-case macro replaced by its URL-escaped value as literal text ('%' doubled), or
     * null when a value needs the client's validated name first (jSPF's signal to look it up and expand again).
     */
    private String expandUpperCaseMacros(String input, MacroData macroData) throws PermErrorException {
        Matcher macro = MACRO_OR_ESCAPE.matcher(input);
        StringBuilder result = new StringBuilder();
        while (macro.find()) {
            if (macro.group(1) == null) {
                macro.appendReplacement(result, Matcher.quoteReplacement(macro.group()));
                continue;
            }
            String lowerCase = "%{" + macro.group(1).toLowerCase(Locale.ROOT) + macro.group(2) + "}";
            String value = super.expand(lowerCase, macroData, true);
            if (value == null) {
                return null;
            }
            macro.appendReplacement(result, Matcher.quoteReplacement(urlEscape(value).replace("%", "%%")));
        }
        macro.appendTail(result);
        return result.toString();
    }

    /** RFC 3986 §2.1 percent-encoding of every byte outside the unreserved set (ALPHA, DIGIT, "-", ".", "_", "~"). */
    static String urlEscape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (byte octet : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (octet & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || UNRESERVED_SYMBOLS.indexOf(c) >= 0) {
                escaped.append(c);
            } else {
                escaped.append('%').append(String.format(Locale.ROOT, "%02X", octet & 0xff));
            }
        }
        return escaped.toString();
    }

    /** jSPF's macro values, with %{c} of an IPv6 address compressed as RFC 5952 writes it. */
    private record CompressedIp6MacroData(MacroData jspf) implements MacroData {
        @Override
        public String getReadableIP() {
            String readable = jspf.getReadableIP();
            return InetAddresses.isInetAddress(readable) ? InetAddresses.toAddrString(InetAddresses.forString(readable)) : readable;
        }

        @Override
        public String getCurrentSenderPart() {
            return jspf.getCurrentSenderPart();
        }

        @Override
        public String getMailFrom() {
            return jspf.getMailFrom();
        }

        @Override
        public String getHostName() {
            return jspf.getHostName();
        }

        @Override
        public String getCurrentDomain() {
            return jspf.getCurrentDomain();
        }

        @Override
        public String getInAddress() {
            return jspf.getInAddress();
        }

        @Override
        public String getClientDomain() {
            return jspf.getClientDomain();
        }

        @Override
        public String getSenderDomain() {
            return jspf.getSenderDomain();
        }

        @Override
        public String getMacroIpAddress() {
            return jspf.getMacroIpAddress();
        }

        @Override
        public long getTimeStamp() {
            return jspf.getTimeStamp();
        }

        @Override
        public String getReceivingDomain() {
            return jspf.getReceivingDomain();
        }
    }
}
