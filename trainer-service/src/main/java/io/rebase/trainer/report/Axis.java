package io.rebase.trainer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart axis: a range that covers the data with round ends, and its ticks at 1, 2 or 5 times a power of ten. A single
 * value or a flat line still gets a readable range around it, and an integer axis (steps) never gets fractional ticks.
 *
 * @param lo      lower end
 * @param hi      upper end
 * @param step    distance between ticks
 * @param integer whether the axis counts whole things
 */
public record Axis(double lo, double hi, double step, boolean integer) {

    private static final int TARGET_TICKS = 5;
    /** Integer ranges narrower than this get a unit of margin on each side. */
    private static final int MIN_INTEGER_SPAN = 4;

    /** An axis covering {@code [min, max]}; {@code integer} for counts such as steps. */
    public static Axis covering(double min, double max, boolean integer) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("axis range must be finite, got [" + min + ", " + max + "]");
        }
        double span = max - min;
        if (integer && span < MIN_INTEGER_SPAN) {
            // a few steps: one more on each side, so that the points stand clear of the axes
            min = min >= 0 ? Math.max(0, min - 1) : min - 1;
            max += 1;
            span = max - min;
        } else if (span <= 0) {
            // one score or a flat line: a window around the value
            double pad = Math.max(Math.abs(min) * 0.05, 0.01);
            min -= pad;
            max += pad;
            span = max - min;
        }
        double step = niceStep(span / TARGET_TICKS);
        if (integer) {
            step = Math.max(1, Math.round(step));
        }
        double lo = Math.floor(min / step) * step;
        double hi = Math.ceil(max / step) * step;
        return new Axis(lo, hi, step, integer);
    }

    /** 1, 2 or 5 times a power of ten, the nearest to {@code raw} (so an axis gets about four to eight ticks). */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nice * magnitude;
    }

    /** The tick values from {@code lo} to {@code hi}. */
    public List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        long n = Math.round((hi - lo) / step);
        for (long i = 0; i <= n; i++) {
            ticks.add(lo + i * step);
        }
        return ticks;
    }

    /** Where {@code v} falls on the axis, from 0 (lo) to 1 (hi). */
    public double fraction(double v) {
        return (v - lo) / (hi - lo);
    }

    /** A tick label: whole numbers without a decimal point, others with as many decimals as the tick step needs. */
    public String label(double v) {
        if (integer || step >= 1 && Math.abs(v - Math.rint(v)) < 1e-9) {
            return Long.toString(Math.round(v));
        }
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
