package com.devsecopsmetrics.http;

import com.devsecopsmetrics.config.DsmConfig;
import com.devsecopsmetrics.events.Severity;
import com.devsecopsmetrics.events.Tier;
import com.devsecopsmetrics.ingest.ContractJson;
import com.devsecopsmetrics.ingest.DeadLetters;
import com.devsecopsmetrics.ledger.ScopeAssignment;
import com.devsecopsmetrics.metrics.DayFigures;
import com.devsecopsmetrics.metrics.coverage.ServiceView;
import com.devsecopsmetrics.metrics.coverage.Snapshot;
import com.devsecopsmetrics.metrics.debt.DebtFlowMetrics;
import com.devsecopsmetrics.metrics.debt.RiskWeights;
import com.devsecopsmetrics.metrics.delivery.DeliveryMetrics;
import com.devsecopsmetrics.prometheus.PrometheusEndpoint;
import com.devsecopsmetrics.prometheus.ScopeHeadlines;
import com.devsecopsmetrics.query.AlertQueries;
import com.devsecopsmetrics.query.ApiError;
import com.devsecopsmetrics.query.CatalogueQueries;
import com.devsecopsmetrics.query.DefectClassIntake;
import com.devsecopsmetrics.query.FigureQueries;
import com.devsecopsmetrics.query.InstanceRouter;
import com.devsecopsmetrics.query.PartitionReaders;
import com.devsecopsmetrics.query.Period;
import com.devsecopsmetrics.query.Scope;
import com.devsecopsmetrics.query.SnapshotQueries;
import com.devsecopsmetrics.query.StreamsHealth;
import com.devsecopsmetrics.query.TimeSeries;
import com.devsecopsmetrics.report.MonthlyReport;
import com.devsecopsmetrics.report.ReportMarkdown;
import com.devsecopsmetrics.report.ReportQueries;
import com.devsecopsmetrics.report.SampleSizes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API of DESIGN §5 on Javalin. Handlers only parse, route and render; the answers come from the
 * state stores through IQv2. Every error is a JSON body with a status, never a stack trace.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RestServer.class);

    private final KafkaStreams streams;
    private final int port;
    private final HttpSecurity security;
    private final TeamVisibility visibility;
    private final CatalogueQueries catalogue;
    private final FigureQueries figures;
    private final InstanceRouter router;
    private final SnapshotQueries snapshots;
    /** Threads that read this instance's partitions of an org-wide answer side by side. */
    private final PartitionReaders readers = PartitionReaders.perCore();
    private final RiskWeights riskWeights;
    private final Map<Severity, Integer> slaDays;
    private final Map<Tier, Integer> coverageWeights;
    /** Every route this server answers, as "METHOD path", for {@code GET /api/v1}. */
    private final Set<String> endpoints = new ConcurrentSkipListSet<>();
    private final AlertQueries alerts;
    private final ReportQueries reports;
    /** {@code report.min.sample}, which the metrics answer passes on so the dashboard marks thin figures as the report does. */
    private final int minSample;
    private final PrometheusEndpoint prometheus;
    /** "Today" for the as-of dates and months a query may name. */
    private final Clock clock = Clock.systemUTC();
    private Javalin app;

    public RestServer(KafkaStreams streams, DsmConfig config) {
        this.streams = streams;
        this.port = config.getInt(DsmConfig.REST_PORT);
        this.security = HttpSecurity.of(config);
        this.router = new InstanceRouter(streams, HostInfo.buildFromEndpoint(config.applicationServer()),
                config.getInt(DsmConfig.TOPIC_PARTITIONS), security.tls(), security.internalToken());
        this.catalogue = new CatalogueQueries(streams, router);
        this.visibility = new TeamVisibility(catalogue);
        this.riskWeights = config.riskWeights();
        this.slaDays = config.slaDays();
        this.coverageWeights = config.coverageWeights();
        this.figures = new FigureQueries(streams, router, riskWeights);
        this.snapshots = new SnapshotQueries(streams, router, readers, config.getInt(DsmConfig.LOOKBACK_DAYS), riskWeights);
        this.alerts = new AlertQueries(streams, router);
        this.minSample = config.getInt(DsmConfig.REPORT_MIN_SAMPLE);
        this.reports = new ReportQueries(figures, snapshots, coverageWeights, slaDays, minSample);
        this.prometheus = new PrometheusEndpoint(streams, new ScopeHeadlines(
                figures, snapshots, slaDays, coverageWeights, clock), alerts, clock);
    }

    public RestServer start() {
        app = Javalin.create(this::configure);
        if (security.tls().isPresent()) {
            app.start();
        } else {
            app.start(security.bind().host(), port);
        }
        log.info("REST API listening on {}://{}:{}", security.tls().isPresent() ? "https" : "http", security.bind().host(), app.port());
        return this;
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        security.tls().ifPresent(tls -> config.jetty.addConnector((server, http) -> tls.connector(server, http, security.bind().host(), port)));
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages(security.guard().headers())));
        config.routes.before(security.guard()::before);
        config.routes.after(AuditTrail::record);
        // Static assets come from the jar; nothing is fetched from the internet at run time.
        config.staticFiles.add("/public", io.javalin.http.staticfiles.Location.CLASSPATH);
        config.staticFiles.enableWebjars();
        // Recorded before any route is added, so the dashboard can ask which optional APIs this build serves.
        config.events.handlerAdded(meta -> {
            if (!meta.getPath().startsWith("/internal") && !DashboardPages.paths().contains(meta.getPath())) {
                endpoints.add(meta.getHttpMethod() + " " + meta.getPath());
            }
        });
        DashboardPages.addTo(config);
        config.routes.get("/api/v1", this::endpointIndex);
        for (StreamsHealth probe : StreamsHealth.values()) {
            config.routes.get(probe.path(), ctx -> health(ctx, probe));
        }
        config.routes.get("/api/v1/services", ctx -> json(ctx, CatalogueQueries.listBody(
                visibility.services(RequestGuard.caller(ctx), catalogue.all()))));
        config.routes.get(CatalogueQueries.INTERNAL_PATH, ctx -> json(ctx, catalogue.localSharesBody(
                router.partitionsParameter(ctx.queryParam("partitions")), "true".equals(ctx.queryParam("standby")))));
        config.routes.get(CatalogueQueries.INTERNAL_PATH + "/{id}", ctx -> json(ctx, catalogue.local(ctx.pathParam("id"),
                        ctx.queryParam("partitions"), "true".equals(ctx.queryParam("standby")))
                .orElseThrow(() -> ApiError.notFound("unknown service '" + ctx.pathParam("id") + "'"))));
        config.routes.get(AlertQueries.INTERNAL_PATH, ctx -> json(ctx,
                AlertQueries.body(alerts.local(ctx.queryParam("partitions"), "true".equals(ctx.queryParam("standby"))), null, null)));
        config.routes.get("/api/v1/services/{id}", this::service);
        config.routes.get("/api/v1/metrics", this::metrics);
        config.routes.get("/api/v1/timeseries", this::timeseries);
        config.routes.get("/api/v1/snapshot", this::snapshot);
        config.routes.get(SnapshotQueries.INTERNAL_PATH, ctx -> json(ctx, ContractJson.mapper().writeValueAsString(
                snapshots.local(Scope.parse(ctx.queryParam("scope")), Period.date("date", ctx.queryParam("date")),
                        router.partitionsParameter(ctx.queryParam("partitions")), "true".equals(ctx.queryParam("standby"))))));
        config.routes.get(FigureQueries.INTERNAL_PATH, this::internalFigures);
        config.routes.get(AlertQueries.PATH, this::alerts);
        config.routes.get("/api/v1/report", this::report);
        config.routes.get("/metrics", ctx -> ctx.contentType(PrometheusEndpoint.CONTENT_TYPE)
                .result(prometheus.scrape()));
        config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected error answering {}", ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        config.routes.error(404, "*", ctx -> {
            if (!"application/json".equals(ctx.res().getContentType())) {
                error(ctx, 404, "no such endpoint: " + ctx.path());
            }
        });
    }

    private void health(Context ctx, StreamsHealth probe) {
        KafkaStreams.State state = streams.state();
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("status", probe.isUp(state) ? "UP" : "DOWN");
        body.put("streams_state", state.name());
        if (probe == StreamsHealth.HEALTH) {
            body.set("dead_letters", ContractJson.mapper().valueToTree(DeadLetters.counts()));
        }
        ctx.status(probe.status(state));
        json(ctx, body);
    }

    private void metrics(Context ctx) {
        Scope scope = Scope.parse(ctx.queryParam("scope"));
        Period period = Period.parse(ctx.queryParam("from"), ctx.queryParam("to"));
        requireKnownTeam(scope);
        visibility.requireReadable(RequestGuard.caller(ctx), scope);
        var total = figures.total(scope, period)
                .orElseThrow(() -> ApiError.notFound("unknown scope '" + scope + "': no such service"));
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("scope", scope.toString());
        body.put("from", period.from().toString());
        body.put("to", period.to().toString());
        body.set("dora", ContractJson.mapper().valueToTree(DeliveryMetrics.dora(total, period.days())));
        body.set("security", ContractJson.mapper().valueToTree(DeliveryMetrics.security(total)));
        body.set("debt_flow", debtFlow(total));
        body.set("samples", ContractJson.mapper().valueToTree(SampleSizes.of(total)));
        body.put("min_sample", minSample);
        json(ctx, body); // figures of one scope, already checked: nothing in them names a service
    }

    private void timeseries(Context ctx) {
        Scope scope = Scope.parse(ctx.queryParam("scope"));
        Period period = Period.parse(ctx.queryParam("from"), ctx.queryParam("to"));
        TimeSeries.Step step = TimeSeries.parseStep(ctx.queryParam("step"));
        String metric = ctx.queryParam("metric");
        if (metric == null || metric.isBlank()) {
            throw ApiError.badRequest("missing 'metric'; one of " + String.join(", ", TimeSeries.metrics()));
        }
        requireKnownTeam(scope);
        visibility.requireReadable(RequestGuard.caller(ctx), scope);
        if (scope.kind() == Scope.Kind.SERVICE && figures.total(scope, period).isEmpty()) {
            throw ApiError.notFound("unknown scope '" + scope + "': no such service");
        }
        var points = TimeSeries.of(metric, period, step,
                bucket -> figures.total(scope, bucket).orElseGet(DayFigures::new),
                day -> {
                    var answer = snapshots.query(scope, day);
                    return TimeSeries.snapshotValue(metric, Snapshot.coverage(answer.services(), coverageWeights),
                            Snapshot.debt(answer.debt(), day, slaDays));
                });
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("scope", scope.toString());
        body.put("metric", metric);
        body.put("step", step.name().toLowerCase());
        var array = body.putArray("points");
        for (TimeSeries.Point p : points) {
            ObjectNode point = array.addObject();
            point.put("from", p.from().toString());
            point.put("to", p.to().toString());
            point.set("value", ContractJson.mapper().valueToTree(p.value()));
        }
        json(ctx, body);
    }

    private void snapshot(Context ctx) throws JsonProcessingException {
        Scope scope = Scope.parse(ctx.queryParam("scope"));
        LocalDate date = Period.asOf("date", ctx.queryParam("date"), clock);
        requireKnownTeam(scope);
        visibility.requireReadable(RequestGuard.caller(ctx), scope);
        var answer = snapshots.query(scope, date);
        if (scope.kind() == Scope.Kind.SERVICE && answer.services().isEmpty()) {
            throw ApiError.notFound("unknown scope '" + scope + "': no such service");
        }
        json(ctx, new SnapshotBody(scope.toString(), date.toString(), Snapshot.coverage(answer.services(), coverageWeights),
                Snapshot.debt(answer.debt(), date, slaDays)).render(RequestGuard.caller(ctx), visibility));
    }

    /** The catalogue entry plus the service's last 28 days of delivery and overlay figures, up to today or {@code date}. */
    private void service(Context ctx) {
        String id = ctx.pathParam("id");
        visibility.requireReadable(RequestGuard.caller(ctx), new Scope(Scope.Kind.SERVICE, id));
        String asOf = ctx.queryParam("date");
        LocalDate today = asOf == null ? LocalDate.now(clock) : Period.asOf("date", asOf, clock);
        var entry = catalogue.get(id);
        Period last28 = new Period(today.minusDays(27), today.plusDays(1));
        var recent = figures.total(new Scope(Scope.Kind.SERVICE, id), last28);
        if (entry.isEmpty() && recent.isEmpty()) {
            throw ApiError.notFound("unknown service '" + id + "'");
        }
        ObjectNode body = entry.map(e -> (ObjectNode) e.deepCopy()).orElseGet(() -> {
            ObjectNode uncatalogued = ContractJson.mapper().createObjectNode();
            uncatalogued.put("service_id", id);
            uncatalogued.put("team", ScopeAssignment.UNASSIGNED_TEAM);
            uncatalogued.put("tier", "TIER_3");
            uncatalogued.put("catalogued", false);
            return uncatalogued;
        });
        ObjectNode last = body.putObject("last_28_days");
        last.put("from", last28.from().toString());
        last.put("to", last28.to().toString());
        var f = recent.orElseGet(DayFigures::new);
        last.set("dora", ContractJson.mapper().valueToTree(DeliveryMetrics.dora(f, last28.days())));
        last.set("security", ContractJson.mapper().valueToTree(DeliveryMetrics.security(f)));
        last.set("debt_flow", debtFlow(f));
        var current = snapshots.query(new Scope(Scope.Kind.SERVICE, id), today);
        current.services().stream().findFirst().ifPresent(s -> {
            ObjectNode view = ContractJson.mapper().valueToTree(
                    ServiceView.of(s, current.openFindings(), today, riskWeights));
            view.put("findings_past_sla", current.openFindings().stream()
                    .filter(o -> Snapshot.isPastSla(o.ageDays(), o.severity(), slaDays)).count());
            view.set("sla_days", ContractJson.mapper().valueToTree(slaDays));
            body.set("current", view);
        });
        json(ctx, body);
    }

    /** The debt_flow group plus the intake behind its top defect classes. */
    private static ObjectNode debtFlow(DayFigures f) {
        ObjectNode group = ContractJson.mapper().valueToTree(DebtFlowMetrics.of(f));
        group.set("top_defect_class_intake", ContractJson.mapper().valueToTree(DefectClassIntake.topFive(f)));
        return group;
    }

    private void endpointIndex(Context ctx) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        endpoints.forEach(body.putArray("endpoints")::add);
        json(ctx, body);
    }

    private void alerts(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !status.equals("OPEN") && !status.equals("CLEARED")) {
            throw ApiError.badRequest("malformed status '" + status + "': use OPEN or CLEARED");
        }
        String scope = ctx.queryParam("scope");
        Scope wanted = scope == null ? null : Scope.parse(scope);
        if (wanted != null) {
            visibility.requireReadable(RequestGuard.caller(ctx), wanted);
        }
        json(ctx, visibility.redact(RequestGuard.caller(ctx), AlertQueries.body(alerts.all(), status,
                wanted == null ? null : wanted.toString())));
    }

    private void report(Context ctx) {
        var month = Period.month("month", ctx.queryParam("month"), clock);
        String format = ctx.queryParam("format");
        if (format != null && !format.equals("json") && !format.equals("md")) {
            throw ApiError.badRequest("malformed format '" + format + "': use json or md");
        }
        var caller = RequestGuard.caller(ctx);
        Scope scope = reportScope(ctx.queryParam("scope"));
        requireKnownTeam(scope);
        visibility.requireReadable(caller, scope);
        var inputs = reports.inputs(month, scope);
        var own = caller.seesEveryTeam() ? Set.<String>of() : visibility.ownServices(caller);
        if (!caller.seesEveryTeam()) {
            inputs = inputs.onlyScopes(s -> visibility.mayRead(caller, s, own));
        }
        var report = MonthlyReport.of(inputs);
        if (scope.kind() == Scope.Kind.TEAM) {
            report = report.withOrganisation(reports.organisationManager(month));
        }
        if ("md".equals(format)) {
            ctx.contentType("text/markdown; charset=utf-8").result(ReportMarkdown.render(report));
        } else {
            json(ctx, visibility.redact(caller, ContractJson.mapper().valueToTree(report), own));
        }
    }

    /** The report's scope: {@code org} (the default) or {@code team:NAME}; other kinds have no report. */
    private static Scope reportScope(String text) {
        Scope scope = Scope.parse(text == null ? "org" : text);
        if (scope.kind() != Scope.Kind.ORG && scope.kind() != Scope.Kind.TEAM) {
            throw ApiError.badRequest("unsupported report scope '" + text + "': use org or team:NAME");
        }
        return scope;
    }

    /** A team is known when a catalogue entry names it; services without an entry are in team unassigned. */
    private void requireKnownTeam(Scope scope) {
        if (scope.kind() != Scope.Kind.TEAM || scope.value().equals(ScopeAssignment.UNASSIGNED_TEAM)) {
            return;
        }
        boolean known = catalogue.all().stream().anyMatch(s -> scope.value().equals(s.path("team").asText()));
        if (!known) {
            throw ApiError.notFound("unknown scope '" + scope + "': no service in the catalogue has team '" + scope.value() + "'");
        }
    }

    /**
     * What another instance asks this one: its own share of a scope's figures, never forwarded again; for the
     * partitions named (all when none are), from standby copies too with {@code standby=true}.
     */
    private void internalFigures(Context ctx) {
        Scope scope = Scope.parse(ctx.queryParam("scope"));
        Period period = Period.parse(ctx.queryParam("from"), ctx.queryParam("to"));
        boolean standby = "true".equals(ctx.queryParam("standby"));
        String named = ctx.queryParam("partitions");
        if (scope.kind() == Scope.Kind.SERVICE) {
            // One partition holds a service: an older caller names none, and gets whatever this instance holds.
            Integer partition = named == null ? null : router.partitionsParameter(named).iterator().next();
            var total = figures.localService(scope.value(), period, partition, standby)
                    .orElseThrow(() -> ApiError.notFound("unknown service '" + scope.value() + "'"));
            json(ctx, FigureQueries.encode(Map.of(partition == null ? 0 : partition, total)));
        } else {
            json(ctx, FigureQueries.encode(figures.localRollup(scope, period, standby, router.partitionsParameter(named))));
        }
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(body.toString());
    }

    static void error(Context ctx, int status, String message) {
        ObjectNode body = ContractJson.mapper().createObjectNode();
        body.put("error", message);
        body.put("status", status);
        ctx.status(HttpStatus.forStatus(status));
        json(ctx, body);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
        prometheus.close();
        readers.close();
    }
}
