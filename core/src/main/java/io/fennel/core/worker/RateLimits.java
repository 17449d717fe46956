package io.fennel.core.worker;

import io.fennel.core.ratelimit.RateLimit;
import io.fennel.core.ratelimit.TokenBucket;
import io.fennel.core.time.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Admits tasks to the pool through a token bucket per task name, as a Celery worker does. Tasks
 * over the limit wait in order, and a timer releases them as tokens come; no thread is held.
 * Buckets are touched only on the scheduler's thread.
 */
final class RateLimits {
  private final WorkerDependencies deps;
  private final Scheduler scheduler;
  private final Consumer<TaskRequest> submit;
  private final Map<String, RateLimit> limits = new ConcurrentHashMap<>();
  private final Map<String, TokenBucket> buckets = new HashMap<>();
  private final Map<String, ArrayDeque<TaskRequest>> waiting = new HashMap<>();

  private final RateLimit fallback;

  RateLimits(WorkerDependencies deps, Consumer<TaskRequest> submit) {
    this.deps = deps;
    String d = deps.config().taskDefaultRateLimit();
    this.fallback = d == null ? RateLimit.NONE : RateLimit.parse("task_default_rate_limit", d);
    this.scheduler = deps.scheduler();
    this.submit = submit;
  }

  RateLimit get(String name) {
    RateLimit r = limits.get(name);
    if (r != null) {
      return r;
    }
    var def = deps.registry().find(name);
    if (def.isPresent() && def.get().options().rateLimit() != null) {
      return def.get().options().rateLimit();
    }
    return fallback;
  }

  void set(String name, RateLimit rate) {
    limits.put(name, rate);
    scheduler.execute(() -> {
      TokenBucket b = buckets.get(name);
      if (b != null) {
        b.setRate(rate);
      }
      drain(name);
    });
  }

  void admit(TaskRequest r) {
    if (!get(r.name()).limited() && !waiting.containsKey(r.name())) {
      submit.accept(r);
      return;
    }
    scheduler.execute(() -> {
      waiting.computeIfAbsent(r.name(), k -> new ArrayDeque<>()).add(r);
      drain(r.name());
    });
  }

  /** Releases waiting tasks while tokens last; then sets a timer for the next token. */
  private void drain(String name) {
    ArrayDeque<TaskRequest> q = waiting.get(name);
    if (q == null) {
      return;
    }
    TokenBucket bucket =
        buckets.computeIfAbsent(name, k -> new TokenBucket(get(k), scheduler::nanoTime));
    while (!q.isEmpty() && bucket.tryTake()) {
      submit.accept(q.poll());
    }
    if (q.isEmpty()) {
      waiting.remove(name);
      return;
    }
    scheduler.schedule(() -> drain(name), Duration.ofNanos(bucket.nanosUntilNextToken()));
  }
}
