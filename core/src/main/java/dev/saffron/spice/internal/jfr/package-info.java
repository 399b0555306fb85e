/**
 * Saffron's JDK Flight Recorder events, named {@code saffron.*}: images decoded, draws, video frames dropped,
 * channel traffic. A recording that enables them ({@code saffron ... --jfr FILE}, or {@code
 * -XX:StartFlightRecording}, or a {@link jdk.jfr.Recording} an application starts) shows where a session's time
 * goes; with no recording they cost one check of a static flag at each site, and allocate nothing.
 *
 * <p>Sites go through {@link dev.saffron.spice.internal.jfr.SaffronEvents}, which touches no event class until
 * Flight Recorder runs (see there why), then asks {@code isEnabled()} on a shared instance before it makes an
 * event: JFR's usual pattern ({@code new} at every site) relies on the JIT to remove the allocation, which it
 * does not do before the code is compiled, and the issue is exactly the first seconds of a session.
 */
package dev.saffron.spice.internal.jfr;
