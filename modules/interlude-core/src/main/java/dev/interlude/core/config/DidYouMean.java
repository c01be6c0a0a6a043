package dev.interlude.core.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Suggests the closest known word for a misspelt one, for problem messages: unknown keys, unknown task names. */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** {@code , did you mean "x"?} for the closest candidate, or an empty string if none is close. */
    public static String suffix(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> ", did you mean \"" + c + "\"?").orElse("");
    }

    /** The closest candidate within a few edits, or one that starts with the word or the word with it. */
    private static Optional<String> closest(String word, Collection<String> candidates) {
        int allowed = Math.max(1, word.length() / 3);
        return candidates.stream()
                .filter(c -> !c.equals(word))
                .filter(c -> distance(word, c) <= allowed || sharesPrefix(word, c))
                .min(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(Comparator.naturalOrder()));
    }

    private static boolean sharesPrefix(String word, String candidate) {
        return word.length() >= 3 && candidate.length() >= 3 && (candidate.startsWith(word) || word.startsWith(candidate));
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
