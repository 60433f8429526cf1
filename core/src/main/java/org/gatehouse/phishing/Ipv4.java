package org.gatehouse.phishing;

import java.util.Optional;

/**
 * IPv4 host parsing as browsers do it (WHATWG URL standard), so {@code http://3232235777/}, {@code http://0xC0A80101/}
 * and {@code http://0300.0250.1.1/} are all recognised as 192.168.1.1.
 */
final class Ipv4 {
    private Ipv4() {
    }

    /** The address in dotted decimal when the host is an IPv4 address in any form browsers accept. */
    static Optional<String> parse(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4 || parts.length == 0) {
            return Optional.empty();
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> number = number(parts[i]);
            if (number.isEmpty()) {
                return Optional.empty();
            }
            numbers[i] = number.get();
        }
        long address = 0;
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return Optional.empty();
            }
            address = address << 8 | numbers[i];
        }
        int remainingBytes = 5 - numbers.length;
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * remainingBytes)) {
            return Optional.empty();
        }
        address = address << (8 * remainingBytes) | last;
        return Optional.of((address >> 24 & 255) + "." + (address >> 16 & 255) + "." + (address >> 8 & 255) + "." + (address & 255));
    }

    private static Optional<Long> number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return Optional.empty();
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
            if (digits.isEmpty()) {
                return Optional.of(0L);
            }
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(Long.parseLong(digits, radix));
    }
}
