package io.leadpool.pool.distribution;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pool's rotation: start-time fair queueing over the reps eligible for each lead. Every rep has a pass; the
 * rep with the smallest start tag is served ({@code start = max(pass, virtual time)}; ties go to the smaller
 * finish tag {@code start + 1/weight}, then to the smaller rep id), their pass becomes the finish tag and the
 * pool's virtual time the start tag they were served at.
 * <ul>
 * <li>Equal weights make it a round robin in rep-id order; weights make each rep's share {@code w / Σw} of the
 * leads they were eligible for, to within one lead, whatever the order of arrival.</li>
 * <li>A rep who was not eligible for a while (on leave, at a limit, new to the pool) re-enters at the virtual
 * time, on par with the others: no backlog of turns is owed to them and none is lost by the others.</li>
 * </ul>
 * Plain state, no I/O: the service loads it under the pool's rotation lock, picks, and stores it back.
 */
public final class FairRotation {

    /** A rep who may receive the lead at hand, with their weight (greater than zero). */
    public record Weighted(String repId, double weight) {
    }

    /**
     * The rep to serve, their start tag, and every eligible rep's fair share of this one lead
     * ({@code weight / total weight}, summing to 1).
     */
    public record Pick(String repId, double start, double finish, Map<String, Double> fairShares) {
    }

    private double virtualTime;
    private final Map<String, Double> passes;
    private final Map<String, Long> served = new HashMap<>();

    /**
     * @param virtualTime the pool's virtual time as stored
     * @param passes      the stored passes of the reps that may come up (others start at the virtual time)
     */
    public FairRotation(double virtualTime, Map<String, Double> passes) {
        this.virtualTime = virtualTime;
        this.passes = new HashMap<>(passes);
    }

    /** The rep to serve among {@code eligible} (those of weight 0 or less are passed by); empty if none. */
    public Optional<Pick> pick(List<Weighted> eligible) {
        Weighted best = null;
        double bestStart = 0;
        double bestFinish = 0;
        double total = 0;
        for (Weighted w : eligible) {
            if (!(w.weight() > 0)) {
                continue;
            }
            total += w.weight();
            double start = Math.max(passes.getOrDefault(w.repId(), virtualTime), virtualTime);
            double finish = start + 1 / w.weight();
            if (best == null || start < bestStart || (start == bestStart && (finish < bestFinish
                    || (finish == bestFinish && w.repId().compareTo(best.repId()) < 0)))) {
                best = w;
                bestStart = start;
                bestFinish = finish;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Weighted w : eligible) {
            if (w.weight() > 0) {
                shares.merge(w.repId(), w.weight() / total, Double::sum);
            }
        }
        return Optional.of(new Pick(best.repId(), bestStart, bestFinish, shares));
    }

    /** Serves the pick: the rep's pass moves to its finish tag, the virtual time to its start tag. */
    public void commit(Pick pick) {
        passes.put(pick.repId(), pick.finish());
        virtualTime = Math.max(virtualTime, pick.start());
        served.merge(pick.repId(), 1L, Long::sum);
    }

    public double virtualTime() {
        return virtualTime;
    }

    /** The passes of the reps served since loading, to store back. */
    public Map<String, Double> servedPasses() {
        Map<String, Double> changed = new HashMap<>();
        served.keySet().forEach(rep -> changed.put(rep, passes.get(rep)));
        return changed;
    }

    /** How many leads each rep was served since loading. */
    public Map<String, Long> served() {
        return Map.copyOf(served);
    }
}
