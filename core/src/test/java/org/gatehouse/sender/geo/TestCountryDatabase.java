package org.gatehouse.sender.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.common.net.InetAddresses;

/**
 * Writes a small MaxMind DB (format 2.0, IPv4 tree, 24-bit records) that maps test networks to countries in the
 * {@code country_code} layout of RIR-derived databases. Tests use it to give loopback clients a country, since the
 * public test databases only know real Internet networks.
 */
public final class TestCountryDatabase {
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
        'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};

    private static final class Node {
        private final int[] child = {-1, -1};
        private final int[] data = {-1, -1};
    }

    /** @param networks IPv4 CIDR (e.g. {@code 127.0.0.0/8}) to ISO country code; networks must not overlap */
    public static Path write(Path file, Map<String, String> networks) throws IOException {
        List<Node> nodes = new ArrayList<>();
        nodes.add(new Node());
        Map<String, Integer> dataOffsets = new LinkedHashMap<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, String> network : networks.entrySet()) {
            String[] parts = network.getKey().split("/");
            long address = Integer.toUnsignedLong(InetAddresses.coerceToInteger(InetAddress.getByName(parts[0])));
            int prefix = Integer.parseInt(parts[1]);
            Integer offset = dataOffsets.get(network.getValue());
            if (offset == null) {
                offset = data.size();
                dataOffsets.put(network.getValue(), offset);
                map(data, 1);
                string(data, "country_code");
                string(data, network.getValue());
            }
            int current = 0;
            for (int depth = 0; depth < prefix; depth++) {
                int bit = (int) ((address >>> (31 - depth)) & 1);
                if (depth == prefix - 1) {
                    nodes.get(current).data[bit] = offset;
                } else {
                    if (nodes.get(current).child[bit] < 0) {
                        nodes.add(new Node());
                        nodes.get(current).child[bit] = nodes.size() - 1;
                    }
                    current = nodes.get(current).child[bit];
                }
            }
        }
        int nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node node : nodes) {
            for (int side = 0; side < 2; side++) {
                int record = node.child[side] >= 0 ? node.child[side]
                    : node.data[side] >= 0 ? nodeCount + 16 + node.data[side]
                    : nodeCount;
                out.write(record >>> 16);
                out.write(record >>> 8);
                out.write(record);
            }
        }
        out.write(new byte[16]);
        out.write(data.toByteArray());
        out.write(METADATA_MARKER);
        map(out, 9);
        string(out, "binary_format_major_version");
        unsigned(out, 5, 2);
        string(out, "binary_format_minor_version");
        unsigned(out, 5, 0);
        string(out, "build_epoch");
        out.write(0x01);
        out.write(9 - 7);
        out.write(1);
        string(out, "database_type");
        string(out, "gatehouse-test-country");
        string(out, "description");
        map(out, 1);
        string(out, "en");
        string(out, "Gatehouse test networks");
        string(out, "ip_version");
        unsigned(out, 5, 4);
        string(out, "languages");
        out.write(0x01);
        out.write(11 - 7);
        string(out, "en");
        string(out, "node_count");
        unsigned(out, 6, nodeCount);
        string(out, "record_size");
        unsigned(out, 5, 24);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void map(ByteArrayOutputStream out, int size) {
        out.write((7 << 5) | size);
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= 29) {
            out.write((2 << 5) | 29);
            out.write(bytes.length - 29);
        } else {
            out.write((2 << 5) | bytes.length);
        }
        out.write(bytes, 0, bytes.length);
    }

    /** An unsigned integer of the given type (5: uint16, 6: uint32), big-endian in as few bytes as it needs. */
    private static void unsigned(ByteArrayOutputStream out, int type, long value) {
        int length = value == 0 ? 0 : (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        out.write((type << 5) | length);
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    private TestCountryDatabase() {
    }
}
