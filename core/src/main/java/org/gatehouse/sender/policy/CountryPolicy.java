package org.gatehouse.sender.policy;

import static org.gatehouse.sender.policy.PolicyJson.child;
import static org.gatehouse.sender.policy.PolicyJson.field;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.gatehouse.validation.InvalidFieldException;
import org.gatehouse.verdict.Action;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableSet;

/**
 * Which countries a tenant accepts mail from, by the country of the client's IP address: none filtered
 * ({@code off}), only those listed ({@code allow}) or all but those listed ({@code block}). A refused country
 * takes the policy's {@code blockAction}; an address without a known country takes {@code unknownCountry}.
 *
 * @param countries ISO 3166-1 alpha-2 codes, upper case
 */
public record CountryPolicy(Mode mode, ImmutableSet<String> countries, Action unknownCountry) {
    private static final Set<String> FIELDS = Set.of("mode", "list", "unknownCountry");
    /** ISO 3166-1 alpha-2, and XK (Kosovo, user-assigned but what geolocation databases report). */
    private static final Set<String> KNOWN_CODES = ImmutableSet.<String>builder()
        .addAll(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2))
        .add("XK")
        .build();

    /** How the list is read. */
    public enum Mode {
        OFF, ALLOW, BLOCK;

        public String asString() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode parse(String value, String path) {
            return Arrays.stream(values()).filter(mode -> mode.asString().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidFieldException(path, "'" + value + "' is not one of "
                    + Arrays.stream(values()).map(Mode::asString).collect(Collectors.joining(", ", "[", "]"))));
        }
    }

    public CountryPolicy {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(countries);
        Objects.requireNonNull(unknownCountry);
    }

    public static CountryPolicy off() {
        return new CountryPolicy(Mode.OFF, ImmutableSet.of(), Action.PASS);
    }

    /** Whether mail from a client in this country is refused (always false when the mode is off). */
    public boolean refuses(String countryCode) {
        return switch (mode) {
            case OFF -> false;
            case ALLOW -> !countries.contains(countryCode.toUpperCase(Locale.ROOT));
            case BLOCK -> countries.contains(countryCode.toUpperCase(Locale.ROOT));
        };
    }

    static CountryPolicy parse(JsonNode node, String path) {
        PolicyJson.object(node, path, FIELDS);
        Mode mode = field(node, "mode").map(value -> Mode.parse(PolicyJson.text(value, child(path, "mode")), child(path, "mode")))
            .orElse(Mode.OFF);
        String listPath = child(path, "list");
        ImmutableSet<String> countries = field(node, "list").map(list -> codes(list, listPath)).orElse(ImmutableSet.of());
        if (mode == Mode.ALLOW && countries.isEmpty()) {
            throw new InvalidFieldException(listPath, "must name at least one country when mode is allow");
        }
        Action unknownCountry = field(node, "unknownCountry")
            .map(value -> PolicyJson.action(value, child(path, "unknownCountry"), PolicyJson.SENDER_ACTIONS))
            .orElse(Action.PASS);
        return new CountryPolicy(mode, countries, unknownCountry);
    }

    private static ImmutableSet<String> codes(JsonNode list, String path) {
        PolicyJson.array(list, path, KNOWN_CODES.size());
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String itemPath = PolicyJson.index(path, i);
            String code = PolicyJson.text(list.get(i), itemPath);
            if (!KNOWN_CODES.contains(code)) {
                throw new InvalidFieldException(itemPath, "'" + code + "' is not an ISO 3166-1 alpha-2 country code in upper case");
            }
            Integer earlier = seen.putIfAbsent(code, i);
            if (earlier != null) {
                throw new InvalidFieldException(itemPath, "duplicates " + PolicyJson.index(path, earlier));
            }
        }
        return ImmutableSet.copyOf(seen.keySet());
    }

    /** The action for a client whose country is unknown; none when the mode is off. */
    public Optional<Action> actionForUnknownCountry() {
        return mode == Mode.OFF ? Optional.empty() : Optional.of(unknownCountry);
    }
}
