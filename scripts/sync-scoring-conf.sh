#!/bin/bash
# Regenerates the weight table of james-conf's scoring.properties from core's built-in table.
set -e
cd "$(dirname "$0")/.."
out=james-conf/src/main/resources/gatehouse-conf/scoring.properties
{
cat <<'HEAD'
# Spam score defaults for every tenant (docs/scoring.md). A tenant's `scoring` policy section overrides any of these
# for that tenant. Read at start; a key or rule id this version does not know stops the server with its name.

# Thresholds (0-100, empty = off), strictly increasing in this order. The highest one a message's score reaches
# decides: tag headers, tag the subject, redirect (needs the tenant's redirectTo), quarantine, block (550 at the
# end of DATA when every tenant of the message blocks it).
threshold.tagHeader=20
threshold.tagSubject=50
threshold.redirect=
threshold.quarantine=70
threshold.block=90
# Prefix the tagSubject action puts in front of the Subject (once).
subjectPrefix=[SPAM]

# Weight of every content rule (-100..100): the score is the sum of the weights of the rules that fired, rounded and
# clamped to 0-100; GTUBE always scores 100. A rule missing here keeps its built-in weight (rules added by an
# upgrade start with theirs). Each rule id is documented in docs/scoring.md.
HEAD
# the table's one setting that is not a rule (spamassassin.pointsPerUnit) is scoring.spamassassin.pointsPerUnit's default
grep -v '^#' core/src/main/resources/org/gatehouse/scoring/default-weights.properties | grep -v '^\s*$' | grep -v '^spamassassin\.' \
    | sed 's/^/weight./'
} > $out
