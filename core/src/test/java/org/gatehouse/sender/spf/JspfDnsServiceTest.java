package org.gatehouse.sender.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.ZoneDnsLookup;
import org.junit.jupiter.api.Test;

class JspfDnsServiceTest {
    private static final Duration BUDGET = Duration.ofSeconds(30);
    /** Short, for the tests where the budget runs out: they wait this long. */
    private static final Duration SHORT_BUDGET = Duration.ofMillis(200);

    private static final ZoneDnsLookup ZONE = ZoneDnsLookup.builder()
        .txt("example.com", "v=spf1 mx -all")
        .mx("example.com", 20, "mx2.example.com")
        .mx("example.com", 10, "mx1.example.com")
        .timeout("down.example.com")
        .build();

    private static JspfDnsService service(DnsLookup lookup) {
        return new JspfDnsService(lookup, BUDGET);
    }

    private static DNSRequest request(String name, int type) throws Exception {
        return new DNSRequest(name, type);
    }

    @Test
    void getRecordsShouldReturnTheRecordsFound() throws Exception {
        assertThat(service(ZONE).getRecords(request("example.com", DNSRequest.MX))).containsExactly("mx1.example.com", "mx2.example.com");
    }

    @Test
    void getRecordsShouldReturnAListJspfMayConsume() throws Exception {
        List<String> records = service(ZONE).getRecords(request("example.com", DNSRequest.MX));

        records.remove(0);

        assertThat(records).containsExactly("mx2.example.com");
    }

    @Test
    void getRecordsShouldReturnNullForNoData() throws Exception {
        assertThat(service(ZONE).getRecords(request("example.com", DNSRequest.A))).isNull();
    }

    @Test
    void getRecordsShouldReturnNullForNxDomain() throws Exception {
        assertThat(service(ZONE).getRecords(request("nowhere.example.com", DNSRequest.TXT))).isNull();
    }

    @Test
    void getRecordsShouldThrowTimeoutForATemporaryError() {
        assertThatThrownBy(() -> service(ZONE).getRecords(request("down.example.com", DNSRequest.TXT)))
            .isInstanceOf(TimeoutException.class)
            .hasMessageContaining("TXT down.example.com");
    }

    @Test
    void getRecordsShouldNeverQueryTheSpfRecordType() throws Exception {
        List<String> asked = new ArrayList<>();
        DnsLookup recording = (name, type) -> {
            asked.add(name);
            return ZONE.query(name, type);
        };

        assertThat(service(recording).getRecords(request("example.com", DNSRequest.SPF))).isNull();
        assertThat(asked).isEmpty();
    }

    @Test
    void getRecordsShouldThrowTimeoutWhenTheLookupOutlastsTheBudget() {
        DnsLookup silent = (name, type) -> new CompletableFuture<>();

        assertThatThrownBy(() -> new JspfDnsService(silent, SHORT_BUDGET).getRecords(request("example.com", DNSRequest.TXT)))
            .isInstanceOf(TimeoutException.class)
            .hasMessageContaining("budget");
    }

    @Test
    void getRecordsAsyncShouldReturnTheRecordsFound() throws Exception {
        assertThat(service(ZONE).getRecordsAsync(request("example.com", DNSRequest.TXT)).toCompletableFuture().get())
            .containsExactly("v=spf1 mx -all");
    }

    @Test
    void getRecordsAsyncShouldFailWithTimeoutForATemporaryError() throws Exception {
        CompletableFuture<List<String>> records = service(ZONE).getRecordsAsync(request("down.example.com", DNSRequest.TXT)).toCompletableFuture();

        assertThatThrownBy(records::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void getRecordsAsyncShouldTimeOutWithoutCompletingTheLookupsOwnFuture() throws Exception {
        CompletableFuture<DnsAnswer> shared = new CompletableFuture<>();
        CompletableFuture<List<String>> records = new JspfDnsService((name, type) -> shared, SHORT_BUDGET)
            .getRecordsAsync(request("example.com", DNSRequest.TXT)).toCompletableFuture();

        assertThatThrownBy(records::get).isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("budget");
        assertThat(shared).isNotDone();
    }
}
