package io.fennel.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fennel's worker fields travel as one record: written after Celery's fields and before {@code
 * timestamp}, read back as the same record, and absent from a Celery worker's events.
 */
class FennelWorkerInfoTest {
  private static final EventFields FIELDS = EventFields.of("w1@vm", 0, 42, 7, 1795503047.5);

  @Test
  void aHeartbeatWithFennelFieldsWritesThemInTheirPlaceAndReadsThemBack() {
    FennelWorkerInfo info = new FennelWorkerInfo(List.of("slow", "celery"), "threads", 4);
    WorkerHeartbeat hb =
        new WorkerHeartbeat(
            FIELDS,
            2.0,
            1,
            10,
            List.of(0.5, 0.25, 0.0),
            "fennel",
            "0.1.0",
            "Linux",
            info.toExtra());

    String json = new String(EventCodec.encode(hb), StandardCharsets.UTF_8);
    assertThat(json)
        .contains(
            "\"sw_sys\": \"Linux\", \"queues\": [\"celery\", \"slow\"], \"pool\": \"threads\","
                + " \"concurrency\": 4, \"timestamp\": 1795503047.5");
    WorkerEvent back =
        (WorkerEvent) EventCodec.decode(json.getBytes(StandardCharsets.UTF_8)).get(0);
    assertThat(back.fennelInfo())
        .contains(new FennelWorkerInfo(List.of("celery", "slow"), "threads", 4));
  }

  @Test
  void aCeleryWorkersEventHasNoFennelFields() {
    WorkerOnline online =
        new WorkerOnline(FIELDS, 2.0, 0, 0, List.of(0.0, 0.0, 0.0), "py-celery", "5.2.6", "Linux");
    assertThat(online.fennelInfo()).isEmpty();
  }
}
