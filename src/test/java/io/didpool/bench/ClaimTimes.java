package io.didpool.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The claim timer {@code didpool.dial.claim} of several instances, summed: how many claims, and how many took at most
 * each bucket's bound. The instances are started with {@link #boundaries()} as the timer's SLO buckets, which
 * Prometheus keeps cumulative from start: the claims of a span are the difference of two snapshots ({@link #minus}),
 * where the timer's own published percentiles cover a sliding time window instead.
 *
 * @param boundsMs   the buckets' upper bounds, ms
 * @param cumulative claims that took at most each bound
 * @param count      claims in all
 */
record ClaimTimes(double[] boundsMs, double[] cumulative, long count) {

    static final String TIMER = "didpool.dial.claim";
    /** 0.1 ms steps to 10 ms, 0.5 to 30, 2 to 100, 25 to 1,000, 250 to 5,000. */
    private static final double[] BOUNDS_MS = bounds();

    /** The value of {@code management.metrics.distribution.slo.didpool.dial.claim}. */
    static String boundaries() {
        StringJoiner slo = new StringJoiner(",");
        for (double ms : BOUNDS_MS) {
            slo.add(Math.round(ms * 1000) + "us");
        }
        return slo.toString();
    }

    /** The instances' claim timers now (an instance that has not claimed yet counts nothing). */
    static ClaimTimes of(List<ConfigurableApplicationContext> instances) {
        return of(TIMER, instances);
    }

    /** The instances' timers named {@code name} (started with {@link #boundaries()} as their SLO buckets) now. */
    static ClaimTimes of(String name, List<ConfigurableApplicationContext> instances) {
        double[] cumulative = new double[BOUNDS_MS.length];
        long count = 0;
        for (ConfigurableApplicationContext instance : instances) {
            Timer timer = instance.getBean(MeterRegistry.class).find(name).timer();
            if (timer == null) {
                continue;
            }
            HistogramSnapshot snapshot = timer.takeSnapshot();
            count += snapshot.count();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            if (buckets.length != cumulative.length) {
                throw new IllegalStateException(name + ": " + buckets.length + " buckets, not the "
                        + cumulative.length + " asked for");
            }
            for (int i = 0; i < buckets.length; i++) {
                cumulative[i] += buckets[i].count();
            }
        }
        return new ClaimTimes(BOUNDS_MS, cumulative, count);
    }

    /** The claims since {@code earlier}. */
    ClaimTimes minus(ClaimTimes earlier) {
        double[] c = new double[cumulative.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cumulative[i] - earlier.cumulative[i];
        }
        return new ClaimTimes(boundsMs, c, count - earlier.count);
    }

    /** The {@code q} quantile in ms, interpolated within its bucket; infinite past the last bound. */
    double percentile(double q) {
        double rank = q * count;
        for (int i = 0; i < boundsMs.length; i++) {
            if (cumulative[i] >= rank) {
                double below = i == 0 ? 0 : cumulative[i - 1];
                double low = i == 0 ? 0 : boundsMs[i - 1];
                double share = cumulative[i] == below ? 1 : (rank - below) / (cumulative[i] - below);
                return low + share * (boundsMs[i] - low);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static double[] bounds() {
        List<Double> bounds = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            bounds.add(i / 10.0);
        }
        for (int i = 21; i <= 60; i++) {
            bounds.add(i / 2.0);
        }
        for (int ms = 32; ms <= 100; ms += 2) {
            bounds.add((double) ms);
        }
        for (int ms = 125; ms <= 1000; ms += 25) {
            bounds.add((double) ms);
        }
        for (int ms = 1250; ms <= 5000; ms += 250) {
            bounds.add((double) ms);
        }
        return bounds.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
