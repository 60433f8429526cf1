package org.gatehouse.sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gatehouse.dns.DnsAnswer;
import org.gatehouse.dns.DnsLookup;
import org.gatehouse.dns.RecordType;

/**
 * DNS answered from a map, so sender checks can be tested without a network: names nobody set are NXDOMAIN.
 * Answers can be held back to observe that a check asks all its questions before any answer arrives.
 */
public final class FakeDnsLookup implements DnsLookup {
    /** One question asked, with the name in lower case. */
    public record Question(String name, RecordType type) {
        public Question {
            name = name.toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Question, DnsAnswer> answers = new ConcurrentHashMap<>();
    private final List<Question> asked = new CopyOnWriteArrayList<>();
    private final List<Runnable> heldBack = new ArrayList<>();
    private boolean holding;

    public FakeDnsLookup records(String name, RecordType type, String... records) {
        return answer(name, type, DnsAnswer.found(List.of(records)));
    }

    public FakeDnsLookup temporaryError(String name, RecordType type) {
        return answer(name, type, DnsAnswer.temporaryError());
    }

    public FakeDnsLookup answer(String name, RecordType type, DnsAnswer answer) {
        answers.put(new Question(name, type), answer);
        return this;
    }

    /** From now on, answers wait for {@link #releaseAnswers()}. */
    public synchronized void holdAnswers() {
        holding = true;
    }

    /** Sends the answers held so far; questions asked from then on are held again. */
    public void releaseAnswers() {
        List<Runnable> release;
        synchronized (this) {
            release = List.copyOf(heldBack);
            heldBack.clear();
        }
        release.forEach(Runnable::run);
    }

    /** The questions asked so far, in order. */
    public List<Question> questions() {
        return List.copyOf(asked);
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, RecordType type) {
        Question question = new Question(name, type);
        asked.add(question);
        DnsAnswer answer = answers.getOrDefault(question, DnsAnswer.nxDomain());
        CompletableFuture<DnsAnswer> future = new CompletableFuture<>();
        synchronized (this) {
            if (holding) {
                heldBack.add(() -> future.complete(answer));
                return future;
            }
        }
        future.complete(answer);
        return future;
    }
}
