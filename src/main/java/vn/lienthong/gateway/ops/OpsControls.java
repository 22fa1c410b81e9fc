package vn.lienthong.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.platform.Heartbeats;
import vn.lienthong.gateway.platform.UpstreamCircuits;
import vn.lienthong.gateway.platform.Wiring;

/**
 * What an operator controls while the gateway runs (docs/console.md): upstream pause/resume and circuit reset,
 * the Quartz schedules (last and next run, lag, run now) and the log levels. Uses Camel's and Quartz's own controls,
 * so no flow needs a hook; the console API (OpsApi) checks roles and records the actions.
 */
@Wiring
public final class OpsControls {

    private static final Pattern LOGGER = Pattern.compile("ROOT|[A-Za-z][A-Za-z0-9_$]*(\\.[A-Za-z0-9_$]+)*");
    /** Loggers listed even when nobody set them. */
    private static final List<String> MAIN_LOGGERS = List.of("ROOT", "vn.lienthong.gateway", "org.apache.camel",
            "org.apache.activemq");

    private final Supplier<CamelContext> camel;
    private final UpstreamCircuits circuits;
    private final Supplier<? extends java.util.Collection<String>> declaredUpstreams;
    private final Heartbeats heartbeats;
    private final Clock clock;

    public OpsControls(Supplier<CamelContext> camel, UpstreamCircuits circuits,
                       Supplier<? extends java.util.Collection<String>> declaredUpstreams, Heartbeats heartbeats, Clock clock) {
        this.camel = camel;
        this.circuits = circuits;
        this.declaredUpstreams = declaredUpstreams;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    // ---- upstreams ----

    public List<String> upstreamNames() {
        TreeSet<String> names = new TreeSet<>(declaredUpstreams.get());
        names.addAll(circuits.states().keySet());
        return List.copyOf(names);
    }

    public boolean knownUpstream(String name) {
        return name != null && upstreamNames().contains(name);
    }

    /** Per upstream: circuit state, paused, and calls of the last {@code minutes} (success rate, mean latency). */
    public List<Map<String, Object>> upstreams(int minutes) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : upstreamNames()) {
            List<UpstreamCircuits.Minute> calls = circuits.calls(name, minutes);
            long ok = calls.stream().mapToLong(UpstreamCircuits.Minute::ok).sum();
            long failed = calls.stream().mapToLong(UpstreamCircuits.Minute::failed).sum();
            long timed = calls.stream().mapToLong(UpstreamCircuits.Minute::timedCalls).sum();
            long millis = calls.stream().mapToLong(UpstreamCircuits.Minute::totalMillis).sum();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("state", circuits.state(name));
            row.put("paused", circuits.paused(name));
            row.put("ok", ok);
            row.put("failed", failed);
            row.put("successRate", ok + failed == 0 ? null : (double) ok / (ok + failed));
            row.put("meanLatencyMs", timed == 0 ? null : millis / timed);
            row.put("calls", calls);
            out.add(row);
        }
        return out;
    }

    public void pause(String upstream) {
        circuits.pause(upstream);
    }

    public void resume(String upstream) {
        circuits.resume(upstream);
    }

    public void reset(String upstream) {
        circuits.reset(upstream);
    }

    // ---- schedules ----

    /** Every route started by a Quartz trigger: cron, route status, previous and next fire time, lag. */
    public List<Map<String, Object>> schedules() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        Instant now = clock.instant();
        Map<String, Instant> beats = heartbeats.all();
        for (Route route : camel.get().getRoutes()) {
            if (!(route.getEndpoint() instanceof QuartzEndpoint q)) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("routeId", route.getRouteId());
            row.put("trigger", q.getTriggerKey() == null ? null : q.getTriggerKey().getGroup() + "/" + q.getTriggerKey().getName());
            row.put("cron", q.getCron());
            row.put("status", camel.get().getRouteController().getRouteStatus(route.getRouteId()).name());
            Trigger t = trigger(q);
            Instant previous = t == null || t.getPreviousFireTime() == null ? null : t.getPreviousFireTime().toInstant();
            // a run fired by "run now" is not the cron trigger's: the route's last finished exchange counts too
            Instant finished = lastFinished(route.getRouteId());
            if (finished != null && (previous == null || finished.isAfter(previous))) {
                previous = finished;
            }
            Instant next = t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant();
            row.put("previousRun", previous);
            row.put("nextRun", next);
            // late when the next run should already have happened (a stuck job, a node without the trigger)
            row.put("lagSeconds", next == null ? 0 : Math.max(0, Duration.between(next, now).toSeconds()));
            String job = q.getTriggerKey() == null ? null : q.getTriggerKey().getName();
            row.put("lastSuccess", job == null ? null : beats.get(job));
            out.add(row);
        }
        out.sort((a, b) -> String.valueOf(a.get("routeId")).compareTo(String.valueOf(b.get("routeId"))));
        return out;
    }

    /** Fires the schedule's job once now (clustered Quartz: on one node). False when no such schedule runs. */
    public boolean runNow(String routeId) throws Exception {
        Route route = routeId == null ? null : camel.get().getRoute(routeId);
        if (route == null || !(route.getEndpoint() instanceof QuartzEndpoint q)) {
            return false;
        }
        Trigger t = trigger(q);
        if (t == null) {
            return false;
        }
        q.getComponent().getScheduler().triggerJob(t.getJobKey());
        return true;
    }

    private Instant lastFinished(String routeId) {
        ManagedCamelContext managed = camel.get().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        ManagedRouteMBean route = managed == null ? null : managed.getManagedRoute(routeId);
        if (route == null) {
            return null;
        }
        java.util.Date completed = route.getLastExchangeCompletedTimestamp();
        java.util.Date failed = route.getLastExchangeFailureTimestamp();
        java.util.Date last = completed == null ? failed : failed == null || completed.after(failed) ? completed : failed;
        return last == null ? null : last.toInstant();
    }

    private static Trigger trigger(QuartzEndpoint q) throws Exception {
        Scheduler s = q.getComponent().getScheduler();
        return s == null || q.getTriggerKey() == null ? null : s.getTrigger(q.getTriggerKey());
    }

    // ---- log levels ----

    public Map<String, String> logLevels() {
        Map<String, String> out = new LinkedHashMap<>();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        MAIN_LOGGERS.forEach(n -> out.put(n, ctx.getLogger(n).getEffectiveLevel().toString()));
        ctx.getLoggerList().stream().filter(l -> l.getLevel() != null)
                .forEach(l -> out.put(l.getName(), l.getLevel().toString()));
        return out;
    }

    /** @return the level before, or empty when the name or level is not acceptable */
    public Optional<String> setLogLevel(String logger, String level) {
        if (logger == null || !LOGGER.matcher(logger).matches() || level == null
                || !List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(level.toUpperCase())) {
            return Optional.empty();
        }
        ch.qos.logback.classic.Logger l = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(logger);
        String before = l.getEffectiveLevel().toString();
        l.setLevel(Level.toLevel(level.toUpperCase()));
        return Optional.of(before);
    }
}
