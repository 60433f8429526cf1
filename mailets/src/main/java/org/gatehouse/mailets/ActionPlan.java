package org.gatehouse.mailets;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gatehouse.content.ContentPolicy;
import org.gatehouse.message.HeaderEdits;
import org.gatehouse.quarantine.HoldingCheck;
import org.gatehouse.verdict.Action;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;

/**
 * What one check's decision asks of one tenant part, with everything the decision's policy version gave it (the
 * redirect address, the subject prefix, the attachments to strip), so that {@link ActionExecutor} applies it without
 * reading a policy again.
 *
 * @param check       the check: the quarantine family, and what a release from the quarantine skips
 * @param action      the decision's action, the most severe one asked for
 * @param also        further actions some rule asked for besides the main one ({@code copy}, {@code strip})
 * @param because     why, for the quarantine and the bounce ({@code content policy: EXEC_DENIED})
 * @param headers     header changes made whatever the action (the score headers, Authentication-Results)
 * @param marks       header changes made when the action is not {@code pass} (the check's tag header)
 * @param reasons     the decision's explanation, for the message log
 * @param subjectPrefix   for {@code tag_subject}
 * @param redirectTo  for {@code redirect} and {@code copy}: an address, used only when it is in the tenant's domains
 * @param strips      for {@code strip}: the parts to remove, as the end of DATA found them
 * @param bounce      for {@code block}: bounce to the sender instead of holding (outbound DLP)
 * @param holdProcessor   where a held part goes
 */
public record ActionPlan(HoldingCheck check, Action action, ImmutableSet<Action> also, ImmutableList<String> ruleIds, String because,
                         HeaderEdits headers, HeaderEdits marks, ImmutableList<String> reasons, Optional<String> subjectPrefix,
                         Optional<String> redirectTo, ImmutableList<ContentPolicy.Strip> strips, Optional<Bounce> bounce,
                         String holdProcessor) {

    /** A bounce to the envelope sender: the text it gives, and the processor that writes the DSN. */
    public record Bounce(String text, String processor) {
    }

    public static Builder builder(HoldingCheck check, Action action, List<String> ruleIds, String because) {
        return new Builder(check, action, ruleIds, because);
    }

    public boolean asks(Action wanted) {
        return action == wanted || also.contains(wanted);
    }

    /** Builds a plan; everything but the check, the action, the rules and the reason is optional. */
    public static final class Builder {
        private final HoldingCheck check;
        private final Action action;
        private final List<String> ruleIds;
        private final String because;
        private Set<Action> also = Set.of();
        private HeaderEdits headers = HeaderEdits.none();
        private HeaderEdits marks = HeaderEdits.none();
        private List<String> reasons = List.of();
        private Optional<String> subjectPrefix = Optional.empty();
        private Optional<String> redirectTo = Optional.empty();
        private List<ContentPolicy.Strip> strips = List.of();
        private Optional<Bounce> bounce = Optional.empty();
        private String holdProcessor = "quarantine";

        private Builder(HoldingCheck check, Action action, List<String> ruleIds, String because) {
            this.check = check;
            this.action = action;
            this.ruleIds = ruleIds;
            this.because = because;
        }

        public Builder also(Set<Action> value) {
            this.also = value;
            return this;
        }

        public Builder headers(HeaderEdits value) {
            this.headers = value;
            return this;
        }

        public Builder marks(HeaderEdits value) {
            this.marks = value;
            return this;
        }

        public Builder reasons(List<String> value) {
            this.reasons = value;
            return this;
        }

        public Builder subjectPrefix(String value) {
            this.subjectPrefix = Optional.of(value);
            return this;
        }

        public Builder redirectTo(Optional<String> value) {
            this.redirectTo = value;
            return this;
        }

        public Builder strips(List<ContentPolicy.Strip> value) {
            this.strips = value;
            return this;
        }

        public Builder bounce(String text, String processor) {
            this.bounce = Optional.of(new Bounce(text, processor));
            return this;
        }

        public Builder holdProcessor(String value) {
            this.holdProcessor = value;
            return this;
        }

        public ActionPlan build() {
            return new ActionPlan(check, action, ImmutableSet.copyOf(also), ImmutableList.copyOf(ruleIds), because, headers, marks,
                ImmutableList.copyOf(reasons), subjectPrefix, redirectTo, ImmutableList.copyOf(strips), bounce, holdProcessor);
        }
    }
}
