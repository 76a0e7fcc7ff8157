package org.socsim.result;

/**
 * What one unit did during a run.
 *
 * @param busyUs      time with at least one task running
 * @param coreBusyUs  sum over tasks of duration x cores held
 * @param utilisation busyUs / latency
 * @param ops         ops executed
 * @param transfers   copies executed on this unit's queue
 * @param energyMj    energy the unit used (0 without a power model)
 * @param peakMemoryBytes most bytes of live tensors held in the unit's memory at once (outputs until their last
 *                    consumer ends, copies until their consumer ends)
 */
public record UnitStats(String unit, double busyUs, double coreBusyUs, double utilisation, int ops, int transfers,
    double energyMj, double peakMemoryBytes) {
}
