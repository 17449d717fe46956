package io.fennel.agent.internal.mailbox;

import io.fennel.core.config.FennelConfig;
import io.fennel.core.ratelimit.RateLimit;
import io.fennel.core.runtime.FennelThreads;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.TaskRequest;
import io.fennel.core.worker.Worker;
import io.fennel.protocol.control.Signal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Everything the pidbox's commands ask of the worker, and the only place in the mailbox that calls
 * it: what it changes (revoke, limits, pool, consumers, shutdown) and what it reports (the tasks it
 * holds, its counters and set-up).
 */
final class WorkerPort {
  private final Worker worker;

  WorkerPort(Worker worker) {
    this.worker = worker;
  }

  String node() {
    return worker.hostname();
  }

  // -- what commands change

  /** Revokes; with {@code terminate} stops running ones; returns the ids stopped. */
  List<String> revoke(Collection<String> ids, boolean terminate, Signal signal) {
    return worker.control().revoke(ids, terminate, signal.wireName());
  }

  boolean knowsTask(String task) {
    return worker.registry().find(task).isPresent();
  }

  /** Sets a rate limit; throws with the reason when the rate does not parse. */
  void setRateLimit(String task, String rate) {
    worker.control().setRateLimit(task, rate);
  }

  /** Sets time limits; throws IllegalArgumentException with the reason when they do not fit. */
  void setTimeLimit(String task, Double soft, Double hard) {
    worker.control().setTimeLimit(task, soft, hard);
  }

  void poolGrow(int n) {
    worker.control().poolGrow(n);
  }

  void poolShrink(int n) {
    worker.control().poolShrink(n);
  }

  int poolSize() {
    return worker.control().poolSize();
  }

  /** Sets the autoscale bounds (or the size of a fixed pool); returns the pool size now. */
  int autoscale(int max, int min) {
    return worker.control().autoscale(max, min);
  }

  /** Restarts the pool's threads, or its child JVMs for a process pool. */
  void poolRestart() {
    worker.control().poolRestart();
  }

  /** Starts consuming a queue; false if it already was. */
  boolean addConsumer(String queue) {
    return worker.control().addConsumer(queue);
  }

  void cancelConsumer(String queue) {
    worker.control().cancelConsumer(queue);
  }

  /** Starts a warm shutdown on its own thread, so the pidbox's consumer is not the one waiting. */
  void shutdownSoon() {
    FennelThreads.start("agent-shutdown", worker.hostname(), worker::shutdown);
  }

  // -- what queries report

  List<TaskRequest> active() {
    return worker.control().active();
  }

  List<TaskRequest> reserved() {
    return worker.control().reserved();
  }

  List<TaskRequest> scheduled() {
    return worker.control().scheduled();
  }

  List<String> revokedIds() {
    return worker.control().revokedIds();
  }

  List<String> taskNames() {
    return worker.registry().names().stream().sorted().toList();
  }

  RateLimit rateLimit(String task) {
    return worker.control().rateLimit(task);
  }

  /** {@code [soft, hard]} set at runtime, nulls for none. */
  Double[] timeLimit(String task) {
    return worker.control().timeLimit(task);
  }

  Map<String, Long> processedByName() {
    return worker.control().processedByName();
  }

  Instant startedAt() {
    return worker.startedAt();
  }

  PoolType poolType() {
    return worker.control().poolType();
  }

  int prefetch() {
    return worker.options().prefetch();
  }

  FennelConfig config() {
    return worker.config();
  }

  String brokerUrl() {
    return worker.broker().url();
  }

  List<String> queues() {
    return worker.control().queues();
  }

  long abandonedThreads() {
    return worker.control().abandonedThreads();
  }

  long replacedThreads() {
    return worker.control().replacedThreads();
  }

  long memoryRecycles() {
    return worker.control().memoryRecycles();
  }

  /** What a process pool's children did (all zero for other pools). */
  io.fennel.core.worker.ProcessPoolStats processPoolStats() {
    return worker.control().processPoolStats();
  }

  /** The pids of a process pool's children (empty for other pools). */
  List<Long> childPids() {
    return worker.control().childPids();
  }

  /** Resource usage of a process pool's children (zero for other pools). */
  io.fennel.core.worker.Rusage childrenRusage() {
    return worker.control().childrenRusage();
  }
}
