package io.fennel.cli;

import io.fennel.agent.AgentOptions;
import io.fennel.agent.WorkerAgent;
import io.fennel.core.Fennel;
import io.fennel.core.broker.Broker;
import io.fennel.core.broker.Brokers;
import io.fennel.core.result.memory.MemoryBackend;
import io.fennel.core.worker.PoolType;
import io.fennel.core.worker.Worker;
import io.fennel.core.worker.WorkerOptions;
import io.fennel.demo.DemoApp;
import io.fennel.demo.DemoLoad;
import io.fennel.monitor.Monitor;
import io.fennel.monitor.MonitorOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fennel demo}: one process with a broker (in memory unless {@code --broker} says
 * otherwise), a result backend, three demo workers (one on virtual threads), the console, and a
 * load generator sending a mix of the example app's tasks. Ctrl-C stops it cleanly.
 */
@Command(
    name = "demo",
    description =
        "Start the console with an embedded broker, three demo workers and a load generator.",
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
  @ParentCommand FennelCommand root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "5555",
      description = "Console port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = {"-b", "--broker"},
      paramLabel = "URL",
      defaultValue = "memory://fennel-demo",
      description = "Broker for the demo. Default: ${DEFAULT-VALUE} (nothing to install).")
  String broker;

  @Option(
      names = "--result-backend",
      paramLabel = "URL",
      description = "Result backend, e.g. redis://localhost:6379/1. Default: in memory.")
  String resultBackend;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "4",
      description = "Tasks the load generator sends per second. Default: ${DEFAULT-VALUE}.")
  double rate;

  final CountDownLatch stop = new CountDownLatch(1);
  final CountDownLatch ready = new CountDownLatch(1);
  volatile int boundPort = -1;

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("--rate must be a positive number, was " + rate);
    }
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      Broker shared = Brokers.open(broker);
      resources.add(shared);
      Fennel.Builder b = Fennel.builder().broker(shared).hostname("demo");
      b.configure(c -> c.brokerUrl(broker).taskTrackStarted(true).workerPrefetchMultiplier(1));
      if (resultBackend != null && !resultBackend.isBlank()) {
        b.resultBackend(resultBackend);
      } else {
        b.backend(new MemoryBackend("memory://fennel-demo"));
      }
      Fennel app = b.build();
      resources.add(0, app);
      new DemoApp().define(app);
      List<Worker> workers = new ArrayList<>();
      String[][] shapes = {
        {"alpha", "THREADS", "4"}, {"beta", "THREADS", "2"}, {"gamma", "VIRTUAL", "50"}
      };
      for (String[] s : shapes) {
        Worker w =
            app.worker(
                new WorkerOptions(
                    s[0] + "@demo",
                    List.of(app.config().taskDefaultQueue()),
                    PoolType.valueOf(s[1]),
                    Integer.parseInt(s[2]),
                    1,
                    true));
        WorkerAgent agent = WorkerAgent.attach(app, w, AgentOptions.DEFAULTS.withTaskEvents(true));
        w.start();
        workers.add(w);
        resources.add(0, agent);
      }
      Monitor monitor =
          Monitor.start(MonitorOptions.builder().broker(shared).app(app).port(port).build());
      resources.add(0, monitor);
      DemoLoad load = new DemoLoad(app, rate);
      load.start();
      resources.add(0, load);
      boundPort = monitor.port();
      PrintWriter out = spec.commandLine().getOut();
      out.println();
      out.println("Fennel demo: console on http://127.0.0.1:" + boundPort + "/");
      out.println(
          "  broker "
              + io.fennel.core.url.Urls.maskPassword(broker)
              + ", workers alpha@demo (threads x4), beta@demo (threads x2), gamma@demo (virtual"
              + " x50), "
              + rate
              + " tasks/s of every kind. Ctrl-C to stop.");
      out.flush();
      ready.countDown();
      StopOnSignal signals = StopOnSignal.install(stop::countDown);
      try {
        stop.await();
        load.close();
        resources.remove(load);
        for (Worker w : workers) {
          w.shutdownNow();
        }
        for (Worker w : workers) {
          w.awaitStopped(Duration.ofSeconds(10));
        }
        out.println("Fennel demo stopped.");
        out.flush();
      } finally {
        signals.close();
      }
      return 0;
    } finally {
      for (AutoCloseable r : resources) {
        try {
          r.close();
        } catch (Exception e) {
          // closing what is left; nothing more to do
        }
      }
      ready.countDown();
    }
  }
}
