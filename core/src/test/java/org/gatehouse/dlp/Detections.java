package org.gatehouse.dlp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Runs one detector over a text for tests, and makes valid and invalid numbers independently of the detectors. */
final class Detections {
    private Detections() {
    }

    /** The clear keys a detector reports, in order, repeats included. */
    static List<String> keys(Detector detector, String text) {
        List<String> keys = new ArrayList<>();
        detector.scan(ScanText.of(text), (key, masked, weight) -> keys.add(key));
        return keys;
    }

    static List<String> masked(Detector detector, String text) {
        List<String> masked = new ArrayList<>();
        detector.scan(ScanText.of(text), (key, mask, weight) -> masked.add(mask));
        return masked;
    }

    /** {@code prefix} + random digits + the Luhn check digit, {@code length} digits in all. */
    static String withLuhnDigit(String prefix, int length, Random random) {
        StringBuilder number = new StringBuilder(prefix);
        while (number.length() < length - 1) {
            number.append(random.nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            String candidate = number.toString() + check;
            if (luhnSum(candidate) % 10 == 0) {
                return candidate;
            }
        }
        throw new AssertionError("no check digit");
    }

    /** The same number with the check digit off by one: never Luhn-valid. */
    static String breakCheckDigit(String number) {
        char last = number.charAt(number.length() - 1);
        return number.substring(0, number.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    static int luhnSum(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (digit * 2) / 10 + (digit * 2) % 10 : digit;
        }
        return sum;
    }

    /** An IBAN of {@code country} with {@code bban} and its check digits computed with BigInteger. */
    static String iban(String country, String bban) {
        String rearranged = bban + country + "00";
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    static String randomDigits(int length, Random random) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < length; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /** Groups of four separated by a space, as IBANs and cards are printed. */
    static String spaced(String compact) {
        return compact.replaceAll("(.{4})(?!$)", "$1 ");
    }
}
