package io.fennel.monitor.http;

import io.fennel.core.Fennel;
import io.fennel.monitor.metrics.MonitorMetrics;
import io.fennel.monitor.queues.QueueDepths;
import io.fennel.monitor.sse.SseHub;
import io.fennel.monitor.state.ClusterState;
import java.util.function.Supplier;

/**
 * What the HTTP layer serves from: the cluster state, queue depths, metrics, the event stream hub,
 * the worker commands and the app that sends tasks.
 *
 * @param state the cluster state
 * @param queues queue depths
 * @param metrics Prometheus metrics
 * @param hub the SSE hub
 * @param commands remote control of workers
 * @param app the Fennel app used to send tasks ({@code async-apply}), opened on first use
 * @param history where history is kept, or null when only in memory
 * @param loopback whether the console listens on a loopback address only
 */
public record ConsoleServices(
    ClusterState state,
    QueueDepths queues,
    MonitorMetrics metrics,
    SseHub hub,
    WorkerCommands commands,
    Supplier<Fennel> app,
    String history,
    boolean loopback) {}
